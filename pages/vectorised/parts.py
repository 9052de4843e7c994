"""The vectorised lesson's parts, drawn: the edited cells, each stage, the derivation, the gradient
check, the worked example's table (page.py reads like a description of what the user sees and calls
these; the settings and edited cells are in settings.py).

The batch is one frozen ``Batch`` (sizes, activation, seed, learning rate, edited cells), so it
is the cache key.
"""

from collections.abc import Collection, Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from backprop_core import numbers
from backprop_core.example import Example
from pages.vectorised import cached, steps
from pages.vectorised import maths as v
from pages.vectorised.settings import CELLS, NOTICES
from ui import notation, presenter, said, stepper
from ui.settings import forget

PAGE = "vectorised"
UNREACHED = "?"  # a table's value whose stage the step-through has not reached


# --- the batch: the widgets' values and the edited cells ---------------------------------------------


def batch_from(values: dict, cells) -> tuple[v.Batch, list[str]]:
    """The batch of the widgets' values, keeping each cell that fits it; a problem per cell dropped."""
    batch = v.Batch(
        values["vec_n"],
        values["vec_h"],
        values["vec_m"],
        values["vec_g"],
        values["vec_seed"],
        values["vec_lr"],
    )
    kept, dropped = [], []
    for cell in cells:
        problem = v.cell_problem(batch, *cell)
        (dropped if problem else kept).append(problem or cell)
    if len(dropped) > 1:  # one notice, however many: a link may carry thousands
        return replace(batch, cells=tuple(kept)), [
            f"{len(dropped):,} edited cells are not used: {dropped[0]}, and {len(dropped) - 1:,} more."
        ]
    return replace(batch, cells=tuple(kept)), [f"An edited cell is not used: {p}." for p in dropped]


def _set_cell(batch: v.Batch) -> None:
    ss = st.session_state
    where = (ss["vec_edit_matrix"], int(ss["vec_edit_row"]), int(ss["vec_edit_col"]))
    cell = (*where, float(ss["vec_edit_value"]))
    problem = v.cell_problem(batch, *cell)
    if problem:
        ss["vec_edit_problem"] = problem
        return
    ss.pop("vec_edit_problem", None)
    ss[CELLS] = v.with_cell(batch, *cell).cells
    changed()


def changed() -> None:
    """A setting or a cell changed: the link's notices have been answered."""
    st.session_state.pop(NOTICES, None)
    forget("vec_")


def _clear_cells() -> None:
    st.session_state[CELLS] = ()
    st.session_state.pop("vec_edit_problem", None)
    changed()


def cell_editor(batch: v.Batch, digits: int) -> None:
    """Pick a matrix, a row, a column and a value; Set writes it into the batch (and the link).

    Plain widgets, not settings: they compose one edit, which the link carries (in vec_cells) once set."""
    st.radio("Matrix", v.EDITABLE, key="vec_edit_matrix", horizontal=True)
    row, col, value, go = st.columns([1, 1, 1.6, 1], vertical_alignment="bottom")
    row.number_input("Row", min_value=0, step=1, key="vec_edit_row")
    col.number_input("Column", min_value=0, step=1, key="vec_edit_col")
    cell = numbers.text(v.CELL_LIMIT)
    limits = f"Inputs, weights and biases from -{cell} to {cell}; Y: 0 or 1."
    value.number_input("Value", value=1.0, step=0.1, format="%.6g", key="vec_edit_value", help=limits)
    go.button("Set", key="vec_edit_set", on_click=_set_cell, args=(batch,), width="stretch")
    problem = st.session_state.get("vec_edit_problem")
    if problem:
        st.warning(f"Not set: {problem}.", icon="✏️")
    if batch.cells:
        edits = ", ".join(f"{m}[{i},{j}] = {numbers.text(x, digits)}" for m, i, j, x in batch.cells)
        st.caption(f"Edited: {edits}")
        st.button("Undo every edit", key="vec_edit_clear", on_click=_clear_cells)


# --- drawing -----------------------------------------------------------------------------------------


