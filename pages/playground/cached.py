"""The Playground's cached core calls: pure functions of frozen, hashable arguments.

An uploaded file's bytes are an argument, so its cache entries are addressed by the file's
content (Streamlit hashes the bytes): a student only ever gets the data set made from the
bytes they sent, never another's. The bytes themselves live in that session's state only.
"""

from collections.abc import Hashable
from dataclasses import dataclass

import streamlit as st

from backprop_core import datasets, symbolic
from backprop_core.network import Params
from pages.playground import maths as pg
from ui import heavy


@st.cache_data(max_entries=64, show_spinner=False)
def generated(name: str, n: int, noise: float, seed: int, classes: int) -> datasets.Dataset:
    return datasets.make(name, n, noise, seed, classes=classes)


@st.cache_data(max_entries=8, show_spinner=False)
def uploaded(data: bytes, name: str) -> datasets.Dataset:
    """The CSV's data set (DatasetError for a bad file), plus the Playground's own limits."""
    ds = datasets.load_csv(data, name)
    if ds.m > datasets.MAX_POINTS:
        raise datasets.DatasetError(
            f"{ds.name} has {ds.m:,} rows; the Playground takes up to {datasets.MAX_POINTS:,}"
        )
    if ds.n_features not in (1, 2):
        raise datasets.DatasetError(
            f"{ds.name} has {ds.n_features} feature columns; the Playground draws 1 or 2 (then the label)"
        )
    return ds


def dataset(config: pg.Config, upload: bytes | None, name: str = "upload.csv") -> datasets.Dataset:
    if config.dataset == pg.UPLOAD:
        return uploaded(upload, name)
    return generated(config.dataset, config.n, config.noise, config.seed, config.classes)


@st.cache_data(max_entries=32, show_spinner="Training to the link's step…")
def reached(config: pg.Config, step: int, upload: bytes | None, name: str = "upload.csv") -> pg.Run:
    """The run after ``step`` updates: what a shared link reproduces (the same for every visitor).
    A long one takes turns in the worker (``ui.heavy``): call it inside a ``heavy.LongRun``."""
    heavy.my_turn()
    return heavy.compute(pg.reach, pg.problem(config, dataset(config, upload, name)), step)


def advanced(p: pg.Problem, run: pg.Run, updates: int) -> pg.Run:
    """``updates`` more updates from ``run`` (Step, Play), in the worker when they are a long run."""
    with heavy.LongRun(pg.cost(p, updates)) as turn:
        return turn.call(_advance, p, run, updates)


def _advance(p: pg.Problem, run: pg.Run, updates: int) -> pg.Run:
    heavy.my_turn()  # never cached (the run is the session's own): always computed, in a turn if long
    return heavy.compute(pg.advance, p, run, updates)


@dataclass(frozen=True)
class ChainView:
    """What one weight's derivation depends on: the run (its settings and data; the step reached,
    which a run reproduces exactly) and what the page shows of it."""

    run: Hashable  # the page's key of the run: its Config and the upload's name and content
    step: int
    weight: str
    sample: int | None  # a position in the batch, or None for the batch mean
    digits: int = 6


@st.cache_data(max_entries=64, show_spinner=False)
def weight_chain(view: ChainView, _p: pg.Problem, _params: Params) -> tuple[symbolic.Step, ...]:
    """symbolic.weight_chain of ``view`` (10–40 ms on a new one), with training's learning rate and
    L2 penalty, so that its last step is the next Step's update. ``_p`` and ``_params`` are the run
    ``view`` names (not hashed: the view's run and step determine them)."""
    trace, grads = pg.batch_gradients(_p, _params, view.step)
    targets = _p.t[:, _p.batch(view.step)]
    sample = symbolic.MEAN if view.sample is None else view.sample
    c = _p.config
    return symbolic.weight_chain(
        _p.network, _params, targets, trace, grads, view.weight, sample, lr=c.lr, l2=c.l2, digits=view.digits
    )
