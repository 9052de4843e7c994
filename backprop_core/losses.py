"""Loss functions, each bundled with its derivative with respect to ``out``.

``fn`` returns the loss of each output separately (the lesson's E_o1, E_o2);
the network's total error is their sum.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# Keeps log() finite when a sigmoid output rounds to exactly 0 or 1.
_EPS = 1e-15


@dataclass(frozen=True)
class Loss:
    name: str
    fn: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (out, target) -> E per output
    der: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (out, target) -> dE/dout
    # The same two on Python floats, as expressions in {out} and {t} (see compiled.py).
    # Products, not ** 2: a float power raises OverflowError where a product gives inf.
    scalar_fn: str
    scalar_der: str


def clip(out: float) -> float:
    """The scalar twin of the clipping in ``_cross_entropy``."""
    return min(max(out, _EPS), 1.0 - _EPS)


def _half_squared(out, t):
    return 0.5 * (t - out) ** 2


def _half_squared_der(out, t):
    return -(t - out)


def _cross_entropy(out, t):
    o = np.clip(out, _EPS, 1.0 - _EPS)
    return -(t * np.log(o) + (1.0 - t) * np.log1p(-o))


def _cross_entropy_der(out, t):
    o = np.clip(out, _EPS, 1.0 - _EPS)
    return (o - t) / (o * (1.0 - o))


LOSSES = {
    loss.name: loss
    for loss in (
        Loss(
            "half_squared",
            _half_squared,
            _half_squared_der,
            "0.5 * ({t} - {out}) * ({t} - {out})",
            "-({t} - {out})",
        ),
        Loss(
            "cross_entropy",
            _cross_entropy,
            _cross_entropy_der,
            "-({t} * log(clip({out})) + (1.0 - {t}) * log1p(-clip({out})))",
            "(clip({out}) - {t}) / (clip({out}) * (1.0 - clip({out})))",
        ),
    )
}


def loss(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose from {sorted(LOSSES)}") from None