def show_stage(stage: steps.StageView, number: int, practice: bool) -> None:
    """The stage's title, then each matrix: the maths, then its shape beside the core's line."""
    if practice and not stepper.show_step(stage.practice, PAGE, True, number):
        return  # the matrices wait until the learner has answered
    if not practice:
        st.markdown(f"#### {number}. {stage.title}")
    if stage.name == "batch":
        for k, (equation, shape) in enumerate(zip(stage.equations, stage.shapes)):
            st.latex(equation)
            said.formula(equation, f"vec_{number}_{k}")
            presenter.fold(f"shape_{number}_{k}").caption(shape)
        return
    places = presenter.side_by_side(len(stage.equations))  # a slide: the equations two a row
    for k, (equation, shape, code) in enumerate(zip(stage.equations, stage.shapes, stage.code)):
        places[k].latex(equation)
        with places[k]:
            said.formula(equation, f"vec_{number}_{k}")
        with presenter.fold(f"shape_{number}_{k}"):  # a slide shows the maths; the rest on request
            maths, program = st.columns([1, 1])
            with maths:
                st.markdown(shape)
            with program:
                st.caption("The line of backprop_core/network.py that computes it:")
                st.code(code, language="python", wrap_lines=True)
    if stage.name == "dZ2":
        with presenter.fold("derivation"):
            derivation()


def derivation() -> None:
    st.markdown(
        "**Why dZ2 = A2 − Y.** With a = σ(z), the chain rule gives ∂L/∂z = ∂L/∂a · ∂a/∂z. SymPy "
        "differentiates each loss and simplifies the product:"
    )
    for d in cached.derivations():  # one under the other: each line is wide
        st.markdown(f"*{d.title}*")
        st.latex(d.latex)
        said.formula(d.latex, f"derivation_{d.loss}")
    why_paired = (
        "Cross-entropy's 1/a and 1/(1 − a) cancel the sigmoid's a(1 − a): the error is just the "
        "prediction minus the label. Squared error keeps the factor a(1 − a), which is near 0 when the "
        "sigmoid saturates, so a confidently wrong output would barely learn. That is why a sigmoid "
        "output is paired with cross-entropy."
    )
    st.markdown(notation.linked("vectorised", why_paired, only=("saturation",))[0])


def reached(stage_views: Sequence[steps.StageView], controls: stepper.Controls) -> frozenset[str]:
    """The matrices of every stage at or before the current one (every matrix with Show all)."""
    known = stepper.reached({PAGE: [s.practice for s in stage_views]}, controls)
    return frozenset(m for s in stage_views if s.name in known for m in s.matrices)


def _matrix(entry: str) -> str:
    """dW1[0,2] -> dW1, W2+[0,0] -> W2+, J -> J: the matrix an entry is read from."""
    return entry.split("[")[0]


def gradient_check(batch: v.Batch, digits: int, known: Collection[str]) -> None:
    """Backprop's dW1 and dW2 beside finite differences; "?" in the rows of a gradient not reached
    (``known``: the matrices reached)."""
    found = cached.checks(batch)
    shown = [_matrix(c.entry) in known for c in found]
    intro = (
        "Every entry of dW1 and dW2 again, as a central finite difference (J(w + h) − J(w − h)) / 2h with "
        "h = 10⁻⁶."
    )
    if any(shown):
        worst = max(c.relative for c, s in zip(found, shown) if s)
        st.markdown(
            f"{intro} Largest relative difference from backprop: **{numbers.text(worst, 2)}** "
            "(finite differences lose digits to rounding: about 1e-7 or less means they agree)."
        )
    else:
        st.markdown(f"{intro} A row's numbers appear when the steps reach its gradient (dW2, then dW1).")

    def cells(text) -> list[str]:
        return [text(c) if s else UNREACHED for c, s in zip(found, shown)]

    table = {
        "entry": [c.entry for c in found],
        "backprop": cells(lambda c: numbers.text(c.backprop, digits)),
        "finite difference": cells(lambda c: numbers.text(c.numeric, digits)),
        "relative difference": cells(lambda c: numbers.text(c.relative, 2)),
    }
    st.dataframe(pd.DataFrame(table), hide_index=True, height=min(640, 36 * (len(found) + 1)))


def worked_example_table(example: Example, digits: int, known: Collection[str]) -> None:
    """Each named value of lessons 1–2 beside its matrix entry; "?" until the step computing that
    matrix is reached (``known``: the matrices reached)."""
    rows = cached.correspondence(example)

    def value(r: v.Correspondence, x: float) -> str:
        return numbers.text(x, digits) if _matrix(r.entry) in known else UNREACHED

    table = {
        "in lessons 1–2": [r.lesson_name for r in rows],
        "in the matrices": [r.entry for r in rows],
        "value in the matrices": [value(r, r.matrix_value) for r in rows],
        "value in lessons 1–2": [value(r, r.named_value) for r in rows],
    }
    st.dataframe(pd.DataFrame(table), hide_index=True, height=420)
