"""The server's own limits (.streamlit/config.toml) and event loop (requirements.txt), driven over
Streamlit's websocket protocol.

A 20 MB practice answer is refused at the door (the connection closes with 1009, "message
too big") and the server's memory stays where it was; a websocket arriving under a host
name the server does not serve is refused.
"""

import math
import pathlib
from urllib.parse import urlparse

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from benchmarks.load import Results, Session, rss_mib, start_server, stop_server

from .conftest import ARTIFACTS, in_thread

pytestmark = pytest.mark.alone  # it measures time or load: run with nothing else

MB = 1_000_000


@pytest.fixture(scope="module")
def server():
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "server_limits.log", "w") as log:
        process, url, (pid,) = start_server(log)
    try:
        yield url, pid
    finally:
        stop_server(process)


async def answer(url: str, text: str) -> int | None:
    """Open Forward pass in practice mode and type ``text`` as the first answer; the close code if
    the server hung up (None if it ran the page)."""
    student = Session(0, url, Results(), think=0, timeout=60)
    student.deadline = math.inf
    async with connect(student.ws_url, subprotocols=["streamlit"], max_size=None) as student.ws:
        await student.rerun("load")
        await student.goto("forward_pass")
        student.values[student.widget_id("fwd_practice")][1]["bool_value"] = True
        await student.rerun("practice on")
        box = next(w for w in student.present if w.split("-", 2)[-1].startswith("answer_"))
        student.values[box] = (0, {"string_value": text})
        try:
            await student.rerun("answer")
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
        assert not student.results.errors, student.results.examples
        return None


def test_a_20_mb_answer_is_refused_and_the_memory_stays_flat(server):
    url, pid = server
    for _ in range(2):  # warm: the page, its caches and a normal answer
        assert in_thread(answer(url, "0.5933")) is None
    before = rss_mib(pid)
    for _ in range(5):
        assert in_thread(answer(url, "7" * (20 * MB))) == 1009  # "message too big"
    after = rss_mib(pid)
    assert after - before < 5, f"server grew from {before:.0f} to {after:.0f} MiB"
    assert in_thread(answer(url, "0.5933")) is None  # and it still serves


async def open_websocket(url: str, host: str) -> None:
    """A websocket to the server at ``url`` that names ``host`` in its Host header."""
    port = urlparse(url).port
    named = f"ws://{host}:{port}/_stcore/stream"
    async with connect(named, subprotocols=["streamlit"], host="127.0.0.1", port=port):
        pass


def test_a_websocket_for_another_host_name_is_refused(server):
    url, _ = server
    in_thread(open_websocket(url, "localhost"))
    with pytest.raises(InvalidStatus):
        in_thread(open_websocket(url, "rebound.example"))


def test_the_server_runs_on_uvloop(server):
    """With plain asyncio, Streamlit's connections keep Nagle's algorithm on and each small file of a
    cold load waits ~40 ms for a delayed ACK (requirements.txt says why); uvloop turns it off."""
    _, pid = server
    assert "uvloop" in pathlib.Path(f"/proc/{pid}/maps").read_text()  # its extension module is loaded
