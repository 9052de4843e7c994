"""Loss functions, each bundled with its derivative with respect to ``out``.

``fn`` returns the loss of each output separately (the lesson's E_o1, E_o2), for each
sample; a sample's loss is their sum, and the cost is the mean of that over the samples.

- ``half_squared``: ½(t - out)², the article's error (``mse`` on the command line);
- ``binary_cross_entropy``: -[t log out + (1 - t) log(1 - out)], per sigmoid output;
- ``cross_entropy``: -t log out, categorical, after a softmax over one-hot targets.
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
    # None: only after a softmax, which that trainer does not take.
    scalar_fn: str | None
    scalar_der: str | None


def clip(out: float) -> float:
    """The scalar twin of the clipping in ``_binary_cross_entropy``."""
    return min(max(out, _EPS), 1.0 - _EPS)


def _half_squared(out, t):
    return 0.5 * (t - out) ** 2


def _half_squared_der(out, t):
    return -(t - out)


def _binary_cross_entropy(out, t):
    o = np.clip(out, _EPS, 1.0 - _EPS)
    return -(t * np.log(o) + (1.0 - t) * np.log1p(-o))


def _binary_cross_entropy_der(out, t):
    o = np.clip(out, _EPS, 1.0 - _EPS)
    return (o - t) / (o * (1.0 - o))


def _cross_entropy(out, t):
    return -t * np.log(np.clip(out, _EPS, 1.0))


def _cross_entropy_der(out, t):
    return -t / np.clip(out, _EPS, 1.0)


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
            "binary_cross_entropy",
            _binary_cross_entropy,
            _binary_cross_entropy_der,
            "-({t} * log(clip({out})) + (1.0 - {t}) * log1p(-clip({out})))",
            "(clip({out}) - {t}) / (clip({out}) * (1.0 - clip({out})))",
        ),
        Loss("cross_entropy", _cross_entropy, _cross_entropy_der, None, None),
    )
}


# The command line's short names: one vocabulary, read the same from a flag and from a network file.
SHORT = {"mse": "half_squared", "bce": "binary_cross_entropy", "ce": "cross_entropy"}
VOCABULARY = ", ".join(f"{short} ({name})" for short, name in SHORT.items())


def canonical(name: str) -> str:
    """A loss's own name from either its short or its own name; ValueError for anything else."""
    name = SHORT.get(name, name)
    if name not in LOSSES:
        text = repr(name) if len(name) <= 40 else repr(name[:40]) + "…"
        raise ValueError(f"unknown loss {text}: choose {VOCABULARY}")
    return name


def loss(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose from {sorted(LOSSES)}") from None
