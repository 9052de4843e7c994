"""The vectorised lesson's steps: each stage's matrices as LaTeX (formula, the numbers in, the value,
broken to fit a projector), its shapes and why they fit, the core's line computing it, and the one
entry practice mode asks for as a ``Step``. Pure strings: no st.* calls, so they can be cached and
tested.
"""

import re
from dataclasses import dataclass, replace

import numpy as np

from backprop_core import mistakes, numbers
from backprop_core import steps as core_steps
from backprop_core.activations import activation
from backprop_core.answers import on_paper
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
        m, rows = int(lesson["m"]), int(np.shape(lesson["X"])[0])
        columns = r"\text{the number of columns of } X"
        return Step(
            stage.name,
            "How many samples are in the batch?",
            "m",
            columns,
            columns,
            float(m),
            numbers.latex(m, digits),
            slips=mistakes.kept(m, None, ((float(rows), ROWS_FOR_COLUMNS),)),
        )
    name = stage.matrices[0]
    m = v.matrix(name)
    value = np.asarray(lesson[name])
    index = (0,) * value.ndim
    sub = f"_{{{','.join(map(str, index))}}}" if index else ""
    symbol, formula = m.symbol + sub, rf"\left({m.formula}\right){sub}" if sub else m.formula
    entry = float(value[index])
    numbers_line, rounded, slips = entry_marking(name, lesson, digits)
    step = Step(
        stage.name,
        f"{stage.title}: its top-left entry",
        symbol,
        formula,
        numbers_line,
        entry,
        numbers.latex(entry, digits),
        rounded=rounded,
        slips=mistakes.kept(entry, rounded, slips),
    )
    return replace(
        step, latex=core_steps.equation(replace(step, numbers=formula))
    )  # the numbers: practice's hint


# --- practice's marking of a top-left entry: its numbers, from rounded inputs, and likely mistakes ------

NO_BIAS = "the bias looks left out"
NO_G = "g looks left out: Z1 used as A1"
OTHER_G = "the other activation looks used: this hidden layer's g is {g}"
Z1_FOR_A1 = "Z1 looks used where A1 = g(Z1) belongs"
NO_SIGMA = "σ looks left out: Z2 used as A2"
LOG10 = "log base 10 looks used: the loss takes the natural log"
SLOPE_IN = "σ's slope A2(1 − A2) looks multiplied in: with cross-entropy it cancels, dZ2 = A2 − Y"
DZ1_FOR_DA1 = "g′(Z1) looks multiplied in already: that is dZ1, the next line"
ROWS_FOR_COLUMNS = "the rows of X look counted: they are the inputs, the samples are its columns"


def _f(x, digits: int) -> str:
    """A number as a factor or a term: bracketed when negative."""
    text = numbers.latex(x, digits)
    return rf"\left({text}\right)" if text.startswith("-") or r"\times" in text else text


def _applied(g: str, z: str) -> str:
    """An activation applied to a number, in LaTeX: tanh(z), σ(z), max(0, z)."""
    return {"tanh": rf"\tanh\left({z}\right)", "sigmoid": rf"\sigma\left({z}\right)"}.get(
        g, rf"\max\left(0,\ {z}\right)"
    )


def _dot(a, b, digits: int) -> str:
    return " + ".join(rf"{_f(x, digits)} \cdot {_f(y, digits)}" for x, y in zip(a, b))


def _mean(terms: list[str], m: int) -> str:
    return rf"\frac{{1}}{{{m}}} \left({' + '.join(terms)}\right)" if m > 1 else terms[0]


def _means(first, m: int, label_sum=mistakes.SUM_FOR_MEAN) -> tuple:
    """A mean's slips: the sum not divided by m, and the first sample alone (only when m > 1)."""
    if m == 1:
        return ()
    return ((float(np.sum(first[0])), label_sum), (float(first[1]), mistakes.ONE_SAMPLE))


