"""The shared sidebar: every number of the example, editable, mirrored to the URL.

Drawn once by app.py on every run, so its widgets never leave the page. The
first run of a session reads the URL; after that the widgets are the source
and the URL follows them, so a link always reproduces what is on screen. (A page
that reconnects to a new session, its server process restarted, keeps the values
it shows: they are newer than its URL by the edit it was sending.)

The fields are declared in ui/example_settings.py with the app's one settings type, and a link's bad
value is named in its one wording; but they are not bound to the URL (``bind="query-params"``) as the
pages' settings are: the sidebar's links have always carried every field (a bound widget leaves its
default out), and the session sets the fields itself (Reset, the number guard, a typed value out of
range) with the fixes below relying on it. So the sidebar reads the link on a session's first run
and writes every field on every run.
"""

import math
from dataclasses import asdict
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

from backprop_core import numbers
from backprop_core.example import GROUPS, Example
from ui.classroom import follow
from ui.example_settings import (
    DIGITS,
    EXAMPLE,
    KNOWN,
    SETTINGS,
    UPDATE_BIASES,
    LessonState,
    from_query,
    to_query,
)
from ui.navigation import PREFIXES
from ui.settings import GUARD_KEY, GUARD_SEEN, guard_report, typed

STATE_KEY = "lesson_state"
# In the browser: reports a number typed that Streamlit's number field would silently turn into 0.
_number_guard = components.declare_component("number_guard", path=str(Path(__file__).parent / "number_guard"))
NOTICES_KEY = "lesson_notices"
PAGE_PARAMS = {"step", "p1", "p2"}  # URL parameters the pages own (see each page)
APP_PARAMS = {"present", "class", "teacher", "student"}  # the app's own: ui/presenter.py, ui/classroom/
# Every page names its own URL keys with a prefix its navigation Entry declares (``bwd_step``,
# ``pg_layers``, ``rnn_T``), so two pages never fight over one key.


def page_owned(params) -> set[str]:
    """The URL parameters that belong to a page, not to the worked example."""
    owned = PAGE_PARAMS | APP_PARAMS
    return {name for name in params if name in owned or name.startswith(PREFIXES)}


OWN_DATA_NOTE = "This page works on data of its own: the example below is kept for the other lessons."
WIDGET_KEYS = tuple(s.key for s in SETTINGS)


def sidebar(drives_page: bool = True) -> LessonState:
    """The worked example's fields; ``drives_page`` False says that the page shown does not read them."""
    ss = st.session_state
    first = STATE_KEY not in ss
    linked = _first_run() if first else None
    if not first and not all(name in ss for name in WIDGET_KEYS):
        _load(ss[STATE_KEY])  # a run that failed before the widgets drew dropped their values
    notices = [] if first else _unholdable() + _check_typed()
    state = linked if first else _read_state()  # the widgets below show exactly these values
    with st.sidebar:
        # What varies from page to page sits in one container, so every field below keeps its place
        # among the sidebar's elements. While they moved (one caption more on lessons 4-6 and the
        # Playground), the browser now and then showed w5..w8 as 0, the fields' default, while the
        # session held 0.7: Streamlit's front end took them for new fields (not traced in its code).
        with st.container():
            follow.sidebar_line()  # in a class: which, as whom, Leave class
            st.header("The worked example")
            if not drives_page:
                st.caption(OWN_DATA_NOTE)
            link_notices, loaded = ss[NOTICES_KEY]
            for notice in notices + (link_notices if state == loaded else []):
                st.warning(notice, icon="⚠️")
        st.button("Reset to the article's values", on_click=_load, args=(LessonState(),), key="reset")
        _fields(linked)
        _number_guard(key=GUARD_KEY, default=None)
    if first and _read_state() != linked:
        # A page that reconnected to this new session (its server process was restarted) sent its
        # fields, newer than its link by the edit it was making: they stay, checked on the next run.
        ss[STATE_KEY] = linked
        st.rerun()
    ss[STATE_KEY] = state
    st.query_params.update(to_query(state))
    return state


