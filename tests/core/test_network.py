"""Backpropagation checked against things computed another way.

Gradients against central finite differences on random networks; each
activation's derivative against a numeric one; the scalar templates of the
compiled trainer against the array functions; loss surfaces against
pointwise forward passes.
"""

import math
import warnings
from dataclasses import replace

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backprop_core import (
    ACTIVATIONS,
    ARTICLE,
    LOSSES,
    NETWORK,
    Network,
    backward,
    forward,
    grid_axis,
    init_params,
    loss_over,
    numeric_gradient,
    sigmoid,
    solve,
)
from backprop_core.losses import clip

HIDDEN_ACTIVATIONS = sorted(set(ACTIVATIONS) - {"softmax"})
OUTPUT_LAYER = {  # loss -> the output activations it goes with
    "half_squared": HIDDEN_ACTIVATIONS,
    "binary_cross_entropy": ["sigmoid"],
    "cross_entropy": ["softmax"],
}


@st.composite
def networks(draw, depth=(0, 4)):
    """A random shape (0-4 hidden layers), activations, loss, bias mode; each loss with its outputs."""
    hidden = draw(st.lists(st.integers(1, 4), min_size=depth[0], max_size=depth[1]))
    loss = draw(st.sampled_from(sorted(LOSSES)))
    sizes = (draw(st.integers(1, 4)), *hidden, draw(st.integers(2 if loss == "cross_entropy" else 1, 4)))
    acts = draw(st.lists(st.sampled_from(HIDDEN_ACTIVATIONS), min_size=len(hidden), max_size=len(hidden)))
    acts.append(draw(st.sampled_from(OUTPUT_LAYER[loss])))
    return Network(sizes, tuple(acts), loss, shared_bias=draw(st.booleans()))


def example_for(network: Network, seed: int, m: int | None = None):
    """Random parameters, inputs and targets; ``m`` samples as columns (None: one 1-D sample)."""
    rng = np.random.default_rng(seed)
    params = init_params(network, rng, "normal", scale=0.8)
    shape = (lambda n: (n,)) if m is None else (lambda n: (n, m))
    x = rng.uniform(-1, 1, shape(network.sizes[0]))
    t = rng.uniform(0.05, 0.95, shape(network.sizes[-1]))  # a valid probability for cross-entropy
    if network.loss == "cross_entropy":
        t = t / t.sum(axis=0)  # a distribution over the classes, per sample
    return params, x, t


def _differentiable(network, trace) -> bool:
    relu_nets = [n for n, a in zip(trace.nets, network.activations) if a == "relu"]
    if not all(np.abs(n).min() > 1e-3 for n in relu_nets):  # relu has no derivative at 0
        return False
    if network.loss != "half_squared":
        # An out near 0 or 1 is stored to 1e-16 absolute, so its log is only good to
        # 1e-16 / out and the difference quotient divides that by 2h: keep 0.01 < out < 0.99.
        return bool((np.abs(trace.outs[-1] - 0.5) < 0.49).all())
    return True


@settings(max_examples=150, deadline=None)
@given(networks(), st.integers(0, 2**32 - 1), st.sampled_from([None, 1, 7]))
def test_backward_matches_finite_differences_on_the_mean_cost(network, seed, m):
    params, x, t = example_for(network, seed, m)
    trace = forward(network, params, x, t)
    assume(_differentiable(network, trace))
    grads = backward(network, params, trace, t).grads.flat()
    numeric = numeric_gradient(network, params, x, t).flat()
    # Relative to the largest entry: a central difference carries rounding of about
    # eps·J/h ≈ 1e-9 on every entry, so a tiny entry cannot be checked to 1e-7 of itself.
    np.testing.assert_allclose(grads, numeric, rtol=1e-7, atol=1e-7 * max(np.abs(numeric).max(), 1e-2))


@settings(max_examples=60, deadline=None)
@given(networks(), st.integers(0, 2**32 - 1))
def test_the_gradient_of_the_mean_is_the_mean_of_per_sample_gradients(network, seed):
    params, x, t = example_for(network, seed, 7)
    batch = backward(network, params, forward(network, params, x, t), t).grads.flat()
    alone = [
        backward(network, params, forward(network, params, x[:, i], t[:, i]), t[:, i]).grads.flat()
        for i in range(7)
    ]
    np.testing.assert_allclose(batch, np.mean(alone, axis=0), rtol=1e-12, atol=1e-15)


