"""Lesson 0's settings, cached core calls and its steps (pages/slope/page.py draws them).

Each step is a ``Step`` (formula = numbers = value), so the lesson steps, practises and
looks like the others; the figures and tables under a step come from pages.slope.maths.
"""

import re
from dataclasses import dataclass

import streamlit as st

from backprop_core import names, numbers
from backprop_core.example import ALIASES, NETWORK, PARAMETERS, Example
from backprop_core.symbolic import Step, symbolic_gradient
from pages.slope import maths as slope
from ui.page_settings import Choice, Number, Whole

PAGE = "slope"
RATES = ("slope_small", "slope_lr", "slope_large")
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
SETTINGS = (
    Choice("slope_param", "Parameter p", PARAMETERS, "b2", "The weight (or bias: a weight whose input is "
           "always 1) the cost is drawn along; every other number stays as in the sidebar.", kind="select"),
    Choice("slope_half", "Range either side", (0.5, 1.0, 2.0, 3.0, 5.0, 10.0), 2.0,
           "How far the curve and the contour map reach either side of the current value."),
    Whole("slope_steps", "Steps", 1, 40, 12, "Gradient steps each learning rate takes."),
    Choice("slope_other", "Second parameter", PARAMETERS, ALIASES[names.weight(2, 0, 0)],
           "With p, the two axes of the contour map.", kind="select"),
    Number("slope_small", "η too small", 0.001, 1000.0, 0.5, "A learning rate that creeps.", 0.1),
    Number("slope_lr", "η chosen", 0.001, 1000.0, 5.0, "The learning rate of the single step.", 0.5),
    Number("slope_large", "η too large", 0.001, 1000.0, 20.0, "A learning rate that overshoots.", 1.0),
    Whole("slope_width", "Neurons a hidden layer", 1, 16, 8, "The width of the deeper networks counted."),
    Whole("slope_depth", "Up to hidden layers", 1, 12, 8, "How deep the counted networks go."),
)  # fmt: skip


@dataclass(frozen=True)
class View:
    """Everything the lesson's numbers depend on: the cache key."""

    example: Example
    param: str
    other: str
    rates: tuple[float, float, float]  # too small, chosen, too large
    steps: int
    half: float


@st.cache_data(max_entries=32, show_spinner=False)
def curve(view: View) -> slope.Curve:
    return slope.curve(view.example, view.param, view.rates, view.steps, view.half)


@st.cache_data(max_entries=32, show_spinner=False)
def field(view: View) -> slope.Field:
    return slope.field(view.example, view.param, view.other, view.half)


@st.cache_data(max_entries=32, show_spinner=False)
def steepest(view: View) -> slope.Steepest:
    return slope.steepest(view.example, view.param, view.other, lr=view.rates[1])


@st.cache_data(max_entries=32, show_spinner=False)
def counts(n_in: int, width: int, n_out: int, depth: int) -> tuple[slope.Count, ...]:
    return slope.deeper(n_in, width, n_out, range(1, depth + 1))


@st.cache_data(max_entries=32, show_spinner=False)
def exact_slope(example: Example, name: str) -> float:
    """SymPy's own derivative (a check that shares no code with backprop)."""
    return symbolic_gradient(example)[name]


def tex(name: str) -> str:
    """w5 -> w_{5}: a parameter's name in a formula."""
    return re.sub(r"^([a-z]+)(\d+)$", r"\1_{\2}", name)


def _n(value, digits: int) -> str:
    """A number inside a formula, bracketed when negative: 0.5 - (-0.2)."""
    text = numbers.latex(value, digits)
    return rf"\left({text}\right)" if text.startswith("-") or r"\times" in text else text


def steps(view: View, digits: int) -> tuple[Step, ...]:
    """The lesson's seven steps, every number from the core."""
    c, s = curve(view), steepest(view)
    p, q, n = tex(view.param), tex(view.other), lambda v: _n(v, digits)
    dE_dp = rf"\frac{{\partial E_{{total}}}}{{\partial {p}}}"
    partial = lambda x: rf"\frac{{\partial E}}{{\partial {x}}}"  # noqa: E731
    count = slope.count(NETWORK.sizes)
    terms = " + ".join(rf"{a} \cdot {b} \cdot {k} \cdot {m}" for a, b, k, m in count.terms)
    sizes = "-".join(map(str, NETWORK.sizes))

    def step(name, title, symbol, formula, numbers_line, value) -> Step:
        return Step(name, title, symbol, formula, numbers_line, float(value), numbers.latex(value, digits))

    return (
        step(
            "curve",
            f"The cost along {view.param}: one number in, one number out",
            rf"E_{{total}}({p})",
            r"\sum_k \tfrac{1}{2}\,(t_k - out_k)^2",
            r"\sum_k \tfrac{1}{2}\,(t_k - out_k)^2",
            c.cost,
        ),
        step(
            "tangent",
            "The derivative is the slope of the tangent",
            dE_dp,
            rf"\lim_{{h \to 0}} \frac{{E_{{total}}({p} + h) - E_{{total}}({p} - h)}}{{2h}}",
            rf"\lim_{{h \to 0}} \frac{{E_{{total}}({p} + h) - E_{{total}}({p} - h)}}{{2h}}",
            c.slope,
        ),
        step(
            "step",
            "A gradient step goes downhill along the tangent",
            rf"{p}^{{+}}",
            rf"{p} - \eta\, {dE_dp}",
            rf"{n(c.at)} - {n(c.rates[1])} \cdot {n(c.slope)}",
            c.paths[1][1],
        ),
        step(
            "rates",
            "Too small and too large learning rates",
            rf"{p}^{{+}}",
            rf"{p} - \eta\, {dE_dp}",
            rf"{n(c.at)} - {n(c.rates[2])} \cdot {n(c.slope)}",
            c.paths[2][1],
        ),
        step(
            "gradient",
            f"Two parameters: the gradient is a vector ({view.param}, {view.other})",
            r"\lVert \nabla E_{total} \rVert",
            rf"\sqrt{{\left({partial(p)}\right)^2 + \left({partial(q)}\right)^2}}",
            rf"\sqrt{{{n(s.g1)}^2 + {n(s.g2)}^2}}",
            s.norm,
        ),
        step(
            "steepest",
            "Steepest descent: the step against the gradient, and its change to first order",
            r"\nabla E \cdot (-\eta\, \nabla E)",
            r"-\eta\, \lVert \nabla E_{total} \rVert^2",
            rf"-{n(s.lr)} \cdot {n(s.norm)}^2",
            s.predicted,
        ),
        step(
            "why",
            f"Why backpropagation: multiplications for every weight of the {sizes} network",
            r"N_{\text{path by path}}",
            r"\sum_{l=1}^{L} n_l\, n_{l-1}\, P_l\, \bigl(2(L - l) + 2\bigr)",
            terms,
            count.path_by_path,
        ),
    )
