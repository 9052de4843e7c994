"""One worked step of a lesson: what it is called, its formula, the formula with the numbers in, its
value. Every lesson's steps are this one type, so one stepper (``ui/stepper.py``) walks, practises and
typesets them all. Plain data and strings: no SymPy here, so a lesson's own steps load light.
"""

import re
from dataclasses import dataclass
from functools import lru_cache


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
    # For practice mode's fair marking (backprop_core/answers.py): the value computed from this step's
    # inputs rounded to 4 significant digits, as a learner working on paper would, and wrong answers a
    # simple slip gives, each with what it says (a chain product with one factor left out).
    rounded: float | None = None
    slips: tuple[tuple[float, str], ...] = ()
    # Other values this step states besides its own (a folded chain's update): (name, value) pairs.
    also: tuple[tuple[str, float], ...] = ()


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
    body = r" \\ ".join(row(line) for line in lines)
    return rf"\begin{{aligned}} {step.symbol} {body} \end{{aligned}}"


def row(line: str) -> str:
    """An aligned row: "= line", or the line's own relation (a slope by hand is "≈", not "=")."""
    return f"&{line}" if line.startswith(r"\approx") else f"&= {line}"


# --- the step in words: what a student reads aloud --------------------------------------------------

SUBSCRIPT = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")
_COMMANDS = {
    r"\eta": "η", r"\lambda": "λ", r"\rho": "ρ", r"\alpha": "α", r"\sigma": "σ", r"\delta": "δ",
    r"\nabla": "∇", r"\partial": "∂", r"\cdot": "·", r"\lVert": "‖", r"\rVert": "‖", r"\infty": "∞",
    r"\left": "", r"\right": "", r"\big": "", r"\Big": "", r"\,": " ", r"\;": " ", r"\ ": " ",
}  # fmt: skip


def _sub(match: re.Match) -> str:
    """A subscript: digits as subscript digits (h₈, w₅), a name as the lesson writes it (out_o1)."""
    text = match[1]
    if re.fullmatch(r"[0-9]+", text):
        return text.translate(SUBSCRIPT)
    if re.fullmatch(r"[0-9]+(,[0-9]+)+", text):  # a matrix entry: W[0,0], as names.py writes it
        return f"[{text}]"
    if m := re.fullmatch(r"t=([0-9]+)", text):
        return f" at t = {m[1]}"
    if " " in text:  # N_{path by path}: words
        return f" ({text})"
    return "_" + text


@lru_cache(maxsize=4096)  # a lesson's symbols repeat on every rerun
def spoken(symbol: str) -> str:
    """A step's LaTeX symbol as plain text, for a slider's label or a heading: ∂E_total/∂out_o1, h₈, w₅⁺.
    "" when the symbol holds more than plain text can say (a matrix): the title alone is shown then."""
    text = re.sub(r"\\(?:text|operatorname|mathrm|mathcal)\{([^{}]*)\}", r"\1", symbol.strip())
    text = re.sub(r"\^\{\[([0-9]+)\]\}", r"\1", text)  # W^{[2]}: the layer's number, W2
    text = re.sub(r"\^\{?\+\}?", "⁺", text)
    for _ in range(3):  # nested braces: the innermost first
        text = re.sub(r"\|?_\{([^{}]*)\}", _sub, text)
        text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"_([0-9])", lambda m: m[1].translate(SUBSCRIPT), text)
    for command, plain in sorted(_COMMANDS.items(), key=lambda c: -len(c[0])):
        text = text.replace(command, plain)
    text = re.sub(r"\s+", " ", text.replace("{", "").replace("}", "")).strip()
    text = re.sub(r"([∂∇]) ", r"\1", text)
    return "" if "\\" in text or "^" in text else re.sub(r"‖\s*(.*?)\s*‖", r"‖\1‖", text)


def heading(step: Step) -> str:
    """The step's title as a student reads it aloud: "∂E_total/∂out_o1: how the total error changes with
    o1's output". The symbol leads when plain text can say it and the title does not already."""
    said, title = spoken(step.symbol), step.title
    if not said or title.startswith(said):
        return title
    first = title.split(" ", 1)[0]
    if first[:1].isupper() and (first[1:].islower() or first == "A"):  # "How the …" reads on: "how the …"
        title = title[0].lower() + title[1:]
    return f"{said} — {title}" if ":" in title else f"{said}: {title}"