def test_a_batch_of_columns_is_z_equals_w_a_plus_b_written_out():
    """Every net input of a 3-4-2 network over 5 samples, by plain loops in the test."""
    network = Network((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False)
    params, x, t = example_for(network, 3, 5)
    trace = forward(network, params, x, t)
    a = x
    for l, (w, b) in enumerate(zip(params.weights, params.biases)):
        z = np.array(
            [
                [sum(w[i, j] * a[j, s] for j in range(w.shape[1])) + b[i] for s in range(5)]
                for i in range(w.shape[0])
            ]
        )
        np.testing.assert_allclose(trace.nets[l], z, rtol=1e-14)
        a = np.tanh(z) if l == 0 else 1 / (1 + np.exp(-z))
    y = a
    bce = -(t * np.log(y) + (1 - t) * np.log(1 - y)).sum(axis=0).mean()
    assert float(trace.cost) == pytest.approx(bce, rel=1e-13)


def test_softmax_cross_entropy_cost_and_delta():
    network = Network((2, 3), ("softmax",), "cross_entropy")
    params, x, _ = example_for(network, 5, 4)
    t = np.eye(3)[:, [0, 2, 1, 2]]  # one-hot classes of four samples
    trace = forward(network, params, x, t)
    z = trace.nets[0]
    p = np.exp(z) / np.exp(z).sum(axis=0)
    assert float(trace.cost) == pytest.approx(-np.log(p[[0, 2, 1, 2], range(4)]).mean(), rel=1e-13)
    np.testing.assert_allclose(backward(network, params, trace, t).deltas[0], p - t, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    "sizes, acts, loss",
    [
        ((2, 2), ("softmax", "tanh"), "cross_entropy"),
        ((2, 3), ("tanh",), "cross_entropy"),
        ((2, 3), ("softmax",), "half_squared"),
        ((2, 1), ("tanh",), "binary_cross_entropy"),
    ],
)
def test_outputs_and_losses_that_do_not_fit_are_refused(sizes, acts, loss):
    with pytest.raises(ValueError):
        Network(sizes[:1] + (2,) * (len(acts) - 1) + sizes[1:], acts, loss)


@pytest.mark.parametrize(
    "method, variance",
    [
        ("xavier", lambda n_in, n_out: 2 / (n_in + n_out)),
        ("he", lambda n_in, n_out: 2 / n_in),
        ("uniform", lambda n_in, n_out: 1 / 12),
    ],
)
def test_initialisations_have_the_variance_they_claim(method, variance):
    network = Network((300, 200, 100), ("relu", "linear"))
    params = init_params(network, np.random.default_rng(0), method)
    for w, n_in, n_out in zip(params.weights, (300, 200), (200, 100)):
        assert w.mean() == pytest.approx(0, abs=0.01)
        assert w.var() == pytest.approx(variance(n_in, n_out), rel=0.03)
    if method == "xavier":
        assert np.abs(params.weights[0]).max() <= np.sqrt(6 / 500)
    assert all((b == 0).all() for b in params.biases)


def test_initialisation_is_seeded_and_zero_is_symmetric():
    network = Network((2, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False)
    first, again = (init_params(network, np.random.default_rng(7), "he") for _ in range(2))
    np.testing.assert_array_equal(first.flat(), again.flat())
    zero = init_params(network, np.random.default_rng(7), "zero")
    x, t = np.array([[0.3, -1.0], [0.5, 0.2]]), np.array([[1.0, 0.0]])
    g = backward(network, zero, forward(network, zero, x, t), t).grads
    assert (g.weights[0] == 0).all()  # every hidden neuron the same: no signal to tell them apart
    assert np.ptp(g.weights[1]) == 0
    with pytest.raises(ValueError, match="initialisation"):
        init_params(network, np.random.default_rng(0), "glorious")


def test_shared_bias_gradient_is_the_sum_over_its_layer():
    s = solve(ARTICLE)
    assert s.gradients["b1"] == s.factors["dE_dnet_h1"] + s.factors["dE_dnet_h2"]
    assert s.gradients["b2"] == s.factors["dE_dnet_o1"] + s.factors["dE_dnet_o2"]


NETS = np.concatenate([np.linspace(-6, 6, 61), [-0.3, 0.01, 0.7]])


@pytest.mark.parametrize("name", HIDDEN_ACTIVATIONS)
def test_activation_derivative_matches_a_numeric_one(name):
    a, h = ACTIVATIONS[name], 1e-6
    nets = NETS[np.abs(NETS) > 1e-3]  # away from relu's kink
    numeric = (a.fn(nets + h) - a.fn(nets - h)) / (2 * h)
    np.testing.assert_allclose(a.der(nets, a.fn(nets)), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("z, limit", [(1000.0, 1.0), (-1000.0, 0.0), (1e300, 1.0), (-1e300, 0.0)])
def test_sigmoid_is_stable_and_saturates_without_warnings(z, limit):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = sigmoid(np.array([z]))
        der = ACTIVATIONS["sigmoid"].der(np.array([z]), out)
    assert out[0] == limit and der[0] == 0.0
    assert sigmoid(np.array([0.0]))[0] == 0.5


@pytest.mark.parametrize("z", [-700.0, -40.0, -30.0, -5.0, 0.3775, 5.0, 30.0])
def test_sigmoid_keeps_full_relative_precision_in_both_tails(z):
    with mpmath.workdps(40):
        exact = float(1 / (1 + mpmath.exp(-z)))
    assert sigmoid(np.array([z]))[0] == pytest.approx(exact, rel=4e-16)


def test_cross_entropy_is_finite_at_zero_and_one():
    ce = LOSSES["binary_cross_entropy"]
    out, t = np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(ce.fn(out, t)).all() and np.isfinite(ce.der(out, t)).all()
    assert ce.fn(out, t)[0] == pytest.approx(-math.log(1e-15))  # clipped, large but finite


def test_sigmoid_with_cross_entropy_simplifies_to_out_minus_t():
    act, ce = ACTIVATIONS["sigmoid"], LOSSES["binary_cross_entropy"]
    net = np.linspace(-8, 8, 33)[:, None]
    t = np.array([0.0, 0.3, 1.0])
    out = act.fn(net)
    dE_dnet = ce.der(out, t) * act.der(net, out)
    np.testing.assert_allclose(dE_dnet, out - t, rtol=1e-9, atol=1e-12)


SCALAR_FUNCTIONS = {name: getattr(math, name) for name in ("exp", "tanh", "log", "log1p")} | {"clip": clip}


def _scalar(template: str, **names):
    namespace = SCALAR_FUNCTIONS | names
    expr = template.format(**{k: k for k in names})
    # Fixed templates from the core, evaluated as compiled.py does; no user text.
    return eval(compile(expr, "<template>", "eval"), namespace)  # noqa: S307


# nan too: a trainer whose activation turned nan into a number would never see divergence.
SCALAR_NETS = [-1e300, -1000.0, -20.0, -2.5, -1e-3, 0.0, 1e-3, 0.5, 3.0, 40.0, 1e300, math.nan]


@pytest.mark.parametrize("name", HIDDEN_ACTIVATIONS)
def test_scalar_activation_templates_agree_with_arrays(name):
    a = ACTIVATIONS[name]
    for net in SCALAR_NETS:
        out = float(a.fn(np.array(net)))
        assert _scalar(a.scalar_fn, net=net) == pytest.approx(out, rel=1e-15, abs=1e-300, nan_ok=True)
        expected = float(a.der(np.array(net), np.array(out)))
        der = _scalar(a.scalar_der, net=net, out=out)
        assert der == pytest.approx(expected, rel=1e-15, abs=1e-300, nan_ok=True)


@pytest.mark.parametrize("name", sorted(set(LOSSES) - {"cross_entropy"}))
def test_scalar_loss_templates_agree_with_arrays(name):
    lo = LOSSES[name]
    for out in [0.0, 1e-20, 0.01, 0.25, 0.5, 0.9, 1.0 - 1e-12, 1.0, math.nan]:
        for t in [0.0, 0.01, 0.5, 0.99, 1.0]:
            for scalar, array in ((lo.scalar_fn, lo.fn), (lo.scalar_der, lo.der)):
                expected = float(array(np.array(out), np.array(t)))
                assert _scalar(scalar, out=out, t=t) == pytest.approx(expected, rel=1e-14, nan_ok=True)


def test_loss_over_a_grid_equals_pointwise_forward_passes():
    w5, w6 = grid_axis(ARTICLE.w5, 1.0, 7), grid_axis(ARTICLE.w6, 2.0, 5)
    grid = loss_over(ARTICLE, w5=w5[None, :], w6=w6[:, None])
    assert grid.shape == (5, 7)
    for i, b in enumerate(w6):
        for j, a in enumerate(w5):
            e = replace(ARTICLE, w5=float(a), w6=float(b))
            expected = forward(NETWORK, e.params, e.inputs, e.targets).cost
            assert grid[i, j] == pytest.approx(float(expected), rel=1e-14)


@pytest.mark.parametrize("pair", [("w5", "w6"), ("w1", "b2"), ("b1", "w8")])
def test_loss_over_is_centred_on_the_example(pair):
    a, b = (grid_axis(getattr(ARTICLE, name), 0.7, 201) for name in pair)
    assert a[100] == getattr(ARTICLE, pair[0]) and b[100] == getattr(ARTICLE, pair[1])
    grid = loss_over(ARTICLE, **{pair[0]: a[None, :], pair[1]: b[:, None]})
    assert grid[100, 100] == pytest.approx(solve(ARTICLE).forward["E_total"], rel=1e-15)


def test_loss_over_a_line_and_unknown_names():
    line = loss_over(ARTICLE, w1=np.array([ARTICLE.w1, 0.0]))
    assert line.shape == (2,) and line[0] == pytest.approx(solve(ARTICLE).forward["E_total"], rel=1e-15)
    with pytest.raises(ValueError, match="w9"):
        loss_over(ARTICLE, w9=np.zeros(3))
    with pytest.raises(ValueError):
        loss_over(ARTICLE, lr=np.zeros(3))  # lr is not a parameter of the network
