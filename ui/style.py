"""The app's own CSS: our constant text only (never a visitor's), injected with ``st.html``."""

import streamlit as st
import streamlit.components.v2 as components_v2

from ui import said
from ui.navigation import SECTION_CSS

# Page titles in the navigation wrap: a lesson's title is never cut to "…".
# Streamlit pads the main column by 5rem a side: on a 1024-px projector beside the sidebar that
# leaves 564 px, too little for the Compare tables and two charts side by side.
# Accessibility (WCAG 2.2 AA, checked by axe in tests/e2e/test_accessibility.py):
# - the navigation is one flat list (ui/navigation.py says why); each section's name is a small heading
#   drawn above its first page;
# - Streamlit draws a caption at 60 % opacity: 3.9:1 against white, under the 4.5:1 small text needs;
#   at 75 % it is 5.9:1 on white and 5.8:1 on the sidebar's grey, in the light theme and the dark;
# - KaTeX's boxes overhang a display formula by about 2 px, and Streamlit lets it scroll sideways
#   (overflow-x: auto), so every formula was a scroll region the keyboard cannot reach. 2 px of padding
#   each side, taken back from the margins, holds the overhang; the formula keeps its width, and one
#   really wider than its column (a large zoom, a narrow window) still scrolls: WIDE makes that one a
#   Tab stop;
# - keyboard focus shows one blue ring (7.4:1 on white) on every control, and the number guard's empty
#   iframe takes no Tab stop.
CSS = """
<style>
/* A long page title wraps in the navigation instead of ending in "…" */
[data-testid="stSidebarNav"] a span { white-space: normal; overflow: visible; text-overflow: clip; }
[data-testid="stSidebarNavItems"] > li::before {
  display: block; padding: 1rem 0.5rem 0.25rem; font-size: 0.875rem; font-weight: 600;
}
[data-testid="stSidebarNavItems"] > li:first-child::before { padding-top: 0; }
SECTIONS
[data-testid="stCaptionContainer"] { opacity: 0.75; }
/* a link in a caption (a glossary term) in the caption's own colour, told by its underline: Streamlit's
   link blue at the caption's 75 % fell under 4.5:1 (axe, lesson 5 with every step shown) */
[data-testid="stCaptionContainer"] a { color: inherit; text-decoration: underline; }
/* a disabled widget's label (the step slider while every step is shown) in the text's own colour, not
   Streamlit's 2.3:1 grey: the control itself still looks disabled */
[data-testid="stWidgetLabel"] { color: inherit; }
/* Keyboard focus: one ring, the same everywhere (Streamlit draws none on the navigation's links and
   only a border colour on a number field); a mouse click on a button shows none (:focus-visible) */
:focus-visible { outline: 2px solid #244fb4 !important; outline-offset: 1px; }
/* the number guard (ui/sidebar.py) is a script in an iframe of no height: not a stop for Tab */
.st-key-number_guard { display: none; }
/* the reduced-motion query's component (ui/motion.py) draws nothing: no gap for it either, nor WIDE's */
.st-key-motion_query, .st-key-wide_formulas { display: none; }
.katex-display { padding-left: 2px; padding-right: 2px; margin-left: -2px; margin-right: -2px; }
/* a formula's reading in words: for a screen reader, out of sight (ui/said.py) */
SAID
@media (max-width: 1280px) {
  [data-testid="stMainBlockContainer"] { padding-left: 2rem; padding-right: 2rem; }
}
</style>
""".replace("SECTIONS", SECTION_CSS).replace("SAID", said.CSS)


# A formula wider than its column scrolls sideways (KaTeX's lines do not wrap), and a scroll region must
# be reachable by keyboard (WCAG 2.1.1; axe's scrollable-region-focusable). This script makes exactly
# those formulas, and only while they are too wide, a Tab stop with a name (arrow keys then scroll it);
# one that fits stays out of the Tab order. It watches the page (a rerun's new formulas) and the window
# (a zoom is a resize), once a frame at most. Our constant markup and text only, never a visitor's.
WIDE = """
export default function() {
  const LABEL = "Formula wider than the page: scroll it sideways with the arrow keys";
  const mark = () => {
    for (const e of document.querySelectorAll("[data-testid=stMain] .katex-display")) {
      const wide = e.scrollWidth > e.clientWidth + 1;
      if (wide && !e.hasAttribute("tabindex")) {
        e.setAttribute("tabindex", "0");
        e.setAttribute("role", "region");
        e.setAttribute("aria-label", LABEL);
      } else if (!wide && e.getAttribute("aria-label") === LABEL) {
        e.removeAttribute("tabindex"); e.removeAttribute("role"); e.removeAttribute("aria-label");
      }
    }
  };
  let queued = false;
  const soon = () => {
    if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; mark(); }); }
  };
  const watch = new MutationObserver(soon);
  watch.observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", soon);
  soon();
  return () => { watch.disconnect(); window.removeEventListener("resize", soon); };
}
"""
_wide = components_v2.component("backprop_wide_formulas", js=WIDE)


def apply() -> None:
    st.html(CSS)
    _wide(key="wide_formulas", height=0)
