"""Lesson 0: the derivative as a slope, the gradient as the way down, and why backpropagation.

- Along one parameter of the worked example (all others fixed) the cost is a curve; the
  backward pass's gradient is the slope of its tangent; gradient steps with several
  learning rates walk along it (a small one crawls, a large one can jump past the bottom).
- Over two parameters the gradient is a vector, perpendicular to the contour line through its
  point and pointing uphill; the step goes the other way, along the steepest descent.
- Counting multiplications: each weight's derivative summed path by path, against backprop,
  which computes each layer's δ once and reuses it (dynamic programming).
"""

import math
from dataclasses import dataclass

import numpy as np

from backprop_core.example import FLAT_INDEX, NETWORK, OUTPUTS, PARAMETERS, Example, solve
from backprop_core.network import backward, forward
from backprop_core.surface import grid_axis, line, loss_over, surface
from backprop_core.training import train

# --- one parameter --------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Curve:
    """E_total along ``name``, the tangent at the current value, and descent runs along it."""

    name: str
    axis: np.ndarray
    loss: np.ndarray
    at: float  # the current value of the parameter
    cost: float  # E_total there
    slope: float  # dE_total/d name from the backward pass
    numeric_slope: float  # a central finite difference of the same
    rates: tuple[float, ...]  # learning rates of the runs
    paths: np.ndarray  # (len(rates), steps + 1): the parameter before each step
    path_costs: np.ndarray  # (len(rates), steps + 1): E_total there
    targets: tuple[float, ...] = ()  # t_k and out_k at the current value: E_total's terms
    outputs: tuple[float, ...] = ()
    nudged: tuple[float, float] = (math.nan, math.nan)  # E_total at ``at`` ± NUDGE: a slope by hand

    def tangent(self, values) -> np.ndarray:
        """The tangent line: E + slope · (value − at)."""
        return self.cost + self.slope * (np.asarray(values) - self.at)

    def turns(self, run: int) -> int:
        """How many times run ``run``'s step reversed direction: it overshot the lowest point."""
        steps = np.diff(self.paths[run])
        signs = np.sign(steps[steps != 0])
        return int(np.count_nonzero(signs[1:] != signs[:-1]))

    @property
    def local_minima(self) -> int:
        """How many points of the curve as drawn are lower than both neighbours: where a descent along
        it could stop (the range's ends not counted)."""
        inner = self.loss[1:-1]
        return int(np.count_nonzero((inner < self.loss[:-2]) & (inner <= self.loss[2:])))

    @property
    def lowest(self) -> tuple[float, float]:
        """The lowest point of the curve as drawn: (value, E_total)."""
        i = int(np.argmin(self.loss))
        return float(self.axis[i]), float(self.loss[i])


NUDGE = 1e-3  # the step of the slope a learner works by hand: (E(p + h) − E(p − h)) / 2h
NUDGED_DIGITS = 9  # E(p ± h) is shown this precisely: its difference is in the fourth digit or later


def nudged(example: Example, name: str, h: float = NUDGE) -> tuple[float, float]:
    """E_total at the parameter ``name`` moved by +h and by −h."""
    p = getattr(example, name)
    return tuple(float(loss_over(example, **{name: p + d})) for d in (h, -h))


def finite_difference(example: Example, name: str, h: float = 1e-6) -> float:
    """(E(p + h) − E(p − h)) / 2h along one parameter."""
    p = getattr(example, name)
    return float((loss_over(example, **{name: p + h}) - loss_over(example, **{name: p - h})) / (2 * h))


def curve(example: Example, name: str, rates, steps: int, half_range: float, points: int = 201) -> Curve:
    """The cost along ``name`` and one gradient-descent run per learning rate, moving only ``name``."""
    if name not in PARAMETERS:
        raise ValueError(f"{name!r} is not a parameter; choose from {', '.join(PARAMETERS)}")
    axis, costs = line(example, name, half_range, points)
    solution = solve(example)
    trainable = np.arange(len(PARAMETERS)) == FLAT_INDEX[name]
    rates = tuple(float(r) for r in rates)
    history = train(
        NETWORK,
        example.params,
        example.inputs,
        example.targets,
        np.array(rates),
        steps,
        update_biases=True,
        trainable=trainable,
    )
    paths = history.params.flat()[..., FLAT_INDEX[name]].T  # (rates, steps + 1)
    return Curve(
        name,
        axis,
        costs,
        getattr(example, name),
        solution.forward["E_total"],
        solution.gradients[name],
        finite_difference(example, name),
        rates,
        paths,
        np.asarray(history.loss).T,
        tuple(float(t) for t in example.targets),
        tuple(solution.forward[o] for o in OUTPUTS),
        nudged(example, name),
    )


# --- two parameters ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Field:
    """E_total over two parameters, and the gradient (both components) on a coarser grid of arrows."""

    p1: str
    p2: str
    a: np.ndarray  # p1's values (columns of ``loss``)
    b: np.ndarray  # p2's values (rows)
    loss: np.ndarray
    arrow_a: np.ndarray  # (k, k) grid of arrow positions
    arrow_b: np.ndarray
    g1: np.ndarray  # dE/dp1 at each arrow
    g2: np.ndarray  # dE/dp2


