"""Presenter mode: each step of a lesson as one slide, large, driven from the keyboard.

A toggle in the sidebar, and a URL flag (``?present=1``) so a teacher's link opens in it.
It hides the sidebar and Streamlit's header, enlarges type, formulas and figures for a
projector, and answers → or Space (next) and ← (previous) while focus is not in a text field.
Streamlit has no key-press API: a small script in a zero-height component listens on the
app's own document (``window.parent``, the same origin) and clicks the lesson's buttons.

A slide is laid out for a 1024×768 screen; on a larger one its type, formulas and buttons grow
(the root font size), its figures take the wider columns and grow taller: a tiny component reports the
window's size into session state (once, and again when it changes; a cookie keeps it for the browser's
next page), and ``height`` and ``enlarged`` size the figures from it. A page keeps its one layout and
says what is what through helpers that draw nothing extra when not presenting: ``introduction`` and
``fold`` (the introduction with its Notation link, the settings and whatever else is not the step:
hidden behind one toggle while presenting), ``slide`` (the step's words and formula beside its figure,
or a formula too wide for that above it), ``height`` (a chart's height on a slide) and ``enlarged`` (a
diagram, every size in it grown);
``tools`` draws the toggle and the students' link, at the end of the page's run so the link
holds everything the run wrote into it.
"""

import contextlib
import re
from urllib.parse import urlencode

import streamlit as st
import streamlit.components.v1 as components
import streamlit.components.v2 as components_v2

from ui import figures, notation
from ui.classroom import follow
from ui.latex import breadth
from ui.settings import Flag

HELP = (
    "For a projector: no sidebar, large type, one step at a time; → or Space for Next, ← for Previous. "
    "The link keeps it (present=1)."
)
# Read and named as every setting is; drawn here, its notice under it in one container, so that no field
# of the sidebar moves when one shows (ui/sidebar.py says why that matters).
PRESENT = Flag("present", "Presenter mode", False, HELP)
KEY = PRESENT.key  # session state, and the URL flag
# Never in a students' link: presenter mode, and a class's teacher token (ui/classroom/follow.py)
PRIVATE = (KEY, "teacher", "student")
SEEN = "present_link_seen"
NOTICE = "present_notice"  # a bad link value's warning, shown until the toggle is used
FOLD = "present_fold"  # the toggle that shows what the slides fold away (session state)
TOOLS = "present_tools"
FIGURE = "present_figure"  # a slide's figure
CLEAR = "present_clear"  # a box beside the tools (top right): kept to the left of them
WINDOW = "present_window"  # the browser window's size, as its script last reported it (session state)
COOKIE = "backprop_window"  # the same, kept by the browser for its next session: "1920x1080"
BASE = (1024, 768)  # the screen a slide is laid out for
GROWN = 1.25  # the root font's growth on a large screen (the CSS's media query: 16 px -> 20 px)
LARGE = (1400, 950)  # from this size on (width, height) the root font grows
# Pixels of a 768-px slide that are not its figure (title, step slider, buttons, margins) beside the
# tallest figure (lesson 2's diagram of a hidden weight, 530-550 px): they grow with the root font,
# and the figure takes the rest of a taller window.
CHROME = 218
COUNTER = 48  # pixels at 768 of the teacher's class counter above a slide (ui/classroom/follow.counter)
# A formula wider than this (characters as typeset, ui/latex.py) would shrink to 45 % of its size or less
# in a third of a 1024-px slide, beside a diagram (lesson 2's ∂E/∂w1 is 58: 32 %; ∂E/∂w7 and lesson 1's
# net_o2, 48 and 49: 39 %; ∂E/∂w5, 43: 45 %, its fractions unreadable on a projector; ∂E/∂b1, 41): it goes
# above the figure, full width, and the figure takes the height left (ABOVE: the pixels its heading,
# three lines and a caption take at 768), in two thirds of the width (in all of it, a diagram made
# smaller would stand thin and wide). A formula of more lines than ABOVE holds (lesson 2's folded
# chains: eight) stays beside the figure, shrunk to its column.
WIDE, ABOVE, LINES = 40, 228, 3
# Our own CSS, no visitor's text (H1, the title, in capitals: the lesson's names are spelled only in
# backprop_core/example.py). Sizes are for a 1024×768 projector; on a larger screen every size in rem grows
# with the root font and the figures take the wider columns. (Scaling a figure with CSS zoom or a transform
# does not work: Plotly measures its box scaled and draws that much wider again.)
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 0.6rem 1.2rem 0.5rem; font-size: 1.2rem; }
@media (min-width: 1400px) and (min-height: 950px) {
  html { font-size: 20px; }
  /* a slide of formulas alone (lesson 4's matrices): they take the room a figure would */
  body:not(:has(.st-key-present_figure)) [data-testid="stMain"] .katex-display { font-size: 1.4em; }
}
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.2rem; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.35rem; }
[data-testid="stMain"] H1 { font-size: 1.5rem !important; padding: 0.1rem 33rem 0.2rem 0 !important; }
[data-testid="stMain"] h4 { font-size: 1.45rem; padding: 0.2rem 0; }
/* Streamlit pulls the element after a heading up by 1rem, meant for its 1rem gap; with a slide's
   0.35rem the Playground's Play row ran over its title (a lesson's step slider has room above it), and
   so did a link's warning (a box of notes beside the title): then the title keeps its last line's room */
