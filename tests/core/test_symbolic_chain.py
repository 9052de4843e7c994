"""The derivation for any small network: one parameter's chain of factors, checked two other ways.

SymPy differentiates the whole forward expression of a sample's loss; central finite
differences perturb the parameter; both must give the chain's final value, and every
teaching formula, evaluated by SymPy, must give the number the core put beside it.
"""

from dataclasses import asdict

import mpmath
import numpy as np
import pytest
import sympy as sp

from backprop_core import names, symbolic
from backprop_core.example import ARTICLE, NETWORK, alias
from backprop_core.network import Network, backward, forward, init_params

NETWORKS = [
    Network((2, 8, 8, 1), ("tanh", "relu", "sigmoid"), "binary_cross_entropy"),
    Network((2, 8, 8, 1), ("tanh", "tanh", "sigmoid"), "half_squared", shared_bias=False),
    Network((3, 4, 3), ("sigmoid", "softmax"), "cross_entropy"),
    Network((2, 3, 2, 2), ("relu", "sigmoid", "linear")),
    Network((1, 1), ("tanh",)),
]
M = 7


def batch(network, seed=5):
    rng = np.random.default_rng(seed)
    params = init_params(network, rng, "normal", scale=0.7)
    X = rng.normal(size=(network.sizes[0], M))
    if network.loss == "cross_entropy":
        T = np.eye(network.sizes[-1])[:, rng.integers(0, network.sizes[-1], M)]
    else:
        T = rng.uniform(0.05, 0.95, size=(network.sizes[-1], M))
    trace = forward(network, params, X, T)
    return params, X, T, trace, backward(network, params, trace, T)


def chosen(network):
    """A few parameters: the first and last weight of every layer, and every bias of layer 1."""
    picks = []
    for l in names.layers(network):
        w = names.weights(network, l)
        picks += [w[0], w[-1]]
    return picks + list(names.biases(network, 1))[:2]


def finite_difference(network, params, X, T, parameter, h=1e-6):
    flat = params.flat()
    i = names.flat_index(network)[parameter]
    shift = np.zeros_like(flat)
    shift[i] = h
    up = forward(network, params.from_flat(flat + shift), X, T).losses
    down = forward(network, params.from_flat(flat - shift), X, T).losses
    return (up - down) / (2 * h)  # per sample


@pytest.mark.parametrize("network", NETWORKS, ids=str)
def test_each_samples_chain_ends_in_that_samples_gradient(network):
    params, X, T, trace, grads = batch(network)
    for p in chosen(network):
        fd = finite_difference(network, params, X, T, p)
        for s in (0, M - 1):
            steps = symbolic.weight_chain(network, params, T, trace, grads, p, s)
            explicit = names.parse(p).kind == "W"
            assert [st.name for st in steps] == list(symbolic.chain_names(network, p, explicit=explicit)[:-1])
            assert steps[-1].name == f"dJ/d{p}"
            assert steps[-1].value == pytest.approx(fd[s], rel=1e-6, abs=1e-9), (p, s)


@pytest.mark.parametrize("network", NETWORKS, ids=str)
def test_the_mean_chain_ends_in_the_costs_gradient_and_updates(network):
    params, X, T, trace, grads = batch(network)
    by_name = names.parameter_values(network, grads.grads)
    for p in chosen(network):
        steps = symbolic.weight_chain(network, params, T, trace, grads, p, "mean", lr=0.1)
        gradient, update = steps[-2], steps[-1]
        assert gradient.value == by_name[p]
        assert gradient.value == pytest.approx(finite_difference(network, params, X, T, p).mean(), rel=1e-6)
        assert update.name == p + "+"
        assert update.value == pytest.approx(names.parameter_values(network, params)[p] - 0.1 * by_name[p])
        assert gradient.numbers.startswith(rf"\frac{{1}}{{{M}}} \left(") and r"\cdots" in gradient.numbers
        weights = {names.latex(w): v for w, v in names.parameter_values(network, params).items()}
        for st in steps[:-2]:  # a mean, except a weight on the way back: the same for every sample
            assert st.symbol.startswith(r"\overline") or weights[st.formula] == st.value


