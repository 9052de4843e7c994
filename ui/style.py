"""The app's own CSS: our constant text only (never a visitor's), injected with ``st.html``."""

import streamlit as st

# Streamlit pads the main column by 5rem a side: on a 1024-px projector beside the sidebar that
# leaves 564 px, too little for the Compare tables and two charts side by side.
NARROW_SCREEN = """
<style>
@media (max-width: 1280px) {
  [data-testid="stMainBlockContainer"] { padding-left: 2rem; padding-right: 2rem; }
}
</style>
"""


def apply() -> None:
    st.html(NARROW_SCREEN)
