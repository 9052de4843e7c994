"""Notation: the app's one notation and its glossary, shown from their one declaration
(backprop_core/notation.py)."""

import pandas as pd
import streamlit as st

from backprop_core.notation import COST_NAMES, GLOSSARY, TABLE
from ui.notation import GLOSSARY_TOP, go_to_term

st.title("Notation")
st.markdown(
    "One symbol for each thing, in every lesson. The cost has one name per kind of network: "
    + "; ".join(f"**{c.text}** in {c.where}" for c in COST_NAMES)
    + "."
)
st.table(
    pd.DataFrame(
        {
            "symbol": [s.text for s in TABLE],
            "meaning": [s.meaning for s in TABLE],
            "where it is used": [s.where for s in TABLE],
        }
    ),
    hide_index=True,
)
st.header("Glossary", anchor=GLOSSARY_TOP)
st.markdown(
    "The words the lessons use, in the order they first appear; each lesson links its first mention here."
)
for term in GLOSSARY:
    st.subheader(term.name, anchor=term.anchor)
    st.markdown(term.meaning[0].upper() + term.meaning[1:])
go_to_term()
