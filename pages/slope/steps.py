"""Lesson 0's steps: each a ``Step`` (formula = numbers = value), so the lesson steps, practises and
looks like the others. Pure: every number comes from pages.slope.maths, through ``numbers``."""

import re

from backprop_core import numbers
from backprop_core.example import NETWORK
from backprop_core.steps import Step
from pages.slope import maths as slope


def tex(name: str) -> str:
    """w5 -> w_{5}: a parameter's name in a formula."""
    return re.sub(r"^([a-z]+)(\d+)$", r"\1_{\2}", name)


def _n(value, digits: int) -> str:
    """A number inside a formula, bracketed when negative: 0.5 - (-0.2)."""
    text = numbers.latex(value, digits)
    return rf"\left({text}\right)" if text.startswith("-") or r"\times" in text else text


def lesson_steps(
    param: str, other: str, curve: slope.Curve, steepest: slope.Steepest, digits: int
) -> tuple[Step, ...]:
    """The lesson's seven steps along ``param`` (and ``other``, the map's second axis), every number from
    the core's ``curve`` and ``steepest`` descent."""
    return (
        *_one_parameter(param, curve, digits),
        *_two_parameters(param, other, steepest, digits),
        _why_backprop(digits),
    )


def _step(name, title, symbol, formula, numbers_line, value, digits: int) -> Step:
    return Step(name, title, symbol, formula, numbers_line, float(value), numbers.latex(value, digits))


def _one_parameter(param: str, c: slope.Curve, digits: int) -> tuple[Step, ...]:
    """The cost as a curve of ``param`` alone: its value, its slope, a step, a smaller and a larger one."""
    p, n = tex(param), lambda v: _n(v, digits)
    dE_dp = rf"\frac{{\partial E_{{total}}}}{{\partial {p}}}"
    return (
        _step(
            "curve",
            f"The cost along {param}: one number in, one number out",
            rf"E_{{total}}({p})",
            r"\sum_k \tfrac{1}{2}\,(t_k - out_k)^2",
            r"\sum_k \tfrac{1}{2}\,(t_k - out_k)^2",
            c.cost,
            digits,
        ),
        _step(
            "tangent",
            "The derivative is the slope of the tangent",
            dE_dp,
            rf"\lim_{{h \to 0}} \frac{{E_{{total}}({p} + h) - E_{{total}}({p} - h)}}{{2h}}",
            rf"\lim_{{h \to 0}} \frac{{E_{{total}}({p} + h) - E_{{total}}({p} - h)}}{{2h}}",
            c.slope,
            digits,
        ),
        _step(
            "step",
            "A gradient step goes downhill along the tangent",
            rf"{p}^{{+}}",
            rf"{p} - \eta\, {dE_dp}",
            rf"{n(c.at)} - {n(c.rates[1])} \cdot {n(c.slope)}",
            c.paths[1][1],
            digits,
        ),
        _step(
            "rates",
            "Smaller and larger learning rates",
            rf"{p}^{{+}}",
            rf"{p} - \eta\, {dE_dp}",
            rf"{n(c.at)} - {n(c.rates[2])} \cdot {n(c.slope)}",
            c.paths[2][1],
            digits,
        ),
    )


def _two_parameters(param: str, other: str, s: slope.Steepest, digits: int) -> tuple[Step, ...]:
    """``param`` and ``other`` together: the gradient's length, and steepest descent's first-order change."""
    p, q, n = tex(param), tex(other), lambda v: _n(v, digits)
    partial = lambda x: rf"\frac{{\partial E_{{total}}}}{{\partial {x}}}"  # noqa: E731
    return (
        _step(
            "gradient",
            f"Two parameters: the gradient is a vector ({param}, {other})",
            r"\lVert \nabla E_{total} \rVert",
            rf"\sqrt{{\left({partial(p)}\right)^2 + \left({partial(q)}\right)^2}}",
            rf"\sqrt{{{n(s.g1)}^2 + {n(s.g2)}^2}}",
            s.norm,
            digits,
        ),
        _step(
            "steepest",
            "Steepest descent: the step against the gradient, and its change to first order",
            r"\nabla E_{total} \cdot (-\eta\, \nabla E_{total})",
            r"-\eta\, \lVert \nabla E_{total} \rVert^2",
            rf"-{n(s.lr)} \cdot {n(s.norm)}^2",
            s.predicted,
            digits,
        ),
    )


def _why_backprop(digits: int) -> Step:
    """Why backpropagation: the worked example's multiplications, counted path by path."""
    count = slope.count(NETWORK.sizes)
    terms = " + ".join(rf"{a} \cdot {b} \cdot {k} \cdot {m}" for a, b, k, m in count.terms)
    sizes = "-".join(map(str, NETWORK.sizes))
    return _step(
        "why",
        f"Why backpropagation: multiplications for every weight of the {sizes} network",
        r"N_{\text{path by path}}",
        r"\sum_{l=1}^{D} n_l\, n_{l-1}\, P_l\, \bigl(2(D - l) + 2\bigr)",  # D, not L: L is lesson 6's loss
        terms,
        count.path_by_path,
        digits,
    )