.st-key-pg_buttons { margin-top: 0.7rem; }
[data-testid="stVerticalBlock"]:has(> [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"]
  > [data-testid="stElementContainer"] > [data-testid="stAlert"]) > [data-testid="stElementContainer"]
  [data-testid="stHeading"]:has(H1) [data-testid="stMarkdownContainer"] { margin-bottom: -0.3rem; }
[data-testid="stMain"] .katex-display { font-size: 1.12em; margin-top: 0.3em; margin-bottom: 0.3em; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] p { font-size: 1.1rem; }
[data-testid="stMain"] [data-testid="stSliderTickBarMin"],
[data-testid="stMain"] [data-testid="stSliderTickBarMax"],
[data-testid="stMain"] [data-testid="stSliderThumbValue"] { font-size: 1.05rem; }
.st-key-present_tools, .st-key-leave_presenter {
  position: fixed; top: 0.4rem; z-index: 1000; width: fit-content !important;
}
.st-key-present_tools :is([data-testid="stLayoutWrapper"], [data-testid="stHorizontalBlock"],
  [data-testid="stElementContainer"]) { width: fit-content !important; }
.st-key-present_tools { right: 6.5rem; } .st-key-leave_presenter { right: 1rem; }
.st-key-present_clear { padding-right: 33rem; } .st-key-present_fold_intro { margin-top: 1.6rem; }
/* the teacher's class counter (ui/classroom/follow.py) above the title: on one line, clear of the tools */
.st-key-class_counter { padding-right: 33rem; } .st-key-class_counter p { font-size: 1rem; }
.st-key-present_tools [data-testid="stHorizontalBlock"] { flex-wrap: nowrap; gap: 0.5rem; }
/* the folds, while their toggle is off (the page's own CSS stays once drawn: the toggle's state decides),
   their wrappers too, and a slide's empty boxes (no notice to show, the keyboard's script): each would
   keep the gap between elements */
body:has(.st-key-present_fold input:not(:checked))
  [data-testid="stLayoutWrapper"]:has(> [class*="st-key-present_fold_"]),
[data-testid="stMain"] [data-testid="stLayoutWrapper"]:has(> [data-testid="stVerticalBlock"]:empty),
[data-testid="stMain"] [data-testid="stElementContainer"]:has(> iframe[data-testid="stIFrame"]),
.st-key-present_window {
  display: none;
}
</style>
"""

FOLD_HELP = "Show the page's introduction, its settings and the rest of it; fold them away for the slides."
LINK_HELP = "The same page, step and settings, without presenter mode: students get the sidebar."

# Clicks the lesson's own buttons, so a key does exactly what a click does (and nothing when the
# button is disabled). One listener at a time: each render replaces the last one's.
KEYS = """
<script>
const SELECTORS = {next: `NEXT_BUTTONS`, prev: `PREVIOUS_BUTTONS`};
const doc = window.parent.document;
if (window.parent.__backpropKeys) doc.removeEventListener("keydown", window.parent.__backpropKeys);
window.parent.__backpropKeys = (event) => {
  const target = event.target;
  // keys that a focused field or control uses itself (a text box, the step slider, a radio group)
  const typing = target.closest && target.closest(
    "input, textarea, select, [contenteditable=true], [role=slider], [role=radiogroup], [role=combobox]");
  if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
  const key = {ArrowRight: "next", " ": "next", ArrowLeft: "prev"}[event.key];
  if (!key) return;
  const buttons = [...doc.querySelectorAll(SELECTORS[key])];  // the first one on screen, else the first
  const onScreen = buttons.find(b => {
    const box = b.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.parent.innerHeight;
  });
  const button = onScreen || buttons[0];
  if (!button) return;
  event.preventDefault();  // Space would scroll the page
  if (!button.disabled) button.click();
};
doc.addEventListener("keydown", window.parent.__backpropKeys);

// A formula wider than its column shrinks until it fits (a slide never scrolls sideways): measured
// again whenever the page draws something new or the window changes size.
const fit = () => {
  for (const formula of doc.querySelectorAll('[data-testid="stMain"] .katex-display')) {
    formula.style.fontSize = "";
    const room = formula.clientWidth, need = formula.scrollWidth;
    if (room > 0 && need > room + 2) {
      const size = parseFloat(window.parent.getComputedStyle(formula).fontSize);
      formula.style.fontSize = Math.max(size * 0.3, Math.floor(size * room / need * 0.97)) + "px";
    }
  }
};
if (window.parent.__backpropFit) window.parent.__backpropFit.disconnect();
doc.fonts.ready.then(() => later());  // KaTeX's fonts change every width once they have loaded
let pending = 0;
const later = () => { cancelAnimationFrame(pending); pending = requestAnimationFrame(fit); };
window.parent.__backpropFit = new MutationObserver(later);
const main = doc.querySelector('[data-testid="stMain"]');
window.parent.__backpropFit.observe(main, {childList: true, subtree: true});
window.parent.addEventListener("resize", later);
later();
</script>
"""


# Reports the window's size when it differs from the one the app knows (``data.known``): on the first
# run only if the window is larger than a slide's layout (a 1024×768 screen never reruns), then when a
# resize settles. It keeps the size in a cookie too, so that the next page opened in this browser (a new
# session) knows it from its first run and does not run twice. Mounted on every run, it replaces its
# listener each time.
MEASURE = """
export default function({ data, setStateValue }) {
  const report = () => {
    const [width, height] = [window.innerWidth, Math.max(window.innerHeight, data.base[1])];
    document.cookie = `${data.cookie}=${width}x${height}; path=/; max-age=31536000; SameSite=Lax`;
    const [knownWidth, knownHeight] = data.known;
    if (Math.abs(height - knownHeight) >= 8 || (height > data.base[1] && Math.abs(width - knownWidth) >= 8))
      setStateValue("size", [width, height]);
  };
  let timer = 0;
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 300); };
  window.addEventListener("resize", later);
  report();
  return () => { window.removeEventListener("resize", later); clearTimeout(timer); };
}
"""
_measure = components_v2.component("backprop_window", js=MEASURE)


def _buttons(keys, inside: str = "button") -> str:
    return ", ".join(f'[data-testid="stMain"] .st-key-{k} {inside}' for k in keys)


def toggle() -> bool:
    """The sidebar's toggle, set once from the link; the URL follows it. Returns whether presenting."""
    ss = st.session_state
    link = st.query_params.get(KEY)
    if link is not None and link != ss.get(SEEN):  # a link's value (not the one this session wrote)
        value = PRESENT.read(link)
        ss[KEY] = PRESENT.default if value is None else value
        if value is None:  # named in the one wording: the visitor's text is never echoed
            ss[NOTICE] = PRESENT.bad()
    # the notice under the toggle, both in one container: every field after them keeps its place
    with st.sidebar, st.container():
        st.toggle(PRESENT.label, key=KEY, on_change=ss.pop, args=(NOTICE, None), help=PRESENT.help)
        if ss.get(NOTICE):
            st.warning(ss[NOTICE], icon="⚠️")
    if ss.get(KEY):
        st.query_params[KEY] = PRESENT.link(True)
    else:
        st.query_params.pop(KEY, None)
    ss[SEEN] = st.query_params.get(KEY)
    return bool(ss.get(KEY))


