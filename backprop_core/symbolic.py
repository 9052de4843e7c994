"""Derivations with SymPy, for any small network: each step as a formula, the formula with numbers, the value.

SymPy only supplies symbols and LaTeX; every number shown comes from the NumPy core
(``forward``/``backward`` through ``names.forward_named``/``names.factors_named``), so a page and
the core can never disagree. SymPy is imported here only, so ``import backprop_core`` stays
light. Formulas do not depend on the numbers, so each is built and printed once (``lru_cache``);
only the numbers are printed per request.

A step is named by what it differentiates, in names.py's notation: for the weight W2[0,0] of a
2-2-2 network, ``dJ/da2[0]`` (∂J/∂a), ``da2[0]/dz2[0]`` (g′(z)), ``dz2[0]/dW2[0,0]`` (the input it
carries), ``dJ/dW2[0,0]`` and ``W2[0,0]+`` (after the update). A hidden layer's error is summed
over every path through the next layer, ∂J/∂a_j = Σ_k ∂J/∂z_k · w_kj, i.e. the delta rule
δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ g′(z_l); each path's term is the step ``dJ/dz2[k]*dz2[k]/da1[j]``.

The worked example is the same derivation shown through its alias table (example.py): there
``dJ/da2[0]`` is ``dE_dout_o1`` and ``W2[0,0]`` is ``w5``, with the lesson's titles and LaTeX.
"""

import math
from collections.abc import Callable
from dataclasses import asdict, astuple, dataclass
from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from . import answers, mistakes, names, numbers
from . import example as ex
from .names import COST, net, out, path, weight
from .network import Gradients, Network, Params, Trace, columns
from .notation import input_latex
from .steps import Step, spoken

_LATEX = {"order": "none", "mul_symbol": "dot"}  # keep the teaching form: no reordering
MEAN = "mean"
SHOWN_SAMPLES = 4  # a longer mean shows its first two samples and last two: more outgrow a projector


@dataclass(frozen=True)
class _Template:
    """Everything about a step that does not depend on the numbers."""

    name: str
    title: str
    symbol: str
    expr: sp.Expr
    formula: str
    symbols: tuple
    texs: tuple = ()  # each symbol's LaTeX, in the order of ``symbols``


# --- how steps are named and typeset ------------------------------------------------------------


_GREEK = {"lr": r"\eta", "l2": r"\lambda"}


def generic_tex(name: str) -> str:
    """LaTeX of a generic name or step: dJ/dW1[0,1] -> a partial, W1[0,1]+ -> W^{[1]}_{0,1}^{+}."""
    if name in _GREEK:
        return _GREEK[name]
    if name.endswith("+"):
        return "{" + generic_tex(name[:-1]) + "}^{+}"
    if "*" in name:
        return " ".join(generic_tex(part) for part in name.split("*"))
    if name.startswith("d") and "/d" in name:
        top, bottom = name[1:].split("/d")
        return rf"\frac{{\partial {generic_tex(top)}}}{{\partial {generic_tex(bottom)}}}"
    n = names.parse(name)
    if n.kind == "a" and n.layer == 0:  # an input: named from 1, as the Playground's axes and nodes
        return input_latex(n.index[0])
    return names.latex(name)


def lesson_tex(name: str) -> str:
    """LaTeX of a lesson name: w5 -> w_{5}, lr -> \\eta, w5_new -> w_{5}^{+}, dE_dw5 -> a partial."""
    if name == "lr":
        return r"\eta"
    if name == "E":
        return "E_{total}"
    if name.endswith("_new"):
        return lesson_tex(name[: -len("_new")]) + "^{+}"
    if name.startswith("d") and "_d" in name:
        top, bottom = name[1:].rsplit("_d", 1)
        return rf"\frac{{\partial {lesson_tex(top)}}}{{\partial {lesson_tex(bottom)}}}"
    return sp.latex(sp.Symbol(name))


def _neuron_words(node: str) -> str:
    n = names.parse(node)
    return f"neuron {n.index[0]} of layer {n.layer}"


def _example_label(node: str) -> str:
    return ex.LABELS[node]


@dataclass(frozen=True)
class Naming:
    """How a derivation shows names: generic ones (names.py) or a lesson's aliases (example.py)."""

    name: Callable[[str], str]  # generic name or step -> the name it is shown by
    label: Callable[[str], str]  # a neuron (its activation's name, a1[0]) -> words for a title
    tex: Callable[[str], str]  # a shown name -> LaTeX


