"""One weight's chain: the factors multiply to the gradient training used, that gradient agrees
with central finite differences, and the words say when a neuron saturates or dies."""

import numpy as np
import pytest

from backprop_core import chain, names, numbers
from backprop_core import playground as pg
from backprop_core.network import Params

CONFIG = pg.Config(hidden=(3, 2), activations=("tanh", "sigmoid"), l2=0.01, batch=8)


@pytest.fixture(scope="module")
def setting():
    p = pg.problem(CONFIG, CONFIG.make_data())
    return p, pg.reach(p, 7)


def every_weight(network):
    return [w for l in names.layers(network) for w in names.weights(network, l)]


def test_the_factors_multiply_to_the_update_training_takes(setting):
    p, run = setting
    after = pg.advance(p, run, 1).params  # the next update, as Step takes it
    cols = p.batch(run.step)
    for weight in every_weight(p.network):
        f = chain.factors(p.network, run.params, p.x, p.t, cols, weight, lr=CONFIG.lr, l2=CONFIG.l2)
        assert np.allclose(f.contribution, f.delta * f.a_in, rtol=0, atol=0)
        assert f.gradient == pytest.approx(np.mean(f.delta * f.a_in) + CONFIG.l2 * f.before, rel=1e-12)
        _, l, index = names.location(p.network, weight)
        assert f.after == pytest.approx(float(after.weights[l][index]), rel=1e-13, abs=1e-15)
        if f.output_layer:
            assert np.allclose(f.delta, f.a - f.target, rtol=1e-12, atol=1e-15)
        else:  # δ = g′(z) · Σ_k w_ki δ_k, term by term
            sums = [sum(t.weight * t.delta for t in terms) for terms in f.terms]
            assert np.allclose(f.upstream, sums, rtol=1e-12, atol=1e-15)
            assert np.allclose(f.delta, f.g_prime * f.upstream, rtol=1e-12, atol=1e-15)


def test_the_gradient_agrees_with_central_finite_differences(setting):
    p, run = setting
    cols = p.batch(run.step)
    for weight in every_weight(p.network):
        f = chain.factors(p.network, run.params, p.x, p.t, cols, weight, lr=CONFIG.lr, l2=CONFIG.l2)
        fd = chain.finite_difference(p.network, run.params, p.x, p.t, cols, weight, l2=CONFIG.l2)
        assert f.gradient == pytest.approx(fd, rel=1e-6, abs=1e-9)
        one = chain.factors(p.network, run.params, p.x, p.t, cols[:1], weight, lr=CONFIG.lr)
        fd_one = chain.finite_difference(p.network, run.params, p.x, p.t, cols[:1], weight)
        assert one.contribution[0] == pytest.approx(fd_one, rel=1e-6, abs=1e-9)  # one sample's share


def test_a_hand_written_loop_gives_the_same_delta():
    """δ of hidden neuron 0 of a 2-2-1 tanh network for one sample, by hand."""
    config = pg.Config(hidden=(2,), activations=("tanh",), batch=1)
    p = pg.problem(config, config.make_data())
    run = pg.reach(p, 3)
    (w1, w2), (b1, b2) = run.params.weights, run.params.biases
    s = int(p.batch(run.step)[0])
    x, y = p.x[:, s], p.t[0, s]
    h = np.tanh(w1 @ x + b1)
    out = 1 / (1 + np.exp(-(w2 @ h + b2)))[0]
    delta_out = out - y
    delta_h0 = (1 - h[0] ** 2) * w2[0, 0] * delta_out
    f = chain.factors(p.network, run.params, p.x, p.t, [s], "W1[0,1]", lr=config.lr)
    assert f.delta[0] == pytest.approx(delta_h0, rel=1e-12)
    assert f.gradient == pytest.approx(delta_h0 * x[1], rel=1e-12)


def test_lines_print_the_factors_values(setting):
    p, run = setting
    cols = p.batch(run.step)
    f = chain.factors(p.network, run.params, p.x, p.t, cols, "W1[2,0]", lr=CONFIG.lr, l2=CONFIG.l2)
    for sample in (0, None):
        for line in chain.lines(f, sample, 6):
            assert line.equation.endswith("= " + numbers.latex(line.value, 6))
            assert line.latex.count("{") == line.latex.count("}")
            assert line.latex.endswith(r"&= " + numbers.latex(line.value, 6) + r" \end{aligned}")
            assert "}^2" not in line.latex.replace(r"\right)^2", "")  # no double superscripts
    mean = chain.lines(f, None, 6)
    assert mean[-1].value == f.after and mean[-2].value == f.gradient


def test_a_dead_relu_and_a_saturated_sigmoid_are_named():
    config = pg.Config(hidden=(2,), activations=("relu",))
    p = pg.problem(config, config.make_data())
    run = pg.start(p)
    dead = Params(run.params.weights, (np.array([-50.0, 0.0]), run.params.biases[1]))
    f = chain.factors(p.network, dead, p.x, p.t, p.batch(0), "W1[0,0]", lr=0.1)
    assert np.all(f.g_prime == 0) and f.gradient == 0
    assert "dead ReLU" in " ".join(chain.warnings(f))
    config = pg.Config(hidden=(2,), activations=("sigmoid",))
    p = pg.problem(config, config.make_data())
    run = pg.start(p)
    flat = Params(
        (run.params.weights[0] * 0, run.params.weights[1]), (np.array([40.0, 0.0]), run.params.biases[1])
    )
    f = chain.factors(p.network, flat, p.x, p.t, p.batch(0), "W1[0,1]", lr=0.1)
    assert "saturated" in " ".join(chain.warnings(f))
    assert chain.warnings(chain.factors(p.network, run.params, p.x, p.t, p.batch(0), "W1[0,1]", lr=0.1)) == []


def test_the_lessons_symbolic_derivation_gives_the_same_gradient():
    """symbolic.weight_chain (SymPy, the lessons' derivation) and chain.factors agree, sample by sample
    and for the batch mean (without L2, which the lessons' chain does not have)."""
    from backprop_core import symbolic
    from backprop_core.network import backward, forward

    config = pg.Config(hidden=(4, 3), activations=("tanh", "relu"), batch=6)
    p = pg.problem(config, config.make_data())
    run = pg.reach(p, 9)
    cols = p.batch(run.step)
    xb, tb = p.x[:, cols], p.t[:, cols]
    trace = forward(p.network, run.params, xb, tb)
    grads = backward(p.network, run.params, trace, tb)
    for weight in ("W1[2,1]", "W2[1,3]", "W3[0,2]"):
        f = chain.factors(p.network, run.params, p.x, p.t, cols, weight, lr=config.lr)
        mean = symbolic.weight_chain(p.network, run.params, tb, trace, grads, weight, "mean", lr=config.lr)
        assert mean[-1].value == pytest.approx(f.after, rel=1e-12)
        assert mean[-2].value == pytest.approx(f.gradient, rel=1e-12, abs=1e-15)
        one = symbolic.weight_chain(p.network, run.params, tb, trace, grads, weight, 2)
        assert one[-1].value == pytest.approx(f.contribution[2], rel=1e-12, abs=1e-15)
