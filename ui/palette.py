"""Every colour the app draws with, declared once by what it means. tests/ui/test_palette.py computes
the WCAG contrast of each pair below (text 4.5:1, graphics 3:1) and checks that no two colours that tell
things apart are read by colour alone where a colour-blind eye confuses them.

Chart pages are white; a colour is checked against white unless its pair says otherwise. A pale fill
(a node, the background of a class) is never the only mark of anything: the dark line or text on it is.
"""

WHITE, BLACK = "#ffffff", "#000000"

# --- text -----------------------------------------------------------------------------------------
INK = "#2F2D2B"  # a chart's title
TEXT = "#262730"  # legend entries, in Streamlit's text colour
MUTED = "#5f6275"  # ticks and axis titles (Streamlit's #808495 was 3.7:1 on white: under 4.5)
LABEL = "#222222"  # a diagram's words and numbers
DARK = "#111111"  # a diagram's names, and a lit caption
FADED_TEXT = "#6b6b6b"  # a caption not lit while something else is (#777777 was 4.48:1)

# --- marks that mean something --------------------------------------------------------------------
BLUE = "#1f5fa8"  # the main line; a positive weight
RED = "#c62828"  # a negative weight; an output's second line
GREY = "#6b6b6b"  # a neutral (zero) weight; a reference line
ORANGE = "#f28e00"  # the highlight's fill (its edge is ORANGE_EDGE: the fill alone is 2.4:1)
ORANGE_EDGE = "#7a4100"  # the highlight's outline, and a lit edge's
ORANGE_LINE = "#c86400"  # orange as a line or a point (the bright orange is too light on white)
TEAL = "#2a9d8f"
GREEN = "#2ca02c"
PURPLE = "#7b3fa0"
VIOLET = "#9467bd"
BROWN = "#8c564b"
PINK = "#c04d9a"  # was #e377c2 (2.7:1)
OLIVE = "#8f8f1a"  # was #bcbd22 (2.0:1)
CYAN = "#108a99"  # was #17becf (2.3:1)
MAGENTA = "#e4007c"  # the gradient's arrows: they show on light and dark contours
CRIMSON = "#d62728"  # the step downhill, the tangent, "now"
DEEP_MAGENTA = "#c2007a"  # full training's projected path on the loss surface
SLATE = "#4e79a7"
SAGE = "#59a14f"
UMBER = "#9c755f"
MAUVE = "#b07aa1"
VERMILION = "#D55E00"  # Okabe-Ito: the stochastic run
SEA = "#0072B2"  # Okabe-Ito: the mini-batch run
CLASS_0, CLASS_1 = "#c86400", "#2b83c6"  # the two classes' points (Okabe-Ito's orange and sky, darkened)
RIGHT, WRONG = "#21a366", "#b8621b"  # a class's answers (their bars also differ in pattern and ✓)

# --- structure and fills (never the only mark of anything) ----------------------------------------
GRID = "#e6eaf1"
HOVER_EDGE = "#DCD8D4"
EDGE_LINE = "#333333"  # a node's outline
STEEL = "#9aa8b8"  # the unrolled network's recurrent edges
CONTOUR = "#8c8c8c"  # the paths' contours (light: the paths stay the boldest thing)
PATH_GREY = "#9a9a9a"
DIVIDE = "#555555"  # the decision boundary's dotted line
PALE_BLUE = "#dce8f5"  # an input's fill
PALE_GREY = "#ececec"  # a bias's fill
PALE_RED = "#fde2e0"  # a loss's fill
PALE_ORANGE = "#fbe3b5"  # class 0's side of the boundary
PALE_SKY = "#cfe8f7"  # class 1's side
CASING = "rgba(255,255,255,0.85)"  # under a path on the surface
BOX = "rgba(255,255,255,0.92)"  # behind a diagram's label
CLICK = "rgba(0,0,0,0.06)"  # the Playground's click targets on its edges