def gradients_over(example: Example, p1: str, p2: str, a: np.ndarray, b: np.ndarray):
    """(dE/dp1, dE/dp2) at every (a[j], b[i]): one batched forward and backward pass."""
    params = example.params
    shape = np.broadcast_shapes(np.shape(a), np.shape(b))
    flat = np.broadcast_to(params.flat(), shape + (len(PARAMETERS),)).copy()
    flat[..., FLAT_INDEX[p1]], flat[..., FLAT_INDEX[p2]] = a, b
    batch = params.from_flat(flat)
    trace = forward(NETWORK, batch, example.inputs, example.targets)
    grads = backward(NETWORK, batch, trace, example.targets).grads.flat()
    return grads[..., FLAT_INDEX[p1]], grads[..., FLAT_INDEX[p2]]


def field(example: Example, p1: str, p2: str, half_range: float, points: int = 81, arrows: int = 9) -> Field:
    if p1 == p2:
        raise ValueError("choose two different parameters")
    s = surface(example, p1, p2, half_range, points)
    aa, bb = np.meshgrid(
        grid_axis(getattr(example, p1), half_range * 0.8, arrows),
        grid_axis(getattr(example, p2), half_range * 0.8, arrows),
    )
    g1, g2 = gradients_over(example, p1, p2, aa, bb)
    return Field(p1, p2, s.a, s.b, s.loss, aa, bb, g1, g2)


@dataclass(frozen=True)
class Direction:
    name: str  # what the direction is, in words
    u1: float  # a unit vector in (p1, p2)
    u2: float
    slope: float  # the directional derivative: the gradient · u


@dataclass(frozen=True)
class Steepest:
    """The numbers behind "the gradient points uphill, the step goes the other way"."""

    p1: str
    p2: str
    g1: float
    g2: float
    norm: float  # |∇E|: the steepest slope there is
    lr: float
    step1: float  # −lr · g1
    step2: float
    predicted: float  # the first-order change −lr |∇E|²
    actual: float  # E after the step − E before
    directions: tuple[Direction, ...]


def steepest(example: Example, p1: str, p2: str, lr: float | None = None) -> Steepest:
    """The gradient at the current point, the step it gives (with ``lr``, else the example's),
    and the slopes in other directions."""
    g = solve(example).gradients
    g1, g2 = g[p1], g[p2]
    norm = float(np.hypot(g1, g2))
    lr = example.lr if lr is None else float(lr)
    step1, step2 = -lr * g1, -lr * g2
    before = solve(example).forward["E_total"]
    after = float(loss_over(example, **{p1: getattr(example, p1) + step1, p2: getattr(example, p2) + step2}))
    units = [("against the gradient (steepest descent)", -g1 / norm, -g2 / norm)] if norm else []
    units += [(f"along {p1} only", 1.0, 0.0), (f"along {p2} only", 0.0, 1.0)]
    units += [("along the contour line", -g2 / norm, g1 / norm)] if norm else []
    units += [("with the gradient (steepest ascent)", g1 / norm, g2 / norm)] if norm else []
    directions = tuple(Direction(n, u1, u2, g1 * u1 + g2 * u2) for n, u1, u2 in units)
    return Steepest(p1, p2, g1, g2, norm, lr, step1, step2, -lr * norm**2, after - before, directions)


# --- why backpropagation: counting multiplications ------------------------------------------------


@dataclass(frozen=True)
class Count:
    """Multiplications for every weight's derivative of one sample's loss, two ways."""

    sizes: tuple[int, ...]
    weights: int
    paths: int  # paths from the first hidden layer's neurons to the outputs, summed over neurons
    path_by_path: int
    backprop: int
    terms: tuple[tuple[int, int, int, int], ...]  # per layer: n_l, n_(l-1), paths a neuron, mults a path

    @property
    def ratio(self) -> float:
        return self.path_by_path / self.backprop


def count(sizes) -> Count:
    """Path by path, in a network of D layers of weights (D, not L: L is lesson 6's loss):
    dE/dW_l[i,j] = a_(l-1)[j] · Σ over paths from neuron i of layer l to an output of g'·(w·g')…·dE/da,
    a product of 2(D − l) + 3 factors, so 2(D − l) + 2 multiplications a path.
    Backprop: δ_D = dE/da ⊙ g' (n_D); δ_l = (W_(l+1)ᵀ δ_(l+1)) ⊙ g' (n_(l+1)·n_l + n_l); then
    dW_l = δ_l a_(l-1)ᵀ (n_l·n_(l-1)). Biases are left out: their input is 1, nothing to multiply.
    """
    sizes = tuple(int(n) for n in sizes)
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"a network needs at least two layers of at least one neuron: {sizes}")
    depth = len(sizes) - 1
    downstream = [1] * (depth + 1)  # downstream[l]: paths from one neuron of layer l to the outputs
    for l in range(depth - 1, 0, -1):
        downstream[l] = sizes[l + 1] * downstream[l + 1]
    weights = sum(sizes[l] * sizes[l - 1] for l in range(1, depth + 1))
    terms = tuple((sizes[l], sizes[l - 1], downstream[l], 2 * (depth - l) + 2) for l in range(1, depth + 1))
    path_by_path = sum(a * b * c * d for a, b, c, d in terms)
    backprop = sizes[-1] + sum(sizes[l + 1] * sizes[l] + sizes[l] for l in range(1, depth))
    backprop += weights
    paths = sizes[1] * downstream[1]
    return Count(sizes, weights, paths, path_by_path, backprop, terms)


def deeper(n_in: int, width: int, n_out: int, depths) -> tuple[Count, ...]:
    """The counts as hidden layers of ``width`` neurons are added one by one."""
    return tuple(count((n_in, *[width] * d, n_out)) for d in depths)
