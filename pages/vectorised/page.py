"""4 · The vectorised network: one hidden layer in matrix form, m samples at once, cross-entropy."""

from dataclasses import replace
from functools import partial

import streamlit as st

from pages.vectorised import cached, settings
from pages.vectorised import parts as vec
from pages.vectorised import sheet as vec_sheet
from pages.vectorised.plan import PLAN
from pages.vectorised.questions import questions
from ui import notation, presenter, stepper, teaching, worked_example
from ui.settings import drop_unknown, row
from ui.sidebar import current_state
from ui.worksheet import block as worksheet

KEYS = stepper.Keys.of("vec")  # vec_step


@st.fragment
def page() -> None:
    """The page's own widgets (Next, its settings) rerun this alone, not app.py and the sidebar."""
    state = current_state()
    st.title("4 · The vectorised network")
    intro = presenter.introduction(matrices=True)
    intro.markdown(
        notation.linked(
            "vectorised",
            "The samples are the **columns** of a matrix X, as in Andrew Ng's deep-learning course and many "
            "course notes; libraries such as PyTorch, Keras and scikit-learn put the samples in **rows** "
            "instead (X is m × n), the same numbers transposed. "
            "One matrix product computes a whole layer for all of them at once: n inputs, h hidden "
            "neurons with activation g, one sigmoid output, and the binary **cross-entropy** averaged over "
            "the m samples. Step through the forward pass, the backward pass and the update; each step shows "
            "the formula, the shapes and why they fit, the matrices with their numbers, and the line of the "
            "core that computes it.",
        )[0]
    )
    intro.markdown(
        "The output is one sigmoid neuron, so each sample's a = σ(z) lies between 0 and 1 and is read as "
        "a probability: **a = P(y = 1 | x)**, how likely the network thinks it is that sample x belongs "
        "to class 1. With no hidden layer this model is **logistic regression**, a = σ(w·x + b), and "
        "cross-entropy is its usual cost; the hidden layer lets the network compute its own features of "
        "x first."
    )
    teaching.teachers(PLAN)
    notice_box = st.container()
    with presenter.fold("settings"):
        batch, values = batch_settings(notice_box)

    stage_views = cached.stages(cached.View(batch, values["vec_digits"]))
    names = [s.name for s in stage_views]
    # the step slider names each stage as its heading does (practice mode asks for one entry of it)
    chain = [replace(s.practice, title=s.title, symbol="") for s in stage_views]
    controls = stepper.controls("vectorised", {"vectorised": chain}, keys=KEYS)
    upto = len(names) if controls.show_all else names.index(controls.step) + 1
    shown = range(upto) if controls.show_all else [upto - 1]
    for i in shown:
        vec.show_stage(stage_views[i], i + 1, controls.practice)
    known = vec.reached(stage_views, controls)  # the tables below show "?" for the matrices still ahead

    with presenter.fold("more"):
        below(state, batch, values["vec_digits"], known, controls.practice)
        worksheet.block(
            "vec",
            partial(vec_sheet.sheet, batch, values["vec_digits"]),
            lambda seed: {settings.SEED.key: seed, settings.CELLS: ()},  # the seed's numbers, no edits
            (settings.SEED.low, settings.SEED.high),
            vec_sheet.source(batch)[1],
            "vectorised",
        )
    asked = questions(cached.lesson(batch), batch, values["vec_digits"])
    teaching.questions(asked, answers=not controls.practice)
    presenter.tools()


def batch_settings(notice_box) -> tuple:
    """The settings' rows and the cell editor; the batch they make and the settings' values."""
    drop_unknown("vec_", settings.SETTINGS, also=(*KEYS.in_link, settings.CELLS), notes=notice_box)
    cells = settings.session_cells()
    values = {}
    for shown in settings.ROWS:
        values |= zip((s.key for s in shown), row(shown, notice_box, 4, on_change=vec.changed))
    batch, dropped = vec.batch_from(values, cells)
    settings.write_cells(batch.cells)
    with notice_box:
        for notice in st.session_state.get(settings.NOTICES, []) + dropped:
            st.warning(notice, icon="⚠️")
    with st.expander("✏️ Edit a cell of X, Y, W1, b1, W2 or b2"):
        vec.cell_editor(batch, values["vec_digits"])
    return batch, values


def below(state, batch, digits: int, known, practice: bool) -> None:
    """Under the step-through: the gradient check and the way back to the worked example."""
    if practice:
        st.caption("The gradient check and the link to the worked example are hidden while you practise.")
    else:
        st.header("Gradient check")
        vec.gradient_check(batch, digits, known)
        st.header("Back to the 2-2-2 worked example")
        st.markdown(
            "The worked example of lessons 1–2 is this network with m = 1 sample, two outputs, sigmoid "
            "hidden neurons, **squared error** instead of cross-entropy and one bias shared by each layer. "
            "Computed in matrix form, its matrices hold exactly the named values of lessons 1–2 (for the "
            "numbers in the sidebar): each name is one entry. A value shows once the steps above reach its "
            "matrix."
        )
        vec.worked_example_table(state.example, state.digits, known)
    worked_example.show_code()


page()
