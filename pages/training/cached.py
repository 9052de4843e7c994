"""The Training page's cached core calls and figures, keyed by the frozen state's fields.

Defined in a module, not in the page, so that Streamlit builds each cached
function once instead of re-reading its source on every rerun. Figures are
cached as objects (``st.cache_resource``: no pickling; building a Plotly figure
costs more than the training behind it). They are shared by every session:
never mutate one.

A 10,000-step run is about 1 MiB: the run caches hold about one run per student of a
class (32), so a server's memory levels off instead of growing with every new example.
"""

import time
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from backprop_core import NETWORK, names, solve, train, work
from backprop_core.chunked import join, pieces, record_every
from backprop_core.example import OUTPUTS, PARAMETERS, TARGETS, Example, alias, values_from_params
from backprop_core.training import History
from pages.training import figures
from ui import heavy
from ui.diagram import network_figure

SWEEP_RECORDS = 2000
FIRST_LAYER = frozenset(alias(w) for w in names.weights(NETWORK, 1))


@dataclass(frozen=True)
class Run:
    """Everything one training run depends on: its cache key."""

    example: Example
    update_biases: bool
    variant: bool  # the article's earlier code
    steps: int


@dataclass(frozen=True)
class Sweep:
    """Everything a learning-rate sweep depends on: its cache key."""

    example: Example
    update_biases: bool
    variant: bool
    lrs: tuple[float, ...]
    steps: int


@st.cache_data(max_entries=32, show_spinner=False)
def _piece(run: Run, start: tuple, steps: int, every: int):
    """``steps`` steps from the flat parameters ``start``: one piece of a long run."""
    heavy.my_turn()
    example = run.example
    params = example.params.from_flat(np.array(start))
    flags = {"update_biases": run.update_biases, "article_variant": run.variant, "record_every": every}
    return heavy.compute(train, NETWORK, params, example.inputs, example.targets, example.lr, steps, **flags)


def trained(run: Run) -> History:
    """The run, piece by piece (each cached); a progress bar appears if it takes more than a moment.

    A long run's pieces take turns with other sessions' (``ui.heavy``), one piece per turn."""
    steps = run.steps
    every, parts, bar, began = record_every(steps), [], None, time.perf_counter()
    plan = pieces(steps, every)
    params = run.example.params
    with heavy.LongRun(work.train(steps)) as turn:
        for i, (start, n) in enumerate(plan):
            flat = tuple(params.flat().tolist())
            parts.append(turn.call(_piece, run, flat, n, every))
            params = parts[-1].final
            if parts[-1].diverged_at >= 0:
                break
            if bar is None and i + 1 < len(plan) and time.perf_counter() - began > 0.2:
                bar = st.progress(0.0)
            if bar is not None:
                bar.progress((i + 1) / len(plan), text=f"Training… {start + n:,} of {steps:,} steps")
    if bar is not None:
        bar.empty()
    return parts[0] if len(parts) == 1 else join(parts, [start for start, _ in plan[: len(parts)]])


def sweep(key: Sweep) -> History:
    """Every learning rate of ``key.lrs`` trained together; a long sweep takes turns (``ui.heavy``)."""
    with heavy.LongRun(work.train(key.steps, len(key.lrs))) as turn:
        return turn.call(_sweep, key)


@st.cache_data(max_entries=32, show_spinner="Training every learning rate together…")
def _sweep(key: Sweep) -> History:
    heavy.my_turn()
    every = record_every(key.steps, SWEEP_RECORDS)
    flags = {"update_biases": key.update_biases, "article_variant": key.variant, "record_every": every}
    e = key.example
    return heavy.compute(train, NETWORK, e.params, e.inputs, e.targets, np.array(key.lrs), key.steps, **flags)


def at_step(history: History, example: Example, i: int) -> Example:
    """The example with the parameters recorded at row ``i``."""
    return example.with_params(history.params.map(lambda a: a[i]))


@st.cache_resource(max_entries=32, show_spinner=False)
def loss_chart(run: Run, log_y: bool, i: int, _history: History) -> go.Figure:
    """E_total of the run ``run`` (its cache key), row ``i`` marked."""
    at = (int(_history.steps[i]), float(_history.loss[i]))
    return figures.loss_figure(_history.steps, _history.loss, log_y=log_y, at=at)


@st.cache_resource(max_entries=16, show_spinner=False)
def run_charts(run: Run, _history: History) -> tuple[go.Figure, go.Figure]:
    """The outputs against their targets, and the parameters that moved."""
    named = values_from_params(_history.params)
    moving = {n: v for n, v in named.items() if np.ptp(v) > 0} or named  # fixed biases: flat lines
    return (
        figures.outputs_figure(_history.steps, _history.outputs, run.example.targets, OUTPUTS, TARGETS),
        figures.parameters_figure(_history.steps, moving, PARAMETERS, FIRST_LAYER),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def diagram(example: Example, digits: int) -> go.Figure:
    return network_figure(example, solve(example).forward, digits=digits)


@st.cache_resource(max_entries=16, show_spinner=False)
def sweep_chart(key: Sweep, log_y: bool, _sweep: History) -> go.Figure:
    """The sweep ``key`` as one chart."""
    return figures.sweep_figure(key.lrs, _sweep.steps, _sweep.loss, _sweep.diverged_at, log_y=log_y)
