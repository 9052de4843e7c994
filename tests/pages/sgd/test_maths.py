"""Lesson 5's three runs against a plain loop written here, the projection against pointwise forward
passes, and the epoch walk's batches against the shuffles the training module documents."""

import math

import numpy as np
import pytest

from backprop_core import names
from backprop_core.network import forward
from backprop_core.surface import cost_over
from pages.sgd import maths as sgd

SMALL = sgd.Setup(lr=0.3, batch_size=8, epochs=3, n=100, seed=7)


@pytest.fixture(scope="module")
def runs():
    return sgd.three_runs(SMALL)


# --- an independent trainer: one sample at a time, in plain Python ----------------------------------


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def sample(W1, b1, W2, b2, x):
    """Hidden activations and the output for one sample (lists of floats)."""
    h = [math.tanh(sum(W1[i][j] * x[j] for j in range(2)) + b1[i]) for i in range(len(b1))]
    return h, sigmoid(sum(W2[0][i] * h[i] for i in range(len(h))) + b2[0])


def bce(a, y):
    return -(y * math.log(a) + (1 - y) * math.log(1 - a))


def cost(W1, b1, W2, b2, X, Y):
    return sum(bce(sample(W1, b1, W2, b2, X[:, k])[1], Y[k]) for k in range(X.shape[1])) / X.shape[1]


