"""Backprop Lab: the entry point. Page config, navigation over pages/, the shared sidebar."""

import pandas  # noqa: F401  (imported whole before any page runs; see below)
import streamlit as st

from ui import heap, presenter, reconnect, style
from ui.classroom import follow
from ui.navigation import OWN_DATA, navigation
from ui.sidebar import sidebar

# Plotly peeks into sys.modules for pandas without importing it: a figure built while another
# session's first page was still importing pandas saw half a module (AttributeError under the
# load test). Importing it here, before any page, leaves every figure a whole module.
st.set_page_config(page_title="Backprop Lab", page_icon="🔁", layout="wide")

page = navigation()
reconnect.rerun_after_reconnect()
follow.enter(page)  # class mode: the class's link read, a student's page moved to the teacher's
style.apply()
presenter.toggle()
sidebar(drives_page=page.url_path not in OWN_DATA)
presenter.apply()
follow.bar()
page.run()
follow.publish()
heap.settle()  # the long-lived heap out of the collector's way, once a new page's modules are in