GENERIC = Naming(str, _neuron_words, generic_tex)
LESSON = Naming(ex.alias, _example_label, lesson_tex)


# --- unevaluated builders: SymPy would otherwise simplify away the form the lesson teaches --------


def _add(*args) -> sp.Expr:
    return sp.Add(*args, evaluate=False)


def _mul(*args) -> sp.Expr:
    return sp.Mul(*args, evaluate=False)


def _minus(a, b) -> sp.Expr:
    return _add(a, _mul(-1, b))


def _over(a, b) -> sp.Expr:
    return _mul(a, sp.Pow(b, -1, evaluate=False))


def _sigmoid(x) -> sp.Expr:
    return sp.Pow(_add(1, sp.exp(_mul(-1, x), evaluate=False)), -1, evaluate=False)


# Per activation: the words in titles, out = g(net, every net of the layer), and g'(net, out).
@dataclass(frozen=True)
class _Activation:
    the: str  # "the sigmoid"
    short: str  # "sigmoid"
    does: str  # what it does to the weighted input
    slope: str  # its derivative in words
    fn: Callable
    der: Callable


# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
_ACTIVATIONS = {
    "sigmoid": _Activation(
        "the sigmoid", "sigmoid", "the sigmoid squashes the weighted input", "out (1 - out)",
        lambda z, zs: _sigmoid(z), lambda z, a: _mul(a, _minus(1, a)),
    ),
    "tanh": _Activation(
        "tanh", "tanh", "tanh squashes the weighted input", "1 - out²",
        lambda z, zs: sp.tanh(z), lambda z, a: _minus(1, sp.Pow(a, 2, evaluate=False)),
    ),
    "relu": _Activation(
        "ReLU", "ReLU", "ReLU keeps a positive weighted input, else gives 0", "1 if net > 0, else 0",
        lambda z, zs: sp.Max(0, z), lambda z, a: sp.Piecewise((1, z > 0), (0, True)),
    ),
    "linear": _Activation(
        "the identity", "identity", "the weighted input passes unchanged", "1",
        lambda z, zs: z, lambda z, a: sp.Integer(1),
    ),
    "softmax": _Activation(
        "softmax", "softmax", "softmax: e^net over the sum of e^net of every output",
        "out (1 - out) on the diagonal",
        lambda z, zs: _over(sp.exp(z), _add(*(sp.exp(s) for s in zs))), lambda z, a: _mul(a, _minus(1, a)),
    ),
}  # fmt: skip


# Per loss: the words, one output's loss term (y, a) and its derivative d loss / d a.
_LOSSES = {
    "half_squared": (
        "half the squared distance from the target",
        lambda y, a: _mul(sp.UnevaluatedExpr(sp.Rational(1, 2)), sp.Pow(_minus(y, a), 2, evaluate=False)),
        lambda y, a: _mul(-1, _minus(y, a)),
    ),
    "binary_cross_entropy": (
        "binary cross-entropy against the target",
        lambda y, a: _mul(-1, _add(_mul(y, sp.log(a)), _mul(_minus(1, y), sp.log(_minus(1, a))))),
        lambda y, a: _over(_minus(a, y), _mul(a, _minus(1, a))),
    ),
    "cross_entropy": (
        "cross-entropy, minus the target times the log of the output",
        lambda y, a: _mul(-1, y, sp.log(a)),
        lambda y, a: _mul(-1, _over(y, a)),
    ),
}


# --- the formulas of one network ------------------------------------------------------------------


def _forward_formulas(network: Network, naming: Naming) -> dict[str, tuple[str, sp.Expr]]:
    def s(name):
        return sp.Symbol(naming.name(name))

    sizes, depth, f = network.sizes, len(network.sizes) - 1, {}
    for l in names.layers(network):
        act = _ACTIVATIONS[network.activations[l - 1]]
        zs = [s(net(l, i)) for i in range(sizes[l])]
        for i in range(sizes[l]):
            who = naming.label(out(l, i))
            terms = [_mul(s(weight(l, i, j)), s(out(l - 1, j))) for j in range(sizes[l - 1])]
            inputs = "input" if l == 1 else "hidden output"
            f[net(l, i)] = (
                f"Weighted input of {who}: each {inputs} times its weight, plus the bias",
                _add(*terms, _mul(s(names.bias(network, l, i)), 1)),
            )
            f[out(l, i)] = (f"Output of {who}: {act.does}", act.fn(zs[i], zs))
    words, term, _ = _LOSSES[network.loss]
    for k in range(sizes[-1]):
        who = naming.label(out(depth, k))
        f[names.loss_term(k)] = (f"Error of {who}: {words}", term(s(names.target(k)), s(out(depth, k))))
    f[COST] = (
        "Total error: the sum of the output errors",
        _add(*(s(names.loss_term(k)) for k in range(sizes[-1]))),
    )
    return {name: f[name] for name in names.forward_values(network)}


