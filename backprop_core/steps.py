"""One worked step of a lesson: what it is called, its formula, the formula with the numbers in, its
value. Every lesson's steps are this one type, so one stepper (``ui/stepper.py``) walks, practises and
typesets them all. Plain data and strings: no SymPy here, so a lesson's own steps load light.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    name: str  # the step's name: "z1[0]", "dJ/da2[0]", "W2[0,0]+"; in the lesson "net_h1", "dE_dw5", ...
    title: str  # a short plain-words explanation
    symbol: str  # LaTeX of the left-hand side
    formula: str  # LaTeX of the right-hand side, in symbols
    numbers: str  # the same right-hand side with the current numbers in place of the symbols
    # From the NumPy core, never from SymPy. None when the result is not one number (a vector, a matrix,
    # several gradients at once): such a step is shown, never asked, in practice mode.
    value: float | None
    value_latex: str  # ``value`` with the lesson's precision
    # A step that does not fit one line each of formula, numbers and value (several rows of numbers, two
    # equations, a matrix and a remark) is typeset whole here; ``equation`` shows this instead, and
    # ``numbers`` and ``value_latex`` may be left empty (symbol and formula still make practice's question
    # and hint).
    latex: str = ""
    size: str = ""  # a LaTeX size this step keeps whatever the page's (a matrix must fit a projector)


def equation(step: Step) -> str:
    """symbol = formula = numbers = value, one line each (the numbers line only when it adds something);
    a step typeset whole, as it is."""
    if step.latex:
        return step.latex
    lines = [step.formula]
    if step.numbers not in (step.formula, step.value_latex):
        lines.append(step.numbers)
    if step.value_latex not in lines:
        lines.append(step.value_latex)
    body = r" \\ ".join(f"&= {line}" for line in lines)
    return rf"\begin{{aligned}} {step.symbol} {body} \end{{aligned}}"
