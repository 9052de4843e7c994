"""Whether the browser asks for reduced motion (``prefers-reduced-motion: reduce``, an operating system's
accessibility setting). Streamlit's ``st.context`` does not say (1.67: cookies, headers, locale, theme,
timezone, url...), so a tiny component reads the media query and reports it, once and again when it
changes; the Playground's Play then steps on request instead of animating (WCAG 2.2.2, 2.3.3)."""

import streamlit as st
import streamlit.components.v2 as components_v2

KEY = "motion_query"  # the component's own state
REDUCED = "motion_reduced"  # what it last reported (session state): True, or absent

# Reports only a value the app does not know yet (``data.known``), so a page that knows reruns no more.
QUERY = """
export default function({ data, setStateValue }) {
  const query = window.matchMedia("(prefers-reduced-motion: reduce)");
  const report = () => { if (query.matches !== data.known) setStateValue("reduce", query.matches); };
  query.addEventListener("change", report);
  report();
  return () => query.removeEventListener("change", report);
}
"""
_query = components_v2.component("backprop_motion", js=QUERY)


def _reported() -> None:
    st.session_state[REDUCED] = bool((st.session_state.get(KEY) or {}).get("reduce"))


def reduced() -> bool:
    """True once the browser has said it prefers reduced motion; the component is drawn here (no height)."""
    known = bool(st.session_state.get(REDUCED, False))
    _query(key=KEY, data={"known": known}, on_reduce_change=_reported, height=0)
    return known
