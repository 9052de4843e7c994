"""Words for a screen reader alone: a step's formula read aloud (backprop_core/reading.py), under the
typeset formula, visually hidden but in the page's accessibility tree.

Why hidden: a sighted reader has the formula itself, and the same formula again in words would double
every step's height and push a slide past the screen. KaTeX's MathML stays too (a screen reader that
reads MathML has both); the words serve the ones that do not, and a braille display.
"""

import re

import streamlit as st

from backprop_core import reading

PREFIX = "said_"
# The usual "visually hidden" rule, on the keyed container and on the wrapper Streamlit puts around it:
# taken out of the flow (absolute), so it adds no gap between a step's elements either. ui/style.py puts it
# in the app's own CSS, first thing in every run: an ``st.html`` of its own beside each reading drew only
# once Streamlit had fetched the code of its kind of element, and meanwhile the words showed (seen on a
# slow first load).
CSS = f"""
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-{PREFIX}"]), [class*="st-key-{PREFIX}"] {{
  position: absolute !important; width: 1px !important; height: 1px !important; overflow: hidden;
  min-width: 0 !important; max-width: 1px !important; min-height: 0 !important; max-height: 1px !important;
  clip-path: inset(50%); white-space: nowrap; margin: 0 !important; padding: 0 !important;
}}
"""


def formula(latex: str, key: str) -> None:
    """``latex`` in words, hidden from sight; ``key`` tells a page's formulas apart."""
    with st.container(key=PREFIX + re.sub(r"[^A-Za-z0-9_-]", "_", key)):
        st.text(f"In words: {reading.read(latex)}")
