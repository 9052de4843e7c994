"""Loss surface: E_total over any two parameters, and where gradient descent goes on it."""

import plotly.graph_objects as go
import streamlit as st

from backprop_core import PARAMETERS, solve
from backprop_core.chunked import record_every
from backprop_core.example import Example
from backprop_core.landscape import Path, descend, line, surface
from ui import surface_figures as figures
from ui.sidebar import current_state

DEFAULT_PAIR = ("w5", "w6")
HALF_RANGES = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0)
RESOLUTIONS = (31, 61, 101, 151, 201)  # points per side; 201 x 201 is about 160 KiB a chart
LINE_POINTS = 201


# Cached core calls and figures. Figures are kept as objects (st.cache_resource: building
# one costs more than the numbers behind it); they are shared between users: never mutate one.
@st.cache_data(max_entries=64, show_spinner=False)
def _path(example: Example, steps: int, only: tuple | None, update_biases: bool) -> Path:
    return descend(
        example, steps, only=only, update_biases=update_biases, record_every=record_every(steps, 2000)
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def _surface_figures(
    example: Example, update_biases: bool, pair: tuple, half: float, points: int, steps: int
):
    s = surface(example, *pair, half, points)
    path = _path(example, steps, pair, False)
    projected = _path(example, steps, None, update_biases)
    now = tuple(getattr(example, p) for p in pair)
    e0 = solve(example).forward["E_total"]
    gradient = tuple(solve(example).gradients[p] for p in pair)
    return (
        figures.surface_figure(s, (*now, e0), path),
        figures.contour_figure(s, now, gradient, path, projected),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _line_figure(example: Example, name: str, half: float) -> go.Figure:
    axis, loss = line(example, name, half, LINE_POINTS)
    solution = solve(example)
    now = (getattr(example, name), solution.forward["E_total"])
    return figures.line_figure(name, axis, loss, now, solution.gradients[name])


def choose(label: str, key: str, options: list[str], default: str) -> str:
    """A parameter picker bound to the URL (?p1=w5); a bad name there falls back to ``default``."""
    return st.selectbox(
        label, options, index=options.index(default), key=key, bind="query-params", persist_state="session"
    )


# --- the page ------------------------------------------------------------------------------
state = current_state()
ex = state.example

st.title("Loss surface")
st.markdown(
    "Pick two parameters. Holding every other one at its value in the sidebar, $E_{total}$ over "
    "those two is a surface; the backward pass's gradient points up its steepest slope, and gradient "
    "descent walks down it."
)
first, second, width, resolution, length = st.columns([1, 1, 2, 2, 2], vertical_alignment="bottom")
with first:
    p1 = choose("Parameter p1", "p1", list(PARAMETERS), DEFAULT_PAIR[0])
with second:
    others = [p for p in PARAMETERS if p != p1]  # never the same parameter twice
    p2 = choose("Parameter p2", "p2", others, DEFAULT_PAIR[1] if p1 != DEFAULT_PAIR[1] else DEFAULT_PAIR[0])
half = width.select_slider(
    "Half-range (either side of now)", HALF_RANGES, 5.0, key="surface_half", persist_state="session"
)
points = resolution.select_slider(
    "Resolution (points per side)", RESOLUTIONS, 61, key="surface_points", persist_state="session"
)
steps = length.select_slider(
    "Descent steps", (100, 1_000, 10_000, 100_000), 10_000, key="surface_steps", persist_state="session",
    format_func="{:,}".format,
)  # fmt: skip

surface_fig, contour_fig = _surface_figures(ex, state.update_biases, (p1, p2), half, points, steps)
left, right = st.columns(2)
left.plotly_chart(surface_fig, key="surface_3d")
right.plotly_chart(contour_fig, key="surface_contour")
st.caption(
    f"The **black path** trains only {p1} and {p2} ({steps:,} steps, η = {ex.lr:g}): it runs on this "
    "very surface. The **dashed pink path** is full training (every weight"
    f"{' and bias' if state.update_biases else ''}) with only its {p1} and {p2} shown: a projection, "
    "because as the other parameters move, the surface itself changes under it. The **red arrow** "
    "from the red dot (now) is the negative gradient from the backward pass, drawn at a fixed length: "
    "the direction of steepest descent, perpendicular to the contour through the current point."
)

st.subheader("One parameter at a time")
st.markdown(
    "Along one parameter the surface is a curve. The backward pass's gradient is its slope at the "
    "current value: the tangent drawn with that slope touches the curve there."
)
one, two = st.columns(2)
one.plotly_chart(_line_figure(ex, p1, half), key="surface_line_p1")
two.plotly_chart(_line_figure(ex, p2, half), key="surface_line_p2")
