"""Learning from data: ``fit`` against plain loops written here, seeded batches, held-out cost."""

import numpy as np
import pytest

from backprop_core import datasets
from backprop_core.gradcheck import numeric_gradient
from backprop_core.network import Network, Params, backward, forward, init_params
from backprop_core.training import (
    batch_indices,
    batches_per_epoch,
    epoch_order,
    evaluate,
    fit,
    penalised,
    penalty,
)

NET = Network((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False)


def moons(n=40, seed=0):
    ds = datasets.make("moons", n, 0.1, seed)
    return ds.X, ds.targets("binary_cross_entropy")


def start(network=NET, seed=1):
    return init_params(network, np.random.default_rng(seed), "xavier")


def by_hand(p: Params, x, t, lr, epochs, batch_size, seed, l2=0.0):
    """Mini-batch gradient descent for a 2-3-1 tanh/sigmoid net with binary cross-entropy, written out."""
    (w1, w2), (b1, b2) = (w.copy() for w in p.weights), (b.copy() for b in p.biases)
    m = x.shape[1]
    costs = []

    def cost():
        a1 = np.tanh(w1 @ x + b1[:, None])
        y = 1 / (1 + np.exp(-(w2 @ a1 + b2[:, None])))
        bce = -(t * np.log(y) + (1 - t) * np.log(1 - y)).mean()
        return bce + 0.5 * l2 * ((w1**2).sum() + (w2**2).sum())

    costs.append(cost())
    for epoch in range(epochs):
        order = np.arange(m) if batch_size >= m else np.random.default_rng([seed, epoch]).permutation(m)
        for j in range(0, m, batch_size):
            cols = order[j : j + batch_size]
            xb, tb, k = x[:, cols], t[:, cols], len(cols)
            gw1, gw2, gb1, gb2 = np.zeros_like(w1), np.zeros_like(w2), np.zeros_like(b1), np.zeros_like(b2)
            for s in range(k):  # one sample at a time, then the mean
                a0 = xb[:, s]
                a1 = np.tanh(w1 @ a0 + b1)
                y = 1 / (1 + np.exp(-(w2 @ a1 + b2)))
                d2 = y - tb[:, s]
                d1 = (w2.T @ d2) * (1 - a1**2)
                gw2 += np.outer(d2, a1) / k
                gb2 += d2 / k
                gw1 += np.outer(d1, a0) / k
                gb1 += d1 / k
            w1, w2 = w1 - lr * (gw1 + l2 * w1), w2 - lr * (gw2 + l2 * w2)
            b1, b2 = b1 - lr * gb1, b2 - lr * gb2
        costs.append(cost())
    return (w1, w2, b1, b2), np.array(costs)


@pytest.mark.parametrize("batch_size, l2", [(None, 0.0), (40, 0.01), (7, 0.0), (1, 0.0)])
def test_fit_equals_a_hand_written_loop(batch_size, l2):
    x, t = moons()
    h = fit(NET, start(), x, t, lr=0.5, batch_size=batch_size, epochs=3, seed=4, l2=l2)
    weights, costs = by_hand(start(), x, t, 0.5, 3, batch_size or 40, seed=4, l2=l2)
    got = (*h.final.weights, *h.final.biases)
    for a, b in zip(got, weights):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(h.evaluation.train_cost, costs, rtol=1e-12)
    assert list(h.evaluation.epochs) == [0, 1, 2, 3]


def test_batches_cover_every_sample_once_per_epoch_and_follow_the_seed():
    m, size = 23, 5
    per_epoch = batches_per_epoch(m, size)
    assert per_epoch == 5
    for epoch in range(3):
        taken = np.concatenate([batch_indices(m, size, 9, epoch * per_epoch + j) for j in range(per_epoch)])
        assert sorted(taken) == list(range(m))
        np.testing.assert_array_equal(taken, epoch_order(m, size, 9, epoch))
    assert not np.array_equal(epoch_order(m, size, 9, 0), epoch_order(m, size, 9, 1))
    assert not np.array_equal(epoch_order(m, size, 9, 0), epoch_order(m, size, 10, 0))
    np.testing.assert_array_equal(epoch_order(m, m, 9, 0), np.arange(m))  # the full batch: no shuffle


def test_a_run_is_reproducible_and_continues_where_it_stopped():
    x, t = moons(60)
    whole = fit(NET, start(), x, t, lr=0.3, batch_size=8, epochs=4, seed=2)
    again = fit(NET, start(), x, t, lr=0.3, batch_size=8, epochs=4, seed=2)
    np.testing.assert_array_equal(whole.final.flat(), again.final.flat())
    per_epoch = batches_per_epoch(60, 8)
    first = fit(NET, start(), x, t, lr=0.3, batch_size=8, epochs=13 / per_epoch, seed=2)  # 13 updates
    rest = fit(NET, first.final, x, t, lr=0.3, batch_size=8, epochs=4 - 13 / per_epoch, seed=2, start_step=13)
    np.testing.assert_array_equal(rest.final.flat(), whole.final.flat())
    np.testing.assert_array_equal(np.r_[first.loss, rest.loss], whole.loss)
    assert rest.steps[0] == 13 and rest.steps[-1] == 4 * per_epoch - 1


def test_records_per_update_and_per_epoch():
    x, t = moons(40)
    xt, tt = moons(20, seed=5)
    h = fit(NET, start(), x, t, lr=0.5, batch_size=10, epochs=2, seed=0, test=(xt, tt), record_every=3)
    assert h.loss.shape == (8,) and h.grad_norm.shape == (8, 2)
    ev = h.evaluation
    assert list(ev.steps) == [0, 4, 8]
    cost, acc = evaluate(NET, h.final, xt, tt)
    assert ev.test_cost[-1] == cost and ev.test_accuracy[-1] == acc
    y = forward(NET, h.final, x, t).outs[-1]
    assert ev.accuracy[-1] == np.mean((y[0] > 0.5) == (t[0] == 1))
    assert list(h.param_steps) == [0, 3, 6, 8]
    np.testing.assert_array_equal(h.params.weights[0][-1], h.final.weights[0])
    # the first update's recorded cost and gradient norm are those of its own mini-batch
    p0 = start()
    cols = batch_indices(40, 10, 0, 0)
    trace = forward(NET, p0, x[:, cols], t[:, cols])
    g = backward(NET, p0, trace, t[:, cols]).grads
    assert h.loss[0] == pytest.approx(float(trace.cost), rel=1e-15)
    np.testing.assert_allclose(h.grad_norm[0], [np.linalg.norm(w) for w in g.weights], rtol=1e-14)


def test_penalty_gradient_matches_finite_differences():
    x, t = moons(10)
    p, l2, h = start(), 0.3, 1e-6
    analytic = fit(NET, p, x, t, lr=1.0, epochs=1, l2=l2).final  # p - 1.0 * (grad + l2 w)
    step = p.flat() - analytic.flat()
    flat = p.flat()
    numeric = []
    for i in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[i] += h
        down[i] -= h
        cost = [evaluate(NET, p.from_flat(v), x, t, l2)[0] for v in (up, down)]
        numeric.append((cost[0] - cost[1]) / (2 * h))
    np.testing.assert_allclose(step, numeric, rtol=1e-6, atol=1e-9)
    shown = penalised(backward(NET, p, forward(NET, p, x, t), t).grads, p, l2)  # the Playground's edges
    np.testing.assert_allclose(shown.flat(), numeric, rtol=1e-6, atol=1e-9)
    assert penalty(p, l2) == pytest.approx(0.5 * l2 * sum((w**2).sum() for w in p.weights))
    np.testing.assert_allclose(numeric_gradient(NET, p, x, t).flat()[:3], step[:3] - l2 * flat[:3], rtol=1e-6)


def test_divergence_stops_the_run_at_its_step():
    net = Network((2, 4, 1), ("linear", "linear"), "half_squared")
    x = np.array([[1.0, 2.0, -1.0], [0.5, -1.0, 2.0]])
    t = np.array([[1.0, 0.0, 3.0]])
    h = fit(net, init_params(net, np.random.default_rng(0), "normal"), x, t, lr=50.0, epochs=500)
    assert 0 < int(h.diverged_at) < 500
    assert len(h.loss) == int(h.diverged_at) and np.isfinite(h.loss).all()
    assert np.isfinite(h.final.flat()).all() or int(h.diverged_at) > 0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"lr": 0.0}, "learning rate"),
        ({"lr": float("nan")}, "learning rate"),
        ({"lr": 0.1, "batch_size": 0}, "batch"),
        ({"lr": 0.1, "epochs": 1e9}, "updates"),
    ],
)
def test_bad_settings_are_refused(kwargs, match):
    x, t = moons(10)
    with pytest.raises(ValueError, match=match):
        fit(NET, start(), x, t, **kwargs)


def test_xor_learns_with_random_weights_but_not_from_zero():
    net = Network((2, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False)
    train, test = datasets.split(datasets.make("xor", 200, 0.1, 0), 0.25, 0)
    x, t = train.X, train.targets(net.loss)
    test_set = (test.X, test.targets(net.loss))
    learnt = fit(
        net,
        init_params(net, np.random.default_rng(0), "xavier"),
        x,
        t,
        lr=0.5,
        batch_size=10,
        epochs=50,
        seed=0,
        test=test_set,
    )
    assert learnt.evaluation.test_accuracy[-1] > 0.95
    stuck = fit(
        net,
        init_params(net, np.random.default_rng(0), "zero"),
        x,
        t,
        lr=0.5,
        batch_size=10,
        epochs=50,
        seed=0,
        test=test_set,
    )
    w = stuck.final.weights[0]
    assert np.allclose(w, w[0]) and stuck.evaluation.test_accuracy[-1] < 0.8  # every hidden neuron alike
