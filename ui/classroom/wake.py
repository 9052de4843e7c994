"""Students' pages woken by the server when their class moves, instead of each page asking every second.

A page that asks costs a rerun per student per second even while the teacher talks (60 students: a
quarter of a core, measured). Here one thread per process reads the version of each class followed on
this process (one small query per class every ``POLL`` s, at once when a teacher here publishes) and
asks Streamlit to rerun the page of each follower whose class changed: the whole app, with the page's
last address, as Streamlit's own "run on save" reruns a page (``AppSession.request_rerun`` with the
session's last client state; widgets keep their values). The follow fragment's own timer stays as a
slow safety net (ui/classroom/follow.py's ``FOLLOW_EVERY``).

Streamlit has no public way to rerun another session: ``_rerun`` is this module's one use of its
private runtime (pinned in requirements.txt; tests/ui/classroom/test_wake.py fails if it moves).
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from ui.classroom import store

BUSY = None  # _rerun's answer for a page that is running now
POLL = 0.25  # s: how often this process reads the versions of the classes followed here
_LOG = logging.getLogger(__name__)
_lock = threading.Lock()
_poke = threading.Event()  # set by a teacher's publish on this process: read now
_seen: dict[str, dict[str, int | None]] = {}  # class code -> {session id: the version its page shows}
_engines: dict[str, object] = {}  # class code -> the engine its followers read it with
_thread: list[threading.Thread] = []


def watch(code: str, version: int | None, engine) -> None:
    """A follower's run: this session shows ``version`` of class ``code``; wake it when that changes."""
    session = _session_id()
    if session is None:  # no server (AppTest, a bare script): the follow fragment's timer serves
        return
    with _lock:
        for sessions in _seen.values():
            sessions.pop(session, None)  # a session follows one class
        _seen.setdefault(code, {})[session] = version
        _engines[code] = engine
        if not _thread or not _thread[0].is_alive():
            _thread[:] = [threading.Thread(target=_loop, name="class-wake", daemon=True)]
            _thread[0].start()


def forget() -> None:
    """This session left its class (or never was in one here)."""
    session = _session_id()
    with _lock:
        for sessions in _seen.values():
            sessions.pop(session, None)


def poke() -> None:
    """A teacher on this process has just published: read the classes now, not at the next poll."""
    _poke.set()


def _loop() -> None:
    while True:
        _poke.wait(POLL)
        _poke.clear()
        try:
            _round()
        except Exception:  # never let the thread die: the next round tries again
            _LOG.exception("waking the class's followers failed")


def _round() -> None:
    with _lock:
        followed = {code: (dict(sessions), _engines[code]) for code, sessions in _seen.items() if sessions}
        for code in [c for c, sessions in _seen.items() if not sessions]:
            del _seen[code], _engines[code]
    for code, (sessions, engine) in followed.items():
        try:
            state = store.state(engine, code)
        except (store.ClassError, SQLAlchemyError):
            continue  # a database that does not answer: the pages say so at their own next run
        version = None if state is None or state.ended else state.version
        stale = [s for s, shown in sessions.items() if shown != version]
        for session in stale:
            woken = _rerun(session)
            with _lock:
                if session in _seen.get(code, {}) and woken is not BUSY:
                    if woken:
                        _seen[code][session] = version  # its run will say again what it shows
                    else:
                        del _seen[code][session]  # gone: its browser closed


def _session_id() -> str | None:
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None and Runtime.exists() else None


def _rerun(session_id: str) -> bool | None:
    """Rerun that session's whole page as the browser last showed it: True; False if it is gone;
    ``BUSY`` while its page runs (a rerun would cut short what the student just did; that run shows
    the class as it is now, or the next round wakes it)."""
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime import Runtime
    from streamlit.runtime.app_session import AppSessionState

    info = Runtime.instance()._session_mgr.get_active_session_info(session_id)
    if info is None:
        return False
    session = info.session
    if session._state == AppSessionState.APP_IS_RUNNING:
        return BUSY
    state = ClientState()
    state.CopyFrom(session._client_state)  # the last run's address and page, no widget changes
    state.fragment_id, state.is_auto_rerun = "", False
    session._call_soon_on_event_loop(lambda: session.request_rerun(state))
    return True
