"""Lesson 5's step-through: one epoch of mini-batch descent as lesson Steps (shuffle, then each batch
taken, forward, backward, update). Pure: every number is read from ``pages.sgd.maths`` and printed
through ``numbers``; the texts only choose which numbers to cite.
"""

import numpy as np

from backprop_core import names, numbers
from backprop_core.steps import Step
from pages.sgd import maths as sgd

PARTS = ("take", "forward", "backward", "update")
TERMS = 3  # per-sample losses written out in the forward step before "…"
SHORT = 4  # significant digits for the terms inside a formula (the results keep the lesson's)


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
