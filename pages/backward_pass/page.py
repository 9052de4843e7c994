"""2 · Backward pass: the chain rule, parameter by parameter, from E_total back to every weight."""

import streamlit as st

from pages.backward_pass import diagram as backward_diagram
from ui import presenter, stepper, worked_example
from ui.figures import STILL
from ui.sidebar import current_state

PAGE = "backward"


@st.fragment
def page() -> None:
    """The page's own widgets (Next, its settings) rerun this alone, not app.py and the sidebar."""
    state = current_state()
    chains = worked_example.backward_lesson(state.example, state.digits, state.update_biases)
    solution = worked_example.solution(state.example, state.update_biases)

    st.title("2 · Backward pass")
    with presenter.fold("intro"):
        st.markdown(
            "How much does each weight contribute to the error? Follow the error back from "
            "E_total along the highlighted path, multiplying one local slope at a time (the **chain rule**), "
            "then step each parameter against its gradient: p⁺ = p − η · ∂E_total/∂p."
        )
    controls = stepper.controls(
        PAGE,
        chains,
        parameter_help=worked_example.ORDER_HELP,
        keys=stepper.Keys.of("bwd"),  # bwd_param, bwd_step
    )

    words, picture = presenter.slide(1, 2.05)  # the diagram needs about 650 px: its labels crowd below
    with words:
        known = stepper.show_steps(chains[controls.chain], PAGE, controls)
    # the diagram shows what has been reached: δ on the nodes, ∂E/∂w and w⁺ on the edges (in practice
    # mode only this chain's answered steps), and lights the element the current factor differentiates
    reached = known if controls.practice else stepper.reached(chains, controls)
    focus = () if controls.show_all else backward_diagram.focus(controls.step)
    notes = backward_diagram.notes(reached, solution.factors)
    figure = worked_example.diagram(
        state.example, solution.forward, tuple(sorted(focus)), state.digits, tuple(sorted(notes.items()))
    )
    with words:  # under the formula on a slide
        st.caption(
            f"Lit: what step {controls.step} differentiates along, on the way back from E_total to "
            f"{controls.chain}."
            if focus
            else "Every value of the backward pass."
        )
    with picture:
        st.plotly_chart(figure, **STILL)
    with presenter.fold("more"):
        _below(state, chains, solution, controls, reached)
    presenter.tools()


def _below(state, chains, solution, controls, reached) -> None:
    """Under the step-through: every parameter's update and the gradient check (not while practising)."""
    if controls.practice:
        st.caption("The summary and the gradient check are hidden while you practise: they hold the answers.")
    else:
        st.subheader("Every parameter after one step")
        worked_example.parameter_summary(state.example, solution, state.digits, reached)
        st.subheader("Gradient check")
        if len(reached) < len({s.name for chain in chains.values() for s in chain}):
            st.caption("It appears once every gradient has been reached (or with *Show all steps*).")
        else:
            st.markdown("The same gradients computed two other ways: if backprop is right, all three agree.")
            worked_example.gradient_check_panel(state.example, state.digits)
    worked_example.show_code()
    worked_example.export_buttons(state)


page()