def _first_run() -> LessonState:
    """A session's first run: the link's example, its notices kept to show; unknown keys leave the link."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}  # repeats reported
    state, notices = from_query(params, extra=page_owned(params))
    for name in set(params) - KNOWN - page_owned(params):
        del st.query_params[name]  # reported once, never passed on in a copied link
    st.session_state[NOTICES_KEY] = (notices, state)  # shown until the user changes something
    return state


def adopt(query) -> None:
    """A student's page moved to the teacher's (ui/classroom/follow.py): the link's example in the fields,
    before they draw (the fields read a link only on a session's first run)."""
    _load(from_query({name: query[name] for name in query if name in KNOWN})[0])


def current_state() -> LessonState:
    """The state the sidebar read on this run (pages call this)."""
    if STATE_KEY not in st.session_state:
        run_through_app()
    return st.session_state[STATE_KEY]


def run_through_app() -> None:
    """Rerun a request that was run without app.py, which only happens on a deep link.

    When a link to a lesson is a fresh server's first request, Streamlit 1.67 takes
    ``pages/`` for its legacy multipage folder and runs pages/<url_path>.py alone (no sidebar,
    no navigation: pages/__init__.py says why) until some run calls st.navigation. Leaving that
    mode, then rerunning, goes through app.py.
    """
    leave_legacy_pages_mode()
    st.rerun()


def leave_legacy_pages_mode() -> None:
    """The one use of a private Streamlit module (1.67), kept here alone.

    Streamlit sets ``PagesManager.uses_pages_directory`` (server-wide) when a ``pages/`` folder
    sits beside the main script, and only an ``st.navigation`` call clears it; no public API
    does. The public alternative is a page folder with another name, which every page path,
    link and test would have to follow. tests/ui/test_sidebar.py checks the flag still exists,
    and tests/e2e/test_deep_link.py that a deep link keeps the sidebar.
    """
    from streamlit.runtime.pages_manager import PagesManager  # private: see above

    PagesManager.uses_pages_directory = False


def _read_state() -> LessonState:
    ss = st.session_state
    return LessonState(
        example=Example(**{s.key: float(ss[s.key]) for s in EXAMPLE}),
        update_biases=bool(ss[UPDATE_BIASES.key]),
        digits=int(ss[DIGITS.key]),
    )


def _load(state: LessonState) -> None:
    ss = st.session_state
    for s in EXAMPLE:
        ss[s.key] = getattr(state.example, s.key)
    ss[UPDATE_BIASES.key] = state.update_biases
    ss[DIGITS.key] = state.digits
    ss[STATE_KEY] = state


def _unholdable() -> list[str]:
    """A number typed that a float64 cannot hold (1e400, 1e-400), or a field left empty, which
    Streamlit's field turns into 0 without a word: reported by the number guard in the browser. An
    example field's is named here and the article's value used; another field's is left to the page's
    settings, which name it beside the field (``settings._typed_note``)."""
    ss = st.session_state
    event = guard_report()
    setting = {s.key: s for s in EXAMPLE}.get(event.get("name")) if event else None
    if setting is None:
        return []
    ss[GUARD_SEEN] = event
    ss[setting.key] = setting.default
    return [
        f"{typed(setting.label, event.get('what'))}; using the article's {numbers.text(setting.default)}."
    ]


def _check_typed() -> list[str]:
    """Replace any typed value that is out of range (before the widgets are drawn): the fields have no
    bounds of their own, which would clamp a typed value without a word."""
    notices = []
    for s in EXAMPLE:
        typed = float(st.session_state.get(s.key, s.default))
        if not (math.isfinite(typed) and s.low <= typed <= s.high):
            st.session_state[s.key] = s.default
            notices.append(
                f"{s.label} must be between {numbers.text(s.low)} and {numbers.text(s.high)}; "
                f"using the article's {numbers.text(s.default)}."
            )
        elif math.copysign(1, typed) == -1 and typed == 0:  # -0 typed is shown as 0
            st.session_state[s.key] = 0.0
    return notices


def _fields(linked: LessonState | None) -> None:
    """Every field, showing the session's values; on its first run with ``linked`` (the link's values)
    as the fields' defaults, so that values a reconnecting page sends win over its older link."""
    first = {}
    if linked is not None:
        first = {**asdict(linked.example), UPDATE_BIASES.key: linked.update_biases, DIGITS.key: linked.digits}

    def value(key: str) -> dict:
        return {"value": first[key]} if key in first else {}

    by_key = {s.key: s for s in EXAMPLE}
    for title, keys in GROUPS:
        st.caption(title)
        columns = st.columns(2)
        for i, key in enumerate(keys):
            s = by_key[key]
            with columns[i % 2]:
                st.number_input(s.label, key=s.key, step=s.step, format=s.format, help=s.help, **value(key))
    st.toggle(UPDATE_BIASES.label, key=UPDATE_BIASES.key, help=UPDATE_BIASES.help, **value(UPDATE_BIASES.key))
    st.number_input(
        DIGITS.label, min_value=DIGITS.low, max_value=DIGITS.high, step=1, key=DIGITS.key, **value(DIGITS.key)
    )