def hand_loop(setup: sgd.Setup, batch_size: int):
    """Mini-batch gradient descent as a textbook writes it; shuffles from default_rng([seed, epoch])."""
    train, test = sgd.data(setup)
    p = sgd.initial_params(setup)
    W1, W2 = p.weights[0].tolist(), p.weights[1].tolist()
    b1, b2 = p.biases[0].tolist(), p.biases[1].tolist()
    X, Y, m = train.X, train.y.astype(float), train.m
    per_epoch = -(-m // batch_size)
    batch_costs, train_costs = [], [cost(W1, b1, W2, b2, X, Y)]
    test_costs = [cost(W1, b1, W2, b2, test.X, test.y)]
    for epoch in range(setup.epochs):
        shuffled = np.random.default_rng([setup.seed, epoch]).permutation(m)
        order = list(range(m)) if batch_size >= m else shuffled  # the full batch is not shuffled
        for j in range(per_epoch):
            batch = order[j * batch_size : (j + 1) * batch_size]
            n = len(batch)
            gW1 = [[0.0, 0.0] for _ in b1]
            gb1 = [0.0 for _ in b1]
            gW2, gb2, total = [[0.0 for _ in b1]], [0.0], 0.0
            for k in batch:
                x, y = X[:, k], Y[k]
                h, a = sample(W1, b1, W2, b2, x)
                total += bce(a, y)
                d2 = a - y  # ∂L/∂z of a sigmoid output under cross-entropy
                gb2[0] += d2 / n
                for i in range(len(h)):
                    gW2[0][i] += d2 * h[i] / n
                    d1 = W2[0][i] * d2 * (1 - h[i] ** 2)
                    gb1[i] += d1 / n
                    for jj in range(2):
                        gW1[i][jj] += d1 * x[jj] / n
            batch_costs.append(total / n)
            lr = setup.lr
            W1 = [[w - lr * g for w, g in zip(row, grow)] for row, grow in zip(W1, gW1)]
            W2 = [[w - lr * g for w, g in zip(W2[0], gW2[0])]]
            b1 = [b - lr * g for b, g in zip(b1, gb1)]
            b2 = [b2[0] - lr * gb2[0]]
        train_costs.append(cost(W1, b1, W2, b2, X, Y))
        test_costs.append(cost(W1, b1, W2, b2, test.X, test.y))
    return np.array(batch_costs), np.array(train_costs), np.array(test_costs)


@pytest.mark.parametrize("which", range(3))
def test_each_run_equals_a_plain_hand_written_loop_with_the_same_shuffles(runs, which):
    run = runs[which]
    batch_costs, train_costs, test_costs = hand_loop(SMALL, run.batch_size)
    e = run.history.evaluation
    np.testing.assert_allclose(run.history.loss, batch_costs, rtol=1e-12)
    np.testing.assert_allclose(e.train_cost, train_costs, rtol=1e-12)  # at the start and after each epoch
    np.testing.assert_allclose(e.test_cost, test_costs, rtol=1e-12)
    np.testing.assert_array_equal(e.epochs, np.arange(SMALL.epochs + 1))


def test_the_three_runs_are_batch_1_the_mini_batch_and_the_full_batch(runs):
    train, _ = sgd.data(SMALL)
    assert [r.batch_size for r in runs] == [1, SMALL.batch_size, train.m]
    assert [r.per_epoch for r in runs] == [train.m, math.ceil(train.m / SMALL.batch_size), 1]
    assert [len(r.history.steps) for r in runs] == [SMALL.epochs * r.per_epoch for r in runs]


def test_the_three_runs_start_from_the_same_seeded_weights(runs):
    start = sgd.initial_params(SMALL).flat()
    for run in runs:
        np.testing.assert_array_equal(run.history.params.flat()[0], start)


def test_the_runs_are_reproducible_from_the_seed_and_change_with_it(runs):
    again = sgd.three_runs(SMALL)
    for a, b in zip(runs, again):
        np.testing.assert_array_equal(a.history.loss, b.history.loss)
        np.testing.assert_array_equal(a.history.params.flat(), b.history.params.flat())
    other = sgd.three_runs(sgd.Setup(lr=0.3, batch_size=8, epochs=3, n=100, seed=8))
    assert not np.array_equal(runs[0].history.loss, other[0].history.loss)


def test_a_mini_batch_larger_than_the_data_is_the_full_batch():
    setup = sgd.Setup(lr=0.3, batch_size=64, epochs=1, n=40, seed=1)  # 30 training points
    runs = sgd.three_runs(setup)
    assert runs[1].batch_size == runs[2].batch_size == 30
    np.testing.assert_array_equal(runs[1].history.loss, runs[2].history.loss)


# --- the projection -----------------------------------------------------------------------------


def test_the_projection_is_the_cost_of_pointwise_forward_passes(runs):
    p = sgd.projection(SMALL, runs, "W1[3,1]", "W2[0,5]", points=7)
    train, _ = sgd.data(SMALL)
    index = names.flat_index(sgd.NETWORK)
    assert p.cost.shape == (7, 7)
    for i, b in enumerate(p.b):
        for j, a in enumerate(p.a):
            flat = p.fixed.flat().copy()
            flat[index["W1[3,1]"]], flat[index["W2[0,5]"]] = a, b
            one = forward(sgd.NETWORK, p.fixed.from_flat(flat), train.X, sgd.targets(train)).cost
            assert p.cost[i, j] == pytest.approx(float(one), rel=1e-12)


def test_the_projection_covers_every_path_and_fixes_the_rest_where_the_mini_batch_ended(runs):
    p = sgd.projection(SMALL, runs, "W2[0,0]", "W2[0,1]", points=9)
    np.testing.assert_array_equal(p.fixed.flat(), runs[1].history.final.flat())
    for run in runs:
        xy = sgd.path(run, "W2[0,0]", "W2[0,1]")
        assert p.a[0] < xy[:, 0].min() and xy[:, 0].max() < p.a[-1]
        assert p.b[0] < xy[:, 1].min() and xy[:, 1].max() < p.b[-1]


def test_the_projection_refuses_the_same_weight_twice_and_unknown_names(runs):
    with pytest.raises(ValueError):
        sgd.projection(SMALL, runs, "W2[0,0]", "W2[0,0]")
    with pytest.raises(ValueError):
        sgd.projection(SMALL, runs, "W2[0,0]", "b1[0]")
    with pytest.raises(ValueError, match="not parameters"):
        cost_over(sgd.NETWORK, runs[0].history.final, np.zeros((2, 1)), np.zeros((1, 1)), {"w5": 1.0})


# --- one epoch, batch by batch -----------------------------------------------------------------------


def test_each_step_takes_the_next_slice_of_the_epochs_shuffle(runs):
    train, _ = sgd.data(SMALL)
    epoch = sgd.first_epoch(SMALL, runs[1])
    shuffle = np.random.default_rng([SMALL.seed, 0]).permutation(train.m)
    np.testing.assert_array_equal(epoch.order, shuffle)
    for j, step in enumerate(epoch.steps):
        np.testing.assert_array_equal(step.indices, shuffle[j * 8 : (j + 1) * 8])
    taken = np.concatenate([s.indices for s in epoch.steps])
    np.testing.assert_array_equal(np.sort(taken), np.arange(train.m))  # every sample once
    assert len(epoch.steps[-1].indices) == train.m - 8 * (len(epoch.steps) - 1)  # the last batch is the rest


def test_each_steps_numbers_are_the_runs_own(runs):
    run = runs[1]
    epoch = sgd.first_epoch(SMALL, run)
    flat = run.history.params.flat()
    for j, step in enumerate(epoch.steps):
        assert step.cost == pytest.approx(run.history.loss[j], rel=1e-14)
        np.testing.assert_allclose(step.after.flat(), flat[j + 1], rtol=1e-14)  # the next update starts there
        assert step.grad_norm == pytest.approx(np.sqrt((run.history.grad_norm[j] ** 2).sum()), rel=1e-12)


def test_the_backward_steps_gradient_is_the_slope_of_the_batch_cost(runs):
    train, _ = sgd.data(SMALL)
    step = sgd.first_epoch(SMALL, runs[1]).steps[2]
    x, t = train.X[:, step.indices], sgd.targets(train)[:, step.indices]
    flat, h = step.before.flat(), 1e-6
    for k in range(0, flat.size, 5):
        up, down = flat.copy(), flat.copy()
        up[k] += h
        down[k] -= h
        cost_up = forward(sgd.NETWORK, step.before.from_flat(up), x, t).cost
        cost_down = forward(sgd.NETWORK, step.before.from_flat(down), x, t).cost
        assert step.grads.flat()[k] == pytest.approx((cost_up - cost_down) / (2 * h), abs=1e-8)


# --- what the questions cite ------------------------------------------------------------------------


def test_the_summary_counts_rises_and_finds_the_best_test_epoch(runs):
    for run in runs:
        s = sgd.summary(run)
        loss, e = run.history.loss, run.history.evaluation
        assert s.rises == sum(loss[k] > loss[k - 1] for k in range(1, len(loss)))
        best = min(range(len(e.test_cost)), key=lambda k: e.test_cost[k])
        assert (s.best_test_epoch, s.best_test_cost) == (best, e.test_cost[best])
        assert s.start_cost == e.train_cost[0] and s.after_one_epoch == e.train_cost[1]
        norms = np.sqrt((run.history.grad_norm**2).sum(axis=1))
        assert s.grad_mean == pytest.approx(norms.mean()) and s.grad_spread == pytest.approx(norms.std())


def test_probabilities_are_the_networks_output_at_each_point(runs):
    params = runs[1].history.final
    x1, x2 = np.array([-1.0, 0.0, 0.5]), np.array([-0.5, 0.7])
    grid = sgd.probabilities(params, x1, x2)
    for i, b in enumerate(x2):
        for j, a in enumerate(x1):
            W1, b1, W2, b2 = params.weights[0], params.biases[0], params.weights[1], params.biases[1]
            h, out = sample(W1.tolist(), b1.tolist(), W2.tolist(), b2.tolist(), [a, b])
            assert grid[i, j] == pytest.approx(out, rel=1e-12)