def _fed(network: Network, b: str) -> list[int]:
    l = names.parse(b).layer
    return [i for i in range(network.sizes[l]) if names.bias(network, l, i) == b]


# Output activations whose loss makes δ = ∂J/∂z simply out − target: the two slopes cancel.
_CANCELLING = {
    ("softmax", "cross_entropy"): "softmax with cross-entropy",
    ("sigmoid", "binary_cross_entropy"): "the sigmoid with binary cross-entropy",
    ("linear", "half_squared"): "a linear output with half the squared error",
}


def _cancelling_output(network: Network, layer: int) -> bool:
    return layer == len(network.sizes) - 1 and (network.activations[-1], network.loss) in _CANCELLING


def penalty(w: str) -> str:
    """The step of the L2 penalty's share of w's gradient, λ·w (training's penalty (λ/2)·Σ w²)."""
    return f"l2*{w}"


@dataclass(frozen=True)
class Variant:
    """Which form of the backward formulas: the lesson's options, and the Playground's additions."""

    update_biases: bool = True
    article_variant: bool = False  # hidden errors flow back through the already-updated weights
    l2: bool = False  # a weight's update includes the L2 penalty's share λ·w
    explicit: bool = False  # a hidden neuron's error slope as Σ δ_k·w_ki, not the sum of the parts' names