# --- lines told apart: a colour and a dash each (the second cue for a colour-blind eye) ------------
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
SERIES = (BLUE, ORANGE_LINE, TEAL, RED, PURPLE, BROWN, PINK, GREY, OLIVE, CYAN)
# the worked example's w1-w4 (dotted), w5-w8 (solid), b1-b2 (dash-dotted): within a dash, colours a
# deuteranope tells apart too
PARAMETERS = (TEAL, VIOLET, VERMILION, BLACK, BLUE, ORANGE_LINE, MAUVE, LABEL, SLATE, OLIVE)
PARAMETER_GROUPS = ((0, 4), (4, 8), (8, 10))
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "cross",
    "x",
    "star",
    "hexagon",
    "pentagon",
    "bowtie",
)


def dash(i: int) -> str:
    """The ``i``-th line's dash: with a series colour, each line of a chart differs in two ways."""
    return DASHES[i % len(DASHES)]


# A diagram's unlit edges and nodes while a step lights its path: faded, yet still 3:1 on white (0.2 was
# 1.3:1, too faint to make out on a projector). What is lit is told by the orange halo and outline.
FADED = 0.75


def over_white(colour: str, alpha: float) -> str:
    """The colour an ``alpha``-opaque ``colour`` shows on white (what the checks below must judge)."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(alpha * c + (1 - alpha) * 255):02x}" for c in channels)


# --- the pairs a test checks: (colour, background, what it is) --------------------------------------
TEXT_PAIRS = (
    (INK, WHITE, "a chart's title"),
    (TEXT, WHITE, "a legend entry"),
    (MUTED, WHITE, "ticks and axis titles"),
    (LABEL, WHITE, "a diagram's label"),
    (DARK, PALE_BLUE, "an input's name on its fill"),
    (DARK, ORANGE, "a lit node's name on the highlight"),
    (DARK, PALE_RED, "a loss's name on its fill"),
    (FADED_TEXT, WHITE, "a caption not lit"),
    (GREY, WHITE, "a neutral weight's label"),
    (BLUE, WHITE, "a positive weight's label"),
    (RED, WHITE, "a negative weight's label"),
)
GRAPHIC_PAIRS = (
    *((c, WHITE, "a series line") for c in SERIES),
    *((c, WHITE, "a parameter's line") for c in PARAMETERS),
    (ORANGE_EDGE, WHITE, "the highlight's outline"),
    (ORANGE_EDGE, ORANGE, "the highlight's outline on its fill"),
    (MAGENTA, WHITE, "the gradient's arrows"),
    (CRIMSON, WHITE, "the step downhill, the tangent, now"),
    (GREEN, WHITE, "a run"),
    (VIOLET, WHITE, "a run"),
    (DEEP_MAGENTA, WHITE, "the projected path"),
    (VERMILION, WHITE, "the stochastic run"),
    (SEA, WHITE, "the mini-batch run"),
    (CLASS_0, WHITE, "class 0's points"),
    (CLASS_1, WHITE, "class 1's points"),
    (CLASS_0, PALE_ORANGE, "class 0's points on its side"),
    (CLASS_1, PALE_SKY, "class 1's points on its side"),
    (RIGHT, WHITE, "a right answer's bar"),
    (WRONG, WHITE, "a wrong answer's bar"),
    (BLUE, WHITE, "a positive weight's edge"),
    (RED, WHITE, "a negative weight's edge"),
    (over_white(BLUE, FADED), WHITE, "an unlit positive weight's edge"),
    (over_white(RED, FADED), WHITE, "an unlit negative weight's edge"),
    (over_white(GREY, FADED), WHITE, "an unlit bias edge"),
    (over_white(EDGE_LINE, FADED), WHITE, "an unlit node's outline"),
)
# Colours that tell two things apart on one chart, and the second cue each such pair also has.
TOLD_APART = (
    (BLUE, RED, "positive and negative weights: a sign in each label; dotted when negative (Playground)"),
    (RIGHT, WRONG, "right and wrong answers: ✓ on the right ones and a hatch on the wrong"),
    (CLASS_0, CLASS_1, "the two classes: circles and squares"),
    (GREEN, ORANGE_LINE, "two runs of lesson 0: a dash and a marker shape each"),
    (TEAL, RED, "two lines of a series: a dash each"),
)
