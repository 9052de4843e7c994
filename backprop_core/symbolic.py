"""The worked example derived with SymPy: each step as a formula, the formula with numbers, the value.

SymPy only supplies symbols and LaTeX; every number shown comes from the NumPy
core (``solve``), so the page and the core can never disagree. SymPy is imported
here only, so ``import backprop_core`` stays light. Formulas do not depend on the
numbers, so they are built once (``lru_cache``); only the numbers are printed per
example.
"""

import math
from dataclasses import asdict, astuple, dataclass
from functools import lru_cache

import mpmath
import sympy as sp

from .example import FIELDS, FORWARD_NAMES, HIDDEN, INPUTS, OUTPUT, PARAMETERS, WEIGHTS, Example, solve

LESSON_ORDER = ("w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4", "b1", "b2")
BIAS = dict.fromkeys(HIDDEN, "b1") | dict.fromkeys(OUTPUT, "b2")  # one bias shared per layer
TARGET = {o: f"t{k + 1}" for k, o in enumerate(OUTPUT)}
_LATEX = {"order": "none", "mul_symbol": "dot"}  # keep the teaching form: no reordering


@dataclass(frozen=True)
class Step:
    name: str  # the core's name: "net_h1", "dE_dout_o1", "dE_dw5", "w5_new", ...
    title: str  # a short plain-words explanation
    symbol: str  # LaTeX of the left-hand side
    formula: str  # LaTeX of the right-hand side, in symbols
    numbers: str  # the same right-hand side with the current numbers in place of the symbols
    value: float  # from the NumPy core, never from SymPy
    value_latex: str  # ``value`` with the lesson's precision


@dataclass(frozen=True)
class _Template:
    """Everything about a step that does not depend on the numbers."""

    name: str
    title: str
    symbol: str
    expr: sp.Expr
    formula: str
    symbols: tuple


def fmt(value: float, digits: int = 9) -> str:
    """``value`` with ``digits`` significant digits, as LaTeX (1.5 \\times 10^{-7} when tiny or huge)."""
    if digits < 1:
        raise ValueError(f"digits must be at least 1, got {digits}")
    value = float(value)
    if math.isnan(value):
        return r"\mathrm{NaN}"
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    mantissa, _, exponent = f"{value:.{digits}g}".partition("e")
    mantissa = "0" if mantissa == "-0" else mantissa
    return rf"{mantissa} \times 10^{{{int(exponent)}}}" if exponent else mantissa


def _operand(text: str) -> str:
    """Bracket a number that would misread inside a formula: 0.5 - (-0.2), not 0.5 - -0.2."""
    return rf"\left({text}\right)" if text.startswith("-") or r"\times" in text else text


def _tex(name: str) -> str:
    """LaTeX of a lesson name: w5 -> w_{5}, lr -> \\eta, w5_new -> w_{5}^{+}, dE_dw5 -> a partial."""
    if name == "lr":
        return r"\eta"
    if name == "E":
        return "E_{total}"
    if name.endswith("_new"):
        return _tex(name[: -len("_new")]) + "^{+}"
    if name.startswith("d") and "_d" in name:
        top, bottom = name[1:].rsplit("_d", 1)
        return rf"\frac{{\partial {_tex(top)}}}{{\partial {_tex(bottom)}}}"
    return sp.latex(sp.Symbol(name))


# Unevaluated builders: SymPy would otherwise simplify away the form the lesson teaches.
def _s(name: str) -> sp.Symbol:
    return sp.Symbol(name)


def _add(*args) -> sp.Expr:
    return sp.Add(*args, evaluate=False)


def _mul(*args) -> sp.Expr:
    return sp.Mul(*args, evaluate=False)


def _minus(a, b) -> sp.Expr:
    return _add(a, _mul(-1, b))


def _sigmoid(x) -> sp.Expr:
    return sp.Pow(_add(1, sp.exp(_mul(-1, x), evaluate=False)), -1, evaluate=False)


def _slope(out) -> sp.Expr:
    """The sigmoid's derivative written with its output: out (1 - out)."""
    return _mul(out, _minus(1, out))


def _descent(p: str, grad: str) -> sp.Expr:
    return _minus(_s(p), _mul(_s("lr"), _s(grad)))


def _into(neuron: str) -> list[tuple[str, str]]:
    """(weight, source) pairs feeding ``neuron``, read off the core's wiring."""
    layer = 0 if neuron in HIDDEN else 1
    targets = (HIDDEN, OUTPUT)[layer]
    sources = (INPUTS, tuple(f"out_{h}" for h in HIDDEN))[layer]
    return [(w, sources[i]) for w, (l, j, i) in WEIGHTS.items() if l == layer and targets[j] == neuron]


