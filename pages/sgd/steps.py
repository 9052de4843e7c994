"""Lesson 5's step-through: one epoch of mini-batch descent as lesson Steps (shuffle, then each batch
taken, forward, backward, update). Pure: every number is read from ``pages.sgd.maths`` and printed
through ``numbers``; the texts only choose which numbers to cite.
"""

import numpy as np

from backprop_core import mistakes, names, numbers
from backprop_core.answers import ROUNDED_DIGITS, on_paper
from backprop_core.steps import Step
from pages.sgd import maths as sgd

PARTS = ("take", "forward", "backward", "update")
TERMS = 3  # per-sample losses written out in the forward step before "…"
SHORT = ROUNDED_DIGITS  # the terms inside a formula: as a learner copies them (results keep the lesson's)
ROUNDED_DOWN = "m / B looks rounded down: the last, shorter batch counts too"
FULL_LAST = "the last batch holds only the samples left: m − (j − 1)·B"


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


def _batch(j: int) -> str:
    r"""Batch j's symbol, \mathcal{B}_j."""
    return rf"\mathcal{{B}}_{{{j}}}"


def epoch_steps(epoch: sgd.Epoch, m: int, p1: str, digits: int) -> tuple[Step, ...]:
    """Shuffle, then for every batch: take it, forward, backward, update (of ``p1``, as an example)."""
    b, per_epoch = epoch.batch_size, len(epoch.steps)
    steps = [_shuffle(m, b, per_epoch)]
    index = names.flat_index(sgd.NETWORK)[p1]
    for s in epoch.steps:
        steps += [
            _take(s, m, b, per_epoch),
            _forward(s, digits),
            _backward(s, digits),
            _update(s, epoch.lr, p1, index, digits),
        ]
    return tuple(steps)


def _shuffle(m: int, b: int, per_epoch: int) -> Step:
    return Step(
        "shuffle",
        f"Shuffle the {m} training samples (from the seed), then cut them into batches of {b}",
        r"\text{batches}",
        r"\left\lceil m / B \right\rceil",
        rf"\left\lceil {m} / {b} \right\rceil",
        float(per_epoch),
        str(per_epoch),
        slips=mistakes.kept(per_epoch, None, ((float(m // b), ROUNDED_DOWN),)),
    )


def _take(s: sgd.BatchStep, m: int, b: int, per_epoch: int) -> Step:
    j, size = s.number, len(s.indices)
    return Step(
        f"b{j}-take",
        f"Batch {j} of {per_epoch}: the next B samples of the shuffled order (or the rest)",
        rf"|{_batch(j)}|",
        r"\min(B,\ m - (j - 1)\,B)",
        rf"\min({b},\ {m} - {j - 1} \cdot {b})",
        float(size),
        str(size),
        slips=mistakes.kept(size, None, ((float(b), FULL_LAST),)),
    )


def _forward(s: sgd.BatchStep, digits: int) -> Step:
    j, size, batch = s.number, len(s.indices), _batch(s.number)
    losses = s.trace.losses
    terms = " + ".join(f"L_{{{i}}}" for i in s.indices[:TERMS])
    values = " + ".join(_n(v, SHORT) for v in losses[:TERMS])
    more = r" + \dots" if size > TERMS else ""
    return Step(
        f"b{j}-forward",
        f"Batch {j}: forward pass over its {size} samples, and their mean loss",
        rf"J_{{{batch}}}",
        rf"\frac{{1}}{{|{batch}|}} \sum_{{i \in {batch}}} L_i, \quad "
        r"L_i = -\left[y_i \log a_i + (1 - y_i) \log(1 - a_i)\right]",
        rf"\frac{{1}}{{{size}}} \left({values}{more}\right)" if size > 1 else rf"{terms} = {values}",
        s.cost,
        _n(s.cost, digits),
        rounded=(rounded := on_paper(np.mean, losses)),
        slips=mistakes.kept(
            s.cost,
            rounded,
            ((float(np.sum(losses)), mistakes.SUM_FOR_MEAN), (float(losses[0]), mistakes.ONE_SAMPLE)),
        ),
    )


def _backward(s: sgd.BatchStep, digits: int) -> Step:
    j = s.number
    layer_norms = [float(np.linalg.norm(g)) for g in s.grads.weights]
    return Step(
        f"b{j}-backward",
        f"Batch {j}: backward pass; the size of the gradient of its cost",
        rf"\lVert \nabla_W J_{{{_batch(j)}}} \rVert",
        r"\sqrt{\lVert \partial J / \partial W^{[1]} \rVert^2"
        r" + \lVert \partial J / \partial W^{[2]} \rVert^2}",
        r"\sqrt{" + " + ".join(f"{_n(v, SHORT)}^2" for v in layer_norms) + "}",
        s.grad_norm,
        _n(s.grad_norm, digits),
        rounded=(rounded := on_paper(lambda n: np.sqrt(np.sum(n**2)), np.array(layer_norms))),
        slips=mistakes.kept(
            s.grad_norm,
            rounded,
            ((sum(n**2 for n in layer_norms), mistakes.NO_ROOT), (sum(layer_norms), mistakes.NO_SQUARES)),
        ),
    )


def _update(s: sgd.BatchStep, lr: float, p1: str, index: int, digits: int) -> Step:
    """Every parameter moves; the step writes out ``p1``'s move (``index``: its place in the flat vector)."""
    j, w = s.number, names.latex(p1)
    old, grad, new = (float(p.flat()[index]) for p in (s.before, s.grads, s.after))
    return Step(
        f"b{j}-update",
        f"Batch {j}: update every weight and bias against its gradient (here {p1})",
        rf"{{{w}}}^{{+}}",
        rf"{w} - \eta \, \frac{{\partial J_{{{_batch(j)}}}}}{{\partial {w}}}",
        rf"{_n(old, digits)} - {_n(lr, digits)} \cdot ({_n(grad, digits)})",
        new,
        _n(new, digits),
        rounded=(rounded := on_paper(lambda p, lr, g: p - lr * g, old, lr, grad)),
        slips=mistakes.kept(new, rounded, mistakes.update(old, lr, grad)),
    )
