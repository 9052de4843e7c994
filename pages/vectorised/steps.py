"""The vectorised lesson's steps: each stage's matrices as LaTeX (formula, the numbers in, the value,
broken to fit a projector), its shapes and why they fit, the core's line computing it, and the one
entry practice mode asks for as a ``Step``. Pure strings: no st.* calls, so they can be cached and
tested.
"""

import re
from dataclasses import dataclass

import numpy as np

from backprop_core import numbers
from backprop_core.steps import Step
from pages.vectorised import maths as v
from ui.latex import bmatrix

WIDTH = 46  # characters of numbers a formula line holds at a projector's 1024 px (with the sidebar open)


def width(a, digits: int) -> int:
    """About how many characters wide a matrix prints: its widest entry per column, plus gaps."""
    a = np.asarray(a)
    if a.ndim == 0:
        return _chars(a, digits)
    texts = [[_chars(x, digits) for x in row] for row in np.atleast_2d(a)]
    return sum(max(column) + 2 for column in zip(*texts)) + 2


def _chars(x, digits: int) -> int:
    text = numbers.text(x, digits)
    return len(text) + (3 if "e" in text else 0)  # 1.5 × 10^{-7} prints wider than 1.5e-07


def numbers_lines(m: v.Matrix, lesson: v.Lesson, digits: int) -> list[tuple[str, int]]:
    """The matrix's formula with every operand's numbers in place, broken into lines of at most
    ``WIDTH`` characters of numbers: only between operands, never inside braces, and a scalar
    (1/m, η) stays with the matrix after it. Each line comes with its width."""
    found = list(re.finditer(r"\$(?:\{(\w+)\}|(\w+))", m.numbers))
    units, pending, pending_width, start = [], "", 0, 0
    for k, match in enumerate(found):
        text, name = m.numbers[start : match.start()], match[1] or match[2]
        start = match.end()
        value = np.asarray(lesson[name])
        transposed = m.numbers.startswith(r"^{\top}", start)
        w = width(value.T if transposed else value, digits)
        if value.ndim == 0 and k + 1 < len(found):  # a scalar: it goes with what follows
            pending, pending_width = pending + text + bmatrix(value, digits), pending_width + w
            continue
        units.append((pending + text, bmatrix(value, digits), pending_width + w))
        pending, pending_width = "", 0
    lines, line, used = [], "", 0
    for lead, shown, w in units:
        if line and used + w > WIDTH and not _open(line):
            lines.append((line, used))
            line, used = r"\quad" + (r"\cdot " if not lead.strip() else " "), 0
        line, used = line + lead + shown, used + w
    lines.append((line + m.numbers[start:], used))
    return lines


def _open(line: str) -> bool:
    """Inside braces or a \\left( … \\right): no line break there."""
    return line.count("{") != line.count("}") or line.count(r"\left") != line.count(r"\right")


def equation(name: str, lesson: v.Lesson, digits: int) -> str:
    """symbol = formula = numbers = value (a given matrix: symbol = value)."""
    m = v.matrix(name)
    lines = [(m.formula, 0)] if m.formula else []
    lines += numbers_lines(m, lesson, digits) if m.numbers else []
    lines.append((bmatrix(lesson[name], digits), width(lesson[name], digits)))
    body = r" \\ ".join(("&" if line.startswith(r"\quad") else "&= ") + line for line, _ in lines)
    widest = max(w for _, w in lines)
    size = "" if widest <= WIDTH else r"\small " if widest <= 1.15 * WIDTH else r"\footnotesize "
    return rf"{size}\begin{{aligned}} {m.symbol} {body} \end{{aligned}}"


def shape_note(name: str, lesson: v.Lesson) -> str:
    """Markdown: the shape in letters and in numbers, and why it fits."""
    m = v.matrix(name)
    rows, cols = np.atleast_2d(lesson[name]).shape
    return f"${m.symbol}$ is {m.dims[0]}×{m.dims[1]} = {rows}×{cols}: {m.fit}."


@dataclass(frozen=True)
class StageView:
    """One stage, ready to draw: its equations, shape notes, code and the entry to practise."""

    name: str
    title: str
    matrices: tuple[str, ...]
    equations: tuple[str, ...]
    shapes: tuple[str, ...]
    code: tuple[str, ...]
    practice: Step  # the stage's question in practice mode (one entry of what it computes)


def practice_step(stage: v.Stage, lesson: v.Lesson, digits: int) -> Step:
    """The top-left entry of the stage's first matrix (the batch stage: m, the number of samples)."""
    if stage.name == "batch":
        m = int(lesson["m"])
        columns = r"\text{the number of columns of } X"
        return Step(
            stage.name,
            "How many samples are in the batch?",
            "m",
            columns,
            columns,
            float(m),
            numbers.latex(m, digits),
        )
    name = stage.matrices[0]
    m = v.matrix(name)
    value = np.asarray(lesson[name])
    index = (0,) * value.ndim
    sub = f"_{{{','.join(map(str, index))}}}" if index else ""
    symbol, formula = m.symbol + sub, rf"\left({m.formula}\right){sub}" if sub else m.formula
    entry = float(value[index])
    return Step(
        stage.name,
        f"{stage.title}: its top-left entry",
        symbol,
        formula,
        formula,
        entry,
        numbers.latex(entry, digits),
    )


def _given(stage: v.Stage, lesson: v.Lesson, digits: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The given matrices in pairs (X beside Y, W1 beside b1, ...) where a pair fits one line."""
    equations, shapes = [], []
    names = list(stage.matrices)
    while names:
        pair = names[:2] if sum(width(lesson[n], digits) for n in names[:2]) <= WIDTH else names[:1]
        del names[: len(pair)]
        equations.append(r" \qquad ".join(equation(n, lesson, digits) for n in pair))
        shapes.append(" ".join(shape_note(n, lesson) for n in pair))
    return tuple(equations), tuple(shapes)


def stage_views(lesson: v.Lesson, digits: int) -> tuple[StageView, ...]:
    views = []
    for s in v.STAGES:
        if s.name == "batch":
            equations, shapes = _given(s, lesson, digits)
            code = ("",) * len(equations)
        else:
            equations = tuple(equation(n, lesson, digits) for n in s.matrices)
            shapes = tuple(shape_note(n, lesson) for n in s.matrices)
            code = tuple(v.matrix(n).code for n in s.matrices)
        practice = practice_step(s, lesson, digits)
        views.append(StageView(s.name, s.title, s.matrices, equations, shapes, code, practice))
    return tuple(views)
