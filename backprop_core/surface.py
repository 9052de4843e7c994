"""E_total over a grid of chosen parameters, every other parameter fixed.

The grid is a batch of networks: one forward pass over arrays of shape
(*grid, ...) evaluates every point at once, with no Python loop over points.
"""

from collections.abc import Mapping

import numpy as np

from . import names
from .example import FLAT_INDEX, NETWORK, Example
from .network import Network, Params, forward


def loss_over(example: Example, **values) -> np.ndarray:
    """E_total with the named parameters set to arrays that broadcast together.

    ``loss_over(ex, w5=a[None, :], w6=b[:, None])`` is the surface over w5 and w6,
    shaped (len(b), len(a)); ``loss_over(ex, w5=a)`` is a 1-D slice.
    """
    unknown = set(values) - set(FLAT_INDEX)
    if unknown:
        raise ValueError(f"not parameters of the example: {sorted(unknown)}")
    params = example.params
    shape = np.broadcast_shapes(*(np.shape(v) for v in values.values()))
    flat = np.broadcast_to(params.flat(), shape + (len(FLAT_INDEX),)).copy()
    for name, v in values.items():
        flat[..., FLAT_INDEX[name]] = v
    return forward(NETWORK, params.from_flat(flat), example.inputs, example.targets).cost


def cost_over(network: Network, params: Params, x, t, values: Mapping[str, np.ndarray]) -> np.ndarray:
    """Any network's cost over a data set with the named parameters (``W2[0,1]``, ``b1[0]``) set to
    arrays that broadcast together, every other parameter as in ``params``: one forward pass with
    the grid as leading "runs" axes (``{"W2[0,0]": a[None, :], "W2[0,1]": b[:, None]}`` is a
    (len(b), len(a)) surface)."""
    index = names.flat_index(network)
    unknown = set(values) - set(index)
    if unknown:
        raise ValueError(f"not parameters of the network: {sorted(unknown)}")
    shape = np.broadcast_shapes(*(np.shape(v) for v in values.values()))
    flat = np.broadcast_to(params.flat(), shape + (len(index),)).copy()
    for name, v in values.items():
        flat[..., index[name]] = v
    return forward(network, params.from_flat(flat), x, t).cost


def grid_axis(centre: float, half_width: float, points: int) -> np.ndarray:
    # linspace(centre - hw, centre + hw) can miss the centre by an ulp; offsets made
    # exactly antisymmetric put it in the middle of an odd number of points.
    offsets = np.linspace(-half_width, half_width, points)
    return centre + (offsets - offsets[::-1]) / 2
