"""The Loss-surface page's cached core calls and figures, keyed by the frozen state's fields.

Defined in a module so Streamlit builds each cached function once, not on
every rerun. Figures are cached as objects (``st.cache_resource``: building
one costs more than the numbers behind it); they are shared by every
session: never mutate one.

The descent paths (about 0.2 MiB each) are kept for about one example per student of a
class (32), so a server's memory levels off.
"""

from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from backprop_core import solve, work
from backprop_core.chunked import record_every
from backprop_core.example import Example
from backprop_core.surface import Path, Slice, descend, line, surface
from pages.loss_surface import figures
from ui import heavy

PATH_RECORDS = 2000
LINE_POINTS = 201


def path(example: Example, steps: int, only: tuple | None, update_biases: bool) -> Path:
    """Gradient descent from the example (``only``: on those parameters); a long one takes turns in
    the worker (``ui.heavy``)."""
    with heavy.LongRun(work.train(steps)) as turn:
        return turn.call(_path, example, steps, only, update_biases)


@st.cache_data(max_entries=32, show_spinner=False)
def _path(example: Example, steps: int, only: tuple | None, update_biases: bool) -> Path:
    heavy.my_turn()
    every = record_every(steps, PATH_RECORDS)
    return heavy.compute(descend, example, steps, only=only, update_biases=update_biases, record_every=every)


@dataclass(frozen=True)
class SurfaceKey:
    """Everything one surface and its paths depend on."""

    example: Example
    update_biases: bool
    pair: tuple[str, str]
    half: float
    points: int
    steps: int


@st.cache_data(max_entries=32, show_spinner=False)
def _slice(key: SurfaceKey) -> Slice:
    return surface(key.example, *key.pair, key.half, key.points)


@st.cache_resource(max_entries=32, show_spinner=False)
def contour_chart(key: SurfaceKey) -> go.Figure:
    """The contour map over ``key.pair``, the negative gradient and both descent paths."""
    ex, pair = key.example, key.pair
    gradients = solve(ex).gradients
    now = tuple(getattr(ex, p) for p in pair)
    on_slice, projected = path(ex, key.steps, pair, False), path(ex, key.steps, None, key.update_biases)
    return figures.contour_figure(_slice(key), now, tuple(gradients[p] for p in pair), on_slice, projected)


@st.cache_resource(max_entries=32, show_spinner=False)
def surface_chart(key: SurfaceKey) -> go.Figure:
    """The same surface in 3-D, with the current point and the descent on the two parameters."""
    ex = key.example
    now = (*(getattr(ex, p) for p in key.pair), solve(ex).forward["E_total"])
    return figures.surface_figure(_slice(key), now, path(ex, key.steps, key.pair, False))


@st.cache_resource(max_entries=64, show_spinner=False)
def line_chart(example: Example, name: str, half: float) -> go.Figure:
    """E_total along ``name`` with the tangent of the backprop gradient."""
    axis, loss = line(example, name, half, LINE_POINTS)
    solution = solve(example)
    now = (getattr(example, name), solution.forward["E_total"])
    return figures.line_figure(name, axis, loss, now, solution.gradients[name])
