"""Lesson 5's cached core calls and figures: pure functions of the frozen ``Setup`` and ``View``."""

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from pages.sgd import figures
from pages.sgd import maths as sgd
from ui import heavy

GRID = 51  # points per side of the decision shading and of the projection


@dataclass(frozen=True)
class View:
    """The projection's key: the runs and the two weights shown."""

    setup: sgd.Setup
    p1: str
    p2: str


def the_runs(setup: sgd.Setup) -> tuple[sgd.Run, sgd.Run, sgd.Run]:
    """The three runs; long ones take turns in the worker (``ui.heavy``)."""
    with heavy.LongRun(sgd.cost(setup)) as turn:
        return turn.call(_runs, setup)


@st.cache_data(max_entries=32, show_spinner="Training three ways…")
def _runs(setup: sgd.Setup) -> tuple[sgd.Run, sgd.Run, sgd.Run]:
    heavy.my_turn()
    return heavy.compute(sgd.three_runs, setup)


def the_projection(view: View) -> sgd.Projection:
    """The cost around the runs' paths over the view's two weights; a slow one takes turns too."""
    runs = the_runs(view.setup)
    with heavy.LongRun(sgd.projection_cost(view.setup, GRID)) as turn:
        return turn.call(_projection, view, runs)


@st.cache_data(max_entries=32, show_spinner=False)
def _projection(view: View, _runs) -> sgd.Projection:
    """``_runs``: the view's runs (not hashed: ``view.setup`` determines them)."""
    heavy.my_turn()
    return heavy.compute(sgd.projection, view.setup, _runs, view.p1, view.p2, GRID)


@st.cache_data(max_entries=32, show_spinner=False)
def first_epoch(setup: sgd.Setup) -> sgd.Epoch:
    return sgd.first_epoch(setup, the_runs(setup)[1])


@st.cache_data(max_entries=32, show_spinner=False)
def training_data(setup: sgd.Setup):
    train, test = sgd.data(setup)
    return train, test


@st.cache_data(max_entries=128, show_spinner=False)
def decision(setup: sgd.Setup, update: int, after: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The network's output over the input plane before (or after) update ``update`` of epoch 1."""
    step = first_epoch(setup).steps[update]
    x1, x2 = np.linspace(-1.5, 1.5, GRID), np.linspace(-1.2, 1.2, GRID)
    return x1, x2, sgd.probabilities(step.after if after else step.before, x1, x2)


# Figures are cached as objects (no pickling; building one costs more than a rerun's other work) and
# shared by every session on the same setup: never mutate one.
@st.cache_resource(max_entries=32, show_spinner=False)
def cost_chart(setup: sgd.Setup) -> go.Figure:
    return figures.cost_figure(the_runs(setup))


@st.cache_resource(max_entries=32, show_spinner=False)
def test_chart(setup: sgd.Setup) -> go.Figure:
    return figures.generalisation_figure(the_runs(setup))


@st.cache_resource(max_entries=32, show_spinner=False)
def paths_chart(view: View) -> go.Figure:
    paths = {(figures.label(r), r.kind): sgd.path(r, view.p1, view.p2) for r in the_runs(view.setup)}
    return figures.paths_figure(the_projection(view), paths)


@st.cache_resource(max_entries=128, show_spinner=False)
def data_chart(setup: sgd.Setup, batch: int, after: bool) -> go.Figure:
    """The training data with batch ``batch`` (from 0; -1: none) outlined and the network's decision."""
    train, _ = training_data(setup)
    if batch < 0:
        return figures.data_figure(train.X, train.y, [], None, "The training data")
    epoch = first_epoch(setup)
    title = f"Batch {batch + 1} of {len(epoch.steps)}"
    taken = epoch.steps[batch].indices
    return figures.data_figure(train.X, train.y, taken, decision(setup, batch, after), title)
