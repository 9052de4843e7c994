"""1 · Forward pass: from the inputs to the total error, one named value at a time."""

import streamlit as st

from ui import presenter, stepper, worked_example
from ui.diagram import step_highlight
from ui.figures import STILL
from ui.sidebar import current_state

PAGE = "forward"


@st.fragment
def page() -> None:
    """The page's own widgets (Next, its settings) rerun this alone, not app.py and the sidebar."""
    state = current_state()
    steps = worked_example.forward_lesson(state.example, state.digits)

    st.title("1 · Forward pass")
    with presenter.fold("intro"):
        st.markdown(
            "Feed the inputs through the network: each neuron adds up its weighted inputs and its bias "
            "(**net**), squashes that with the sigmoid (**out**), and the outputs are compared with the "
            "targets (**E**)."
        )
    controls = stepper.controls(PAGE, {PAGE: steps}, keys=stepper.Keys.of("fwd"))
    words, picture = presenter.slide(1, 2.05)  # the diagram needs about 650 px: its labels crowd below
    with words:
        known = stepper.show_steps(steps, PAGE, controls)

    highlight = () if controls.show_all else step_highlight(controls.step)
    figure = worked_example.diagram(state.example, known, tuple(sorted(highlight)), state.digits)
    with picture:
        st.plotly_chart(figure, **STILL)

    with presenter.fold("more"):
        st.subheader("Every value so far")
        worked_example.values_table(known, state.digits)
        worked_example.show_code()
        worked_example.export_buttons(state)
    presenter.tools()


page()
