"""A page's own choices in the URL (a lesson's step, the surface's parameters): bound, and checked.

Every page draws each of its URL-bound choices through ``choice``, which binds the widget
to the URL and keeps it for the session (one place for both), and, when a link names a
value that is not one of the choices, says so in the same words and style as the
sidebar does for the example's numbers and shows the default instead; the widget then
writes what is shown back into the address bar. The visitor's text is never echoed.

    step = links.choice(st.select_slider, "Step", steps, key="fwd_step", default=steps[0])
"""

import contextlib
from collections.abc import Callable, Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException

NOTES = "link_choice_notes"  # session_state: key -> (notice, the value shown instead)
SEEN = "link_choice_seen"  # session_state: key -> the URL text this session itself last wrote


def choice(widget: Callable, label: str, options: Sequence, *, key: str, default, notes=None, **kwargs):
    """``widget(label, options, key=key, ...)`` bound to the URL under ``key``, its link value checked.

    ``notes`` is the container the notice goes into (default: just above the widget).
    """
    notice = _check_link(key, options, default)
    if notice:
        st.session_state.setdefault(NOTES, {})[key] = (notice, st.session_state[key])
        for argument in ("index", "value"):  # the value just set is what shows: no second default
            kwargs.pop(argument, None)
    shown = st.session_state.get(NOTES, {}).get(key)
    if shown and st.session_state.get(key) == shown[1]:
        (notes or st).warning(shown[0], icon="⚠️")  # until the learner moves on from it
    elif shown:
        del st.session_state[NOTES][key]
    value = widget(label, options, key=key, bind="query-params", persist_state="session", **kwargs)
    st.session_state.setdefault(SEEN, {})[key] = str(value)
    return value


def _check_link(key: str, options: Sequence, default) -> str | None:
    """A notice if the URL's value for ``key`` came from a link (not from this session's own last
    run) and is not one of ``options``, or is repeated; then the widget is set to what to show."""
    values = st.query_params.get_all(key)
    if not values or values == [st.session_state.get(SEEN, {}).get(key)]:
        return None
    by_text = {str(option): option for option in options}
    if values[-1] not in by_text:
        st.session_state[key] = default
        return f"{key} in the link is not one of the choices here; showing {default}."
    if len(values) > 1:
        st.session_state[key] = by_text[values[-1]]
        with contextlib.suppress(StreamlitAPIException):  # once bound, the widget writes the URL itself
            st.query_params[key] = values[-1]  # once in the address bar, not twice
        return f"{key} appears {len(values)} times in the link; using the last one."
    return None


def adopt_old_keys(renames: dict[str, tuple[str, Sequence]]) -> None:
    """Old links, from before each page had its own keys (``?step=…&p1=…``), still open where they said.

    ``renames`` maps an old key to (this page's key, the values it takes here). An old key's
    value moves to the new key when it is one of those values (a step name says which lesson
    it belongs to; p1 and p2 mean the page opened); either way the old key leaves the address.
    """
    for old, (new, values) in renames.items():
        if old in st.query_params:
            value = st.query_params.get(old)
            del st.query_params[old]
            by_text = {str(v): v for v in values}
            if value in by_text and new not in st.query_params:
                st.query_params[new] = value
                st.session_state[new] = by_text[value]  # a bound widget reads only the link it opened with
