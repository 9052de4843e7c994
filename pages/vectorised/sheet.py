"""Lesson 4's worksheet: the batch's given matrices, then one box per matrix the lesson computes, in its
order, with the lesson's own formula; the key gives each matrix and works its top-left entry with the
numbers in (``steps.entry_marking``, practice mode's line). Pure."""

import numpy as np

from backprop_core import numbers
from backprop_core.notation import LEARNING_RATE
from pages.vectorised import maths as v
from pages.vectorised.steps import entry_marking
from ui.latex import bmatrix
from ui.worksheet.sheet import Box, Sheet


def source(batch: v.Batch) -> tuple[str, int | None]:
    if batch.cells:
        return f"Seed {batch.seed} with {len(batch.cells)} numbers typed in by the teacher.", None
    return f"New numbers, seed {batch.seed}.", batch.seed


def _box(name: str, title: str, lesson: v.Lesson, digits: int) -> Box:
    m, value = v.matrix(name), np.asarray(lesson[name])
    try:
        line = entry_marking(name, lesson, digits)[0]
        worked = rf"{m.symbol}_{{0,0}} = {line}" if value.ndim else ""
    except ValueError:  # a matrix practice does not ask about: its value alone
        worked = ""
    return Box(
        name,
        title,
        m.symbol,
        m.formula,
        "",
        bmatrix(value, digits),
        " ".join(numbers.text(x, digits) for x in value.ravel()),
        shape=np.atleast_2d(value).shape if value.ndim else None,
        worked=worked,
    )


def sheet(batch: v.Batch, digits: int) -> Sheet:
    lesson = v.lesson(batch)
    said, seed = source(batch)
    given = tuple((v.matrix(n).symbol, bmatrix(lesson[n], digits)) for n in v.STAGES[0].matrices)
    boxes = tuple(
        _box(name, stage.title if len(stage.matrices) == 1 else f"{stage.title}: {name}", lesson, digits)
        for stage in v.STAGES[1:]
        for name in stage.matrices
    )
    return Sheet(
        "4 · The vectorised network",
        "vectorised",
        said,
        f"The network: n = {batch.n_in} inputs, h = {batch.hidden} hidden neurons with "
        f"g = {batch.activation}, one sigmoid output; binary cross-entropy averaged over the m = {batch.m} "
        "samples, the columns of X.",
        "Compute each matrix in order, every sample at once; the top-left entries are worked on the key.",
        (*given, (LEARNING_RATE.latex, numbers.latex(batch.lr, digits))),
        boxes,
        seed,
    )
