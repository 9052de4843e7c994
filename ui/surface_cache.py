"""The Loss-surface page's cached core calls and figures, keyed by the frozen state's fields.

Defined in a module so Streamlit builds each cached function once, not on
every rerun. Figures are cached as objects (``st.cache_resource``: building
one costs more than the numbers behind it); they are shared by every
session: never mutate one.

The descent paths (about 0.2 MiB each) are kept for about one example per student of a
class (32), so a server's memory levels off.
"""

import plotly.graph_objects as go
import streamlit as st

from backprop_core import solve
from backprop_core.chunked import record_every
from backprop_core.example import Example
from backprop_core.landscape import Path, descend, line, surface
from ui import surface_figures as figures

PATH_RECORDS = 2000
LINE_POINTS = 201


@st.cache_data(max_entries=32, show_spinner=False)
def path(example: Example, steps: int, only: tuple | None, update_biases: bool) -> Path:
    every = record_every(steps, PATH_RECORDS)
    return descend(example, steps, only=only, update_biases=update_biases, record_every=every)


@st.cache_resource(max_entries=32, show_spinner=False)
def surface_charts(example: Example, update_biases: bool, pair: tuple, half, points, steps):
    """The 3-D surface and the contour map over ``pair``, with the descent paths."""
    s = surface(example, *pair, half, points)
    on_slice = path(example, steps, pair, False)
    projected = path(example, steps, None, update_biases)
    solution = solve(example)
    now = tuple(getattr(example, p) for p in pair)
    gradient = tuple(solution.gradients[p] for p in pair)
    return (
        figures.surface_figure(s, (*now, solution.forward["E_total"]), on_slice),
        figures.contour_figure(s, now, gradient, on_slice, projected),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def line_chart(example: Example, name: str, half: float) -> go.Figure:
    """E_total along ``name`` with the tangent of the backprop gradient."""
    axis, loss = line(example, name, half, LINE_POINTS)
    solution = solve(example)
    now = (getattr(example, name), solution.forward["E_total"])
    return figures.line_figure(name, axis, loss, now, solution.gradients[name])
