"""The load test's helpers: statistics, per-session values, the local-only guard, widget tracking."""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import threading
from dataclasses import replace

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput

from backprop_core import ARTICLE, solve
from benchmarks.load import (
    HeavySession,
    PlaygroundSession,
    Results,
    Returning,
    Session,
    check_local,
    children,
    closed_by_server,
    e_total_text,
    half_sent,
    kill_and_time,
    listening_pid,
    parse,
    percentile,
    play_rate,
    report,
    rss_mib,
    seconds_until,
    summary,
    total,
    w5_of,
)
from ui import reconnect


def test_percentiles_are_measured_values():
    values = [0.5, 0.1, 0.4, 0.2, 0.3]
    assert percentile(values, 50) == 0.3
    assert percentile(values, 95) == 0.5
    assert percentile(values, 0) == 0.1
    assert percentile(list(range(1, 101)), 95) == 95
    assert summary(values) == {"n": 5, "p50": 0.3, "p95": 0.5, "max": 0.5}
    assert summary([])["n"] == 0


def test_each_session_owns_its_w5_and_e_total():
    values = {w5_of(i, r) for i in range(200) for r in range(50)}
    assert len(values) == 200 * 50
    assert all(w5_of(i, 999) < w5_of(i + 1, 0) for i in range(199))  # slots never overlap
    texts = {e_total_text(w5_of(i, r)) for i in range(200) for r in range(5)}
    assert len(texts) == 200 * 5
    assert e_total_text(ARTICLE.w5) not in texts  # what every page shows before its first edit
    # The Forward lesson shows E_total at w5 + 0.1 too ("if w5 were 0.1 larger"): no session may own that
    assert all(0.3 <= w5_of(i, r) < 0.4 for i in range(400) for r in range(0, 1000, 7))
    assert e_total_text(0.3) == f"{solve(replace(ARTICLE, w5=0.3)).forward['E_total']:.9g}"


def test_only_this_machine_is_accepted():
    assert check_local("http://127.0.0.1:8501/") == "http://127.0.0.1:8501"
    assert check_local("http://localhost:8501") == "http://localhost:8501"
    for url in ("http://example.com:8501", "http://10.0.0.2:8501", "http://127.0.0.1", "ftp://127.0.0.1:21"):
        with pytest.raises(SystemExit):
            check_local(url)


def test_the_listening_process_and_its_memory_are_found():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert listening_pid(s.getsockname()[1]) == os.getpid()
    assert rss_mib(os.getpid()) > 1


def test_server_figures_add_up_over_processes_and_a_vanished_one_voids_the_sample():
    measure = {1: 100.0, 2: 150.0}.get
    assert total(measure, [1, 2]) == 250.0
    assert total(measure, [1, 3]) is None  # process 3 is gone: no partial sum passed off as the total
    assert total(measure, []) is None


def test_number_inputs_keep_our_value_until_the_server_sets_one():
    session = Session(0, "http://127.0.0.1:1", Results(), think=0, timeout=1)
    wid = "$$ID-abc-w5"
    widget = NumberInput(id=wid, data_type=NumberInput.FLOAT, default=0.4)
    session.track(wid, "number_input", widget, root=1)
    assert session.values[wid] == (1, {"double_value": 0.4})
    session.values[wid][1]["double_value"] = 0.3  # the user's edit
    session.track(wid, "number_input", widget, root=1)
    assert session.values[wid][1]["double_value"] == 0.3
    reset = NumberInput(id=wid, data_type=NumberInput.FLOAT, value=0.4, set_value=True)  # "Reset" pressed
    session.track(wid, "number_input", reset, root=1)
    assert session.values[wid][1]["double_value"] == 0.4


def test_another_sessions_e_total_is_reported_as_a_leak():
    results = Results()
    mine, theirs = (Session(i, "http://127.0.0.1:1", results, think=0, timeout=1) for i in (0, 1))
    results.owned[1].add(e_total_text(w5_of(1, 0)))
    mine.check_text(f"E_total = {e_total_text(w5_of(1, 0))}")
    theirs.check_text(f"E_total = {e_total_text(w5_of(1, 0))}")
    assert results.errors == {"LEAK: another session's value": 1}


def test_half_sent_requests_are_counted_open_until_the_server_cuts_them():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        base = f"http://127.0.0.1:{server.getsockname()[1]}"
        with half_sent(base, 3) as sockets:
            accepted = [server.accept()[0] for _ in range(3)]
            assert accepted[0].recv(100).startswith(b"GET / HTTP/1.1\r\n")  # the head, never finished
            assert closed_by_server(sockets) == 0
            accepted[0].close()
            accepted[1].sendall(b"HTTP/1.1 408 Request Time-out\r\n\r\n")
            assert seconds_until(lambda: closed_by_server(sockets) == 2, limit=10, every=0.01) is not None
            for s in accepted[1:]:
                s.close()
    with pytest.raises(SystemExit):
        with half_sent("http://example.com:80", 1):
            pass


def test_seconds_until_gives_up_after_its_limit():
    assert seconds_until(lambda: True, limit=1) == 0
    assert seconds_until(lambda: False, limit=0.05, every=0.01) is None


