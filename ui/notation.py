"""The link every lesson gives to the Notation page, drawn once here (not copied into each page)."""

import streamlit as st

from backprop_core.notation import MATRIX_INDEX
from ui.navigation import NOTATION


def link(matrices: bool = False) -> None:
    """A link to the Notation page; on a page that shows matrices, also the one sentence on their
    indices (names count from 1, a matrix's entries from 0)."""
    st.page_link(NOTATION.path, label=f"{NOTATION.title}: {NOTATION.about}", icon=NOTATION.icon)
    if matrices:
        st.caption(f"Indices: {MATRIX_INDEX.meaning}.")
