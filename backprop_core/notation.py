"""The app's notation, declared once: each symbol, what it means and where it is used.

The Notation page shows this table, and the pages take their labels from it (the learning rate's η, each
kind of network's cost, the Playground's inputs x1, x2), so the page cannot drift from the labels.
Pure: text only, no Streamlit.
"""

from dataclasses import dataclass

from . import names
from .example import ALIASES, LABELS


@dataclass(frozen=True)
class Symbol:
    text: str  # as labels and prose write it
    latex: str  # as formulas write it
    meaning: str
    where: str  # the pages that use it


LEARNING_RATE = Symbol(
    "η",
    r"\eta",
    "the learning rate: each update moves a parameter by η times its gradient, against it",
    "every lesson, the sidebar (its field keeps the link key lr), Training, Loss surface, Playground",
)
# One name for the cost per kind of network.
COST_EXAMPLE = Symbol(
    "E_total",
    r"E_{total}",
    "the cost of the worked example: the sum of its output errors E_o = ½(target − out)²",
    "lessons 0–3, Training, Loss surface",
)
COST_BATCH = Symbol(
    names.COST,
    names.COST,
    "the cost of a network on m samples: the mean of the samples' losses L_i",
    "lessons 4 and 5, Playground",
)
COST_RECURRENT = Symbol(
    "L",
    "L",
    "the loss of a recurrent network on one sequence: its steps' errors added up (or the error at the "
    "fixed point)",
    "lesson 6",
)
DELTA = Symbol(
    "δ",
    r"\delta",
    "a neuron's error: how the cost changes with its weighted input, ∂cost/∂net (the delta rule)",
    "lessons 0 and 2, Playground (lesson 4 writes the layer's δ as the matrix dZ)",
)


def input_name(j: int) -> str:
    """Input j (counted from 0, as the arrays) on screen: x1, x2, as the worked example names them."""
    return f"x{j + 1}"


def input_latex(j: int) -> str:
    """Input j in a formula: x_{1}, x_{2}, as ``input_name`` writes it."""
    return f"x_{{{j + 1}}}"


INPUTS = Symbol(
    f"{input_name(0)}, {input_name(1)}",
    "x_1, x_2",
    "the inputs, named from 1 (the Playground's axes, nodes and formulas alike)",
    "lessons 0–3, Playground",
)
# Names count from 1; a matrix's entries from 0, as the arrays do: one example, from the alias table.
_FIRST = names.weight(2, 0, 0)
MATRIX_INDEX = Symbol(
    "W1[i,j]",
    r"W^{[1]}_{i,j}",
    f"names count from 1 ({ALIASES[names.weight(1, 0, 0)]}, {LABELS[names.out(1, 0)]}, {input_name(0)}, "
    "layer 1); a matrix's entries count from 0, as the arrays do: "
    f"{_FIRST} is row 0, column 0 of layer 2's weights, the worked example's {ALIASES[_FIRST]}",
    "lessons 4 and 5, Playground",
)
COST_NAMES = (COST_EXAMPLE, COST_BATCH, COST_RECURRENT)
TABLE = (LEARNING_RATE, *COST_NAMES, DELTA, INPUTS, MATRIX_INDEX)
