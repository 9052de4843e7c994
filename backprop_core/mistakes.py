"""The likely mistakes of a step, pure: each wrong value a learner gets from one wrong rule, with a short
label a teacher can read out ("half of you dropped the minus") and a learner reads after "Not yet:".

A mistake is a rule applied wrongly wherever the worked example uses it: the minus of
∂E/∂out = −(t − out) dropped, the sigmoid's slope left out, the update taken uphill, … Its value at a
step is that step's formula evaluated with the wrong rule in place (and so carried on from where the
rule is first used: a learner who dropped the minus at ∂E/∂out_o1 gets ∂E/∂w5's sign wrong too).
Pages put the values into their steps' ``Step.slips``, so practice mode (``answers.check``) and the
teacher's view (``answers.common_mistakes``) name them.

SymPy (the worked example's formulas) is imported only when the catalogue is first built (``_formulas``:
each formula becomes a plain function once): a lesson's own steps borrow the labels and ``update``
without loading it.
"""

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from functools import lru_cache

from . import answers, names
from . import example as ex
from .steps import Step

Slips = answers.Slips

# --- the labels: one wording for every lesson ----------------------------------------------------------
UPHILL = "the update went uphill: w + η·∂E/∂w, not w − η·∂E/∂w"
NO_ETA = "η looks left out of the update: w − ∂E/∂w"
MINUS = "the minus of ∂E/∂out = −(t − out) looks dropped"
NO_SLOPE = "the sigmoid's slope out·(1 − out) looks left out"
NET_FOR_OUT = (
    "net looks used where out belongs: −(t − net), net·(1 − net), or a net as the value a weight carries"
)
NO_SIGMOID = "the sigmoid looks left out: net used as out"
SIGMOID_SIGN = "the sigmoid looks taken as 1/(1 + e^net): the minus of e^−net dropped"
NEW_WEIGHT = "the updated w⁺ looks used where the old w belongs (the error flows back through this pass's w)"
OLD_WEIGHT = "the old w looks used where the article's earlier code uses the updated w⁺"
WEIGHT_FOR_INPUT = "the weight looks used where the value it carries belongs (∂net/∂w is that value)"
INPUT_FOR_WEIGHT = "the value carried looks used where the weight belongs (∂net/∂out is the weight)"
NO_HALF = "the ½ of ½(t − out)² looks left out"
SUM_FOR_MEAN = "the sum looks not divided by the number of samples (a mean, not a sum)"
ONE_SAMPLE = "only the first sample looks used: the mean is over every sample"
NO_ROOT = "the square root looks left out"
NO_SQUARES = "the parts look added as they are: the length is the root of the sum of their squares"


def update(old: float, lr: float, gradient: float) -> Slips:
    """The update p⁺ = p − η·g taken uphill, and without η."""
    return ((old + lr * gradient, UPHILL), (old - gradient, NO_ETA))


def kept(value: float, rounded: float | None, slips: Iterable[tuple[float, str]]) -> Slips:
    """The slips a learner can be told apart by: each finite and at least ``answers.APART`` units of the
    third significant digit from the value, the rounded value and every slip kept before it (the first
    wins: put the most telling first)."""
    out: list[tuple[float, str]] = []
    known = [v for v in (value, rounded) if v is not None]
    for wrong, label in slips:
        if math.isfinite(wrong) and all(answers.apart(wrong, v) for v in (*known, *(w for w, _ in out))):
            out.append((float(wrong), label))
    return tuple(out)


# --- the worked example: each mistake as a wrong rule, evaluated through the lesson's formulas --------

FORWARD, BACKWARD, UPDATE = "forward", "backward", "update"  # where a mistake is named
ERROR_SLOPES = tuple(f"dE_d{o}" for o in ex.OUTPUTS)  # ∂E/∂out of each output: −(t − out)
LOSS_TERMS = tuple(ex.alias(names.loss_term(k)) for k in range(ex.NETWORK.sizes[-1]))  # E_o1, E_o2


def part(step: str) -> str:
    """Which part of the worked example a step is in: the forward pass, the backward pass, an update."""
    if step in ex.FORWARD_NAMES:
        return FORWARD
    return UPDATE if _updated(step) else BACKWARD


def _updated(step: str) -> str | None:
    """w5_new -> w5: the parameter an update step moves (None for any other step)."""
    base = step.removesuffix("_new")
    return base if base != step and base in ex.PARAMETERS else None


def _neuron(step: str) -> str:
    """out_h1, dout_h1_dnet_h1 -> h1."""
    return step.rsplit("_", 1)[-1]


@dataclass(frozen=True)
class Rule:
    """A mistake: the steps whose rule it changes, the wrong value there (from the step's name, the right
    formula's value ``v`` and ``n``, which gives any other number of the same wrong pass), and the part
    of the lesson it is named in (where it is first made, and the steps it carries on to there)."""

    label: str
    applies: Callable[[str], bool]
    wrong: Callable[[str, float, Callable[[str], float]], float]
    named_in: str


@dataclass(frozen=True)
class Formula:
    """One step's formula as a plain function of its inputs' values (by name), built once."""

    fn: Callable[[Mapping[str, float]], float]
    inputs: tuple[str, ...]
    symbol: str  # the one input, when the formula is just that number (w5 = ∂net_o1/∂out_h1); else ""