def presenting() -> bool:
    return bool(st.session_state.get(KEY))


# --- A page's layout while presenting (each draws nothing extra when not presenting) -----------------


class _Here(contextlib.nullcontext):
    """Where the page is drawing already (``with`` it, or call ``.markdown`` and the like on it): what
    the helpers below give when not presenting, so the page is drawn exactly as without them."""

    def __getattr__(self, name):
        return getattr(st, name)


def fold(name: str):
    """What is not the step (introduction, settings, tables, more charts), hidden while presenting until the
    toggle shows it. Its widgets are drawn either way, so they keep their values and the link its keys.
    ``name`` tells a page's folds apart."""
    if not presenting():
        return _Here()
    return st.container(key=f"{FOLD}_{name}")


def introduction(matrices: bool = False):
    """A page's introduction, folded away on a slide: the link to the Notation page drawn in it (with the
    sentence on a matrix's indices on a page that shows matrices); returns the fold for the page's words
    (``with`` it, or call ``.markdown`` on it)."""
    intro = fold("intro")
    with intro:
        notation.link(matrices=matrices)
    return intro


def slide(words: float = 1.0, figure: float = 1.6, formula: str = ""):
    """Two places while presenting: the step's title and formula, and its figure; side by side, or one
    above the other when the step's ``formula`` (its LaTeX) is too wide to sit beside the figure."""
    if not presenting():
        return _Here(), _Here()
    if wide(formula):
        above = st.container()
        return above, st.columns([figure, words])[0].container(key=FIGURE)
    left, right = st.columns([words, figure], gap="medium")
    return left, right.container(key=FIGURE)


