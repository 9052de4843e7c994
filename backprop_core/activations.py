"""Activation functions, each bundled with its derivative.

Like tensorflow/playground's ``Activation``: an object holding the function and
its derivative, looked up by name so a network can be described by plain text.
The derivative takes both ``net`` and ``out`` so each can use the cheaper one
(sigmoid's is ``out * (1 - out)``, the form the lesson teaches).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Activation:
    name: str
    fn: Callable[[np.ndarray], np.ndarray]
    der: Callable[[np.ndarray, np.ndarray], np.ndarray]  # (net, out) -> d out / d net
    # The same two on Python floats, as expressions in {net} and {out}, for the
    # compiled single-run trainer (see compiled.py); tests check they agree.
    scalar_fn: str
    scalar_der: str


def _sigmoid(net):
    # 1 / (1 + e^-net) rewritten with tanh: exact, and no overflow for any finite net.
    return 0.5 + 0.5 * np.tanh(0.5 * net)


ACTIVATIONS = {
    a.name: a
    for a in (
        Activation(
            "sigmoid",
            _sigmoid,
            lambda net, out: out * (1.0 - out),
            "0.5 + 0.5 * tanh(0.5 * {net})",
            "{out} * (1.0 - {out})",
        ),
        Activation("tanh", np.tanh, lambda net, out: 1.0 - out * out, "tanh({net})", "1.0 - {out} * {out}"),
        Activation(
            "relu",
            lambda net: np.maximum(net, 0.0),
            lambda net, out: (net > 0) * 1.0,
            "({net} if {net} > 0.0 else 0.0)",
            "(1.0 if {net} > 0.0 else 0.0)",
        ),
        Activation("linear", lambda net: net * 1.0, lambda net, out: np.ones_like(net), "{net}", "1.0"),
    )
}


def sigmoid(net):
    return _sigmoid(net)


def activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose from {sorted(ACTIVATIONS)}") from None
