"""2 · Backward pass: the chain rule, parameter by parameter, from E_total back to every weight."""

import streamlit as st

from ui import lesson
from ui.diagram import gradient_path
from ui.sidebar import current_state

PAGE = "backward"

state = current_state()
chains = lesson.backward_lesson(state.example, state.digits, state.update_biases)
solution = lesson.solution(state.example, state.update_biases)

st.title("2 · Backward pass")
st.markdown(
    "How much does each weight contribute to the error? Follow the error back from "
    "E_total along the highlighted path, multiplying one local slope at a time (the **chain rule**), "
    "then step each parameter against its gradient: p⁺ = p − η · ∂E_total/∂p."
)
controls = lesson.step_controls(
    PAGE,
    {p: [s.name for s in chain] for p, chain in chains.items()},
    parameter_help=lesson.ORDER_HELP,
    keys=lesson.Keys.of("bwd"),  # bwd_param, bwd_step
)

lesson.show_steps(chains[controls.chain], PAGE, controls)
st.caption(f"Highlighted: the way the error flows back from E_total to {controls.chain}.")
figure = lesson.diagram(
    state.example, solution.forward, tuple(sorted(gradient_path(controls.chain))), state.digits
)
st.plotly_chart(figure, theme=None, config={"displayModeBar": False, "staticPlot": True})

if controls.practice:
    st.caption("The summary and the gradient check are hidden while you practise: they hold the answers.")
else:
    st.subheader("Every parameter after one step")
    lesson.parameter_summary(state.example, solution, state.digits)
    st.subheader("Gradient check")
    st.markdown("The same gradients computed two other ways: if backprop is right, all three agree.")
    lesson.gradient_check_panel(state.example, state.digits)
lesson.show_code()
lesson.export_buttons(state)