def wide(formula: str) -> bool:
    """Whether a slide puts this formula above its figure (decided from the formula alone)."""
    return presenting() and bool(formula) and breadth(formula) > WIDE and formula.count(r"\\") < LINES


def clear():
    """Where a page's first line after its title goes when it is long: clear of the tools on a slide."""
    return st.container(key=CLEAR) if presenting() else _Here()


def side_by_side(count: int, per_row: int = 2) -> list:
    """``count`` places: while presenting, ``per_row`` to a row (several formulas on one slide); else where
    the page is drawing, one under the other."""
    if not presenting() or count < 2:
        return [_Here()] * count
    rows = [st.columns(per_row) for _ in range(0, count, per_row)]
    return [column for row in rows for column in row][:count]


def window() -> tuple[int, int]:
    """The browser window's size, as this session's script reported it, else as the browser's cookie
    kept it from an earlier session; a slide's own 1024×768 until either says."""
    size = (st.session_state.get(WINDOW) or {}).get("size") or kept_size(st.context.cookies.get(COOKIE))
    try:  # the component's report is the browser's: two numbers, or nothing yet
        width, height = (int(v) for v in size)
    except (TypeError, ValueError):
        return BASE
    return max(width, 1), max(height, BASE[1])


def kept_size(text) -> tuple[int, int] | None:
    """The cookie's "1920x1080" as its two numbers; None for anything else (it is the visitor's text)."""
    kept = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text) if isinstance(text, str) else None
    return (int(kept[1]), int(kept[2])) if kept else None


def growth(size: tuple[int, int], extra: int = 0) -> float:
    """How much taller a slide's figures are in a window of ``size`` than at 1024×768: the window's
    height less the slide's other parts (grown with the root font), over a 768-px slide's; never wider
    than the window allows, nor smaller, unless ``extra`` pixels (at 768) sit above the slide."""
    width, height = size
    by_height = (height - (CHROME + extra) * _font(size)) / (BASE[1] - CHROME)
    return max(0.0 if extra else 1.0, min(by_height, width / BASE[0]))


def _font(size: tuple[int, int]) -> float:
    """How much the root font has grown in a window of ``size`` (the CSS's media query)."""
    return GROWN if size[0] >= LARGE[0] and size[1] >= LARGE[1] else 1.0


def scale() -> float:
    """This window's growth while presenting; 1 otherwise."""
    return growth(window(), _above()) if presenting() else 1.0


def _above() -> int:
    """Pixels (at 768) above the slide's own parts: a teacher's class counter."""
    return COUNTER if follow.teaching() else 0


