"""Lesson 5's cached core calls, its step-through (as lesson Steps) and its teacher's answers.

Every number here is read from ``pages.sgd.maths`` and printed through ``numbers``; the
texts only choose which numbers to cite. Cache keys are the frozen ``Setup`` and ``View``.
"""

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from backprop_core import names, numbers
from backprop_core.symbolic import Step
from pages.sgd import figures
from pages.sgd import maths as sgd

PARTS = ("take", "forward", "backward", "update")
TERMS = 3  # per-sample losses written out in the forward step before "…"
GRID = 51  # points per side of the decision shading and of the projection
SHORT = 4  # significant digits for the terms inside a formula (the results keep the lesson's)


@dataclass(frozen=True)
class View:
    """The projection's key: the runs and the two weights shown."""

    setup: sgd.Setup
    p1: str
    p2: str


@st.cache_data(max_entries=32, show_spinner="Training three ways…")
def runs(setup: sgd.Setup) -> tuple[sgd.Run, sgd.Run, sgd.Run]:
    return sgd.three_runs(setup)


@st.cache_data(max_entries=32, show_spinner=False)
def projection(view: View) -> sgd.Projection:
    return sgd.projection(view.setup, runs(view.setup), view.p1, view.p2, GRID)


@st.cache_data(max_entries=32, show_spinner=False)
def first_epoch(setup: sgd.Setup) -> sgd.Epoch:
    return sgd.first_epoch(setup, runs(setup)[1])


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
    return figures.cost_figure(runs(setup))


@st.cache_resource(max_entries=32, show_spinner=False)
def test_chart(setup: sgd.Setup) -> go.Figure:
    return figures.generalisation_figure(runs(setup))


@st.cache_resource(max_entries=32, show_spinner=False)
def paths_chart(view: View) -> go.Figure:
    paths = {(figures.label(r), r.kind): sgd.path(r, view.p1, view.p2) for r in runs(view.setup)}
    return figures.paths_figure(projection(view), paths)


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


# The step-through ---------------------------------------------------------------------------------


def step_names(per_epoch: int) -> list[str]:
    return ["shuffle"] + [f"b{j}-{part}" for j in range(1, per_epoch + 1) for part in PARTS]


def where(name: str) -> tuple[int, str]:
    """(batch index from 0, part) of a step name; the shuffle is (-1, "shuffle")."""
    if name == "shuffle":
        return -1, name
    batch, part = name[1:].split("-")
    return int(batch) - 1, part


def _n(value, digits: int) -> str:
    return numbers.latex(value, digits)


def epoch_steps(epoch: sgd.Epoch, m: int, p1: str, digits: int) -> tuple[Step, ...]:
    """Shuffle, then for every batch: take it, forward, backward, update (of ``p1``, as an example)."""
    b, per_epoch = epoch.batch_size, len(epoch.steps)
    steps = [
        Step(
            "shuffle",
            f"Shuffle the {m} training samples (from the seed), then cut them into batches of {b}",
            r"\text{batches}",
            r"\left\lceil m / B \right\rceil",
            rf"\left\lceil {m} / {b} \right\rceil",
            float(per_epoch),
            str(per_epoch),
        )
    ]
    index = names.flat_index(sgd.NETWORK)[p1]
    w = names.latex(p1)
    for s in epoch.steps:
        j, size = s.number, len(s.indices)
        batch = rf"\mathcal{{B}}_{{{j}}}"
        steps.append(
            Step(
                f"b{j}-take",
                f"Batch {j} of {per_epoch}: the next B samples of the shuffled order (or the rest)",
                rf"|{batch}|",
                r"\min(B,\ m - (j - 1)\,B)",
                rf"\min({b},\ {m} - {j - 1} \cdot {b})",
                float(size),
                str(size),
            )
        )
        losses = s.trace.losses
        terms = " + ".join(f"L_{{{i}}}" for i in s.indices[:TERMS])
        values = " + ".join(_n(v, SHORT) for v in losses[:TERMS])
        more = r" + \dots" if size > TERMS else ""
        steps.append(
            Step(
                f"b{j}-forward",
                f"Batch {j}: forward pass over its {size} samples, and their mean loss",
                rf"J_{{{batch}}}",
                rf"\frac{{1}}{{|{batch}|}} \sum_{{i \in {batch}}} L_i, \quad "
                r"L_i = -\left[y_i \log a_i + (1 - y_i) \log(1 - a_i)\right]",
                rf"\frac{{1}}{{{size}}} \left({values}{more}\right)" if size > 1 else rf"{terms} = {values}",
                s.cost,
                _n(s.cost, digits),
            )
        )
        layer_norms = [float(np.linalg.norm(g)) for g in s.grads.weights]
        steps.append(
            Step(
                f"b{j}-backward",
                f"Batch {j}: backward pass; the size of the gradient of its cost",
                rf"\lVert \nabla_W J_{{{batch}}} \rVert",
                r"\sqrt{\lVert \partial J / \partial W^{[1]} \rVert^2"
                r" + \lVert \partial J / \partial W^{[2]} \rVert^2}",
                r"\sqrt{" + " + ".join(f"{_n(v, SHORT)}^2" for v in layer_norms) + "}",
                s.grad_norm,
                _n(s.grad_norm, digits),
            )
        )
        old, grad, new = (float(p.flat()[index]) for p in (s.before, s.grads, s.after))
        steps.append(
            Step(
                f"b{j}-update",
                f"Batch {j}: update every weight and bias against its gradient (here {p1})",
                rf"{{{w}}}^{{+}}",
                rf"{w} - \eta \, \frac{{\partial J_{{{batch}}}}}{{\partial {w}}}",
                rf"{_n(old, digits)} - {_n(epoch.lr, digits)} \cdot ({_n(grad, digits)})",
                new,
                _n(new, digits),
            )
        )
    return tuple(steps)