def _backward_formulas(network: Network, naming: Naming, v: Variant) -> dict[str, tuple[str, sp.Expr]]:
    def s(name):
        return sp.Symbol(naming.name(name))

    sizes, depth, f = network.sizes, len(network.sizes) - 1, {}
    _, _, loss_der = _LOSSES[network.loss]

    def parts(l: int, i: int) -> list:
        """Each next-layer neuron's part of neuron i's error slope: by its name (the lesson's ∂E_o1/∂out_h1),
        or explicitly as δ_k times w_ki, so the numbers line shows one number for each factor."""
        if not v.explicit:
            return [s(path(l + 1, k, i)) for k in range(sizes[l + 1])]
        a = out(l, i)
        return [
            _mul(s(f"d{COST}/d{net(l + 1, k)}"), s(f"d{net(l + 1, k)}/d{a}")) for k in range(sizes[l + 1])
        ]

    for l in reversed(names.layers(network)):
        act = _ACTIVATIONS[network.activations[l - 1]]
        for i in range(sizes[l]):
            a, z, who = out(l, i), net(l, i), naming.label(out(l, i))
            if l < depth:
                for k in range(sizes[l + 1]):
                    z_k, next_who, w = net(l + 1, k), naming.label(out(l + 1, k)), weight(l + 1, k, i)
                    note = " (already updated, as in the article's earlier code)" if v.article_variant else ""
                    shown = naming.name(w) + note
                    f[f"d{z_k}/d{a}"] = (
                        f"How {next_who}'s weighted input changes with {who}'s output: {shown}",
                        s(w + "+" if v.article_variant else w),
                    )
                    f[path(l + 1, k, i)] = (
                        f"The part of {next_who}'s error that flows back to {who}",
                        _mul(s(f"d{COST}/d{z_k}"), s(f"d{z_k}/d{a}")),
                    )
                feeds = "output" if l + 1 == depth else f"neuron of layer {l + 1}"
                f[f"d{COST}/d{a}"] = (
                    f"{who} feeds every {feeds}, so its error slope is the sum of their parts",
                    _add(*parts(l, i)),
                )
            else:
                f[f"d{COST}/d{a}"] = (
                    f"How the total error changes with {who}'s output",
                    loss_der(s(names.target(i)), s(a)),
                )
            f[f"d{a}/d{z}"] = (f"Slope of {act.the} at {who}: {act.slope}", act.der(s(z), s(a)))
            if _cancelling_output(network, l):
                pair = _CANCELLING[network.activations[-1], network.loss]
                f[f"d{COST}/d{z}"] = (
                    f"Error signal of {who}: {pair} gives out minus target, as the slopes cancel",
                    _minus(s(a), s(names.target(i))),
                )
            else:
                f[f"d{COST}/d{z}"] = (
                    f"Error signal of {who}: error slope times {act.short} slope",
                    _mul(s(f"d{COST}/d{a}"), s(f"d{a}/d{z}")),
                )
    for l in names.layers(network):
        for i in range(sizes[l]):
            a, z, who = out(l, i), net(l, i), naming.label(out(l, i))
            if _cancelling_output(network, l):
                first = (s(f"d{COST}/d{z}"),)
            elif l == depth:
                first = (s(f"d{COST}/d{a}"), s(f"d{a}/d{z}"))
            else:  # the sum over the next layer, written out
                first = (_add(*parts(l, i)), s(f"d{a}/d{z}"))
            for j in range(sizes[l - 1]):
                w = weight(l, i, j)
                shown = naming.name(w)
                f[f"d{z}/d{w}"] = (
                    f"How {who}'s weighted input changes with {shown}: the value {shown} carries",
                    s(out(l - 1, j)),
                )
                f[f"d{COST}/d{w}"] = (
                    f"Chain rule for {shown}: multiply the factors",
                    _mul(*first, s(f"d{z}/d{w}")),
                )
                f[w + "+"] = (
                    f"Gradient descent: move {shown} against its gradient, scaled by η",
                    _minus(s(w), _mul(s("lr"), s(f"d{COST}/d{w}"))),
                )
                if v.l2:
                    f[penalty(w)] = (
                        f"The L2 penalty (λ/2)·Σ W² adds λ times {shown} to its gradient",
                        _mul(s("l2"), s(w)),
                    )
                    f[w + "+"] = (
                        f"Gradient descent: move {shown} against its gradient plus the L2 share, scaled by η",
                        _minus(s(w), _mul(s("lr"), _add(s(f"d{COST}/d{w}"), s(penalty(w))))),
                    )
        for b in names.biases(network, l):
            fed = [naming.label(out(l, i)) for i in _fed(network, b)]
            shown = naming.name(b)
            f[f"d{COST}/d{b}"] = (
                f"{shown} feeds {' and '.join(fed)} with input 1, so add their error signals"
                if len(fed) > 1
                else f"{shown} feeds {fed[0]} with input 1, so its gradient is that error signal",
                _add(*(_mul(s(f"d{COST}/d{net(l, i)}"), 1) for i in _fed(network, b))),
            )
            f[b + "+"] = (
                (f"Gradient descent on {shown}", _minus(s(b), _mul(s("lr"), s(f"d{COST}/d{b}"))))
                if v.update_biases
                else (f"{shown} stays fixed, as in the article", s(b))
            )
    return f


@lru_cache(maxsize=16)
def _formulas(network: Network, naming: Naming, variant: Variant) -> dict:
    """Every step's (title, expression), keyed by its generic name."""
    return _forward_formulas(network, naming) | _backward_formulas(network, naming, variant)


@lru_cache(maxsize=4096)
def _template(network: Network, naming: Naming, variant: Variant, name: str) -> _Template:
    """One step's title and printed formula: built on first use, then kept (LaTeX costs about 1 ms)."""
    title, expr = _formulas(network, naming, variant)[name]
    symbols = tuple(sorted(expr.free_symbols, key=str))
    formula = sp.latex(expr, symbol_names={s: naming.tex(s.name) for s in symbols}, **_LATEX)
    shown = naming.name(name)
    texs = tuple(naming.tex(s.name) for s in symbols)
    return _Template(shown, title, naming.tex(shown), expr, formula, symbols, texs)


def chain_names(
    network: Network, parameter: str, *, explicit: bool = False, l2: bool = False
) -> tuple[str, ...]:
    """The steps of one parameter's gradient (generic names), in the order a lesson derives them,
    ending with the update ``parameter+``. ``explicit`` adds a weight's neuron's activation first and
    its δ = ∂J/∂z as a step of its own; ``l2`` the L2 penalty's share of a weight's gradient."""
    n = names.parse(parameter, network)
    if n.kind == "b":
        return (
            *(f"d{COST}/d{net(n.layer, i)}" for i in _fed(network, parameter)),
            f"d{COST}/d{parameter}",
            parameter + "+",
        )
    l, (i, _), depth = n.layer, n.index, len(network.sizes) - 1
    a, z = out(l, i), net(l, i)
    if _cancelling_output(network, l):
        head = (f"d{COST}/d{z}",)
    elif l == depth:
        head = (f"d{COST}/d{a}", f"d{a}/d{z}")
    else:
        head = (*_paths(network, l, i), f"d{COST}/d{a}", f"d{a}/d{z}")
    if explicit:
        head = (a, *head, *((f"d{COST}/d{z}",) if head[-1] != f"d{COST}/d{z}" else ()))
    share = (penalty(parameter),) if l2 else ()
    return (*head, f"d{z}/d{parameter}", f"d{COST}/d{parameter}", *share, parameter + "+")


