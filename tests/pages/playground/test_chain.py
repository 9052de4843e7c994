"""One weight's chain in the Playground: the derivation (symbolic.weight_chain) ends in the update
the next Step takes, its gradient agrees with central finite differences and a hand-written loop,
and the words say when a neuron saturates or dies."""

import numpy as np
import pytest

from backprop_core import names, symbolic
from backprop_core.network import Params
from pages.playground import chain
from pages.playground import maths as pg

CONFIG = pg.Config(hidden=(3, 2), activations=("tanh", "sigmoid"), l2=0.01, batch=8)


@pytest.fixture(scope="module")
def setting():
    p = pg.problem(CONFIG, CONFIG.make_data())
    return p, pg.reach(p, 7)


def every_weight(network):
    return [w for l in names.layers(network) for w in names.weights(network, l)]


def derivation(p, params, step, weight, sample="mean", l2=CONFIG.l2):
    trace, grads = pg.batch_gradients(p, params, step)
    targets = p.t[:, p.batch(step)]
    steps = symbolic.weight_chain(
        p.network, params, targets, trace, grads, weight, sample, lr=p.config.lr, l2=l2
    )
    return {s.name: s for s in steps}, grads


def test_the_chain_ends_in_the_update_the_next_step_takes(setting):
    p, run = setting
    after = names.parameter_values(p.network, pg.advance(p, run, 1).params)  # as the Step button takes it
    for weight in every_weight(p.network):
        steps, _ = derivation(p, run.params, run.step, weight)
        assert steps[weight + "+"].value == after[weight], weight


def test_the_gradient_agrees_with_central_finite_differences(setting):
    p, run = setting
    cols = p.batch(run.step)
    for weight in every_weight(p.network):
        steps, _ = derivation(p, run.params, run.step, weight)
        shown = steps[f"dJ/d{weight}"].value + steps[symbolic.penalty(weight)].value  # what the update uses
        fd = chain.finite_difference(p.network, run.params, p.x, p.t, cols, weight, l2=CONFIG.l2)
        assert shown == pytest.approx(fd, rel=1e-6, abs=1e-9)
        one, _ = derivation(p, run.params, run.step, weight, sample=0)  # one sample's loss alone
        fd_one = chain.finite_difference(p.network, run.params, p.x, p.t, cols[:1], weight)
        assert one[f"dJ/d{weight}"].value == pytest.approx(fd_one, rel=1e-6, abs=1e-9)


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
    steps, _ = derivation(p, run.params, run.step, "W1[0,1]", sample=0, l2=0.0)
    assert steps["dJ/dz2[0]"].value == pytest.approx(delta_out, rel=1e-12)  # a − y at the output
    assert steps["dJ/dz1[0]"].value == pytest.approx(delta_h0, rel=1e-12)
    assert steps["dJ/dW1[0,1]"].value == pytest.approx(delta_h0 * x[1], rel=1e-12)
    assert steps["W1[0,1]+"].value == pytest.approx(w1[0, 1] - config.lr * delta_h0 * x[1], rel=1e-12)


def test_a_dead_relu_and_a_saturated_sigmoid_are_named():
    config = pg.Config(hidden=(2,), activations=("relu",))
    p = pg.problem(config, config.make_data())
    run = pg.start(p)
    dead = Params(run.params.weights, (np.array([-50.0, 0.0]), run.params.biases[1]))
    steps, grads = derivation(p, dead, 0, "W1[0,0]", l2=0.0)
    assert steps["dJ/dW1[0,0]"].value == 0
    assert "dead ReLU" in " ".join(chain.warnings(p.network, grads, "W1[0,0]"))
    config = pg.Config(hidden=(2,), activations=("sigmoid",))
    p = pg.problem(config, config.make_data())
    run = pg.start(p)
    flat = Params(
        (run.params.weights[0] * 0, run.params.weights[1]), (np.array([40.0, 0.0]), run.params.biases[1])
    )
    _, grads = pg.batch_gradients(p, flat, 0)
    assert "saturated" in " ".join(chain.warnings(p.network, grads, "W1[0,1]"))
    _, grads = pg.batch_gradients(p, run.params, 0)
    assert chain.warnings(p.network, grads, "W1[0,1]") == []
    assert chain.warnings(p.network, grads, "W2[0,1]") == []  # an output neuron: nothing to say
