"""Lesson 5's worksheet: the mini-batch run's first epoch as the lesson steps through it (the batches per
epoch, then the first two batches taken, their cost, their gradient's size and one weight's update, and
the size of the last batch), each box with the numbers it needs that no earlier box gives. Pure: the
lesson's own Steps (``steps.epoch_steps``), every number from ``maths``."""

import numpy as np

from backprop_core import names, numbers
from backprop_core.notation import LEARNING_RATE
from pages.sgd import maths as sgd
from pages.sgd.steps import SHORT, epoch_steps, where
from ui.worksheet.sheet import Box, Sheet

BATCHES = 2  # the batches worked in full


def _given(s: sgd.BatchStep, part: str, p1: str) -> str:
    """The numbers a learner needs for this part of batch ``s`` (as the lesson's formula writes them)."""
    if part == "forward":
        return r",\ ".join(
            rf"L_{{{i}}} = {numbers.latex(x, SHORT)}" for i, x in zip(s.indices, s.trace.losses)
        )
    if part == "backward":
        norms = (float(np.linalg.norm(g)) for g in s.grads.weights)
        return r",\ ".join(
            rf"\lVert \partial J / \partial W^{{[{l + 1}]}} \rVert = {numbers.latex(n, SHORT)}"
            for l, n in enumerate(norms)
        )
    if part == "update":
        i = names.flat_index(sgd.NETWORK)[p1]
        old, grad = float(s.before.flat()[i]), float(s.grads.flat()[i])
        w = names.latex(p1)
        return (
            rf"{w} = {numbers.latex(old, SHORT)},\ \partial J / \partial {w} = {numbers.latex(grad, SHORT)}"
        )
    return ""


def sheet(setup: sgd.Setup, epoch: sgd.Epoch, m: int, p1: str, digits: int) -> Sheet:
    steps = epoch_steps(epoch, m, p1, digits)
    last = len(epoch.steps) - 1
    boxes = []
    for step in steps:
        batch, part = where(step.name)
        if batch < BATCHES or (batch == last and part == "take"):
            given = _given(epoch.steps[batch], part, p1) if batch >= 0 else ""
            boxes.append(Box.of(step, numbers.text(step.value, digits), given=given))
    return Sheet(
        "5 · Mini-batch gradient descent",
        "sgd",
        f"New numbers, seed {setup.seed}.",
        f"The network: 2 inputs, {sgd.HIDDEN} tanh hidden neurons, one sigmoid output, cross-entropy; "
        f"trained on {m} two-moons points in mini-batches of B = {epoch.batch_size}.",
        f"Work through the first epoch: the first {BATCHES} batches in full, then the size of the last one.",
        (("m", str(m)), ("B", str(epoch.batch_size)), (LEARNING_RATE.latex, numbers.latex(epoch.lr, digits))),
        tuple(boxes),
        setup.seed,
        columns=1,
    )
