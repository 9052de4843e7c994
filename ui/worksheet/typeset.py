"""A ``Sheet`` as a PDF, typeset by Typst (the ``typst`` package: a compiler in the wheel, its fonts
built in; no network, no TeX). No Streamlit here: the command line writes the same bytes as the page.

Text from the sheet goes into Typst as string literals (``#"…"``) and formulas through ``tex``, so no
text is ever read as Typst markup."""

import typst

from backprop_core import numbers
from ui.latex import breadth
from ui.worksheet.sheet import Box, Sheet
from ui.worksheet.tex import quoted, typst_math

PAPERS = {"a4": "a4", "letter": "us-letter"}  # our name -> Typst's
SIZE, SMALLEST = 9.0, 6.0  # points: a formula's size, and the smallest a wide one is set at
# Characters (as ui.latex.breadth counts them) that fit at SIZE beside the answer's box, and across a column.
BESIDE, COLUMN = 30, 43


def pdf(sheet: Sheet, key: bool = False, paper: str = "a4") -> bytes:
    """The worksheet (``key`` False) or its answer key, on A4 or US Letter."""
    if paper not in PAPERS:
        raise ValueError(f"paper is a4 or letter, not {paper!r}")
    return typst.compile(markup(sheet, key, paper).encode())


def markup(sheet: Sheet, key: bool, paper: str) -> str:
    kind = "Answer key" if key else "Worksheet"
    seed = f" · seed {sheet.seed}" if sheet.seed is not None else ""
    footer = quoted(f"Backprop Lab · {sheet.lesson} · {kind}{seed}")
    head = [
        f'#set page(paper: "{PAPERS[paper]}", margin: (x: 13mm, top: 11mm, bottom: 13mm), '
        f"footer: context text(size: 7pt, fill: luma(90))[#{footer}"
        ' #h(1fr) #counter(page).display("1 of 1", both: true)])',
        "#set text(size: 9pt)",
        "#set par(spacing: 0.6em, leading: 0.5em)",
        "#show math.equation.where(block: true): set block(spacing: 0.25em)",
        "#show math.equation.where(block: true): set align(left)",
        f'#text(size: 14pt, weight: "bold")[#{quoted(f"{sheet.lesson} · {kind}")}]',
        "#h(1fr) " + ("" if key else "#text(size: 9pt)[Name: #box(width: 45mm, stroke: (bottom: 0.4pt))]"),
        "",
        f'#text(weight: "bold")[#{quoted(sheet.source)}] #{quoted(sheet.network)}',
        "",
        _given(sheet.given),
        "",
        f"#emph[#{quoted(sheet.task)}]",
        "",
    ]
    wider = 2.1 if sheet.columns == 1 else 1.0  # a formula's room across one column instead of two
    boxes = [_box(i + 1, box, key, wider) for i, box in enumerate(sheet.boxes)]
    return "\n".join(head) + f"\n#columns({sheet.columns}, gutter: 5mm)[\n" + "\n".join(boxes) + "\n]\n"


def _math(latex: str, block: bool = False) -> str:
    body = typst_math(latex)
    return f"$ {body} $" if block else f"${body}$"


def _given(given) -> str:
    """The given numbers as one paragraph that wraps between them."""
    return "#h(4mm) ".join(f"#box({_math(f'{symbol} = {value}')})" for symbol, value in given)


def _box(number: int, box: Box, key: bool, wider: float) -> str:
    """One value: its title, its formula and the box for the answer beside it; on the key the value in
    the box and the formula's numbers under it, the full width of the column."""
    same = box.formula in ("", box.symbol)  # g'(Z1) is its own formula
    formula = _sized(box.symbol if same else rf"{box.symbol} = {box.formula}", BESIDE * wider)
    if box.given:
        formula += f" #text(size: 7.5pt)[Given: {_math(box.given)}]"
    title = f"#text(size: 7.5pt, fill: luma(70))[*{number}.* #{quoted(box.title)}]"
    worked = box.worked or (rf"= {box.numbers}" if box.numbers else "")
    worked = _sized(worked, COLUMN * wider) if key and worked else ""
    if box.shape is not None:  # a matrix: its grid (or on the key its value) under the formula
        return f"#block(breakable: false, width: 100%, inset: (bottom: 1mm))[{title} {formula} {worked} " + (
            f"#align(right)[{_answer(box, key)}]]"
        )
    return (
        f"#block(breakable: false, width: 100%, inset: (bottom: 1mm))[{title} "
        f"#grid(columns: (1fr, auto), column-gutter: 2mm, align: (left + horizon, right + horizon), "
        f"[{formula}], [{_answer(box, key)}]){worked}]"
    )


def _sized(latex: str, room: float) -> str:
    """A display equation at the sheet's size, or smaller (not below ``SMALLEST``) where it is wider than
    ``room`` (characters, as ui.latex.breadth counts them)."""
    size = max(SMALLEST, min(SIZE, SIZE * room / max(breadth(latex), 1)))
    return f"#text(size: {numbers.fixed(size, 2)}pt)[{_math(latex, block=True)}]"


def _answer(box: Box, key: bool) -> str:
    """The box a learner writes in (a grid of blanks for a matrix); on the key, the value in it."""
    if box.shape is None:
        inside = f"#align(center + horizon)[{_math(box.value)}]" if key else ""
        return f"#box(width: 27mm, height: 6.5mm, stroke: 0.5pt + luma(120), radius: 1mm)[{inside}]"
    if key:
        return _math(box.value, block=True)
    rows, columns = box.shape
    cells = ", ".join(["[]"] * (rows * columns))
    return f"#table(columns: {columns} * (11mm,), rows: 5.5mm, stroke: 0.5pt + luma(120), {cells})"