def _paths(network: Network, l: int, i: int) -> tuple[str, ...]:
    """For each neuron k of layer l+1: its δ, its weight from neuron i of layer l, and their product."""
    a = out(l, i)
    return sum(
        (
            (f"d{COST}/d{net(l + 1, k)}", f"d{net(l + 1, k)}/d{a}", path(l + 1, k, i))
            for k in range(network.sizes[l + 1])
        ),
        (),
    )


def path_steps(network: Network, weight_: str) -> frozenset[str]:
    """The steps of a hidden weight's chain that follow each path through the next layer (none for
    an output weight): a page may fold them away, the sum step lists their values."""
    n = names.parse(weight_, network)
    l, (i, _) = n.layer, n.index
    return frozenset(_paths(network, l, i)) if l < len(network.sizes) - 1 else frozenset()


def lesson_order(network: Network) -> tuple[str, ...]:
    """The parameters in the order a lesson derives them: the weights from the output layer back,
    then the biases."""
    weights = [w for l in reversed(names.layers(network)) for w in names.weights(network, l)]
    return (*weights, *(b for l in names.layers(network) for b in names.biases(network, l)))


# --- numbers into formulas --------------------------------------------------------------------------


def _operand(text: str) -> str:
    """Bracket a number that would misread inside a formula: 0.5 - (-0.2), not 0.5 - -0.2."""
    return rf"\left({text}\right)" if text.startswith("-") or r"\times" in text else text


_FLOAT_OPS = {sp.exp: math.exp, sp.log: math.log, sp.tanh: math.tanh, sp.Max: max, sp.Min: min}


def _evaluate(expr: sp.Expr, values: dict) -> float:
    """A formula at float values, by walking it: far cheaper than lambdify's compiling each formula,
    and enough for the forms the lessons print (anything else: a TypeError)."""
    if expr.is_Symbol:
        return values[expr.name]
    if expr.is_Number:
        return float(expr)
    args = [_evaluate(a, values) for a in expr.args]
    if isinstance(expr, sp.UnevaluatedExpr):
        return args[0]
    if isinstance(expr, sp.Add):
        return math.fsum(args)
    if isinstance(expr, sp.Mul):
        return math.prod(args)
    if isinstance(expr, sp.Pow):
        return args[0] ** args[1]
    if (op := _FLOAT_OPS.get(type(expr))) is not None:
        return op(*args)
    raise TypeError(f"no float rule for {type(expr).__name__}")


def _rounded(t: _Template, values: dict) -> float | None:
    """The step's value from its inputs rounded as a learner copies them (practice accepts it)."""
    try:
        return float(_evaluate(t.expr, {s.name: answers.round_to(values[s.name]) for s in t.symbols}))
    except (ArithmeticError, ValueError, TypeError):  # log of a rounded 0, a Piecewise: none then
        return None


def _slips(t: _Template, values: dict) -> tuple[tuple[float, str], ...]:
    """A product or a sum with one of its parts left out: its value, and what the learner reads when
    their answer is that (the part's own name, as plain text)."""
    parts = t.expr.args
    if not isinstance(t.expr, sp.Mul | sp.Add) or len(parts) < 2 or any(p.is_Number for p in parts):
        return ()
    kind, join = ("factor", math.prod) if isinstance(t.expr, sp.Mul) else ("term", math.fsum)
    tex = dict(zip(t.symbols, t.texs))
    try:
        worth = [_evaluate(p, values) for p in parts]
    except (ArithmeticError, ValueError, TypeError):
        return ()
    out = []
    for i, left_out in enumerate(parts):
        name = spoken(sp.latex(left_out, symbol_names=tex, **_LATEX))
        if not name:  # a part plain text cannot say ((t − out)²): a slip named "one part" helps no one
            continue
        name = name if left_out.is_Symbol else f"({name})"
        out.append((join(w for j, w in enumerate(worth) if j != i), f"the {kind} {name} looks left out"))
    return tuple(out)


