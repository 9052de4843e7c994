"""The loss landscape: E_total over a grid of chosen parameters (every other parameter fixed), slices
through it and paths down it, by parameter name.

The grid is a batch of networks: one forward pass over arrays of shape
(*grid, ...) evaluates every point at once, with no Python loop over points.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import names
from .example import FLAT_INDEX, NETWORK, PARAMETERS, Example, values_from_params
from .network import Network, Params, forward
from .training import train


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
    varied = np.zeros(len(index), dtype=bool)
    for name, v in values.items():
        flat[..., index[name]] = v
        varied[index[name]] = True
    # Only the layers that hold a varied parameter take the grid's axes: a layer before them is the same
    # at every point and is computed once (lesson 5's two output weights: the hidden layer over 150
    # samples once, not at each of 51 × 51 points).
    grid, marks = params.from_flat(flat), params.from_flat(varied)
    varies = [mw.any() or mb.any() for mw, mb in zip(marks.weights, marks.biases)]
    weights = tuple(g if v else w for g, w, v in zip(grid.weights, params.weights, varies))
    biases = tuple(g if v else b for g, b, v in zip(grid.biases, params.biases, varies))
    cost = forward(network, Params(weights, biases), x, t).cost
    return np.broadcast_to(cost, shape)  # every point's, even when no layer varies


def grid_axis(centre: float, half_width: float, points: int) -> np.ndarray:
    # linspace(centre - hw, centre + hw) can miss the centre by an ulp; offsets made
    # exactly antisymmetric put it in the middle of an odd number of points.
    offsets = np.linspace(-half_width, half_width, points)
    return centre + (offsets - offsets[::-1]) / 2


# Slices and paths. A slice fixes every parameter but one or two. Gradient descent on only those two
# stays on their slice; full training moves the others too, so its path projected onto the slice runs
# over a surface that is itself changing.


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
