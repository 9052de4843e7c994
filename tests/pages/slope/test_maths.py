"""Lesson 0: slopes against SymPy and finite differences, descent against a hand-written loop,
the gradient's direction against finite differences, and the operation counts against a brute-force
enumeration of every path (whose gradients must also equal backprop's)."""

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest

from backprop_core.example import ARTICLE, PARAMETERS, solve
from backprop_core.network import Network, backward, forward, init_params
from backprop_core.surface import loss_over
from backprop_core.symbolic import symbolic_gradient
from pages.slope import maths as slope

EXACT = symbolic_gradient(ARTICLE)


@pytest.mark.parametrize("name", PARAMETERS)
def test_the_tangents_slope_is_the_derivative(name):
    c = slope.curve(ARTICLE, name, (0.5,), 3, 1.0)
    assert c.slope == pytest.approx(EXACT[name], rel=1e-12, abs=1e-15)
    assert c.numeric_slope == pytest.approx(EXACT[name], rel=1e-6, abs=1e-10)
    assert c.tangent(c.at) == c.cost
    middle = len(c.axis) // 2
    assert c.axis[middle] == c.at and c.loss[middle] == pytest.approx(c.cost, rel=1e-15)


def test_descent_along_one_parameter_equals_a_hand_written_loop():
    rates, steps = (0.5, 5.0, 20.0), 12
    c = slope.curve(ARTICLE, "b2", rates, steps, 2.0)
    for r, lr in enumerate(rates):
        ex = ARTICLE
        for k in range(steps + 1):
            assert c.paths[r, k] == pytest.approx(ex.b2, rel=1e-12, abs=1e-14), (lr, k)
            assert c.path_costs[r, k] == pytest.approx(solve(ex).forward["E_total"], rel=1e-12)
            ex = replace(ex, b2=ex.b2 - lr * solve(ex).gradients["b2"])


def test_a_rate_too_large_bounces_where_a_small_one_creeps_down():
    c = slope.curve(ARTICLE, "b2", (0.5, 20.0), 12, 2.0)
    small, large = np.diff(c.paths[0]), np.diff(c.paths[1])
    assert (small < 0).all() and (np.diff(c.path_costs[0]) < 0).all()
    assert (np.sign(large[1:]) != np.sign(large[:-1])).all()  # it overshoots every time
    assert c.turns(0) == 0 and c.turns(1) == len(large) - 1
    low, cost = c.lowest
    assert cost == c.loss.min() and cost < c.cost


def fd(example, **direction) -> float:
    h = 1e-6
    plus = loss_over(example, **{p: getattr(example, p) + h * u for p, u in direction.items()})
    minus = loss_over(example, **{p: getattr(example, p) - h * u for p, u in direction.items()})
    return float((plus - minus) / (2 * h))


def test_the_arrows_are_gradients():
    f = slope.field(ARTICLE, "w5", "b2", 2.0, points=21, arrows=5)
    for i, j in [(0, 0), (2, 3), (4, 1)]:
        here = replace(ARTICLE, w5=float(f.arrow_a[i, j]), b2=float(f.arrow_b[i, j]))
        assert f.g1[i, j] == pytest.approx(fd(here, w5=1.0), rel=1e-6)
        assert f.g2[i, j] == pytest.approx(fd(here, b2=1.0), rel=1e-6)


def test_the_gradient_is_the_steepest_way_up_and_perpendicular_to_the_contour():
    s = slope.steepest(ARTICLE, "w5", "b2")
    by_name = {d.name.split(" (")[0]: d for d in s.directions}
    for d in s.directions:
        assert math.hypot(d.u1, d.u2) == pytest.approx(1.0)
        assert d.slope == pytest.approx(fd(ARTICLE, w5=d.u1, b2=d.u2), rel=1e-6, abs=1e-9), d.name
    assert by_name["along the contour line"].slope == pytest.approx(0.0, abs=1e-15)
    assert by_name["against the gradient"].slope == pytest.approx(-s.norm)
    for angle in np.linspace(0, 2 * np.pi, 36, endpoint=False):  # no direction climbs faster
        assert fd(ARTICLE, w5=math.cos(angle), b2=math.sin(angle)) <= s.norm + 1e-9
    assert s.step1 == pytest.approx(-ARTICLE.lr * EXACT["w5"], rel=1e-12) and s.actual < 0
    assert s.actual == pytest.approx(s.predicted, rel=0.05)  # first order is close for a small step
    assert slope.steepest(ARTICLE, "w5", "b2", lr=5.0).step2 == pytest.approx(-5.0 * EXACT["b2"], rel=1e-12)


