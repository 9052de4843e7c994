"""Names and geometry generated from a network, checked against the arrays they name (by hand)."""

import math

import numpy as np
import pytest

from backprop_core import names
from backprop_core.example import ALIASES, ARTICLE, FIELDS, GENERIC, LABELS, NETWORK, alias, help_text
from backprop_core.network import Network, backward, forward, init_params

NETWORKS = [
    NETWORK,
    Network((3, 1), ("linear",)),
    Network((2, 8, 8, 1), ("tanh", "relu", "sigmoid"), "binary_cross_entropy", shared_bias=False),
    Network((4, 3, 5, 2, 3), ("relu", "tanh", "sigmoid", "linear")),
    Network((8,) * 9, ("tanh",) * 8),
    Network((3, 4, 3), ("relu", "softmax"), "cross_entropy"),
]


def every_name(network):
    sizes = network.sizes
    yield from names.inputs(network)
    yield from names.parameters(network)
    yield from names.forward_values(network)
    yield from names.targets(network)
    yield from (names.delta(l, i) for l in names.layers(network) for i in range(sizes[l]))


@pytest.mark.parametrize("network", NETWORKS, ids=str)
def test_every_name_parses_back_to_itself(network):
    seen = list(every_name(network))
    assert len(seen) == len(set(seen))
    for name in seen:
        assert str(names.parse(name, network)) == name


def test_parse_gives_kind_layer_and_indices():
    assert names.parse("W2[0,1]") == names.Name("W", 2, (0, 1))
    assert names.parse("b1") == names.Name("b", 1, ())
    assert names.parse("b3[4]") == names.Name("b", 3, (4,))
    assert names.parse("x[1]") == names.parse("a0[1]") == names.Name("a", 0, (1,))
    assert names.parse("delta2[0]") == names.parse("δ2[0]") == names.Name("δ", 2, (0,))
    assert names.parse("J") == names.Name("J")
    assert names.parse("L[1]") == names.Name("L", None, (1,))


@pytest.mark.parametrize(
    "bad", ["w5", "x1", "W1[0]", "W[0,0]", "z[0]", "J[0]", "a1", "b1[0,0]", "", "W1[0,0]x"]
)
def test_malformed_names_are_refused(bad):
    with pytest.raises(ValueError, match="not a name"):
        names.parse(bad)


@pytest.mark.parametrize("bad", ["a3[0]", "W1[2,0]", "W1[0,2]", "W0[0,0]", "b1[0]", "y[2]", "z3[0]", "x[2]"])
def test_names_outside_the_network_are_refused(bad):
    with pytest.raises(ValueError):
        names.parse(bad, NETWORK)


def test_per_neuron_biases_need_an_index():
    per_neuron = Network((2, 3), ("tanh",), shared_bias=False)
    assert names.biases(per_neuron, 1) == ("b1[0]", "b1[1]", "b1[2]")
    with pytest.raises(ValueError, match="a bias per neuron"):
        names.parse("b1", per_neuron)


def test_latex_has_one_style():
    assert names.latex("W1[0,1]") == "W^{[1]}_{0,1}"
    assert names.latex("b2") == "b^{[2]}"
    assert names.latex("b2[3]") == "b^{[2]}_{3}"
    assert names.latex("z1[0]") == "z^{[1]}_{0}"
    assert names.latex("a3[2]") == "a^{[3]}_{2}"
    assert names.latex("a0[1]") == names.latex("x[1]") == "x_{1}"
    assert names.latex("δ2[1]") == r"\delta^{[2]}_{1}"
    assert (names.latex("y[0]"), names.latex("L[1]"), names.latex("J")) == ("y_{0}", "L_{1}", "J")


@pytest.mark.parametrize("network", NETWORKS, ids=str)
def test_parameter_names_follow_params_flat_and_the_arrays(network):
    params = init_params(network, np.random.default_rng(7))
    flat = params.flat()
    by_name = names.parameter_values(network, params)
    assert list(by_name) == list(names.parameters(network)) and len(by_name) == flat.size
    assert [by_name[n] for n in names.flat_index(network)] == list(flat)
    for l in range(1, len(network.sizes)):  # a hand-written walk over the arrays
        w = params.weights[l - 1]
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                assert by_name[f"W{l}[{i},{j}]"] == w[i, j]
            bias = f"b{l}" if network.shared_bias else f"b{l}[{i}]"
            assert by_name[bias] == params.biases[l - 1][0 if network.shared_bias else i]
    again = names.params_from(network, by_name)
    assert np.array_equal(again.flat(), flat)


