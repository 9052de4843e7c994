"""Welcome: what Backprop Lab teaches, and the way through it."""

import streamlit as st

from backprop_core import numbers, solve
from ui import said
from ui.article import CITATION
from ui.navigation import way_through
from ui.sidebar import current_state

state = current_state()
solution = solve(state.example, update_biases=state.update_biases)

st.title("Backprop Lab")
st.markdown(
    "See **every number** of backpropagation. The classic worked example of "
    f"{CITATION}, a network with two "
    "inputs, two hidden neurons and two outputs, is computed here step by step: each value as a "
    "formula, as the same formula with the numbers in it, and as a result. Change any weight in "
    "the sidebar and watch every number follow."
)
total = (
    r"E_{total} = \sum \tfrac{1}{2}\,(t - out)^2"
    + f" = {numbers.latex(solution.forward['E_total'], state.digits)}"
)
st.latex(total)
said.formula(total, "home_total")

st.subheader("The way through")
way_through()

st.subheader("For whom")
st.markdown(
    "- **Students**: step through each lesson at your own pace; switch on *practice mode* to "
    "compute the next value yourself before it is revealed.\n"
    "- **Teachers**: put it on the projector. The address bar always holds the exact example on "
    "screen, so a copied link shows the class the same numbers.\n"
    "- **Anyone curious**: edit the inputs, weights, biases, targets or learning rate in the sidebar."
)