def entry_marking(name: str, lesson: v.Lesson, digits: int) -> tuple[str, float | None, tuple]:
    """The numbers line of matrix ``name``'s top-left entry, its value from the inputs rounded to 4
    digits (``answers.on_paper``), and its likely mistakes, from the lesson's own arrays and the core's
    activations."""
    L, m, d = lesson.values, int(lesson["m"]), digits
    g_name = lesson.network.activations[0]
    g, sigma = activation(g_name).fn, activation("sigmoid").fn
    n = lambda x: _f(x, d)  # noqa: E731
    if name == "Z1":
        w, x, b = L["W1"][0], L["X"][:, 0], L["b1"][0, 0]
        return (
            f"{_dot(w, x, d)} + {n(b)}",
            on_paper(lambda w, x, b: w @ x + b, w, x, b),
            ((float(w @ x), NO_BIAS),),
        )
    if name == "A1":
        z = L["Z1"][0, 0]
        other = "tanh" if g_name != "tanh" else "sigmoid"
        return (
            _applied(g_name, numbers.latex(z, d)),
            on_paper(g, z),
            ((float(z), NO_G), (float(activation(other).fn(z)), OTHER_G.format(g=g_name))),
        )
    if name == "Z2":
        w, a, b, z = L["W2"][0], L["A1"][:, 0], L["b2"][0, 0], L["Z1"][:, 0]
        return (
            f"{_dot(w, a, d)} + {n(b)}",
            on_paper(lambda w, a, b: w @ a + b, w, a, b),
            ((float(w @ a), NO_BIAS), (float(w @ z + b), Z1_FOR_A1)),
        )
    if name == "A2":
        z = L["Z2"][0, 0]
        return _applied("sigmoid", numbers.latex(z, d)), on_paper(sigma, z), ((float(z), NO_SIGMA),)
    if name == "L":
        y, a = float(L["Y"][0, 0]), L["A2"][0, 0]
        loss = lambda a, log=np.log: -(y * log(a) + (1 - y) * log(1 - a))  # noqa: E731
        shown = rf"-\log {n(a)}" if y == 1 else rf"-\log\left(1 - {n(a)}\right)"
        return shown, on_paper(loss, a), ((float(loss(a, np.log10)), LOG10),)
    if name == "J":
        losses = L["L"][0]
        return (
            _mean([_f(x, d) for x in losses], m),
            on_paper(np.mean, losses),
            _means((losses, losses[0]), m),
        )
    if name == "dZ2":
        a, y = L["A2"][0, 0], L["Y"][0, 0]
        return f"{n(a)} - {n(y)}", on_paper(lambda a, y: a - y, a, y), (((a - y) * a * (1 - a), SLOPE_IN),)
    if name in ("dW2", "dW1"):
        dz, inputs = (L["dZ2"][0], L["A1"][0]) if name == "dW2" else (L["dZ1"][0], L["X"][0])
        products = dz * inputs
        terms = [rf"{_f(a, d)} \cdot {_f(b, d)}" for a, b in zip(dz, inputs)]
        return (
            _mean(terms, m),
            on_paper(lambda a, b: np.mean(a * b), dz, inputs),
            _means((products, products[0]), m),
        )
    if name in ("db2", "db1"):
        dz = L["dZ2" if name == "db2" else "dZ1"][0]
        return _mean([_f(x, d) for x in dz], m), on_paper(np.mean, dz), _means((dz, dz[0]), m)
    if name == "dA1":
        w, dz = L["W2"][0, 0], L["dZ2"][0, 0]
        return (
            rf"{n(w)} \cdot {n(dz)}",
            on_paper(lambda w, dz: w * dz, w, dz),
            ((float(L["dZ1"][0, 0]), DZ1_FOR_DA1),),
        )
    if name.endswith("+"):
        old, grad, lr = L[name[:-1]][0, 0], L["d" + name[:-1]][0, 0], float(L["lr"])
        return (
            rf"{n(old)} - {n(lr)} \cdot {n(grad)}",
            on_paper(lambda p, lr, g: p - lr * g, old, lr, grad),
            mistakes.update(old, lr, grad),
        )
    raise ValueError(f"{name} is not a matrix practice asks about")


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
