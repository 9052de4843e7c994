"""Welcome: what Backprop Lab teaches, and the way through it."""

import streamlit as st

from backprop_core import numbers, solve
from ui.sidebar import current_state

state = current_state()
solution = solve(state.example, update_biases=state.update_biases)

st.title("Backprop Lab")
st.markdown(
    "See **every number** of backpropagation. The classic worked example, a network with two "
    "inputs, two hidden neurons and two outputs, is computed here step by step: each value as a "
    "formula, as the same formula with the numbers in it, and as a result. Change any weight in "
    "the sidebar and watch every number follow."
)
st.latex(
    r"E_{total} = \sum \tfrac{1}{2}\,(t - out)^2"
    rf" = {numbers.latex(solution.forward['E_total'], state.digits)}"
)

st.subheader("The way through")
st.page_link("pages/slope.py", label="0 · The derivative as a slope: the gradient as the way down", icon="📐")
st.page_link("pages/forward_pass.py", label="1 · Forward pass: from inputs to the error", icon="➡️")
st.page_link("pages/backward_pass.py", label="2 · Backward pass: the chain rule, weight by weight", icon="⬅️")
st.page_link("pages/compare.py", label="3 · Compare with the article, and its errata", icon="📰")
st.page_link("pages/vectorised.py", label="4 · The vectorised network: matrices, cross-entropy", icon="🧮")
st.page_link("pages/training.py", label="Training: repeat the step ten thousand times", icon="📉")
st.page_link("pages/loss_surface.py", label="Loss surface: where gradient descent goes", icon="⛰️")

st.subheader("For whom")
st.markdown(
    "- **Students**: step through each lesson at your own pace; switch on *practice mode* to "
    "compute the next value yourself before it is revealed.\n"
    "- **Teachers**: put it on the projector. The address bar always holds the exact example on "
    "screen, so a copied link shows the class the same numbers.\n"
    "- **Anyone curious**: edit the inputs, weights, biases, targets or learning rate in the sidebar."
)
