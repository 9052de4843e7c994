"""Students' pages woken by the server when their class moves, instead of each page asking every second.

A page that asks costs a rerun per student per second even while the teacher talks (60 students: a
quarter of a core, measured). Here one thread per process reads the version of each class followed on
this process (one small query per class every ``POLL`` s, at once when a teacher here publishes) and
asks Streamlit to rerun the follow fragment of each follower whose class changed, with the page's last
address, as its own timer would (``AppSession.request_rerun``, as Streamlit's own "run on save" reruns a
page, with the session's last client state; widgets keep their values). The follow fragment's own timer
stays as a slow safety net (ui/classroom/follow.py's ``FOLLOW_EVERY``).

Streamlit has no public way to rerun another session: ``_session``, ``_busy``, ``_fragment_id`` and
``_rerun`` are this module's uses of its private runtime (pinned in requirements.txt;
tests/ui/classroom/test_wake.py fails if it moves).
"""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy.exc import SQLAlchemyError

from ui.classroom import store

BUSY = None  # _rerun's answer for a page that is running now
AT_ONCE = 6  # woken pages running at once on a process (``_turn``)
STARTING = 0.02  # s: a page just woken counts as running until its run has had time to begin
WAIT = 5.0  # s: a woken page that runs longer than this no longer holds up the next
POLL = 0.25  # s: how often this process reads the versions of the classes followed here
_LOG = logging.getLogger(__name__)
_lock = threading.Lock()
_poke = threading.Event()  # set by a teacher's publish on this process: read now
_seen: dict[str, dict[str, int | None]] = {}  # class code -> {session id: the version its page shows}
_engines: dict[str, object] = {}  # class code -> the engine its followers read it with
_fragments: dict[str, str] = {}  # session id -> its follow fragment's id (what a wake reruns)
_thread: list[threading.Thread] = []


def watch(code: str, version: int | None, engine) -> None:
    """A follower's run: this session shows ``version`` of class ``code``; wake it when that changes."""
    session = _session_id()
    if session is None:  # no script run or no runtime (a bare script): the follow fragment's timer serves
        return
    fragment = _fragment_id()
    with _lock:
        for sessions in _seen.values():
            sessions.pop(session, None)  # a session follows one class
        _seen.setdefault(code, {})[session] = version
        _fragments[session] = fragment
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
        running: list[tuple[str, float]] = []
        for session in stale:
            running = _turn(running)
            woken = _rerun(session, _fragments.get(session, ""))
            if woken:
                running.append((session, time.monotonic()))
            with _lock:
                if session in _seen.get(code, {}) and woken is not BUSY:
                    if woken:
                        _seen[code][session] = version  # its run will say again what it shows
                    else:
                        del _seen[code][session]  # gone: its browser closed
                        _fragments.pop(session, None)


def _turn(running: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Wait until fewer than ``AT_ONCE`` of the pages woken this round still run (at most ``WAIT`` s for
    one); the ones still running. Woken all at once, 30 pages share one process's GIL and all finish
    last: a move took 2.8 s to show on every page (p50, 60 students, 2 processes); one after another,
    the first pages show it at once."""
    while True:
        now = time.monotonic()
        running = [(s, at) for s, at in running if now - at < WAIT and (now - at < STARTING or _running(s))]
        if len(running) < AT_ONCE:
            return running
        time.sleep(0.005)


def _running(session_id: str) -> bool:
    session = _session(session_id)
    return session is not None and _busy(session)


def _session(session_id: str):
    """Streamlit's AppSession of a connected session, None if it is gone."""
    from streamlit.runtime import Runtime

    info = Runtime.instance()._session_mgr.get_active_session_info(session_id)
    return None if info is None else info.session


def _busy(session) -> bool:
    from streamlit.runtime.app_session import AppSessionState

    return session._state == AppSessionState.APP_IS_RUNNING


def _session_id() -> str | None:
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None and Runtime.exists() else None


def _fragment_id() -> str:
    """The follow fragment's id in this run (``watch`` is called from inside it)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

    return ThreadState.get().fragment_id or ""


def _rerun(session_id: str, fragment: str) -> bool | None:
    """Rerun that session's follow fragment, as its own timer would (it moves the page, or reruns the
    whole page for a reveal, as a tick does): True; False if the session is gone; ``BUSY`` while its
    page runs (a rerun would cut short what the student just did; that run shows the class as it is
    now, or the next round wakes it). Rerunning the whole app instead cost a second full run per move
    (the app up to the fragment, then the page it moves to): a move took 3.3 s to reach 60 students."""
    from streamlit.proto.ClientState_pb2 import ClientState

    session = _session(session_id)
    if session is None:
        return False
    if _busy(session):
        return BUSY
    state = ClientState()
    state.CopyFrom(session._client_state)  # the last run's address and page, no widget changes
    state.fragment_id, state.is_auto_rerun = fragment, True
    session._call_soon_on_event_loop(lambda: session.request_rerun(state))
    return True
