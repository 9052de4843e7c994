"""The SymPy derivation checked against the NumPy core, and the LaTeX it prints.

Each fact is computed two ways: SymPy differentiates the full expression, the
core backpropagates; a teaching formula evaluated by SymPy must give the value
the core computed under the same name.
"""

import subprocess
import sys
from dataclasses import asdict, replace

import numpy as np
import pytest
import sympy as sp

from backprop_core import ARTICLE, FIELDS, PARAMETERS, Example, numbers, solve
from backprop_core.example import FORWARD_NAMES
from backprop_core.symbolic import (
    LESSON_ORDER,
    backward_steps,
    expressions,
    formulas,
    forward_steps,
    symbolic_gradient,
)

FLAGS = [
    {"update_biases": False, "article_variant": False},
    {"update_biases": True, "article_variant": False},
    {"update_biases": False, "article_variant": True},
    {"update_biases": True, "article_variant": True},
]


def random_examples(n=8, seed=20240601):
    rng = np.random.default_rng(seed)
    examples = []
    for _ in range(n):
        values = {name: float(rng.uniform(-2, 2)) for name in FIELDS}
        values |= {"t1": float(rng.uniform(0, 1)), "t2": float(rng.uniform(0, 1))}
        values["lr"] = float(rng.uniform(0.01, 1))
        examples.append(Example(**values))
    return examples


EXAMPLES = [ARTICLE, *random_examples()]


def named_values(example, **flags):
    """Every number a formula may mention, by the core's names."""
    sol = solve(example, **flags)
    values = asdict(example) | sol.forward | sol.factors
    values |= {f"dE_d{p}": g for p, g in sol.gradients.items()}
    return values | {f"{p}_new": u for p, u in sol.updated.items()}


def evaluate(expr, values):
    """SymPy's own numeric evaluation of a formula, at 30 digits."""
    exact = {s: sp.Float(values[s.name], 30) for s in expr.free_symbols}
    return float(expr.xreplace(exact).doit().evalf(30))


# --- SymPy's derivatives against the core -------------------------------------------------------


def test_sympy_diff_of_E_total_matches_numpy_at_article_values():
    total = expressions()["E_total"]
    at = {sp.Symbol(k): sp.Float(v, 30) for k, v in asdict(ARTICLE).items()}
    grads = solve(ARTICLE).gradients
    for p in PARAMETERS:
        assert float(sp.diff(total, sp.Symbol(p)).evalf(30, subs=at)) == pytest.approx(grads[p], rel=1e-12)


@pytest.mark.parametrize("example", EXAMPLES)
def test_symbolic_gradient_matches_numpy(example):
    grads = solve(example).gradients
    for p, g in symbolic_gradient(example).items():
        assert g == pytest.approx(grads[p], rel=1e-12, abs=1e-300), p


@pytest.mark.parametrize("example", EXAMPLES[:3])
def test_full_expressions_match_forward_pass(example):
    at = {sp.Symbol(k): sp.Float(v, 30) for k, v in asdict(example).items()}
    forward = solve(example).forward
    exprs = expressions()
    assert tuple(exprs) == FORWARD_NAMES
    assert exprs["E_total"].free_symbols <= set(map(sp.Symbol, FIELDS))
    for name, expr in exprs.items():
        assert float(expr.evalf(30, subs=at)) == pytest.approx(forward[name], rel=1e-12), name


# --- the hand-written teaching formulas are true derivatives ------------------------------------


def expanded(f, name):
    return f[name].doit()


def test_sigmoid_slope_is_out_times_one_minus_out():
    f = formulas()
    for n in ("h1", "h2", "o1", "o2"):
        net = sp.Symbol(f"net_{n}")
        out = expanded(f, f"out_{n}")
        slope = expanded(f, f"dout_{n}_dnet_{n}").subs(sp.Symbol(f"out_{n}"), out)
        assert sp.simplify(sp.diff(out, net) - slope) == 0


def test_error_slope_is_minus_target_minus_out():
    f = formulas()
    total = expanded(f, "E_total").subs({sp.Symbol(f"E_{o}"): expanded(f, f"E_{o}") for o in ("o1", "o2")})
    for o in ("o1", "o2"):
        assert sp.simplify(sp.diff(total, sp.Symbol(f"out_{o}")) - expanded(f, f"dE_dout_{o}")) == 0


def test_weighted_input_slopes_are_the_input_and_the_weight():
    f = formulas()
    for name in ("dnet_h1_dw1", "dnet_h1_dw2", "dnet_h2_dw3", "dnet_h2_dw4", "dnet_o1_dw5", "dnet_o2_dw8"):
        net, w = name[1:].rsplit("_d", 1)
        assert sp.diff(expanded(f, net), sp.Symbol(w)) == f[name]
    for o, h, w in (("o1", "h1", "w5"), ("o1", "h2", "w6"), ("o2", "h1", "w7"), ("o2", "h2", "w8")):
        assert sp.diff(expanded(f, f"net_{o}"), sp.Symbol(f"out_{h}")) == sp.Symbol(w)
        assert formulas(article_variant=True)[f"dnet_{o}_dout_{h}"] == sp.Symbol(f"{w}_new")


@pytest.mark.parametrize("flags", FLAGS)
@pytest.mark.parametrize("example", EXAMPLES[:4])
def test_every_formula_evaluates_to_its_step_value(example, flags):
    values = named_values(example, **flags)
    f = formulas(**flags)
    steps = forward_steps(example) + sum(backward_steps(example, **flags).values(), ())
    for step in steps:
        assert step.value == values[step.name]  # the number shown is the core's
        assert evaluate(f[step.name], values) == pytest.approx(step.value, rel=1e-12, abs=1e-15), step.name