def _step(t: _Template, values: dict, digits: int) -> Step:
    shown = {s: _operand(numbers.latex(values[s.name], digits)) for s in t.symbols}
    numbers_line = sp.latex(t.expr, symbol_names=shown, **_LATEX)
    value = values[t.name]
    return Step(
        t.name,
        t.title,
        t.symbol,
        t.formula,
        numbers_line,
        value,
        numbers.latex(value, digits),
        rounded=_rounded(t, values),
        slips=_slips(t, values),
    )


def _mean_step(t: _Template, per_sample: list[float], value: float, digits: int, gradient: bool) -> Step:
    """A step averaged over the batch: (1/m) Σ_s (formula)_s, with each sample's value."""
    m = len(per_sample)
    shown = [numbers.latex(v, digits) for v in per_sample]
    if m > SHOWN_SAMPLES:
        half = SHOWN_SAMPLES // 2
        shown = shown[:half] + [r"\cdots"] + shown[-half:]
    symbol = t.symbol if gradient else rf"\overline{{{t.symbol}}}"
    formula = rf"\frac{{1}}{{m}} \sum_{{s=1}}^{{m}} \left({t.formula}\right)_{{s}}"
    numbers_line = rf"\frac{{1}}{{{m}}} \left({''.join(numbers.signed_terms(shown))}\right)"
    title = (
        f"{t.title} of each sample, then take the mean of those {m} products (a mean of products: "
        "the factors' means above do not multiply to it)"
        if gradient
        else f"{t.title} (the mean over the {m} samples)"
    )
    return Step(t.name, title, symbol, formula, numbers_line, value, numbers.latex(value, digits))


def _per_sample(
    network: Network, params: Params, targets, trace: Trace, gradients: Gradients, sample, lr, through: Params
) -> dict[str, float]:
    """Every number a formula may mention, by generic name, from the NumPy core (one network, no runs)."""
    t = columns(targets)
    v = names.parameter_values(network, params) | {"lr": lr}
    v |= {names.out(0, j): x for j, x in enumerate(names.sample_values(trace.outs[0], sample))}
    v |= {names.target(k): y for k, y in enumerate(names.sample_values(t, sample))}
    v |= names.forward_named(network, trace, sample) | names.factors_named(
        network, trace, gradients, through, sample
    )
    for l in names.layers(network):
        deltas = names.sample_values(gradients.deltas[l - 1], sample)
        inputs = names.sample_values(trace.outs[l - 1], sample)
        for i in range(network.sizes[l]):
            for j in range(network.sizes[l - 1]):
                v[f"d{COST}/d{weight(l, i, j)}"] = deltas[i] * inputs[j]
        for b in names.biases(network, l):
            v[f"d{COST}/d{b}"] = sum(deltas[i] for i in _fed(network, b))
    return {name: float(x) for name, x in v.items() if x is not None}


def _updated(network: Network, params: Params, gradients: Gradients, lr: float, l2: float) -> dict:
    """Every parameter after the update, with λ and each weight's penalty share λ·W (training's L2)."""
    grads, values = names.parameter_values(network, gradients.grads), names.parameter_values(network, params)
    shares = {penalty(p): l2 * float(w) for p, w in values.items() if p.startswith("W")}
    updated = {p + "+": float(w - lr * (grads[p] + shares.get(penalty(p), 0.0))) for p, w in values.items()}
    return updated | shares | {"l2": l2}