def test_a_mean_over_few_samples_writes_each_one_with_its_sign_and_adds_up_to_its_mean():
    """(1/m)(a − b + c): every sample shown when they are few, a negative one subtracted, not added
    in brackets; the terms as written, read back as numbers, give m times the mean beside them."""
    network = Network((2, 2, 1), ("tanh", "linear"), "half_squared")
    rng = np.random.default_rng(3)
    params = init_params(network, rng, "normal", scale=0.7)
    X, T = rng.normal(size=(2, 3)), rng.normal(size=(1, 3))
    trace = forward(network, params, X, T)
    grads = backward(network, params, trace, T)
    negative = 0
    for step in symbolic.weight_chain(network, params, T, trace, grads, "W2[0,0]", "mean", lr=0.1)[:-1]:
        inside = step.numbers.removeprefix(r"\frac{1}{3} \left(").removesuffix(r"\right)")
        assert r"\left(" not in inside and "+ -" not in inside and "- -" not in inside
        terms = inside.replace(" - ", " + -").split(" + ")
        assert len(terms) == 3 and sum(map(float, terms)) == pytest.approx(3 * step.value, rel=1e-5, abs=1e-8)
        negative += sum(t.startswith("-") for t in terms[1:])
    assert negative  # the case in question: a later sample below zero


@pytest.mark.parametrize("network", NETWORKS, ids=str)
def test_every_teaching_formula_gives_the_number_beside_it(network):
    params, X, T, trace, grads = batch(network)
    formulas = symbolic._formulas(network, symbolic.GENERIC, symbolic.Variant(explicit=True))
    for p in chosen(network):
        values = symbolic._per_sample(network, params, T, trace, grads, 2, None, params)
        for step in symbolic.weight_chain(network, params, T, trace, grads, p, 2):
            expr = formulas[step.name][1]
            exact = {s: sp.Float(values[s.name], 30) for s in expr.free_symbols}
            assert float(expr.xreplace(exact).doit().evalf(30)) == pytest.approx(
                step.value, rel=1e-9, abs=1e-12
            )


