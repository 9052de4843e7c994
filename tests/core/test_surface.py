"""Slices of the loss landscape, descent paths by name, and long runs trained in pieces."""

import numpy as np
import pytest

from backprop_core import ARTICLE, NETWORK, names, solve, train
from backprop_core.chunked import join, pieces, record_every
from backprop_core.network import Network, forward, init_params
from backprop_core.surface import cost_over, descend, line, loss_over, surface

E = ARTICLE


def test_a_surface_is_centred_on_the_example_and_shaped_like_its_grid():
    s = surface(E, "w5", "b1", 2.0, 31)
    assert s.loss.shape == (31, 31)
    assert s.a[15] == pytest.approx(E.w5, abs=1e-15) and s.b[15] == pytest.approx(E.b1, abs=1e-15)
    assert s.loss[15, 15] == pytest.approx(solve(E).forward["E_total"], rel=1e-14)
    assert s.loss[3, 7] == pytest.approx(float(loss_over(E, w5=s.a[7], b1=s.b[3])), rel=1e-14)


def test_the_line_through_the_example_has_the_backprop_gradient_as_its_slope():
    a, loss = line(E, "w1", 1e-4, 3)
    slope = (loss[2] - loss[0]) / (a[2] - a[0])
    assert slope == pytest.approx(solve(E).gradients["w1"], rel=1e-6)


def test_descent_on_two_parameters_moves_only_them_and_stays_on_their_surface():
    path = descend(E, 500, only=("w6", "b2"), record_every=25)
    fixed = {n: v for n, v in path.values.items() if n not in ("w6", "b2")}
    assert all((v == getattr(E, n)).all() for n, v in fixed.items())
    on_surface = loss_over(E, w6=path.values["w6"], b2=path.values["b2"])
    np.testing.assert_allclose(path.loss, on_surface, rtol=1e-12)


def test_full_descent_is_plain_training():
    path = descend(E, 300, update_biases=True, record_every=10)
    h = train(NETWORK, E.params, E.inputs, E.targets, E.lr, 300, update_biases=True, record_every=10)
    np.testing.assert_array_equal(path.loss, h.loss)
    assert path.values["b1"][-1] != E.b1


@pytest.mark.parametrize("steps, size", [(0, 100), (7, 100), (1000, 300), (12_345, 1000)])
def test_a_run_in_pieces_equals_one_run(steps, size):
    every = record_every(steps, 400)
    parts, params = [], E.params
    plan = pieces(steps, every, size)
    for _, n in plan:
        parts.append(train(NETWORK, params, E.inputs, E.targets, 0.5, n, record_every=every))
        params = parts[-1].final
    joined = join(parts, [start for start, _ in plan])
    whole = train(NETWORK, E.params, E.inputs, E.targets, 0.5, steps, record_every=every)
    np.testing.assert_array_equal(joined.steps, whole.steps)
    np.testing.assert_allclose(joined.loss, whole.loss, rtol=1e-9)
    np.testing.assert_allclose(joined.params.weights[0], whole.params.weights[0], rtol=1e-9)
    assert len(whole.steps) <= 401 and int(joined.diverged_at) == -1


def test_joined_pieces_report_divergence_at_the_absolute_step():
    calm = train(NETWORK, E.params, E.inputs, E.targets, 0.5, 3, article_variant=True)
    wild = train(NETWORK, calm.final, E.inputs, E.targets, 1e200, 3, article_variant=True)
    assert int(wild.diverged_at) == 1  # the overflowed weights of its first step
    assert int(join([calm, wild], [0, 3]).diverged_at) == 3 + 1


@pytest.mark.parametrize(
    ("sizes", "acts", "varied"),
    [
        ((2, 8, 1), ("tanh", "sigmoid"), ("W2[0,0]", "W2[0,3]")),  # lesson 5's default: the output layer
        ((2, 8, 1), ("tanh", "sigmoid"), ("W1[0,0]", "W2[0,1]")),  # one in each layer
        ((2, 4, 3, 1), ("relu", "tanh", "sigmoid"), ("W2[1,2]", "b2[0]")),  # a middle layer and its bias
        ((2, 4, 3, 1), ("relu", "tanh", "sigmoid"), ("W1[3,1]", "b1[2]")),  # the first layer only
    ],
)
def test_a_cost_over_a_grid_is_the_cost_at_each_point(sizes, acts, varied):
    """cost_over computes the layers before the varied ones once; each point must still be the cost of
    the network with those two parameters set (a forward pass of its own, an independent computation)."""
    network = Network(sizes, acts, "binary_cross_entropy", shared_bias=False)
    rng = np.random.default_rng(3)
    params = init_params(network, rng, "normal")
    x, t = rng.normal(size=(2, 30)), (rng.random((1, 30)) > 0.5).astype(float)
    a, b = np.linspace(-2, 2, 7), np.linspace(-1, 3, 5)
    grid = cost_over(network, params, x, t, {varied[0]: a[None, :], varied[1]: b[:, None]})
    assert grid.shape == (5, 7)
    index = names.flat_index(network)
    for i, j in [(0, 0), (2, 3), (4, 6), (1, 5)]:
        flat = params.flat().copy()
        flat[index[varied[0]]], flat[index[varied[1]]] = a[j], b[i]
        alone = forward(network, params.from_flat(flat), x, t).cost
        assert grid[i, j] == pytest.approx(float(alone), rel=1e-13, abs=1e-15)