def _template(name: str, title: str, expr: sp.Expr) -> _Template:
    symbols = tuple(sorted(expr.free_symbols, key=str))
    formula = sp.latex(expr, symbol_names={s: _tex(s.name) for s in symbols}, **_LATEX)
    return _Template(name, title, _tex(name), expr, formula, symbols)


def _forward_formulas() -> dict[str, tuple[str, sp.Expr]]:
    f = {}
    for n in HIDDEN + OUTPUT:
        terms = [_mul(_s(w), _s(src)) for w, src in _into(n)]
        inputs = "input" if n in HIDDEN else "hidden output"
        f[f"net_{n}"] = (
            f"Weighted input of {n}: each {inputs} times its weight, plus the bias",
            _add(*terms, _mul(_s(BIAS[n]), 1)),
        )
        f[f"out_{n}"] = (f"Output of {n}: the sigmoid squashes the weighted input", _sigmoid(_s(f"net_{n}")))
    for o in OUTPUT:
        half = sp.UnevaluatedExpr(sp.Rational(1, 2))  # keeps ½ in front instead of a fraction over 2
        squared = sp.Pow(_minus(_s(TARGET[o]), _s(f"out_{o}")), 2, evaluate=False)
        f[f"E_{o}"] = (f"Error of {o}: half the squared distance from the target", _mul(half, squared))
    f["E_total"] = ("Total error: the sum of the output errors", _add(*(_s(f"E_{o}") for o in OUTPUT)))
    return {name: f[name] for name in FORWARD_NAMES}


def _backward_formulas(update_biases: bool, article_variant: bool) -> dict[str, tuple[str, sp.Expr]]:
    f = {}
    for o in OUTPUT:
        f[f"dE_dout_{o}"] = (
            f"How the total error changes with {o}'s output",
            _mul(-1, _minus(_s(TARGET[o]), _s(f"out_{o}"))),
        )
        f[f"dout_{o}_dnet_{o}"] = (f"Slope of the sigmoid at {o}: out (1 - out)", _slope(_s(f"out_{o}")))
        f[f"dE_dnet_{o}"] = (
            f"Error signal of {o}: error slope times sigmoid slope",
            _mul(_s(f"dE_dout_{o}"), _s(f"dout_{o}_dnet_{o}")),
        )
    for h in HIDDEN:
        for o in OUTPUT:
            w = next(w for w, src in _into(o) if src == f"out_{h}")
            used = f"{w}_new" if article_variant else w
            note = " (already updated, as in the article's earlier code)" if article_variant else ""
            f[f"dnet_{o}_dout_{h}"] = (
                f"How {o}'s weighted input changes with {h}'s output: {w}{note}",
                _s(used),
            )
            f[f"dE_{o}_dout_{h}"] = (
                f"The part of {o}'s error that flows back to {h}",
                _mul(_s(f"dE_dnet_{o}"), _s(f"dnet_{o}_dout_{h}")),
            )
        f[f"dE_dout_{h}"] = (
            f"{h} feeds every output, so its error slope is the sum of their parts",
            _add(*(_s(f"dE_{o}_dout_{h}") for o in OUTPUT)),
        )
        f[f"dout_{h}_dnet_{h}"] = (f"Slope of the sigmoid at {h}: out (1 - out)", _slope(_s(f"out_{h}")))
        f[f"dE_dnet_{h}"] = (
            f"Error signal of {h}: error slope times sigmoid slope",
            _mul(_s(f"dE_dout_{h}"), _s(f"dout_{h}_dnet_{h}")),
        )
    for n in HIDDEN + OUTPUT:
        for w, src in _into(n):
            f[f"dnet_{n}_d{w}"] = (
                f"How {n}'s weighted input changes with {w}: the value {w} carries",
                _s(src),
            )
            if n in OUTPUT:
                first = (_s(f"dE_dout_{n}"), _s(f"dout_{n}_dnet_{n}"))
            else:  # the sum over both outputs, written out
                first = (_add(*(_s(f"dE_{o}_dout_{n}") for o in OUTPUT)), _s(f"dout_{n}_dnet_{n}"))
            f[f"dE_d{w}"] = (f"Chain rule for {w}: multiply the factors", _mul(*first, _s(f"dnet_{n}_d{w}")))
            f[f"{w}_new"] = (
                f"Gradient descent: move {w} against its gradient, scaled by η",
                _descent(w, f"dE_d{w}"),
            )
    for b, layer in (("b1", HIDDEN), ("b2", OUTPUT)):
        f[f"dE_d{b}"] = (
            f"{b} feeds {' and '.join(layer)} with input 1, so add their error signals",
            _add(*(_mul(_s(f"dE_dnet_{n}"), 1) for n in layer)),
        )
        f[f"{b}_new"] = (
            (f"Gradient descent on {b}", _descent(b, f"dE_d{b}"))
            if update_biases
            else (f"{b} stays fixed, as in the article", _s(b))
        )
    return f