def test_batched_params_give_an_array_per_name():
    params = init_params(NETWORK, np.random.default_rng(1))
    batch = params.map(lambda a: np.stack([a, 2 * a, 3 * a]))
    by_name = names.parameter_values(NETWORK, batch)
    assert np.array_equal(by_name["W2[1,0]"], params.weights[1][1, 0] * np.array([1, 2, 3]))


def test_forward_values_are_in_the_lessons_order():
    assert names.forward_values(NETWORK) == (
        "z1[0]",
        "a1[0]",
        "z1[1]",
        "a1[1]",
        "z2[0]",
        "a2[0]",
        "z2[1]",
        "a2[1]",
        "L[0]",
        "L[1]",
        "J",
    )


@pytest.mark.parametrize("network", NETWORKS, ids=str)
def test_geometry_places_every_neuron_and_wires_every_parameter(network):
    g = names.geometry(network)
    sizes, depth = network.sizes, len(network.sizes) - 1
    assert len(g.nodes) == sum(sizes) + depth + sizes[-1] + 1
    positions = {n.name: (n.x, n.y) for n in g.nodes}
    assert len(positions) == len(g.nodes)
    for l, size in enumerate(sizes):  # each layer a centred column, one unit apart, top first
        ys = [positions[names.out(l, i)][1] for i in range(size)]
        assert {positions[names.out(l, i)][0] for i in range(size)} == {l}
        assert sum(ys) == 0 and all(a - b == 1 for a, b in zip(ys, ys[1:]))
    weights = [e for e in g.edges if e.parameter and e.parameter.startswith("W")]
    assert [e.name for e in weights] == [p for p in names.parameters(network) if p.startswith("W")]
    for e in weights:
        n = names.parse(e.name)
        assert (e.src, e.dst) == (names.out(n.layer - 1, n.index[1]), names.out(n.layer, n.index[0]))
    biased = [e.dst for e in g.edges if e.src.startswith("b")]
    assert sorted(biased) == sorted(names.out(l, i) for l in names.layers(network) for i in range(sizes[l]))
    for e in g.edges:  # left to right, below the neurons for the bias nodes
        assert positions[e.src][0] < positions[e.dst][0]
        if e.src.startswith("b"):
            assert positions[e.src][1] < min(positions[e.dst][1], -(max(sizes) - 1) / 2 + 0.5)
    assert [e.dst for e in g.edges][-1] == names.COST


# --- the worked example is one configuration: its alias table ------------------------------------


def test_every_generic_name_of_the_example_has_one_alias():
    generic = [*names.inputs(NETWORK), *names.parameters(NETWORK), *names.targets(NETWORK)]
    generic += names.forward_values(NETWORK)
    assert sorted(ALIASES) == sorted(generic)
    assert len(set(ALIASES.values())) == len(ALIASES) and GENERIC == {v: k for k, v in ALIASES.items()}
    assert set(FIELDS) == {ALIASES[n] for n in generic if not n.startswith(("z", "a", "L", "J"))} | {"lr"}
    assert {n.name for n in names.geometry(NETWORK).nodes} == set(LABELS)


def test_aliases_match_the_articles_wiring():
    # The article's figure: w1, w2 into h1; w3, w4 into h2; w5, w6 into o1; w7, w8 into o2.
    params = ARTICLE.params
    assert params.weights[0][0, 1] == ARTICLE.w2 and params.weights[0][1, 0] == ARTICLE.w3
    assert params.weights[1][0, 1] == ARTICLE.w6 and params.weights[1][1, 0] == ARTICLE.w7
    assert alias("W2[0,1]") == "w6" and alias("z1[1]") == "net_h2" and alias("a2[1]") == "out_o2"


def test_step_names_become_the_lessons():
    assert alias("dJ/da2[0]") == "dE_dout_o1"
    assert alias("da1[1]/dz1[1]") == "dout_h2_dnet_h2"
    assert alias("dJ/dz2[1]*dz2[1]/da1[0]") == "dE_o2_dout_h1"
    assert alias("dz2[0]/dW2[0,1]") == "dnet_o1_dw6"
    assert (alias("dJ/dW1[1,1]"), alias("W1[1,1]+"), alias("b2+")) == ("dE_dw4", "w4_new", "b2_new")


def test_help_texts_come_from_the_wiring():
    assert help_text("w6") == "Weight w6: from hidden neuron h2 to output o1."
    assert help_text("w3") == "Weight w3: from input x1 to hidden neuron h2."
    assert help_text("b2") == "Bias b2: shared by both output neurons o1 and o2."
    assert help_text("t2").startswith("Target t2: the value we want output o2 to reach")
    assert all(help_text(f) for f in FIELDS)


# --- every value by name, against a plain per-sample loop written here ---------------------------