# --- the operation counts against brute force ------------------------------------------------------


class Counter:
    def __init__(self):
        self.n = 0

    def mul(self, a, b):
        self.n += 1
        return a * b


def path_by_path(net: Network, params, x, t):
    """dE/dW_l[i,j] as a sum over every path from neuron i of layer l to an output, counted."""
    trace = forward(net, params, x, t)
    grads = backward(net, params, trace, t)
    a = [o[:, 0] for o in trace.outs]
    gp = [d[:, 0] for d in grads.dout_dnet]  # g'(z) per layer
    dE_da = grads.dE_dout[-1][:, 0]
    sizes, depth, c = net.sizes, len(net.sizes) - 1, Counter()
    result = [np.zeros_like(w) for w in params.weights]
    for l in range(1, depth + 1):
        for i, j in itertools.product(range(sizes[l]), range(sizes[l - 1])):
            total = 0.0
            for rest in itertools.product(*(range(n) for n in sizes[l + 1 :])):
                path = (i, *rest)
                product = c.mul(a[l - 1][j], gp[l - 1][i])
                for k in range(1, len(path)):  # the edge into layer l + k, then that neuron's slope
                    product = c.mul(product, params.weights[l + k - 1][path[k], path[k - 1]])
                    product = c.mul(product, gp[l + k - 1][path[k]])
                total += c.mul(product, dE_da[path[-1]])
            result[l - 1][i, j] = total
    return result, c.n, grads.grads.weights


def by_backprop(net: Network, params, x, t):
    """Each δ once, reused by every weight into its layer: counted."""
    trace = forward(net, params, x, t)
    grads = backward(net, params, trace, t)
    a = [o[:, 0] for o in trace.outs]
    gp = [d[:, 0] for d in grads.dout_dnet]
    sizes, depth, c = net.sizes, len(net.sizes) - 1, Counter()
    delta = [None] * (depth + 1)
    delta[depth] = [c.mul(grads.dE_dout[-1][k, 0], gp[-1][k]) for k in range(sizes[-1])]
    for l in range(depth - 1, 0, -1):
        w = params.weights[l]
        back = [sum(c.mul(w[k, i], delta[l + 1][k]) for k in range(sizes[l + 1])) for i in range(sizes[l])]
        delta[l] = [c.mul(back[i], gp[l - 1][i]) for i in range(sizes[l])]
    result = [
        np.array([[c.mul(delta[l][i], a[l - 1][j]) for j in range(sizes[l - 1])] for i in range(sizes[l])])
        for l in range(1, depth + 1)
    ]
    return result, c.n


@pytest.mark.parametrize("sizes", [(2, 2, 2), (3, 4, 1), (2, 3, 3, 2), (1, 2, 3, 2, 2), (2, 1, 1, 1, 1, 3)])
def test_counts_equal_a_brute_force_enumeration_of_every_path(sizes):
    depth = len(sizes) - 1
    net = Network(sizes, ("sigmoid",) * depth)
    rng = np.random.default_rng(len(sizes))
    params = init_params(net, rng, "normal")
    x, t = rng.normal(size=sizes[0]), rng.uniform(size=sizes[-1])
    paths, n_paths, reference = path_by_path(net, params, x, t)
    reused, n_reused = by_backprop(net, params, x, t)
    for got, again, want in zip(paths, reused, reference):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-16)  # the paths really are the gradient
        np.testing.assert_allclose(again, want, rtol=1e-12, atol=1e-16)
    counted = slope.count(sizes)
    assert (counted.path_by_path, counted.backprop) == (n_paths, n_reused)
    assert counted.weights == sum(w.size for w in params.weights)


def test_path_by_path_grows_with_depth_and_backprop_only_with_the_weights():
    counts = slope.deeper(2, 8, 1, range(1, 9))
    ratios = [c.ratio for c in counts]
    assert all(b > a for a, b in zip(ratios, ratios[1:]))
    assert all(c.backprop < 3 * c.weights for c in counts)