def _chain(p: str) -> tuple[str, ...]:
    """Step names for parameter ``p``, in the order the lesson derives them."""
    if p in BIAS.values():
        layer = HIDDEN if p == "b1" else OUTPUT
        return (*(f"dE_dnet_{n}" for n in layer), f"dE_d{p}", f"{p}_new")
    layer, j, _ = WEIGHTS[p]
    if layer == 1:
        o = OUTPUT[j]
        return (f"dE_dout_{o}", f"dout_{o}_dnet_{o}", f"dnet_{o}_d{p}", f"dE_d{p}", f"{p}_new")
    h = HIDDEN[j]
    parts = [(f"dE_dnet_{o}", f"dnet_{o}_dout_{h}", f"dE_{o}_dout_{h}") for o in OUTPUT]
    return (*sum(parts, ()), f"dE_dout_{h}", f"dout_{h}_dnet_{h}", f"dnet_{h}_d{p}", f"dE_d{p}", f"{p}_new")


@lru_cache
def _forward_templates() -> dict[str, _Template]:
    return {name: _template(name, *tf) for name, tf in _forward_formulas().items()}


@lru_cache
def _backward_templates(update_biases: bool, article_variant: bool) -> dict[str, _Template]:
    built = _backward_formulas(update_biases, article_variant)
    return {name: _template(name, *tf) for name, tf in built.items()}


def formulas(*, update_biases: bool = False, article_variant: bool = False) -> dict[str, sp.Expr]:
    """The teaching formula of every step (forward and backward), by step name."""
    templates = _forward_templates() | _backward_templates(update_biases, article_variant)
    return {name: t.expr for name, t in templates.items()}


def _values(example: Example, **flags) -> dict[str, float]:
    """Every number a formula may mention, by name, from the NumPy core."""
    sol = solve(example, **flags)
    values = asdict(example) | sol.forward | sol.factors
    values |= {f"dE_d{p}": g for p, g in sol.gradients.items()}
    return values | {f"{p}_new": u for p, u in sol.updated.items()}


def _step(t: _Template, values: dict, digits: int) -> Step:
    names = {s: _operand(fmt(values[s.name], digits)) for s in t.symbols}
    numbers = sp.latex(t.expr, symbol_names=names, **_LATEX)
    value = values[t.name]
    return Step(t.name, t.title, t.symbol, t.formula, numbers, value, fmt(value, digits))


def forward_steps(example: Example, digits: int = 9) -> tuple[Step, ...]:
    """net_h1, out_h1, ..., E_total, each as formula, numbers and value."""
    values = _values(example)
    return tuple(_step(t, values, digits) for t in _forward_templates().values())


def backward_steps(
    example: Example, digits: int = 9, *, update_biases: bool = False, article_variant: bool = False
) -> dict[str, tuple[Step, ...]]:
    """The chain of steps for each parameter, keyed in lesson order (w5..w8, w1..w4, b1, b2)."""
    flags = {"update_biases": update_biases, "article_variant": article_variant}
    values = _values(example, **flags)
    templates = _backward_templates(update_biases, article_variant)
    steps = {name: _step(t, values, digits) for name, t in templates.items()}  # shared steps printed once
    return {p: tuple(steps[name] for name in _chain(p)) for p in LESSON_ORDER}


@lru_cache
def _expressions() -> dict[str, sp.Expr]:
    full = {}
    for name, t in _forward_templates().items():  # in order, so every input is already expanded
        full[name] = t.expr.xreplace({s: full.get(s.name, s) for s in t.symbols}).doit()
    return full


def expressions() -> dict[str, sp.Expr]:
    """Every forward value as one expression in x1, x2, w1..w8, b1, b2, t1, t2."""
    return dict(_expressions())


@lru_cache
def _gradient_function():
    total = _expressions()["E_total"]
    grads = [sp.diff(total, _s(p)) for p in PARAMETERS]
    return sp.lambdify([_s(f) for f in FIELDS], grads, "mpmath")  # mpmath: no overflow in exp


def symbolic_gradient(example: Example) -> dict[str, float]:
    """dE_total/dp for p in w1..w8, b1, b2, by SymPy's own differentiation (a check on the core)."""
    with mpmath.workdps(30):  # extra digits so the reference is exact to double precision
        grads = _gradient_function()(*astuple(example))
    return {p: float(g) for p, g in zip(PARAMETERS, grads)}