# The teacher's questions --------------------------------------------------------------------------


def _t(value) -> str:
    return numbers.text(value, 3)


def _pct(value) -> str:
    return f"{numbers.fixed(100 * value, 1)} %"


def questions(setup: sgd.Setup, summaries, m: int, m_test: int) -> list[tuple[str, str]]:
    """(question, answer) pairs; each answer cites the current run's numbers."""
    one, mini, full = summaries
    lr = numbers.text(setup.lr)
    erratic = one.grad_spread / full.grad_spread if full.grad_spread else float("inf")
    q1 = (
        f"One sample's gradient is a noisy estimate of the whole training set's. In this run (η = {lr}) "
        f"the gradient's size ‖∂J/∂W‖ averaged **{_t(one.grad_mean)}**, with a standard deviation of "
        f"**{_t(one.grad_spread)}**, for batch size 1; **{_t(mini.grad_mean)}** ± {_t(mini.grad_spread)} "
        f"for batches of {mini.batch_size}; **{_t(full.grad_mean)}** ± {_t(full.grad_spread)} for the full "
        f"batch of {full.batch_size}. A step is η times the gradient, so batch size 1's steps scatter "
        f"**{_t(erratic)}×** as much as the full batch's, and near a minimum they keep jumping around it "
        "instead of settling: the jitter grows with η. A smaller η (or one that shrinks over the epochs) "
        f"lets the noise average out. Here batch size 1 ended at a training cost of {_t(one.train_cost)} "
        f"and a test cost of {_t(one.test_cost)}; the full batch at {_t(full.train_cost)} and "
        f"{_t(full.test_cost)}."
    )
    smooth = (
        f"Every full-batch update uses all {m} training samples, so the cost it reports *is* the training "
        "cost, and each step follows its true gradient: a small enough step can only go downhill. "
        f"In this run the full batch's cost rose in **{full.rises}** of its {max(full.updates - 1, 0)} steps"
    )
    overshoot = ": a rise means η is too large even for the true gradient (the step overshoots)."
    smooth += "." if full.rises == 0 else overshoot
    q2 = smooth + (
        f" Batch size 1 reports one sample's loss per update, and consecutive samples differ: it rose in "
        f"**{one.rises:,}** of {one.updates - 1:,} updates, the mini-batch in **{mini.rises}** of "
        f"{mini.updates - 1}. That is noise in what is measured, not training going wrong: the thick line "
        "(the whole training set's cost after each epoch) is far smoother."
    )
    gaps = ", ".join(
        f"{s.kind} {_t(s.train_cost)} → {_t(s.test_cost)} "
        f"(accuracy {_pct(s.accuracy)} → {_pct(s.test_accuracy)})"
        for s in summaries
    )
    q3 = (
        f"The test cost is measured on {m_test} points the network never learned from. After "
        f"{setup.epochs} epochs, training → test cost: {gaps}. A small gap means what was learned holds on "
        "new data; a test cost well above the training cost means the network fits its own training points "
        "better than the pattern behind them."
    )
    for s in summaries:
        if s.test_cost > s.best_test_cost * 1.02 and s.best_test_epoch < setup.epochs:
            q3 += (
                f" The {s.kind} run's test cost was lowest, {_t(s.best_test_cost)}, after epoch "
                f"{s.best_test_epoch}, and is {_t(s.test_cost)} now, while its training cost went from "
                f"{_t(s.train_at_best_test)} to {_t(s.train_cost)}. "
            )
            q3 += (
                "Training cost falling while test cost rises is overfitting: the network is learning the "
                "noise of its own training points. Stopping at the best test epoch (early stopping) would "
                "have kept the better network."
                if s.train_cost < s.train_at_best_test
                else "Both rose: that is not overfitting but steps too large to settle (try a smaller η)."
            )
            break
    else:
        q3 += " No run's test cost has risen more than 2 % above its lowest: no sign of overfitting yet."
    per_update = [(s.start_cost - s.after_one_epoch) / s.per_epoch for s in summaries]
    q4 = (
        f"All three started at a training cost of {_t(one.start_cost)}. After one epoch (each sample seen "
        f"once): batch size 1 ({one.per_epoch:,} updates) {_t(one.after_one_epoch)}, the mini-batch "
        f"({mini.per_epoch} updates) {_t(mini.after_one_epoch)}, the full batch (1 update) "
        f"{_t(full.after_one_epoch)}. Per update of that epoch the cost fell by {_t(per_update[0])}, "
        f"{_t(per_update[1])} and {_t(per_update[2])} on average. The full batch takes the best-aimed "
        "step but only one per epoch; batch size 1 takes many cheap, noisy ones. A mini-batch sits in "
        "between, and on real hardware its samples are computed in parallel, so it usually wins on time."
    )
    return [
        ("Why does batch size 1 need a smaller learning rate?", q1),
        ("Why is the full batch's curve smooth, and batch size 1's so jagged?", q2),
        ("What does the gap between the training and the test cost tell you?", q3),
        ("Which run learned most per epoch, and which per update?", q4),
    ]
