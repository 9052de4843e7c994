"""ui/classroom/wake.py: which followers the server wakes, and Streamlit's private runtime it leans on.

The rerun itself is Streamlit's; tests/e2e/test_school.py checks that students follow a teacher moving
every second across hosts while their own timers are 10 s apart (``runs_woken_by_server``)."""

import dataclasses
import inspect

import pytest
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner_utils.script_run_context import FragmentThreadState, ThreadState
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from ui.classroom import store, wake


@pytest.fixture
def woken(monkeypatch):
    """wake with no thread and no server: sessions named by the test, reruns recorded (True: delivered)."""
    reruns, gone = [], set()

    class NoThread:
        def __init__(self, **_):
            pass

        def start(self):
            pass

        def is_alive(self):
            return True

    monkeypatch.setattr(wake.threading, "Thread", NoThread)
    monkeypatch.setattr(wake, "_seen", {})
    monkeypatch.setattr(wake, "_engines", {})
    monkeypatch.setattr(wake, "_thread", [])
    busy = set()

    def rerun(session, fragment):
        assert fragment == "follow-fragment"
        reruns.append(session)
        return wake.BUSY if session in busy else session not in gone

    monkeypatch.setattr(wake, "_rerun", rerun)
    monkeypatch.setattr(wake, "_running", lambda session: False)
    monkeypatch.setattr(wake, "STARTING", 0.0)
    as_session = {"id": None}
    monkeypatch.setattr(wake, "_session_id", lambda: as_session["id"])
    monkeypatch.setattr(wake, "_fragment_id", lambda: "follow-fragment")
    monkeypatch.setattr(wake, "_fragments", {})

    def watch(session, code, version, engine):
        as_session["id"] = session
        wake.watch(code, version, engine)

    # A wake thread that an earlier test's app started in this process must not take a round meanwhile
    our_round = wake._round
    monkeypatch.setattr(wake, "_round", lambda: None)

    def round_():
        reruns.clear()
        our_round()
        return sorted(reruns)

    return watch, round_, gone, busy


def test_followers_are_woken_once_when_their_class_moves(engine, woken):
    watch, round_, *_ = woken
    code, token = store.start_class(engine)
    other, _ = store.start_class(engine)
    version = store.state(engine, code).version
    watch("ann", code, version, engine)
    watch("bo", code, version, engine)
    watch("cy", other, store.state(engine, other).version, engine)
    assert round_() == []  # nothing moved: nobody reruns
    store.publish(engine, code, token, "forward_pass", (("fwd_step", "net_h1"),), None)
    assert round_() == ["ann", "bo"]  # the class moved; the other class did not
    assert round_() == []  # once: their runs say again what they show
    store.publish(engine, code, token, "forward_pass", (("fwd_step", "out_h1"),), None)
    assert round_() == ["ann", "bo"]


def test_a_follower_that_moved_on_or_left_is_not_woken(engine, woken):
    watch, round_, gone, _ = woken
    code, token = store.start_class(engine)
    other, _ = store.start_class(engine)
    version = store.state(engine, code).version
    watch("ann", code, version, engine)
    watch("bo", code, version, engine)
    watch("ann", other, store.state(engine, other).version, engine)  # a session follows one class
    gone.add("bo")  # its browser closed
    store.publish(engine, code, token, "forward_pass", (), None)
    assert round_() == ["bo"]  # the attempt finds it gone ...
    store.publish(engine, code, token, "backward_pass", (), None)
    assert round_() == []  # ... and it is dropped


def test_an_ended_class_wakes_its_followers_once(engine, woken):
    watch, round_, *_ = woken
    code, token = store.start_class(engine)
    watch("ann", code, store.state(engine, code).version, engine)
    store.end_class(engine, code, token)
    assert round_() == ["ann"]  # its page says the class ended and leaves it
    assert round_() == []


def test_a_follower_whose_page_is_running_is_woken_once_it_has_finished(engine, woken):
    """A rerun would cut short what the student just did (a Check): the next round tries again."""
    watch, round_, _, busy = woken
    code, token = store.start_class(engine)
    watch("ann", code, store.state(engine, code).version, engine)
    busy.add("ann")
    store.publish(engine, code, token, "forward_pass", (), None)
    assert round_() == ["ann"] and round_() == ["ann"]  # running: left for the next round
    busy.clear()
    assert round_() == ["ann"]
    assert round_() == []


def test_woken_pages_take_turns(monkeypatch):
    """At most AT_ONCE woken pages run at once: the next waits until one has finished."""
    states = {"a": [True, True, False], "b": [False]}  # a: running for two looks, then done
    monkeypatch.setattr(wake, "_running", lambda s: states[s].pop(0) if len(states[s]) > 1 else states[s][0])
    monkeypatch.setattr(wake, "STARTING", 0.0)
    monkeypatch.setattr(wake, "AT_ONCE", 1)
    now = wake.time.monotonic()
    assert wake._turn([("a", now)]) == []  # waited for a to finish
    assert states["a"] == [False]
    assert wake._turn([("b", now - wake.WAIT)]) == []  # one stuck past WAIT holds up nobody


def test_no_server_no_watching(engine, monkeypatch):
    """Outside a script run (a bare script) there is no session to wake: nothing is kept, no thread."""
    monkeypatch.setattr(wake, "_seen", {})
    monkeypatch.setattr(wake, "_thread", [])
    code, _ = store.start_class(engine)
    wake.watch(code, 1, engine)
    assert wake._seen == {} and wake._thread == []


def test_streamlits_private_runtime_is_where_wake_expects_it():
    """The names ``wake._rerun`` uses (Streamlit pinned in requirements.txt): an upgrade that moves
    them fails here, not silently in a class."""
    assert "self._session_mgr" in inspect.getsource(Runtime.__init__)
    assert callable(WebsocketSessionManager.get_active_session_info)
    assert callable(AppSession._call_soon_on_event_loop)
    assert "self._state = AppSessionState.APP_IS_RUNNING" in inspect.getsource(AppSession)
    assert callable(Runtime.instance) and "info.session" in inspect.getsource(wake._session)
    assert "fragment_id" in {f.name for f in dataclasses.fields(FragmentThreadState)}
    assert callable(ThreadState.get)
    assert "self._client_state = ClientState()" in inspect.getsource(AppSession.__init__)
    assert list(inspect.signature(AppSession.request_rerun).parameters) == ["self", "client_state"]
    assert {"fragment_id", "is_auto_rerun", "page_script_hash", "query_string"} <= {
        f.name for f in ClientState.DESCRIPTOR.fields
    }
