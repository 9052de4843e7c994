"""Numeric checks beside one weight's derivation: a finite difference, and what g′ says in words.

The derivation itself, every factor with its numbers as LaTeX, is ``symbolic.weight_chain`` (the
one source the lessons and the Playground share). This module checks it independently and names
what its numbers mean for training: a central finite difference of the same cost (with training's
L2 penalty), and a saturated sigmoid or tanh or a dead ReLU on the weight's way.
"""

import numpy as np

from backprop_core import names, numbers
from backprop_core.network import Gradients, Network, Params, forward
from backprop_core.training import penalty

SATURATED = 1e-3  # a sigmoid or tanh whose g′(z) is below this passes almost no gradient back


def finite_difference(
    network: Network, params: Params, x, t, samples, weight: str, *, l2: float = 0.0, h: float = 1e-6
) -> float:
    """(J(w + h) − J(w − h)) / 2h of the batch's cost with the L2 penalty: an independent check."""
    _, l, index = names.location(network, weight)
    samples = np.asarray(samples, dtype=int)
    xb, tb = x[:, samples], t[:, samples]

    def cost(shift: float) -> float:
        weights = list(params.weights)
        weights[l] = weights[l].copy()
        weights[l][index] += shift
        moved = Params(tuple(weights), params.biases)
        with np.errstate(all="ignore"):  # a diverged run's numbers overflow: the page says so
            return float(forward(network, moved, xb, tb).cost) + penalty(moved, l2)

    step = h * max(1.0, abs(float(params.weights[l][index])))
    return (cost(step) - cost(-step)) / (2 * step)


def warnings(network: Network, gradients: Gradients, weight: str) -> list[str]:
    """What the slope g′(z) of the weight's neuron says over the batch ``gradients`` came from: a
    saturated sigmoid or tanh, or a ReLU dead for every sample (nothing for an output neuron)."""
    n = names.parse(weight, network)
    layer, i = n.layer, n.index[0]
    if layer == len(network.sizes) - 1:
        return []
    activation, g_prime = network.activations[layer - 1], gradients.dout_dnet[layer - 1][i]
    where = f"neuron {i} of layer {layer}"
    if activation == "relu" and np.all(g_prime == 0):
        return [
            f"{where} is a dead ReLU for this batch: z ≤ 0 for every sample, so g′(z) = 0 and no gradient "
            f"reaches {weight} (nor any weight into it)."
        ]
    if activation in ("sigmoid", "tanh") and np.all(np.abs(g_prime) < SATURATED):
        return [
            f"{where} is saturated: its {activation} sits on a flat tail "
            f"(g′(z) < {numbers.text(SATURATED)} for every "
            f"sample of the batch), so almost nothing flows back through it: the gradient vanishes."
        ]
    return []