SMALL = [  # SymPy's expansion grows with every path: small networks only
    Network((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy"),
    Network((2, 2, 2), ("sigmoid", "tanh"), shared_bias=False),
    NETWORKS[3],
    NETWORKS[4],
]


@pytest.mark.parametrize("network", SMALL, ids=str)
def test_sympys_own_derivative_of_a_samples_loss_agrees(network):
    params, X, T, trace, grads = batch(network)
    full = {}
    for name, (_, expr) in symbolic._forward_formulas(network, symbolic.GENERIC).items():
        full[name] = expr.xreplace({s: full.get(s.name, s) for s in expr.free_symbols})
    at = {sp.Symbol(n): sp.Float(float(v), 30) for n, v in names.parameter_values(network, params).items()}
    at |= {sp.Symbol(names.out(0, j)): sp.Float(float(X[j, 3]), 30) for j in range(network.sizes[0])}
    at |= {sp.Symbol(names.target(k)): sp.Float(float(T[k, 3]), 30) for k in range(network.sizes[-1])}
    symbols = list(at)
    for p in (chosen(network)[0], chosen(network)[-1]):  # the deepest weight, a bias
        derivative = sp.lambdify(symbols, sp.diff(full[names.COST], sp.Symbol(p)), "mpmath")
        with mpmath.workdps(30):
            exact = float(derivative(*at.values()))
        chain = symbolic.weight_chain(network, params, T, trace, grads, p, 3)
        assert chain[-1].value == pytest.approx(exact, rel=1e-10, abs=1e-14), p


def test_hidden_layers_sum_over_every_path_through_the_next_layer():
    network = NETWORKS[0]
    params, X, T, trace, grads = batch(network)
    steps = symbolic.weight_chain(network, params, T, trace, grads, "W1[3,1]", 0)
    paths = [st for st in steps if "*" in st.name]
    assert len(paths) == 8  # a1[3] feeds all 8 neurons of layer 2
    total = next(st for st in steps if st.name == "dJ/da1[3]")
    assert total.value == pytest.approx(sum(st.value for st in paths), rel=1e-12)
    assert total.formula.count("+") == 7 and total.numbers.count(r"\cdot") == 8  # each term: δ_k · w_k
    assert steps[-1].symbol == r"\frac{\partial J}{\partial W^{[1]}_{3,1}}"


def test_the_lessons_steps_are_the_generic_chain_under_its_aliases():
    """The lesson's chains are the generic ones under the article's names, less the two steps the
    generic chain of a weight adds: its neuron's activation and its δ."""
    x, t = ARTICLE.inputs, ARTICLE.targets
    trace = forward(NETWORK, ARTICLE.params, x, t)
    grads = backward(NETWORK, ARTICLE.params, trace, t)
    lesson = symbolic.backward_steps(ARTICLE, update_biases=True)
    for p in names.parameters(NETWORK):
        generic = symbolic.weight_chain(NETWORK, ARTICLE.params, t, trace, grads, p, lr=ARTICLE.lr)
        if p.startswith("W"):
            n = names.parse(p)
            added = (names.out(n.layer, n.index[0]), f"dJ/d{names.net(n.layer, n.index[0])}")
            assert [st.name for st in generic if st.name in added] == list(added)
            generic = tuple(st for st in generic if st.name not in added)
        shown = lesson[alias(p)]
        assert [alias(st.name) for st in generic] == [st.name for st in shown]
        assert [st.value for st in generic] == pytest.approx([st.value for st in shown], rel=1e-15)
        assert [st.numbers for st in generic][-1] == shown[-1].numbers


def test_forward_steps_of_any_network_are_the_cores_values():
    network = NETWORKS[2]
    params, X, T, trace, grads = batch(network)
    steps = symbolic.network_forward_steps(network, params, T, trace, sample=4)
    assert [s.name for s in steps] == list(names.forward_values(network))
    values = names.forward_named(network, trace, 4)
    assert all(s.value == float(values[s.name]) for s in steps)
    assert steps[-1].value == trace.losses[4]
    assert asdict(steps[0])["symbol"] == "z^{[1]}_{0}"


L2_NETWORKS = [NETWORKS[0], NETWORKS[2], NETWORKS[3]]


@pytest.mark.parametrize("network", L2_NETWORKS, ids=str)
def test_with_l2_the_update_shown_is_the_update_fit_takes(network):
    """The chain's last step is, to the last bit, the weight after training.fit's next update with its
    L2 penalty; the penalty's step is λ·W; a bias gets no penalty."""
    from backprop_core.training import fit

    params, X, T, trace, grads = batch(network)
    after = fit(network, params, X, T, lr=0.1, batch_size=M, epochs=1, l2=0.03).final
    before, updated = names.parameter_values(network, params), names.parameter_values(network, after)
    for p in chosen(network):
        steps = symbolic.weight_chain(network, params, T, trace, grads, p, "mean", lr=0.1, l2=0.03)
        assert steps[-1].name == p + "+" and steps[-1].value == updated[p], p
        if p.startswith("W"):
            share = steps[-2]
            assert share.name == symbolic.penalty(p) and share.value == 0.03 * before[p]
            assert share.formula == rf"\lambda \cdot {names.latex(p)}" and r"\lambda" in steps[-1].formula
            assert steps[-3].name == f"dJ/d{p}"
        else:
            assert steps[-2].name == f"dJ/d{p}"


def test_a_weights_chain_names_its_neurons_activation_and_delta_and_an_outputs_a_minus_y():
    network = NETWORKS[0]  # sigmoid with binary cross-entropy: δ = a − y
    params, X, T, trace, grads = batch(network)
    steps = {st.name: st for st in symbolic.weight_chain(network, params, T, trace, grads, "W3[0,4]", 1)}
    delta = steps["dJ/dz3[0]"]
    assert delta.formula == "a^{[3]}_{0} - y_{0}"
    assert delta.value == pytest.approx(trace.outs[-1][0, 1] - T[0, 1], rel=1e-12)
    assert steps["a3[0]"].value == trace.outs[-1][0, 1]
    hidden = symbolic.weight_chain(network, params, T, trace, grads, "W2[3,1]", 1)
    assert hidden[0].name == "a2[3]" and hidden[-3].name == "dJ/dz2[3]"
    assert hidden[-3].value == grads.deltas[1][3, 1]
    paths = symbolic.path_steps(network, "W2[3,1]")
    assert {st.name for st in hidden if "*" in st.name} <= paths and len(paths) == 3
    assert symbolic.path_steps(network, "W3[0,4]") == frozenset()
