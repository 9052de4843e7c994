"""Loss surface: E_total over any two parameters, and where gradient descent goes on it."""

import streamlit as st

from backprop_core import PARAMETERS, numbers
from pages.loss_surface import cached as cache
from ui.figures import CHART
from ui.settings import Choice, adopt_old_keys
from ui.sidebar import current_state

DEFAULT_PAIR = PARAMETERS[4:6]  # the first two weights into the first output
HALF_RANGES = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0)
RESOLUTIONS = (31, 61, 101, 151, 201)  # points per side; 201 x 201 is about 160 KiB a chart
STEPS = (100, 1_000, 10_000, 100_000)


def choose(label: str, key: str, options: list[str], default: str, notes) -> str:
    """A parameter picker bound to the URL (?p1=…); a bad name there is named and ``default`` shown."""
    return Choice(key, label, tuple(options), default, kind="select", forgets=False).widget(notes=notes)


@st.fragment
def explorer(state) -> None:
    """The controls and every chart (reruns alone as its controls change)."""
    ex = state.example
    notes = st.container()  # a link's bad surf_x or surf_y is named here, across the page
    adopt_old_keys({"p1": ("surf_x", PARAMETERS), "p2": ("surf_y", PARAMETERS)})  # links before surf_
    first, second, three_d = st.columns([1, 1, 1], vertical_alignment="bottom")
    with first:
        p1 = choose("Parameter p1 (across)", "surf_x", list(PARAMETERS), DEFAULT_PAIR[0], notes)
    with second:
        others = [p for p in PARAMETERS if p != p1]  # never the same parameter twice
        default = next(p for p in DEFAULT_PAIR[::-1] if p != p1)
        p2 = choose("Parameter p2 (up)", "surf_y", others, default, notes)
    with three_d:  # a WebGL surface costs the browser seconds on a projector's laptop: on demand
        solid = st.toggle("3-D surface too", key="surf_3d", persist_state="session")
    width, resolution, length = st.columns(3, vertical_alignment="bottom")
    half = width.select_slider(
        "Half-range (either side of now)", HALF_RANGES, 5.0, key="surface_half", persist_state="session"
    )
    points = resolution.select_slider(
        "Resolution (points per side)", RESOLUTIONS, 61, key="surface_points", persist_state="session"
    )
    steps = length.select_slider(
        "Descent steps",
        STEPS,
        10_000,
        key="surface_steps",
        persist_state="session",
        format_func="{:,}".format,
    )
    key = cache.SurfaceKey(ex, state.update_biases, (p1, p2), half, points, steps)
    st.plotly_chart(cache.contour_chart(key), key="surface_contour", **CHART)  # ui/figures.py: one draw
    if solid:
        st.plotly_chart(cache.surface_chart(key), key="surface_3d")
    st.markdown(
        f"The **black path** trains only {p1} and {p2} ({steps:,} steps, η = {numbers.text(ex.lr)}): it "
        "runs on this very surface. The **dashed magenta path** is full training (every "
        f"weight{' and bias' if state.update_biases else ''}) with only its {p1} and {p2} shown: a "
        "projection, because as the other parameters move, the surface itself changes under it. The **red "
        "arrow** from the red dot (now) is the negative gradient from the backward pass, drawn at a fixed "
        "length: the direction of steepest descent, perpendicular to the contour through the current "
        "point."
    )
    st.subheader("One parameter at a time")
    st.markdown(
        "Along one parameter the surface is a curve. The backward pass's gradient is its slope at the "
        "current value: the tangent drawn with that slope touches the curve there (every other parameter "
        "stays where the sidebar has it)."
    )
    # full width: two side by side are 270 px on a projector
    st.plotly_chart(cache.line_chart(ex, p1, half), key="surface_line_p1", **CHART)
    st.plotly_chart(cache.line_chart(ex, p2, half), key="surface_line_p2", **CHART)


st.title("Loss surface")
st.markdown(
    "Pick two parameters. Holding every other one at its value in the sidebar, $E_{total}$ over "
    "those two is a surface; the backward pass's gradient points up its steepest slope, and gradient "
    "descent walks down it."
)
explorer(current_state())
