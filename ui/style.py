"""The app's own CSS: our constant text only (never a visitor's), injected with ``st.html``."""

import streamlit as st

# Page titles in the navigation wrap: a lesson's title is never cut to "…".
# Streamlit pads the main column by 5rem a side: on a 1024-px projector beside the sidebar that
# leaves 564 px, too little for the Compare tables and two charts side by side.
CSS = """
<style>
/* A long page title wraps in the navigation instead of ending in "…" */
[data-testid="stSidebarNav"] a span { white-space: normal; overflow: visible; text-overflow: clip; }
@media (max-width: 1280px) {
  [data-testid="stMainBlockContainer"] { padding-left: 2rem; padding-right: 2rem; }
}
</style>
"""


def apply() -> None:
    st.html(CSS)
