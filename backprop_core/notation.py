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


# --- The glossary: the words the lessons use, each with its anchor on the Notation page ----------------


@dataclass(frozen=True)
class Term:
    name: str  # as the glossary heads it
    meaning: str
    first: str  # the URL path of the page where it first appears: its first mention there links here
    word: str = ""  # as that page's text writes it, if not ``name`` (bold there, or plain)

    @property
    def anchor(self) -> str:
        """The term's anchor on the Notation page: "mini-batch", "learning-rate", "delta"."""
        plain = {"δ": "delta", "η": "eta"}
        words = "".join(plain.get(c, c) for c in self.name.lower() if c.isalnum() or c in " -")
        return "-".join(words.split())

    @property
    def mention(self) -> str:
        return self.word or self.name


GLOSSARY = (
    Term(
        "cost",
        "one number saying how far the network's outputs are from their targets, over the samples it is "
        "computed on; training makes it small. Also called the loss (often: the loss of one sample, the cost "
        "the mean over many). The worked example's is E_total, a batch's J, a recurrent network's L.",
        "slope",
    ),
    Term(
        "gradient",
        "the vector of the cost's partial derivatives, one per parameter: the direction in which the cost "
        "rises fastest. Its entry for w, ∂cost/∂w, is the slope of the cost along w with every other "
        "parameter held fixed.",
        "slope",
    ),
    Term(
        "gradient descent",
        "training by repeated small steps against the gradient: every parameter p becomes p − η · ∂cost/∂p.",
        "slope",
        "gradient step",
    ),
    Term(
        "forward pass",
        "computing the network's outputs and its cost from the inputs, layer by layer, keeping every "
        "neuron's net and out for the backward pass.",
        "forward_pass",
    ),
    Term(
        "layer",
        "a row of neurons that read the same inputs and work side by side; its outputs are the next "
        "layer's inputs.",
        "forward_pass",
    ),
    Term(
        "model",
        "the whole function from inputs to outputs that the layers make together, fixed by its parameters "
        "(weights and biases); training changes only the parameters.",
        "forward_pass",
    ),
    Term(
        "backward pass",
        "computing the gradient from the output back to the first layer, reusing each neuron's δ and the "
        "values the forward pass kept: backpropagation.",
        "slope",
    ),
    Term(
        "chain rule",
        "the derivative of a composition is the product of the local derivatives along the way: "
        "∂E/∂w = ∂E/∂out · ∂out/∂net · ∂net/∂w. Where a value feeds several others, their paths add up.",
        "backward_pass",
    ),
    Term(
        "learning rate η",
        "how far each step of gradient descent goes: the step is η times the gradient. Too small crawls, "
        "too large overshoots the minimum or diverges.",
        "backward_pass",
        "learning rate",
    ),
    Term(
        "δ",
        "a neuron's error signal: how the cost changes with its weighted input, ∂cost/∂net. An output "
        "neuron's comes from the cost; a hidden neuron's is the δs of the neurons it feeds, weighted back, "
        "times its own activation's slope.",
        "backward_pass",
    ),
    Term(
        "delta rule",
        "a weight's gradient is the δ of the neuron it feeds times the value it carries there: "
        "∂cost/∂w = δ · out.",
        "backward_pass",
    ),
    Term(
        "cross-entropy",
        "the cost for a probability output: −[y log a + (1 − y) log(1 − a)], large when the network is "
        "confidently wrong. With a sigmoid output its gradient is simply a − y.",
        "vectorised",
    ),
    Term(
        "saturation",
        "a sigmoid or tanh whose input is far from 0 sits on a flat tail: its slope is nearly 0, so almost "
        "no error passes back through it and the weights before it barely learn.",
        "vectorised",
        "saturates",
    ),
    Term(
        "epoch",
        "one pass through every training sample; a run's length is counted in epochs.",
        "sgd",
    ),
    Term(
        "batch",
        "the samples one update's gradient is averaged over. Batch size 1 is stochastic gradient descent; "
        "the full batch is the whole training set.",
        "sgd",
        "batch size",
    ),
    Term(
        "mini-batch",
        "a batch of B samples, more than one but fewer than the training set: the usual compromise between "
        "noisy cheap steps and smooth expensive ones.",
        "sgd",
    ),
    Term(
        "overfitting",
        "the network fits its own training samples, noise included, better than the pattern behind them: "
        "the training cost keeps falling while the cost on held-out samples rises.",
        "sgd",
    ),
    Term(
        "backpropagation through time",
        "(BPTT) the backward pass of a recurrent network unrolled over its time steps: the same weights act "
        "at every step, so their gradient is a sum over the steps.",
        "recurrent",
        "through time",
    ),
    Term(
        "vanishing gradient",
        "an error sent back through many layers or time steps is multiplied by a factor at each; factors "
        "below 1 shrink it geometrically (vanishing), above 1 grow it (exploding).",
        "recurrent",
        "vanishing",
    ),
)
