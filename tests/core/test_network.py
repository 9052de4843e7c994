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


@st.composite
def networks(draw):
    """A random shape, activations, loss and bias mode; cross-entropy only after a sigmoid."""
    sizes = tuple(draw(st.lists(st.integers(1, 4), min_size=2, max_size=5)))
    layers = len(sizes) - 1
    acts = draw(st.lists(st.sampled_from(sorted(ACTIVATIONS)), min_size=layers, max_size=layers))
    loss = draw(st.sampled_from(sorted(LOSSES)))
    if loss == "cross_entropy":
        acts[-1] = "sigmoid"
    return Network(sizes, tuple(acts), loss, shared_bias=draw(st.booleans()))


def example_for(network: Network, seed: int):
    rng = np.random.default_rng(seed)
    params = init_params(network, rng, scale=0.8)
    x = rng.uniform(-1, 1, network.sizes[0])
    t = rng.uniform(0.05, 0.95, network.sizes[-1])  # a valid probability for cross-entropy
    return params, x, t


@settings(max_examples=150, deadline=None)
@given(networks(), st.integers(0, 2**32 - 1))
def test_backward_matches_finite_differences(network, seed):
    params, x, t = example_for(network, seed)
    trace = forward(network, params, x, t)
    relu_nets = [n for n, a in zip(trace.nets, network.activations) if a == "relu"]
    assume(all(np.abs(n).min() > 1e-3 for n in relu_nets))  # relu has no derivative at 0
    if network.loss == "cross_entropy":
        # An out near 1 is stored to 1e-16 absolute, so log1p(-out) is only good to
        # 1e-16 / (1 - out) and the difference quotient divides that by 2h: keep out < 0.99.
        assume((1.0 - trace.outs[-1]).min() > 1e-2)
    grads = backward(network, params, trace, t).grads.flat()
    numeric = numeric_gradient(network, params, x, t).flat()
    np.testing.assert_allclose(grads, numeric, rtol=1e-5, atol=1e-8)


def test_shared_bias_gradient_is_the_sum_over_its_layer():
    s = solve(ARTICLE)
    assert s.gradients["b1"] == s.factors["dE_dnet_h1"] + s.factors["dE_dnet_h2"]
    assert s.gradients["b2"] == s.factors["dE_dnet_o1"] + s.factors["dE_dnet_o2"]


NETS = np.concatenate([np.linspace(-6, 6, 61), [-0.3, 0.01, 0.7]])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
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
    ce = LOSSES["cross_entropy"]
    out, t = np.array([0.0, 1.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(ce.fn(out, t)).all() and np.isfinite(ce.der(out, t)).all()
    assert ce.fn(out, t)[0] == pytest.approx(-math.log(1e-15))  # clipped, large but finite


def test_sigmoid_with_cross_entropy_simplifies_to_out_minus_t():
    act, ce = ACTIVATIONS["sigmoid"], LOSSES["cross_entropy"]
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


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_scalar_activation_templates_agree_with_arrays(name):
    a = ACTIVATIONS[name]
    for net in SCALAR_NETS:
        out = float(a.fn(np.array(net)))
        assert _scalar(a.scalar_fn, net=net) == pytest.approx(out, rel=1e-15, abs=1e-300, nan_ok=True)
        expected = float(a.der(np.array(net), np.array(out)))
        der = _scalar(a.scalar_der, net=net, out=out)
        assert der == pytest.approx(expected, rel=1e-15, abs=1e-300, nan_ok=True)


@pytest.mark.parametrize("name", sorted(LOSSES))
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
            expected = forward(NETWORK, e.params, e.inputs, e.targets).total
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