def height(pixels: int, formula: str = "") -> dict:
    """``st.plotly_chart``'s height on a slide (``pixels`` on a 768-px screen, more on a taller one, less
    under a wide ``formula``); else the figure's own."""
    return {"height": round(pixels * _grown(pixels, formula))} if presenting() else {}


def enlarged(figure, formula: str = ""):
    """A diagram on a slide, every size in it grown with the window (its text too: a chart's height alone
    would leave a diagram's labels small), less under a wide ``formula`` (``slide`` put it above); the
    figure itself when not presenting or at 1024×768 beside its formula."""
    pixels = figure.layout.height
    return figures.scaled(figure, _grown(pixels, formula) if pixels else scale())


def _grown(pixels: float, formula: str) -> float:
    """How many times its own ``pixels`` (its height on a 768-px slide) a figure takes: the window's growth;
    under a wide formula, at most what the window leaves below it (the formula and the slide's other parts
    growing with the root font)."""
    k = scale()
    if wide(formula):
        size = window()
        k = min(k, (size[1] - (CHROME + ABOVE + _above()) * _font(size)) / pixels)
    return k


def students_link(url: str | None, params) -> str:
    """The page as it is, without presenter mode: every parameter of ``params`` but ``present`` (and a
    class's ``teacher`` token: a class's students' link keeps its ``class``)."""
    page = (url or "").split("?", 1)[0].split("#", 1)[0]
    query = urlencode([(k, v) for k in params if k not in PRIVATE for v in params.get_all(k)])
    return f"{page}?{query}" if query else page


def tools() -> None:
    """While presenting: the one toggle for what the slides fold away, and the students' link. A page
    calls it last, so the link holds every parameter its run wrote."""
    follow.publish()  # a teacher's page in a class: its step, as this run leaves it (ui/classroom/follow.py)
    if not presenting():
        return
    with st.container(key=TOOLS), st.container(horizontal=True, vertical_alignment="center"):
        st.toggle("Introduction and settings", key=FOLD, help=FOLD_HELP)  # CSS above reads its state
        with st.popover("🔗 Students' link", help=LINK_HELP):
            st.caption("The same page, step and settings, without presenter mode: copy it with the icon.")
            st.code(students_link(st.context.url, st.query_params), language=None, wrap_lines=True)


def apply() -> None:
    """On every run while presenting: the large layout, a way out, and the keyboard."""
    if not presenting():
        return
    st.html(CSS)
    known = window()
    # a callback is what makes Streamlit keep "size" in the state; the rerun it starts is all we need
    data = {"known": known, "base": BASE, "cookie": COOKIE}
    _measure(key=WINDOW, data=data, on_size_change=lambda: None, height=0)
    st.button("✕ Leave", key="leave_presenter", on_click=_leave, type="tertiary")


def keyboard(next_key: str, previous_key: str, pickers: tuple[str, ...] = ()) -> None:
    """A lesson's Previous / Next made large, and the key listener clicking them. The stepper calls this
    with its buttons' keys (``next``, ``rnn_next``), so a lesson with keys of its own needs nothing here;
    ``pickers``: its step slider and parameter picker, whose labels ("Step") a slide leaves out."""
    if not presenting():
        return
    both = (next_key, previous_key)
    large = f"{_buttons(both)} {{ min-height: 3.75rem; }}"
    label = f"{_buttons(both, 'button p')} {{ font-size: 2rem; font-weight: 600; }}"
    unlabelled = f"{_buttons([k for k in pickers if k], '[data-testid=stWidgetLabel]')} {{ display: none; }}"
    # the step's name above the slider's thumb stays clear of the tools (top right)
    unlabelled += f"\n{_buttons(pickers[:1], '[data-testid=stSlider]')} {{ padding-top: 0.6rem; }}"
    # style only: Streamlit gives it no room on the page
    st.html(f"<style>\n{large}\n{label}\n{unlabelled if any(pickers) else ''}\n</style>")
    script = KEYS.replace("NEXT_BUTTONS", _buttons([next_key])).replace(
        "PREVIOUS_BUTTONS", _buttons([previous_key])
    )
    components.html(script, height=0)


def _leave() -> None:
    st.session_state[KEY] = False
