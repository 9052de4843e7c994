"""What every Plotly figure of the app shares: built from plain specs, unvalidated.

Plotly validates every property it is given, which costs 15-35 ms a chart (the
lesson diagram, with its many labels, 80 ms): more than the numbers behind it,
on every rerun. The builders hand over plain dicts instead, and
tests/ui/test_figures_valid.py puts every figure through the full validation.
"""

import numpy as np
import plotly.colors
import plotly.graph_objects as go

from backprop_core import numbers
from ui import palette

# Why a chart drawn with theme=None redraws once. A figure that changes is remounted (a fresh
# Plotly.newPlot), and then Streamlit hands Plotly.react a JSON copy of the figure it just drew.
# Plotly draws the whole chart a second time unless nothing in the copy looks new: no template
# object (template "none"; a figure drawn with theme=None takes STYLE for the look of Streamlit's
# theme), one-dimensional arrays as lists (a copied base64 array comes back as a plain object) and
# a constant datarevision (the copied lists are the same data; a changed figure is a new element).
# Fixed margins with no automargin spare the second pass Plotly makes when a margin grows.
# benchmarks/playground.py and benchmarks/browser.py measure it.
SANS = '"Source Sans", sans-serif'
FONT = 17  # px: every chart's text, sized for a projector (titles FONT + 3, ticks FONT - 2)
COMPACT = FONT - 2  # the Playground's charts, several side by side
TICKS = dict(size=FONT - 2)
# E_total's colours wherever it is a map (Loss surface, lesson 0): light valleys, where the paths go, so
# dark lines show on them. The colours themselves, not the name: plotly.js's "YlGnBu" runs the other way.
LOSS_COLOURS = plotly.colors.make_colorscale(plotly.colors.sequential.YlGnBu)
GREY, GRID, INK = palette.MUTED, palette.GRID, palette.INK  # GREY: ticks and axis titles, 6:1 on white
LEGEND = palette.TEXT  # legend entries, in the theme's text colour (titles are INK, ticks GREY)
AXIS_TITLE_ROOM = 64  # px under a plot for its x axis's tick labels and title
UNTEMPLATED = dict(template="none", datarevision=0)  # every figure: Streamlit's theme adds its own
STYLE = dict(
    UNTEMPLATED,
    font=dict(family=SANS, color=GREY),
    paper_bgcolor=palette.WHITE,
    plot_bgcolor=palette.WHITE,
    hoverlabel=dict(
        bgcolor=palette.WHITE, bordercolor=palette.HOVER_EDGE, font=dict(family=SANS, color=GREY)
    ),
)


# How every chart is handed to st.plotly_chart: Streamlit's theme off (STYLE is its look, one draw a change).
CHART = {"theme": None}
QUIET = CHART | {"config": {"displayModeBar": False}}  # no toolbar over a lesson's small charts
STILL = CHART | {"config": {"displayModeBar": False, "staticPlot": True}}  # a diagram: nothing to zoom


def figure(data: list[dict], layout: dict) -> go.Figure:
    return go.Figure({"data": data, "layout": UNTEMPLATED | layout}, _validate=False)


def scaled(fig: go.Figure, k: float) -> go.Figure:
    """A copy of ``fig`` with every size in pixels ``k`` times larger: its height and margins, its text,
    markers, lines and boxes sized in pixels. Plotly places data in axis units, so a diagram laid out for
    a height (its captions' room solved in pixels, ui/diagram.py) keeps its layout at ``k`` times it.
    (Scaling the drawn figure with CSS instead does not work: Plotly measures its box scaled.)"""
    if k == 1:
        return fig
    spec = fig.to_dict()  # a deep copy: a cached figure is shared, never changed
    layout = spec["layout"]
    _times(layout, "height", k)
    for side in "lrtb":
        _times(layout.get("margin", {}), side, k)
    _times(layout.get("font", {}), "size", k)
    _times(layout.get("title", {}).get("font", {}), "size", k)
    for note in layout.get("annotations", ()):
        _times(note.get("font", {}), "size", k)
    for trace in spec["data"]:
        _times(trace.get("textfont", {}), "size", k)
        _times(trace.get("line", {}), "width", k)
        marker = trace.get("marker", {})
        _times(marker, "size", k)
        _times(marker.get("line", {}), "width", k)
    for shape in layout.get("shapes", ()):
        _times(shape.get("line", {}), "width", k)
        for axis in "xy":
            if shape.get(f"{axis}sizemode") == "pixel":
                for end in "01":
                    _times(shape, f"{axis}{end}", k)
    return go.Figure(spec, _validate=False)


def _times(holder: dict, name: str, k: float) -> None:
    """``holder[name]``, a size or a list of sizes, ``k`` times larger (when it is there)."""
    value = holder.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        holder[name] = value * k
    elif isinstance(value, list | tuple):
        holder[name] = [v * k for v in value]


