"""Backprop Lab: the entry point. Page config, navigation over pages/, the shared sidebar."""

import pandas  # noqa: F401  (imported whole before any page runs; see below)
import streamlit as st

from ui import presenter, style
from ui.sidebar import sidebar

# Plotly peeks into sys.modules for pandas without importing it: a figure built while another
# session's first page was still importing pandas saw half a module (AttributeError under the
# load test). Importing it here, before any page, leaves every figure a whole module.
st.set_page_config(page_title="Backprop Lab", page_icon="🔁", layout="wide")

PAGES = {
    "Start": [st.Page("pages/home.py", title="Welcome", icon="🏠", default=True)],
    "Lessons": [
        st.Page("pages/slope.py", title="0 · The derivative as a slope", icon="📐"),
        st.Page("pages/forward_pass.py", title="1 · Forward pass", icon="➡️"),
        st.Page("pages/backward_pass.py", title="2 · Backward pass", icon="⬅️"),
        st.Page("pages/compare.py", title="3 · Compare with the article", icon="📰"),
        st.Page("pages/vectorised.py", title="4 · The vectorised network", icon="🧮"),
        st.Page("pages/sgd.py", title="5 · Mini-batches and epochs", icon="🎲"),  # fits the sidebar
        st.Page("pages/recurrent.py", title="6 · Recurrent networks", icon="🔄"),
    ],
    "Explore": [
        st.Page("pages/training.py", title="Training", icon="📉"),
        st.Page("pages/loss_surface.py", title="Loss surface", icon="⛰️"),
        st.Page("pages/playground.py", title="Playground", icon="🧪"),
    ],
}

# Pages with data of their own: the sidebar's worked example stays (a lesson that does use it keeps
# its numbers across the visit) but says it does not drive them.
OWN_DATA = ("vectorised", "sgd", "recurrent", "playground")

page = st.navigation(PAGES)
style.apply()
presenter.toggle()
sidebar(drives_page=page.url_path not in OWN_DATA)
presenter.apply()
page.run()
