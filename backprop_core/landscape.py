"""The loss landscape around the example: slices through it and paths down it, by parameter name.

A slice fixes every parameter but one or two. Gradient descent on only those
two stays on their slice; full training moves the others too, so its path
projected onto the slice runs over a surface that is itself changing.
"""

from dataclasses import dataclass

import numpy as np

from .example import FLAT_INDEX, NETWORK, PARAMETERS, Example, values_from_params
from .surface import grid_axis, loss_over
from .training import train


@dataclass(frozen=True, eq=False)
class Slice:
    """E_total over two parameters: ``loss[i, j]`` is at ``p1 = a[j]``, ``p2 = b[i]``."""

    p1: str
    p2: str
    a: np.ndarray
    b: np.ndarray
    loss: np.ndarray


@dataclass(frozen=True, eq=False)
class Path:
    """Where gradient descent went: every parameter by name at each recorded step, and E_total."""

    steps: np.ndarray
    values: dict  # name -> (n_records,)
    loss: np.ndarray


def surface(example: Example, p1: str, p2: str, half_range: float, points: int) -> Slice:
    a = grid_axis(getattr(example, p1), half_range, points)
    b = grid_axis(getattr(example, p2), half_range, points)
    return Slice(p1, p2, a, b, loss_over(example, **{p1: a[None, :], p2: b[:, None]}))


def line(example: Example, name: str, half_range: float, points: int) -> tuple[np.ndarray, np.ndarray]:
    """E_total along one parameter, the others fixed: (values, losses)."""
    a = grid_axis(getattr(example, name), half_range, points)
    return a, loss_over(example, **{name: a})


def descend(example: Example, steps: int, *, only=None, update_biases=False, record_every=1) -> Path:
    """Gradient descent from the example; ``only`` names the parameters allowed to move (biases too)."""
    trainable = None
    if only is not None:
        trainable = np.isin(np.arange(len(PARAMETERS)), [FLAT_INDEX[n] for n in only])
        update_biases = True  # a chosen bias moves; the mask keeps the others fixed
    h = train(
        NETWORK,
        example.params,
        example.inputs,
        example.targets,
        example.lr,
        steps,
        update_biases=update_biases,
        record_every=record_every,
        trainable=trainable,
    )
    return Path(h.steps, {k: np.asarray(v) for k, v in values_from_params(h.params).items()}, h.loss)