# --- shape of the steps ------------------------------------------------------------------------


def test_step_names_and_order():
    assert tuple(s.name for s in forward_steps(ARTICLE)) == FORWARD_NAMES
    chains = backward_steps(ARTICLE)
    assert tuple(chains) == LESSON_ORDER == ("w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4", "b1", "b2")
    assert [s.name for s in chains["w5"]] == [
        "dE_dout_o1",
        "dout_o1_dnet_o1",
        "dnet_o1_dw5",
        "dE_dw5",
        "w5_new",
    ]
    assert [s.name for s in chains["w1"]] == [
        "dE_dnet_o1",
        "dnet_o1_dout_h1",
        "dE_o1_dout_h1",
        "dE_dnet_o2",
        "dnet_o2_dout_h1",
        "dE_o2_dout_h1",
        "dE_dout_h1",
        "dout_h1_dnet_h1",
        "dnet_h1_dw1",
        "dE_dw1",
        "w1_new",
    ]
    assert [s.name for s in chains["b1"]][-2:] == ["dE_db1", "b1_new"]
    assert [s.name for s in chains["b2"]][-2:] == ["dE_db2", "b2_new"]
    assert all(s.title and s.symbol and s.formula and s.numbers for c in chains.values() for s in c)


def test_latex_symbols_follow_the_lesson():
    chains = backward_steps(ARTICLE)
    assert forward_steps(ARTICLE)[0].symbol == "net_{h1}"
    assert forward_steps(ARTICLE)[0].formula == r"w_{1} \cdot x_{1} + w_{2} \cdot x_{2} + b_{1} \cdot 1"
    dE_dw5 = chains["w5"][3]
    assert dE_dw5.symbol == r"\frac{\partial E_{total}}{\partial w_{5}}"
    assert chains["w5"][4].formula == r"w_{5} - \eta \cdot \frac{\partial E_{total}}{\partial w_{5}}"
    sum_over_outputs = (
        r"\frac{\partial E_{o1}}{\partial out_{h1}} + \frac{\partial E_{o2}}{\partial out_{h1}}"
    )
    assert sum_over_outputs in chains["w1"][-2].formula  # dE_dw1 writes the sum out
    variant = backward_steps(ARTICLE, article_variant=True)["w1"]
    assert variant[1].formula == "w_{5}^{+}" and variant[4].formula == "w_{7}^{+}"


# --- the article's printed numbers --------------------------------------------------------------


def by_name(steps):
    return {s.name: s for s in steps}


def test_article_numbers_appear_in_the_latex():
    forward = by_name(forward_steps(ARTICLE))
    assert forward["out_h1"].value_latex == "0.593269992"
    assert forward["E_total"].value_latex == "0.298371109"
    w5 = by_name(backward_steps(ARTICLE)["w5"])
    assert w5["dE_dout_o1"].value_latex == "0.74136507"
    assert w5["dout_o1_dnet_o1"].value_latex == "0.186815602"
    assert w5["dE_dw5"].numbers == r"0.74136507 \cdot 0.186815602 \cdot 0.593269992"
    assert w5["w5_new"].value_latex == "0.35891648"
    # the article prints 9 decimals, numbers.latex 9 significant digits: 0.082167041 needs 8 here
    assert w5["dE_dw5"].value_latex == "0.0821670406"
    assert by_name(backward_steps(ARTICLE, digits=8)["w5"])["dE_dw5"].value_latex == "0.082167041"
    w1 = by_name(backward_steps(ARTICLE)["w1"])
    assert w1["w1_new"].value_latex == "0.149780716"
    assert w1["dE_o2_dout_h1"].numbers == r"\left(-0.0380982365\right) \cdot 0.5"


def test_changing_w5_changes_downstream_numbers():
    changed = replace(ARTICLE, w5=0.3)
    sol = solve(changed)
    before, after = by_name(forward_steps(ARTICLE)), by_name(forward_steps(changed))
    assert after["out_h1"] == before["out_h1"]  # upstream of w5: untouched
    assert after["net_o1"].numbers.startswith(r"0.3 \cdot 0.593269992")
    for name in ("net_o1", "out_o1", "E_o1", "E_total"):
        assert after[name].value == sol.forward[name]
        assert after[name].numbers != before[name].numbers
    w1 = by_name(backward_steps(changed)["w1"])
    assert w1["dnet_o1_dout_h1"].numbers == "0.3"
    assert w1["dE_dw1"].value == sol.gradients["w1"]
    assert w1["w1_new"].value_latex == numbers.latex(sol.updated["w1"])


# --- numbers in formulas ------------------------------------------------------------------------


def test_negative_numbers_are_bracketed_in_formulas():
    example = replace(ARTICLE, t1=-0.5, w5=-1e-9)
    steps = by_name(forward_steps(example) + backward_steps(example)["w5"])
    assert steps["E_o1"].numbers.startswith(r"\frac{1}{2} \cdot \left(\left(-0.5\right) - ")
    assert r"\left(-1 \times 10^{-9}\right) \cdot 0.593269992" in steps["net_o1"].numbers


# --- cost and isolation --------------------------------------------------------------------------


def test_importing_the_core_does_not_import_sympy():
    code = "import sys, backprop_core; assert 'sympy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
