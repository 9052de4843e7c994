"""What the Backward pass diagram shows at each step: the element being differentiated now, and
the numbers reached so far (δ on the nodes, ∂E/∂w on the edges, w → w⁺), never the ones ahead.

Read off the lesson's step names (``dE_dout_o1``, ``dout_o1_dnet_o1``, ``dnet_o1_dw5``, ``dE_dw5``,
``w5_new``, ``dE_o2_dout_h1``...) and the diagram's own edges, so a step's element is the one its
factor differentiates along. Data in, plain dicts out; no ``st.*`` calls.
"""

import re
from collections.abc import Mapping

from backprop_core import numbers
from ui.diagram import LESSON

NOTE_DIGITS = 4  # the diagram rounds; the formula beside it shows every digit


def _edge(src: str, dst: str) -> str:
    """The diagram's name for the edge from ``src`` to ``dst`` (a weight's name, or "src-dst")."""
    return next(e.name for e in LESSON.edges if e.src == src and e.dst == dst)


def _parameter_edges(p: str) -> set[str]:
    """A weight's edge, or a shared bias's edges to each neuron it feeds."""
    generic = LESSON.generic(p)
    return {e.name for e in LESSON.edges if e.parameter == generic}


def _to_cost(node: str) -> set[str]:
    """Every element from ``node`` forward to the cost: the way the error reaches it."""
    reached, elements = {node}, {node}
    for e in LESSON.edges:  # left to right
        if e.src in reached:
            reached.add(e.dst)
            elements |= {e.name, e.dst}
    return elements


def focus(step: str) -> frozenset[str]:
    """The elements the factor ``step`` differentiates along."""
    if m := re.fullmatch(r"dE_dout_(\w+)", step):  # the error's slope at a neuron's output
        return frozenset(_to_cost(m[1]))
    if m := re.fullmatch(r"dout_(\w+)_dnet_\1", step):  # the sigmoid's slope inside one neuron
        return frozenset({m[1]})
    if m := re.fullmatch(r"dE_dnet_(\w+)", step):  # δ: the neuron's error signal
        return frozenset({m[1]})
    if m := re.fullmatch(r"dnet_(\w+)_dout_(\w+)", step):  # a weighted input along one weight
        return frozenset({m[1], m[2], _edge(m[2], m[1])})
    if m := re.fullmatch(r"dE_(\w+)_dout_(\w+)", step):  # one output's part, back along one weight
        return frozenset({m[2], _edge(m[2], m[1])} | _to_cost(m[1]))
    if m := re.fullmatch(r"dnet_(\w+)_d(\w+)", step):  # a weighted input along the parameter
        return frozenset({m[1]} | _parameter_edges(m[2]))
    if m := re.fullmatch(r"dE_d(\w+)", step):  # the parameter's gradient
        return frozenset(_parameter_edges(m[1]) | ({m[1]} & set(LESSON.nodes)))
    if m := re.fullmatch(r"(\w+)_new", step):  # the update, on the parameter's edge
        return frozenset(_parameter_edges(m[1]) | ({m[1]} & set(LESSON.nodes)))
    return frozenset()


def notes(reached: Mapping[str, float], factors: Mapping[str, float], digits: int = NOTE_DIGITS) -> dict:
    """Text to append to the diagram's labels, by element: what the steps in ``reached`` (name -> value)
    have found, each with its own line breaks.

    δ of a neuron once its error signal is known (its own step, or both of its factors); a hidden
    neuron's error slope as the sum of each output's part; a parameter's gradient until its update
    is reached, then the update on the label's next line ("w5 = 0.4<br>→ 0.3589"), short enough to
    fit between two nodes, so a diagram with every number in it stays readable.
    """
    out: dict[str, str] = {}

    def num(value: float) -> str:
        return numbers.text(value, digits)

    parameters = set(LESSON.weights) | {n for n, node in LESSON.nodes.items() if node.kind == "bias"}
    for s, value in reached.items():
        if m := re.fullmatch(r"dE_dout_(\w+)", s):
            parts = sorted(p for p in reached if re.fullmatch(rf"dE_\w+_dout_{m[1]}", p))
            if parts:  # a hidden neuron: each output's part, summed
                terms = [num(reached[p]) for p in parts]
                summed = "".join(f" − {t[1:]}" if t[0] == "-" else f" + {t}" for t in terms[1:])
                out[m[1]] = out.get(m[1], "") + f"<br>∂E/∂out = {terms[0]}<br>{summed} = {num(value)}"
        elif m := re.fullmatch(r"dE_dnet_(\w+)", s):
            out[m[1]] = out.get(m[1], "") + f"<br>δ = {num(value)}"
        elif (m := re.fullmatch(r"dout_(\w+)_dnet_\1", s)) and f"dE_dout_{m[1]}" in reached:
            if f"dE_dnet_{m[1]}" not in reached:  # both factors of δ reached
                out[m[1]] = out.get(m[1], "") + f"<br>δ = {num(factors[f'dE_dnet_{m[1]}'])}"
        elif (m := re.fullmatch(r"dE_d(\w+)", s)) and m[1] in parameters and f"{m[1]}_new" not in reached:
            out[m[1]] = f"<br>∂E/∂{m[1]} = {num(value)}"
        elif (m := re.fullmatch(r"(\w+)_new", s)) and m[1] in parameters:
            out[m[1]] = f"<br>→ {num(value)}"
    return out
