"""1 · Forward pass: from the inputs to the total error, one named value at a time."""

import streamlit as st

from ui import lesson
from ui.diagram import step_highlight
from ui.figures import STILL
from ui.sidebar import current_state

PAGE = "forward"


@st.fragment
def page() -> None:
    """The page's own widgets (Next, its settings) rerun this alone, not app.py and the sidebar."""
    state = current_state()
    steps = lesson.forward_lesson(state.example, state.digits)

    st.title("1 · Forward pass")
    st.markdown(
        "Feed the inputs through the network: each neuron adds up its weighted inputs and its bias "
        "(**net**), squashes that with the sigmoid (**out**), and the outputs are compared with the "
        "targets (**E**)."
    )
    controls = lesson.step_controls(PAGE, {PAGE: [s.name for s in steps]}, keys=lesson.Keys.of("fwd"))
    known = lesson.show_steps(steps, PAGE, controls)

    highlight = () if controls.show_all else step_highlight(controls.step)
    figure = lesson.diagram(state.example, known, tuple(sorted(highlight)), state.digits)
    st.plotly_chart(figure, **STILL)

    st.subheader("Every value so far")
    lesson.values_table(known, state.digits)
    lesson.show_code()
    lesson.export_buttons(state)


page()