def _function(expr, ops: Mapping) -> Callable[[Mapping[str, float]], float]:
    """A SymPy formula as nested Python closures: as symbolic's evaluation walks it, but walked once."""
    if expr.is_Symbol:
        return lambda v, name=expr.name: v[name]
    if expr.is_Number:
        return lambda v, c=float(expr): c
    parts = [_function(a, ops) for a in expr.args]
    if type(expr).__name__ == "UnevaluatedExpr":
        return parts[0]
    if expr.is_Add:
        return lambda v: math.fsum(p(v) for p in parts)
    if expr.is_Mul:
        return lambda v: math.prod(p(v) for p in parts)
    if expr.is_Pow:
        return lambda v: parts[0](v) ** parts[1](v)
    op = ops[type(expr)]
    return lambda v: op(*(p(v) for p in parts))


@lru_cache(maxsize=4)
def _formulas(update_biases: bool, article_variant: bool) -> dict[str, Formula]:
    from . import symbolic  # SymPy: only here (see the module's docstring)

    built = symbolic.formulas(update_biases=update_biases, article_variant=article_variant)
    return {
        name: Formula(
            _function(expr, symbolic._FLOAT_OPS),
            tuple(sorted(s.name for s in expr.free_symbols)),
            expr.name if expr.is_Symbol else "",
        )
        for name, expr in built.items()
    }


def _rules(formulas: Mapping[str, Formula], article_variant: bool) -> tuple[Rule, ...]:
    def symbol_of(step: str) -> str:  # a factor that is one number: a weight (updated, in the variant)
        return formulas[step].symbol

    def at_net(step: str, v: float, n) -> float:  # the step's formula with every out_X read as net_X
        f = formulas[step]
        return f.fn({name: n(name.replace("out_", "net_")) for name in f.inputs})

    def uses_out(step: str) -> bool:
        return part(step) == BACKWARD and any(name.startswith("out_") for name in formulas[step].inputs)

    def is_slope(step: str) -> bool:
        return step.startswith("dout_") and "_dnet_" in step

    def is_weight(step: str) -> bool:  # ∂net/∂out = w: the weight an error flows back through
        return step.startswith("dnet_") and symbol_of(step).removesuffix("_new") in ex.PARAMETERS

    def is_input(step: str) -> bool:  # ∂net/∂w = the value the weight carries
        return step.startswith("dnet_") and step.rsplit("_d", 1)[-1] in ex.PARAMETERS

    def is_update(step: str) -> bool:  # not a bias the lesson keeps fixed (b1_new = b1)
        return _updated(step) is not None and not formulas[step].symbol

    def swapped(step: str, v: float, n) -> float:  # w5 <-> w5_new
        w = symbol_of(step)
        return n(w.removesuffix("_new") if w.endswith("_new") else w + "_new")

    return (
        Rule(UPHILL, is_update, lambda s, v, n: 2 * n(_updated(s)) - v, UPDATE),
        Rule(NO_ETA, is_update, lambda s, v, n: n(_updated(s)) - n(f"dE_d{_updated(s)}"), UPDATE),
        Rule(MINUS, lambda s: s in ERROR_SLOPES, lambda s, v, n: -v, BACKWARD),
        Rule(NO_SLOPE, is_slope, lambda s, v, n: 1.0, BACKWARD),
        Rule(NET_FOR_OUT, uses_out, at_net, BACKWARD),
        Rule(OLD_WEIGHT if article_variant else NEW_WEIGHT, is_weight, swapped, BACKWARD),
        Rule(WEIGHT_FOR_INPUT, is_input, lambda s, v, n: n(s.rsplit("_d", 1)[-1]), BACKWARD),
        Rule(INPUT_FOR_WEIGHT, is_weight, lambda s, v, n: n(s.rsplit("_d", 1)[-1]), BACKWARD),
        Rule(NO_SIGMOID, lambda s: s.startswith("out_"), lambda s, v, n: n(f"net_{_neuron(s)}"), FORWARD),
        Rule(SIGMOID_SIGN, lambda s: s.startswith("out_"), lambda s, v, n: 1 - v, FORWARD),
        Rule(NO_HALF, lambda s: s in LOSS_TERMS, lambda s, v, n: 2 * v, FORWARD),
    )


def _pass(formulas: Mapping[str, Formula], given: Mapping[str, float], rule: Rule | None) -> dict[str, float]:
    """Every step's value of one pass through the formulas, ``rule`` (if any) wrong wherever it applies."""
    values = dict(given)

    def value(name: str) -> float:
        if name not in values:
            f = formulas[name]
            right = f.fn({i: value(i) for i in f.inputs})
            values[name] = rule.wrong(name, right, value) if rule and rule.applies(name) else right
        return values[name]

    for name in formulas:
        value(name)
    return values


def worked_example(
    example: ex.Example, *, update_biases: bool = False, article_variant: bool = False
) -> dict:
    """Every step's likely mistakes on the worked example, by step name: (wrong value, label) pairs, the
    most telling first, each told apart from the value and the others (``kept``)."""
    formulas = _formulas(update_biases, article_variant)
    given = {k: float(v) for k, v in asdict(example).items()}
    right = _pass(formulas, given, None)
    passes = [(r, _pass(formulas, given, r)) for r in _rules(formulas, article_variant)]
    return {
        name: kept(right[name], None, ((v[name], r.label) for r, v in passes if r.named_in == part(name)))
        for name in formulas
    }


def with_mistakes(steps: Iterable[Step], catalogue: Mapping[str, Slips]) -> tuple[Step, ...]:
    """Each step with its mistakes first, then the slips it had (a part left out) that they leave apart."""
    return tuple(
        replace(s, slips=kept(s.value, s.rounded, (*catalogue.get(s.name, ()), *s.slips)))
        if s.value is not None
        else s
        for s in steps
    )