def weight_chain(
    network: Network,
    params: Params,
    targets,
    trace: Trace,
    gradients: Gradients,
    parameter: str,
    sample: int | str = 0,
    *,
    lr: float | None = None,
    l2: float = 0.0,
    digits: int = numbers.DIGITS,
) -> tuple[Step, ...]:
    """The chain of factors of one parameter's gradient (a weight ``W2[0,1]`` or a bias), for any
    small network: each factor as formula, formula with numbers, and value. A weight's chain starts
    with its neuron's activation and has that neuron's δ = ∂J/∂z as a step of its own.

    ``trace`` and ``gradients`` are ``forward``'s and ``backward``'s for the batch whose targets are
    ``targets`` (one network, no "runs" axes). ``sample`` is a sample's index (every factor and the
    gradient of that sample's loss) or ``"mean"`` (each step averaged over the batch; the gradient
    is then the cost's, ``gradients.grads``). With ``lr``, the chain ends with the update
    W+ = W − η ∂J/∂W, which uses the cost's gradient: shown only for ``"mean"`` or a batch of one.
    With ``l2`` (training's penalty (λ/2)·Σ W²) a weight's update has the step λ·W before it and
    is W+ = W − η (∂J/∂W + λ·W): exactly the update ``training.fit`` takes.
    """
    m = trace.outs[0].shape[-1]
    update = lr is not None and (sample == MEAN or m == 1)
    is_weight = names.parse(parameter, network).kind == "W"
    steps = chain_names(network, parameter, explicit=is_weight, l2=bool(l2) and is_weight)
    if not update:
        steps = tuple(s for s in steps if s not in (parameter + "+", penalty(parameter)))
    variant = Variant(l2=bool(l2), explicit=is_weight)
    templates = [_template(network, GENERIC, variant, name) for name in steps]
    fixed = _updated(network, params, gradients, lr, l2) if update else {}
    if sample != MEAN:
        values = _per_sample(network, params, targets, trace, gradients, sample, lr, params) | fixed
        return tuple(_step(t, values, digits) for t in templates)
    per_sample = [_per_sample(network, params, targets, trace, gradients, s, lr, params) for s in range(m)]
    means = {name: float(np.mean([v[name] for v in per_sample])) for name in per_sample[0]}
    means |= {f"d{COST}/d{p}": float(g) for p, g in names.parameter_values(network, gradients.grads).items()}
    means |= fixed
    result = []
    for t in templates:
        if t.name in fixed:  # the penalty and the update: one value for the whole batch
            result.append(_step(t, means, digits))
        elif t.expr.is_Symbol and t.expr.name in per_sample[0] and t.expr.name.startswith("W"):
            result.append(_step(t, per_sample[0], digits))  # a weight on the way back: one for all samples
        else:
            gradient = t.name == f"d{COST}/d{parameter}"
            result.append(_mean_step(t, [v[t.name] for v in per_sample], means[t.name], digits, gradient))
    return tuple(result)


@dataclass(frozen=True)
class SampleFactors:
    """A weight's gradient over a batch, sample by sample: each sample's factors (the chain's, its
    hidden sum as one factor ∂J/∂a), their product (that sample's gradient) and the mean of the
    products, which is the batch's gradient; and, for contrast, the product of the factors' means."""

    names: tuple[str, ...]  # each factor's generic name, "dJ/da1[2]"
    symbols: tuple[str, ...]  # their LaTeX
    values: np.ndarray  # (samples, factors)
    products: np.ndarray  # (samples,): each sample's ∂L/∂W

    @property
    def mean(self) -> float:
        return float(np.mean(self.products))

    @property
    def product_of_means(self) -> float:
        return float(np.prod(np.mean(self.values, axis=0)))


def gradient_factors(network: Network, parameter: str) -> tuple[str, ...]:
    """The factors a weight's gradient multiplies, by generic name: its neuron's error slope and the
    activation's slope (or δ at once where they cancel), then the value the weight carries."""
    n = names.parse(parameter, network)
    l, (i, _) = n.layer, n.index
    a, z = out(l, i), net(l, i)
    head = (f"d{COST}/d{z}",) if _cancelling_output(network, l) else (f"d{COST}/d{a}", f"d{a}/d{z}")
    return (*head, f"d{z}/d{parameter}")


def sample_factors(network: Network, trace: Trace, gradients: Gradients, parameter: str) -> SampleFactors:
    """Each sample's factors of the weight ``parameter``'s gradient, read off the NumPy core's arrays
    (every sample at once: a full batch of 2,000 costs no more than one)."""
    factors = gradient_factors(network, parameter)
    n = names.parse(parameter, network)
    l, (i, j) = n.layer, n.index
    z = net(l, i)
    arrays = {
        f"d{COST}/d{z}": gradients.deltas[l - 1][i],
        f"d{COST}/d{out(l, i)}": gradients.dE_dout[l - 1][i],
        f"d{out(l, i)}/d{z}": gradients.dout_dnet[l - 1][i],
        f"d{z}/d{parameter}": trace.outs[l - 1][j],
    }
    values = np.stack([np.asarray(arrays[f], dtype=float) for f in factors], axis=1)
    symbols = tuple(_template(network, GENERIC, Variant(explicit=True), f).symbol for f in factors)
    return SampleFactors(factors, symbols, values, np.prod(values, axis=1))


