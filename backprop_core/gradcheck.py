"""Central finite differences: the independent check on backpropagation."""

import numpy as np

from .network import Network, Params, forward


def numeric_gradient(network: Network, params: Params, x, t, h: float = 1e-6) -> Params:
    """(E(p + h) - E(p - h)) / 2h for every parameter, all in one batched forward pass."""
    flat = params.flat()
    shifts = np.eye(flat.size) * h
    total = forward(network, params.from_flat(np.concatenate([flat + shifts, flat - shifts])), x, t).cost
    return params.from_flat((total[: flat.size] - total[flat.size :]) / (2 * h))