def layout(title: str, x: str, y: str, *, font: int = FONT, title_size: int = 0, xaxis=(), yaxis=(), **more):
    """Every chart's base layout: the shared look at ``font`` px, a bold title on the left (``title_size``,
    else ``font`` + 3) and two axes (``xaxis``, ``yaxis``: more of each); ``more``: height, margins, ..."""
    return STYLE | dict(
        title=heading(title, title_size or font + 3),
        font=STYLE["font"] | dict(size=font),
        xaxis=axis(x, font, **dict(xaxis)),
        yaxis=axis(y, font, **dict(yaxis)),
        **more,
    )


def heading(text: str, size: int) -> dict:
    """A chart's title as Streamlit's theme writes it: bold, dark, on the left."""
    return dict(text=text, x=0, xanchor="left", font=dict(size=size, color=INK, weight="bold"))


def axis(title: str, size: int, **more) -> dict:
    """An axis in Streamlit's greys, its margin fixed by the layout (no automargin: see above)."""
    return dict(
        title=dict(text=title, font=dict(size=size)),
        tickfont=dict(size=size - 2),
        gridcolor=GRID,
        zeroline=False,
        automargin=False,
        **more,
    )


def legend(size: int, **more) -> dict:
    """A legend's entries as Streamlit's theme writes them."""
    return dict(font=dict(size=size, color=LEGEND), **more)


def legend_under(size: int, plot_height: float) -> dict:
    """A horizontal legend starting under the x axis's title: Plotly places a legend in fractions of
    the plot's height (``plot_height`` pixels), the room under the axis is in pixels."""
    return legend(size, orientation="h", yanchor="top", y=-AXIS_TITLE_ROOM / plot_height, xanchor="left", x=0)


def as_list(values) -> list:
    """A one-dimensional array as a JSON list (see above), its floats to the digits a chart shows."""
    return numbers.plotted(values)


def thin(n: int, limit: int) -> np.ndarray:
    """At most ``limit`` evenly spaced indices into ``n`` rows, the first and the last always: a line
    needs about one point a pixel, not one a step."""
    return np.unique(np.linspace(0, n - 1, min(n, limit)).round().astype(int)) if n else np.arange(0)


def log_scale(*series) -> dict:
    """A log axis whose labels can be read, and read one way. Plotly's own ticks across a decade or two
    label 0.5 and 0.2 as "5" and "2" (digits only, between the powers of ten): here each tick carries
    its whole value ("0.5", "0.2", "1") from the one formatter, at 1, 2 and 5 in each decade (every digit
    within one decade, evenly spaced values within a narrower range); over more than two decades the
    powers of ten alone, which Plotly writes as powers (10⁻³)."""
    values = np.concatenate([np.asarray(v, float).ravel() for v in series])  # None (a gap) reads as NaN
    values = values[np.isfinite(values) & (values > 0)]
    if not len(values):
        return dict(type="log", exponentformat="power")
    low, high = float(values.min()), float(values.max())
    if high - low <= 1e-9 * high:  # one value: Plotly's few ticks around it carry their whole value
        return dict(type="log", exponentformat="power")
    if np.log10(high / low) > 2:
        return dict(type="log", exponentformat="power", dtick=1)
    ticks = log_ticks(low, high)
    return dict(type="log", tickmode="array", tickvals=ticks, ticktext=[numbers.text(t, 12) for t in ticks])


def log_ticks(low: float, high: float) -> list[float]:
    """At least three ticks between ``low`` and ``high`` (and one more either side, for the axis's
    margin): 1, 2 and 5 times the powers of ten, else every digit, else evenly spaced round values."""
    first, last = int(np.floor(np.log10(low))), int(np.ceil(np.log10(high)))
    for mantissas in ((1, 2, 5), range(1, 10)):
        ticks = [float(f"{m}e{k}") for k in range(first - 1, last + 1) for m in mantissas]
        if sum(low <= t <= high for t in ticks) >= 3:
            return _around(ticks, low, high)
    base = 10.0 ** np.floor(np.log10(high - low) + 1e-9)
    for step in (base, base / 2, base / 5, base / 10):  # the longest round step that leaves three inside
        count = range(int(np.floor(low / step)), int(np.ceil(high / step)) + 1)
        ticks = [float(numbers.text(k * step, 12)) for k in count]  # 0.72, not 0.7200000000000001
        if sum(low <= t <= high for t in ticks) >= 3:
            break
    return [t for t in ticks if t > 0]


def _around(ticks: list[float], low: float, high: float) -> list[float]:
    """The ticks inside [low, high] and the nearest one outside at each end."""
    below, above = [t for t in ticks if t < low], [t for t in ticks if t > high]
    return below[-1:] + [t for t in ticks if low <= t <= high] + above[:1]
