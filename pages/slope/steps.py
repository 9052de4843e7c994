"""Lesson 0's steps: each a ``Step`` (formula = numbers = value), so the lesson steps, practises and
looks like the others. Pure: every number comes from pages.slope.maths, through ``numbers``."""

import math
import re
from dataclasses import replace

from backprop_core import mistakes, numbers
from backprop_core.answers import on_paper
from backprop_core.example import NETWORK
from backprop_core.steps import Step, equation
from pages.slope import maths as slope


def tex(name: str) -> str:
    """w5 -> w_{5}: a parameter's name in a formula."""
    return re.sub(r"^([a-z]+)(\d+)$", r"\1_{\2}", name)


def _n(value, digits: int) -> str:
    """A number inside a formula, bracketed when negative: 0.5 - (-0.2)."""
    text = numbers.latex(value, digits)
    return rf"\left({text}\right)" if text.startswith("-") or r"\times" in text else text


ONE_OUTPUT = "only the first output's error looks counted: E_total adds every output's"
NOT_2H = "the difference looks divided by h, not by 2h"
NO_SQUARE = "the square of ‖∇E_total‖ looks left out"
NO_ETA_HERE = "η looks left out: the change is −η times the squared length"
BACKPROP_COUNT = "that is backpropagation's count: path by path multiplies along every path again"


def _by_hand(c: slope.Curve) -> str:
    """The slope's limit with h = NUDGE: E_total on either side, precise enough to subtract."""
    up, down = (numbers.latex(e, slope.NUDGED_DIGITS) for e in c.nudged)
    h = numbers.latex(slope.NUDGE)
    return rf"\approx \frac{{{up} - {down}}}{{2 \cdot {h}}}"


def _update(c: slope.Curve, run: int) -> tuple[float, tuple]:
    """Run ``run``'s first step p − η·slope from rounded numbers, and its likely mistakes."""
    rate = c.rates[run]
    return on_paper(lambda p, lr, g: p - lr * g, c.at, rate, c.slope), mistakes.update(c.at, rate, c.slope)


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


def _step(
    name, title, symbol, formula, numbers_line, value, digits: int, rounded=None, slips=(), hint_only=False
) -> Step:
    """A step; ``rounded`` and ``slips`` mark practice fairly (backprop_core/answers.py). ``hint_only``:
    the numbers line is practice's hint alone; the lesson shows formula = value (it fits a slide)."""
    value = float(value)
    kept = mistakes.kept(value, rounded, slips)
    step = Step(
        name,
        title,
        symbol,
        formula,
        numbers_line,
        value,
        numbers.latex(value, digits),
        rounded=rounded,
        slips=kept,
    )
    return replace(step, latex=equation(replace(step, numbers=formula))) if hint_only else step


def _cost(targets, outputs) -> float:
    return math.fsum(0.5 * (t - o) ** 2 for t, o in zip(targets, outputs))


def _half_squares(c: slope.Curve, n) -> str:
    return " + ".join(rf"\tfrac{{1}}{{2}}\,({n(t)} - {n(o)})^2" for t, o in zip(c.targets, c.outputs))


def _one_parameter(param: str, c: slope.Curve, digits: int) -> tuple[Step, ...]:
    """The cost as a curve of ``param`` alone: its value, its slope, a step, a smaller and a larger one."""
    p, n = tex(param), lambda v: _n(v, digits)
    dE_dp = rf"\frac{{\partial E_{{total}}}}{{\partial {p}}}"
    up, down = c.nudged
    by_hand = (up - down) / (2 * slope.NUDGE)  # what the hint's numbers give (h small, not 0)
    return (
        _step(
            "curve",
            f"The cost along {param}: one number in, one number out",
            rf"E_{{total}}({p})",
            r"\sum_k \tfrac{1}{2}\,(t_k - out_k)^2",
            _half_squares(c, n),
            c.cost,
            digits,
            on_paper(lambda t, o: _cost(t, o), c.targets, c.outputs),
            (
                (2 * c.cost, mistakes.NO_HALF),
                (_cost(c.targets[:1], c.outputs[:1]), ONE_OUTPUT),
            ),
            hint_only=True,
        ),
        _step(
            "tangent",
            "The derivative is the slope of the tangent",
            dE_dp,
            rf"\lim_{{h \to 0}} \frac{{E_{{total}}({p} + h) - E_{{total}}({p} - h)}}{{2h}}",
            _by_hand(c),
            c.slope,
            digits,
            by_hand,
            ((2 * by_hand, NOT_2H),),
            hint_only=True,
        ),
        _step(
            "step",
            "A gradient step goes downhill along the tangent",
            rf"{p}^{{+}}",
            rf"{p} - \eta\, {dE_dp}",
            rf"{n(c.at)} - {n(c.rates[1])} \cdot {n(c.slope)}",
            c.paths[1][1],
            digits,
            *_update(c, 1),
        ),
        _step(
            "rates",
            "Smaller and larger learning rates",
            rf"{p}^{{+}}",
            rf"{p} - \eta\, {dE_dp}",
            rf"{n(c.at)} - {n(c.rates[2])} \cdot {n(c.slope)}",
            c.paths[2][1],
            digits,
            *_update(c, 2),
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
            on_paper(math.hypot, s.g1, s.g2),
            ((s.g1**2 + s.g2**2, mistakes.NO_ROOT), (s.g1 + s.g2, mistakes.NO_SQUARES)),
        ),
        _step(
            "steepest",
            "Steepest descent: the step against the gradient, and its change to first order",
            r"\nabla E_{total} \cdot (-\eta\, \nabla E_{total})",
            r"-\eta\, \lVert \nabla E_{total} \rVert^2",
            rf"-{n(s.lr)} \cdot {n(s.norm)}^2",
            s.predicted,
            digits,
            on_paper(lambda lr, norm: -lr * norm**2, s.lr, s.norm),
            ((-s.lr * s.norm, NO_SQUARE), (-(s.norm**2), NO_ETA_HERE)),
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
        slips=((count.backprop, BACKPROP_COUNT),),
    )