def test_the_light_sessions_latency_leaves_the_heavy_runs_out():
    results = Results()
    results.latency["next"] += [0.1, 0.2]
    results.latency["edit w5"] += [0.3]
    results.latency[HeavySession.ACTION] += [5.0, 6.0]
    args = argparse.Namespace(sessions=2, heavy=1, playground=0, think=2.0)
    r = report(results, args, elapsed=10.0, cpu={}, processes=2)
    assert r["latency_s"]["light sessions"] == summary([0.1, 0.2, 0.3])
    assert r["latency_s"]["all"]["n"] == 5


def test_the_editors_latency_leaves_the_players_out():
    results = Results()
    results.latency["next"] += [0.1, 0.2]
    results.latency[PlaygroundSession.ACTION] += [0.5, 0.6]
    results.latency["playground: load"] += [0.7]
    args = argparse.Namespace(sessions=1, heavy=0, playground=1, think=2.0)
    r = report(results, args, elapsed=10.0, cpu={}, processes=2)
    assert r["latency_s"]["editors"] == summary([0.1, 0.2])


def test_plays_rate_is_its_ticks_over_the_time_spent_playing():
    results = Results()
    assert play_rate(results) is None
    results.played += [(30, 10.0), (10, 10.0)]  # two players: 3 and 1 a second
    assert play_rate(results) == 2.0


def test_a_playground_session_reads_the_step_from_the_counter():
    session = PlaygroundSession(0, "http://127.0.0.1:1", Results())
    texts = ["**Epoch 3** · **step 1,234** · train cost 0.5", "step 9 is not the counter"]
    assert session.shown_step(texts) == 1234
    assert session.shown_step(["no counter here"]) is None


def test_the_playground_option_counts_towards_the_session_limit():
    assert parse(["--sessions", "0", "--playground", "3", "--start-server"]).playground == 3
    with pytest.raises(SystemExit):
        parse(["--sessions", "0", "--start-server"])  # nobody at all


def test_a_servers_workers_are_found_for_its_memory():
    started = []  # one child from this thread, one from another (as a session's thread starts a worker)

    def start():
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"]))

    start()
    thread = threading.Thread(target=start)
    thread.start()
    thread.join()
    try:
        assert {child.pid for child in started} <= set(children(os.getpid()))
    finally:
        for child in started:
            child.kill()
            child.wait()
    assert children(2**22 + 7) == []  # no such process


class Frames:
    """A websocket that takes what is sent and hands out these ForwardMsgs; past them, the
    connection is gone."""

    def __init__(self, *messages: ForwardMsg):
        self.messages, self.sent = [m.SerializeToString() for m in messages], []

    async def send(self, data: bytes) -> None:
        self.sent.append(data)

    async def recv(self) -> bytes:
        if not self.messages:
            raise ConnectionError("closed")
        return self.messages.pop(0)


def message(kind: str, **fields) -> ForwardMsg:
    msg = ForwardMsg()
    if kind == "script_finished":
        msg.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    else:
        getattr(msg, kind).SetInParent()
        for name, value in fields.items():
            setattr(getattr(msg, kind), name, value)
    return msg


def run(session: Session, *messages: ForwardMsg) -> None:
    session.ws = Frames(*messages)
    asyncio.run(session.rerun("a run"))


def test_a_returning_page_knows_what_streamlits_page_knows_when_its_connection_drops():
    page = Returning(0, "http://127.0.0.1:1", Results())
    keep = message("auto_rerun", fragment_id="keep", interval=reconnect.TICK)
    play = message("auto_rerun", fragment_id="play", interval=0.25)
    run(page, message("new_session"), keep, message("script_finished"))
    assert page.timers == {"keep"} and page.timer is None  # ui/reconnect.py's timer is not Play's
    assert not page.running and not page.last_fragment
    run(page, message("new_session"), keep, play, message("script_finished"))
    assert page.timers == {"keep", "play"} and page.timer == ("play", 0.25)
    run(page, message("new_session"), message("script_finished"))
    # a full run registering none: the page has forgotten them, Play's too (its last tick reruns the app)
    assert page.timers == set() and page.timer is None
    with pytest.raises(ConnectionError):
        run(page, message("new_session"))  # the process dies during the run
    assert page.running


def test_the_kill_option_needs_the_classroom_and_a_moment_within_the_run():
    assert parse(["--classroom", "--duration", "20", "--kill-after", "8"]).kill_after == 8
    for wrong in (
        ["--start-server", "--duration", "20", "--kill-after", "8"],
        ["--classroom", "--duration", "20", "--kill-after", "20"],
        ["--classroom", "--duration", "20", "--kill-after", "-1"],
        ["--classroom", "--duration", "20", "--kill-after", "8", "--heavy", "1"],
    ):
        with pytest.raises(SystemExit):
            parse(wrong)


def test_the_kill_touches_only_a_process_the_classroom_script_started():
    script = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        with socket.socket() as s:  # this test's own process listens: not a child of the script
            s.bind(("127.0.0.1", 0))
            s.listen()
            with pytest.raises(RuntimeError, match="no process of our classroom.sh"):
                kill_and_time(script, s.getsockname()[1])
        assert script.poll() is None
    finally:
        script.kill()
        script.wait()
