"""Loss surface: E_total over any two parameters, and where gradient descent goes on it."""

from dataclasses import replace

import streamlit as st

from backprop_core import PARAMETERS, numbers
from pages.loss_surface import cached as cache
from pages.loss_surface import settings
from pages.loss_surface.plan import PLAN
from ui import chart, presenter, teaching
from ui.figures import CHART
from ui.settings import adopt_old_keys, drop_unknown
from ui.sidebar import current_state


@st.fragment
def explorer(state) -> None:
    """The controls and every chart (reruns alone as its controls change)."""
    ex = state.example
    notes = st.container()  # a link's bad values are named here, across the page
    adopt_old_keys({"p1": ("surf_x", PARAMETERS), "p2": ("surf_y", PARAMETERS)})  # links before surf_
    drop_unknown(settings.PREFIXES, settings.SETTINGS, notes=notes)
    folded = presenter.fold("settings")  # a slide: the map and what it shows
    first, second, three_d = folded.columns([1, 1, 1], vertical_alignment="bottom")
    with first:
        p1 = settings.ACROSS.widget(notes=notes)
    with second:
        others = tuple(p for p in PARAMETERS if p != p1)  # never the same parameter twice
        default = next(p for p in settings.DEFAULT_PAIR[::-1] if p != p1)
        p2 = replace(settings.UP, options=others, default=default).widget(notes=notes)
    with three_d:
        solid = settings.SOLID.widget(notes=notes)
    width, resolution, length = folded.columns(3, vertical_alignment="bottom")
    with width:
        half = settings.HALF.widget(notes=notes)
    with resolution:
        points = settings.POINTS.widget(notes=notes)
    with length:
        steps = settings.STEPS.widget(notes=notes)
    key = cache.SurfaceKey(ex, state.update_biases, (p1, p2), half, points, steps)
    words, picture = presenter.slide(1, 1.5)
    # ui/figures.py: one draw
    over = f"E_total over {p1} and {p2}, each within ±{numbers.text(half)} of its value"
    said = f"A contour map of {over}, with the two descent paths and the negative gradient from here."
    contour = cache.contour_chart(key)
    chart.show(
        contour,
        said,
        name="surface_contour",
        place=picture,
        key="surface_contour",
        **CHART,
        **presenter.height(600),
    )
    if solid:
        said = f"The same surface in 3-D: {over}."
        chart.show(
            cache.surface_chart(key), said, name="surface_3d", place=presenter.fold("3d"), key="surface_3d"
        )
    words.markdown(
        f"The **black path** trains only {p1} and {p2} ({steps:,} steps, η = {numbers.text(ex.lr)}): it "
        "runs on this very surface. The **dashed magenta path** is full training (every "
        f"weight{' and bias' if state.update_biases else ''}) with only its {p1} and {p2} shown: a "
        "projection, because as the other parameters move, the surface itself changes under it. The **red "
        "arrow** from the red dot (now) is the negative gradient from the backward pass, drawn at a fixed "
        "length: the direction of steepest descent, perpendicular to the contour through the current "
        "point."
    )
    with presenter.fold("lines"):
        lines(ex, p1, p2, half)
    presenter.tools()


def lines(ex, p1: str, p2: str, half: float) -> None:
    """E_total along each of the two parameters alone, with the backward pass's tangent."""
    st.subheader("One parameter at a time")
    st.markdown(
        "Along one parameter the surface is a curve. The backward pass's gradient is its slope at the "
        "current value: the tangent drawn with that slope touches the curve there (every other parameter "
        "stays where the sidebar has it)."
    )
    # full width: two side by side are 270 px on a projector
    for name, p in (("p1", p1), ("p2", p2)):
        said = f"E_total along {p} alone, with the backward pass's tangent at its current value."
        chart.show(
            cache.line_chart(ex, p, half),
            said,
            name=f"surface_line_{name}",
            key=f"surface_line_{name}",
            **CHART,
        )


st.title("Loss surface")
intro = presenter.introduction()
intro.markdown(
    "Pick two parameters. Holding every other one at its value in the sidebar, $E_{total}$ over "
    "those two is a surface; the backward pass's gradient points up its steepest slope, and gradient "
    "descent walks down it."
)
teaching.teachers(PLAN)
explorer(current_state())
