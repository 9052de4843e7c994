"""The worked example's sheets (lessons 1 and 2): the lesson's own steps (backprop_core.symbolic, the very
Steps the pages show), given numbers from the ``Example``, and where the numbers came from. Pure: the
page and the command line build the same sheet."""

import re
from dataclasses import asdict

from backprop_core import numbers
from backprop_core.example import ARTICLE, FIELDS, NETWORK, Example, random_example
from backprop_core.notation import LEARNING_RATE
from backprop_core.symbolic import backward_steps, forward_steps
from ui.worksheet.sheet import Box, Sheet

NETWORK_WORDS = (
    f"The network: {NETWORK.sizes[0]} inputs, {NETWORK.sizes[1]} hidden neurons and {NETWORK.sizes[2]} "
    "outputs, "
    "all sigmoid, one bias shared by each layer, squared error E = ½(t − out)² summed over the outputs."
)


def source(example: Example, seed: int | None) -> tuple[str, int | None]:
    """Where the numbers came from, and the seed to print (only when the numbers are that seed's)."""
    if seed is not None and random_example(seed) == example:
        return f"New numbers, seed {seed}.", seed
    if example == ARTICLE:
        return "The numbers of Matt Mazur's worked example (the article's).", None
    return "Numbers typed in by the teacher (no seed).", None


def symbol(name: str) -> str:
    """A field of ``Example`` in LaTeX: w5 -> w_{5}, lr -> η."""
    if name == "lr":
        return LEARNING_RATE.latex
    letters, digits = re.fullmatch(r"([a-z]+)([0-9]+)", name).groups()
    return f"{letters}_{{{digits}}}"


def given(example: Example, digits: int, names=FIELDS) -> tuple[tuple[str, str], ...]:
    values = asdict(example)
    return tuple((symbol(n), numbers.latex(values[n], digits)) for n in names)


def forward(example: Example, seed: int | None = None, digits: int = 9) -> Sheet:
    said, seed = source(example, seed)
    steps = forward_steps(example, digits)
    return Sheet(
        "1 · Forward pass",
        "forward",
        said,
        NETWORK_WORDS,
        "Work out each value in order, from the inputs to the total error; each uses the ones before it.",
        given(example, digits, tuple(n for n in FIELDS if n != "lr")),
        tuple(Box.of(s, numbers.text(s.value, digits)) for s in steps),
        seed,
        columns=1,
    )


def backward(
    example: Example, seed: int | None = None, digits: int = 9, update_biases: bool = False
) -> Sheet:
    """Every chain's values once, in the lesson's order (a factor two chains share is asked once)."""
    said, seed = source(example, seed)
    chains = backward_steps(example, digits, update_biases=update_biases)
    seen, boxes = set(), []
    for chain in chains.values():
        for s in chain:
            if s.name not in seen:
                seen.add(s.name)
                boxes.append(Box.of(s, numbers.text(s.value, digits)))
    forward_values = tuple((s.symbol, s.value_latex) for s in forward_steps(example, digits))
    biases = "the biases are updated too" if update_biases else "the biases stay fixed"
    return Sheet(
        "2 · Backward pass",
        "backward",
        said,
        NETWORK_WORDS,
        f"Follow the error back, one factor at a time, then update each weight ({biases}). "
        "The forward pass's values are given.",
        given(example, digits) + forward_values,
        tuple(boxes),
        seed,
    )