G = {  # activation and its derivative, on one float
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z, a: a * (1 - a)),
    "tanh": (math.tanh, lambda z, a: 1 - a * a),
    "relu": (lambda z: max(z, 0.0), lambda z, a: 1.0 if z > 0 else 0.0),
    "linear": (lambda z: z, lambda z, a: 1.0),
}
LOSS = {  # loss of one output and its derivative
    "half_squared": (lambda a, y: 0.5 * (y - a) ** 2, lambda a, y: -(y - a)),
    "binary_cross_entropy": (
        lambda a, y: -(y * math.log(a) + (1 - y) * math.log(1 - a)),
        lambda a, y: (a - y) / (a * (1 - a)),
    ),
}


def plain_pass(network, params, x, y):
    """One sample through the network and back, with Python loops: (values, factors) by name."""
    sizes, depth = network.sizes, len(network.sizes) - 1
    W = [p.tolist() for p in params.weights]
    B = [p.tolist() for p in params.biases]
    a, z, v = {0: list(x)}, {}, {}
    for l in range(1, depth + 1):
        g = G[network.activations[l - 1]][0]
        b = B[l - 1] * sizes[l] if len(B[l - 1]) == 1 else B[l - 1]  # a shared bias, once per neuron
        z[l] = [sum(W[l - 1][i][j] * a[l - 1][j] for j in range(sizes[l - 1])) + b[i] for i in range(len(b))]
        a[l] = [g(zi) for zi in z[l]]
        for i in range(sizes[l]):
            v[f"z{l}[{i}]"], v[f"a{l}[{i}]"] = z[l][i], a[l][i]
    fn, der = LOSS[network.loss]
    for k in range(sizes[-1]):
        v[f"L[{k}]"] = fn(a[depth][k], y[k])
    v["J"] = sum(v[f"L[{k}]"] for k in range(sizes[-1]))
    f, delta = {}, {}
    for l in range(depth, 0, -1):
        g_der = G[network.activations[l - 1]][1]
        delta[l] = []
        for i in range(sizes[l]):
            if l == depth:
                dJ_da = der(a[l][i], y[i])
            else:
                dJ_da = 0.0
                for k in range(sizes[l + 1]):
                    f[f"dz{l + 1}[{k}]/da{l}[{i}]"] = W[l][k][i]
                    f[f"dJ/dz{l + 1}[{k}]*dz{l + 1}[{k}]/da{l}[{i}]"] = delta[l + 1][k] * W[l][k][i]
                    dJ_da += delta[l + 1][k] * W[l][k][i]
            slope = g_der(z[l][i], a[l][i])
            delta[l].append(dJ_da * slope)
            f[f"dJ/da{l}[{i}]"], f[f"da{l}[{i}]/dz{l}[{i}]"], f[f"dJ/dz{l}[{i}]"] = dJ_da, slope, delta[l][i]
            for j in range(sizes[l - 1]):
                f[f"dz{l}[{i}]/dW{l}[{i},{j}]"] = a[l - 1][j]
    return v, {k.replace("da0[", "dx["): val for k, val in f.items()}


PLAIN = [
    NETWORK,
    Network((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False),
    Network((2, 5, 3, 1), ("relu", "tanh", "linear")),
    Network((1, 1), ("sigmoid",)),
]


@pytest.mark.parametrize("network", PLAIN, ids=str)
def test_named_values_and_factors_are_the_plain_loops(network):
    rng = np.random.default_rng(3)
    params = init_params(network, rng, "normal", scale=0.8)
    m = 7
    X = rng.normal(size=(network.sizes[0], m))
    T = rng.uniform(0.05, 0.95, size=(network.sizes[-1], m))
    trace = forward(network, params, X, T)
    grads = backward(network, params, trace, T)
    means_v, means_f = {}, {}
    for s in range(m):
        values = names.forward_named(network, trace, s)
        factors = names.factors_named(network, trace, grads, params, s)
        assert list(factors) == list(names.factor_names(network))
        v, f = plain_pass(network, params, X[:, s], T[:, s])
        assert set(f) == set(factors) and set(v) == set(values)
        for name in v:
            assert values[name] == pytest.approx(v[name], rel=1e-12, abs=1e-14), name
        for name in f:
            assert factors[name] == pytest.approx(f[name], rel=1e-10, abs=1e-14), name
        for name in f:
            means_f[name] = means_f.get(name, 0.0) + f[name] / m
        for name in v:
            means_v[name] = means_v.get(name, 0.0) + v[name] / m
    mean_f = names.factors_named(network, trace, grads, params, "mean")
    mean_v = names.forward_named(network, trace, "mean")
    assert all(mean_f[n] == pytest.approx(means_f[n], rel=1e-10, abs=1e-14) for n in means_f)
    assert all(mean_v[n] == pytest.approx(means_v[n], rel=1e-10, abs=1e-14) for n in means_v)
