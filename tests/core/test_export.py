"""The JSON network object: a round trip keeps every bit, and malformed objects get one-line errors."""

import json

import numpy as np
import pytest

from backprop_core import NETWORK, Network, forward, init_params
from backprop_core.example import ARTICLE
from backprop_core.export import dumps, from_json, loads, to_json


def same(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a.weights + a.biases, b.weights + b.biases))


@pytest.mark.parametrize(
    "network",
    [
        Network((2, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False),
        Network((2, 8, 8, 3), ("relu", "tanh", "softmax"), "cross_entropy", shared_bias=False),
        Network((1, 5, 1), ("sigmoid", "linear"), "half_squared", shared_bias=False),
    ],
)
def test_round_trip_keeps_every_bit(network):
    params = init_params(network, np.random.default_rng(3), "normal")
    back_network, back = loads(dumps(network, params))
    assert back_network == network
    assert same(back, params)
    x = np.random.default_rng(4).normal(size=(network.sizes[0], 7))
    t = np.zeros((network.sizes[-1], 7))
    assert forward(network, back, x, t).cost == forward(network, params, x, t).cost


def test_the_object_has_exactly_the_documented_keys_and_plain_types():
    network = Network((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False)
    obj = to_json(network, init_params(network, np.random.default_rng(0)))
    assert list(obj) == ["layers", "activations", "loss", "weights", "biases"]
    assert obj["layers"] == [2, 3, 1] and obj["activations"] == ["tanh", "sigmoid"]
    assert len(obj["weights"][0]) == 3 and len(obj["weights"][0][0]) == 2  # n_out × n_in
    assert json.loads(json.dumps(obj)) == obj


def test_the_articles_shared_biases_come_back_shared():
    network, params = from_json(to_json(NETWORK, ARTICLE.params))
    assert network.shared_bias and same(params, ARTICLE.params)
    assert to_json(NETWORK, ARTICLE.params)["biases"] == [[0.35], [0.6]]


def good():
    network = Network((2, 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False)
    return to_json(network, init_params(network, np.random.default_rng(0)))


def changed(**kw):
    obj = good()
    obj.update(kw)
    return obj


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ([1, 2], "a network is a JSON object"),
        ({k: v for k, v in good().items() if k != "loss"}, "lacks loss"),
        (changed(layers=[2]), "layers must be a list of 2 to"),
        (changed(layers=[2, 0, 1]), "whole number from 1"),
        (changed(layers=[2, True, 1]), "whole number from 1"),
        (changed(activations=["tanh", "swish"]), "unknown activation"),
        (changed(activations="tanh"), "activations must be a list"),
        (changed(loss="hinge"), "unknown loss"),
        (changed(loss="cross_entropy"), "softmax and (categorical) cross-entropy"),
        (changed(weights=[[[1, 2], [3, 4]]]), "weights must be a list of 2"),
        (changed(weights=[[[1, 2]], [[1, 2]]]), "weights of layer 1 must be 2 × 2 numbers"),
        (changed(weights=[[[1, "2"], [3, 4]], [[1, 2]]]), "weights of layer 1 must be 2 × 2 numbers"),
        (changed(weights=[[[1, True], [3, 4]], [[1, 2]]]), "numbers"),
        (changed(weights=[[[1, 1e400], [3, 4]], [[1, 2]]]), "not finite"),
        (changed(weights=[[[1, 2], [3]], [[1, 2]]]), "weights of layer 1 must be 2 × 2"),
        (changed(biases=[[0, 0], [0, 0]]), "biases of layer 2 must be one number"),
        (changed(biases=[[0, 0]]), "biases must be a list of 2"),
    ],
)
def test_malformed_objects_get_one_line_messages(obj, message):
    with pytest.raises(ValueError, match=None) as caught:
        from_json(obj)
    assert message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("text", ["", "{", "[1,", b"\xff\xfe", "NaN"])
def test_unreadable_text(text):
    with pytest.raises(ValueError) as caught:
        loads(text)
    assert "\n" not in str(caught.value)
