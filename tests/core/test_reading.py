"""A formula read aloud (backprop_core/reading.py): the words a screen reader speaks for a step."""

import re

import pytest

from backprop_core import example, symbolic
from backprop_core.reading import read
from backprop_core.steps import equation


@pytest.mark.parametrize(
    "latex, words",
    [
        (r"\frac{\partial E_{total}}{\partial w_{5}}", "d E_total by d w5"),
        (r"w_{5}^{+} = w_{5} - \eta \cdot 0.5", "new w5 equals w5 minus eta times 0.5"),
        (r"\frac{1}{1 + e^{- net_{h1}}}", "1 over (1 plus e to the power (minus net_h1))"),
        (r"\left(t_{1} - out_{o1}\right)^{2}", "(t1 minus out_o1) squared"),
        (r"{W^{[2]}_{0,3}}^{+}", "new W2[0,3]"),
        (r"W^{[2]\top} dZ^{[2]}", "W2 transposed dZ2"),
        (r"\sum_{l=1}^{D} n_l\, n_{l-1}", "the sum for l from 1 to D of n_l n_(l minus 1)"),
        (r"\sqrt{0.5^2 + 0.25^2}", "the square root of (0.5 squared plus 0.25 squared)"),
        (
            r"\begin{bmatrix} 1 & -2 \\ 3 & 4 \end{bmatrix}",
            "the 2 by 2 matrix with row 1: 1, minus 2; row 2: 3, 4;",
        ),
        (r"\lVert \nabla E_{total} \rVert", "the norm of (grad E_total)"),
        (
            r"N_{\text{path by path}} = \left\lceil m / B \right\rceil",
            "N_(path by path) equals the ceiling of (m over B)",
        ),
        (r"1.5 \times 10^{-7}", "1.5 times 10 to the power (minus 7)"),
        (r"\footnotesize W = \begin{bmatrix} 5 \end{bmatrix}", "W equals the 1 by 1 matrix with row 1: 5;"),
        (r"\frac{\partial E_{total}}{\partial w_{5}} = \;?", "d E_total by d w5 equals ?"),  # practice asks
        (r"E = \sum \tfrac{1}{2}\,(t - out)^2", "E equals the sum of 1 over 2 (t minus out) squared"),
    ],
)
def test_readings(latex, words):
    assert read(latex) == words


def test_the_chain_rule_step_reads_its_formula_its_numbers_and_its_value():
    steps = {s.name: s for s in symbolic.backward_steps(example.ARTICLE)["w5"]}
    said = read(equation(steps["dE_dw5"]))
    assert said == (
        "d E_total by d w5 equals d E_total by d out_o1 times d out_o1 by d net_o1 times d net_o1 by d w5, "
        "equals 0.74136507 times 0.186815602 times 0.593269992, equals 0.0821670406"
    )


def test_an_unknown_command_is_named_never_left_as_latex():
    assert read(r"\Gamma_{x} \unknown{3}") == "Gamma_x unknown 3"


def said(name: str) -> str:
    """A lesson's name as the reading says it, worked out apart from the reader: dE_dout_o1 ->
    "d E_total by d out_o1", E -> E_total."""
    if name.startswith("d") and "_d" in name:
        top, bottom = name[1:].rsplit("_d", 1)
        return f"d {said(top)} by d {said(bottom)}"
    return {"E": "E_total", "lr": "eta"}.get(name, name)


def test_every_symbol_of_each_steps_sympy_expression_is_read():
    """Lessons 1 and 2 print their formulas from SymPy: each symbol of the expression is in the words."""
    expressions = symbolic.formulas()
    chains = symbolic.backward_steps(example.ARTICLE)
    steps = {s.name: s for chain in chains.values() for s in chain}
    steps |= {s.name: s for s in symbolic.forward_steps(example.ARTICLE)}
    assert len(steps) > 30
    for name, step in steps.items():
        words = read(step.formula)
        for symbol in expressions[name].free_symbols:
            assert re.search(rf"(^|[\s(]){re.escape(said(symbol.name))}([\s,)]|$)", words), (
                name,
                symbol,
                words,
            )