def network_forward_steps(
    network: Network, params: Params, targets, trace: Trace, sample: int = 0, digits: int = numbers.DIGITS
) -> tuple[Step, ...]:
    """Every forward value of one sample (z, a per neuron, each output's loss, that sample's loss J)."""
    values = names.parameter_values(network, params)
    values |= {names.out(0, j): x for j, x in enumerate(trace.outs[0][..., sample])}
    values |= {names.target(k): y for k, y in enumerate(columns(targets)[..., sample])}
    values = {k: float(v) for k, v in (values | names.forward_named(network, trace, sample)).items()}
    return tuple(
        _step(_template(network, GENERIC, Variant(), name), values, digits)
        for name in names.forward_values(network)
    )


# --- the worked example: the same derivation, through its alias table ----------------------------

LESSON_ORDER = tuple(ex.alias(p) for p in lesson_order(ex.NETWORK))


def formulas(*, update_biases: bool = False, article_variant: bool = False) -> dict[str, sp.Expr]:
    """The teaching formula of every step of the example (forward and backward), by step name."""
    built = _formulas(ex.NETWORK, LESSON, Variant(update_biases, article_variant))
    return {ex.alias(name): expr for name, (_, expr) in built.items()}


def _values(example: ex.Example, **flags) -> dict[str, float]:
    """Every number a formula may mention, by the lesson's name, from the NumPy core."""
    sol = ex.solve(example, **flags)
    values = asdict(example) | sol.forward | sol.factors
    values |= {f"dE_d{p}": g for p, g in sol.gradients.items()}
    return values | {f"{p}_new": u for p, u in sol.updated.items()}


def forward_steps(example: ex.Example, digits: int = numbers.DIGITS) -> tuple[Step, ...]:
    """net_h1, out_h1, ..., E_total, each as formula, numbers and value."""
    values = _values(example)
    variant = Variant(update_biases=False)
    steps = (
        _step(_template(ex.NETWORK, LESSON, variant, n), values, digits)
        for n in names.forward_values(ex.NETWORK)
    )
    return mistakes.with_mistakes(steps, mistakes.worked_example(example))


def backward_steps(
    example: ex.Example,
    digits: int = numbers.DIGITS,
    *,
    update_biases: bool = False,
    article_variant: bool = False,
) -> dict[str, tuple[Step, ...]]:
    """The chain of steps for each parameter, keyed in lesson order (output weights first, then the
    hidden weights, then the biases); each step's slips lead with its likely mistakes (mistakes.py)."""
    values = _values(example, update_biases=update_biases, article_variant=article_variant)
    variant = Variant(update_biases, article_variant)
    steps = {}  # shared steps printed once

    def step(name):
        if name not in steps:
            steps[name] = _step(_template(ex.NETWORK, LESSON, variant, name), values, digits)
        return steps[name]

    likely = mistakes.worked_example(example, update_biases=update_biases, article_variant=article_variant)
    chains = {
        ex.alias(p): tuple(step(n) for n in chain_names(ex.NETWORK, p)) for p in lesson_order(ex.NETWORK)
    }
    return {p: mistakes.with_mistakes(chain, likely) for p, chain in chains.items()}


@lru_cache
def _expressions() -> dict[str, sp.Expr]:
    full = {}
    for name, (_, expr) in _forward_formulas(ex.NETWORK, LESSON).items():  # in order: inputs come first
        full[ex.alias(name)] = expr.xreplace({s: full.get(s.name, s) for s in expr.free_symbols}).doit()
    return full


def expressions() -> dict[str, sp.Expr]:
    """Every forward value of the example as one expression in its inputs, parameters and targets."""
    return dict(_expressions())


@lru_cache
def _gradient_function():
    total = _expressions()[ex.alias(COST)]
    grads = [sp.diff(total, sp.Symbol(p)) for p in ex.PARAMETERS]
    return sp.lambdify([sp.Symbol(f) for f in ex.FIELDS], grads, "mpmath")  # mpmath: no overflow in exp


def symbolic_gradient(example: ex.Example) -> dict[str, float]:
    """dE_total/dp for every parameter, by SymPy's own differentiation (a check on the core)."""
    with mpmath.workdps(30):  # extra digits so the reference is exact to double precision
        grads = _gradient_function()(*astuple(example))
    return {p: float(g) for p, g in zip(ex.PARAMETERS, grads)}
