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
    # compiled single-run trainer (see compiled.py); tests check they agree. None: not
    # element by element (softmax), so that trainer does not take it.
    scalar_fn: str | None
    scalar_der: str | None


def _sigmoid(net):
    # 1 / (1 + e^-net) through e^-|net|: it cannot overflow, and each tail keeps full
    # relative precision (0.5 + 0.5 tanh(net/2) gave sigmoid(-30) to 3 digits, and 0 below -37).
    # The numerator, 1 where net >= 0 and e^net below, is e^min(net, 0): the same numbers as
    # np.where(net >= 0, 1.0, e), in two cheap calls instead of a comparison and a where.
    return np.exp(np.minimum(net, 0.0)) / (1.0 + np.exp(-np.abs(net)))


def _softmax(net):
    # Over the neurons of a layer (axis -2: samples are columns); shifting by the largest
    # net first keeps exp() from overflowing and changes nothing else.
    e = np.exp(net - net.max(axis=-2, keepdims=True))
    return e / e.sum(axis=-2, keepdims=True)


ACTIVATIONS = {
    a.name: a
    for a in (
        Activation(
            "sigmoid",
            _sigmoid,
            lambda net, out: out * (1.0 - out),
            "(1.0 / (1.0 + exp(-{net})) if {net} >= 0.0 else (_e := exp({net})) / (1.0 + _e))",
            "{out} * (1.0 - {out})",
        ),
        Activation("tanh", np.tanh, lambda net, out: 1.0 - out * out, "tanh({net})", "1.0 - {out} * {out}"),
        Activation(
            "relu",
            lambda net: np.maximum(net, 0.0),
            lambda net, out: (net > 0) * 1.0,
            "(0.0 if {net} <= 0.0 else {net})",  # keeps nan, as np.maximum does
            "(1.0 if {net} > 0.0 else 0.0)",
        ),
        Activation("linear", lambda net: net * 1.0, lambda net, out: np.ones_like(net), "{net}", "1.0"),
        # d out_k / d net_k only (the Jacobian's diagonal); the network uses softmax only with
        # cross-entropy, where the whole product simplifies to out - t (network.fused).
        Activation("softmax", _softmax, lambda net, out: out * (1.0 - out), None, None),
    )
}


def sigmoid(net):
    return _sigmoid(net)


def activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose from {sorted(ACTIVATIONS)}") from None
