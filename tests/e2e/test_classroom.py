"""A class served as README describes it: deploy/classroom.sh, two processes behind HAProxy.

Two students (two browser contexts) each land on a process and stay there: each edits
the example and sees only their own numbers, and a download (a file kept in the memory
of the process that drew the button) arrives whole through the proxy. One hostile
client opening 2,000 requests it never finishes does not take the class down.
"""

import csv
import gzip
import io
import re
import shutil
import socket
import time
import urllib.request

import pytest
from playwright.sync_api import Browser, expect
from websockets.exceptions import InvalidStatus

from backprop_core import solve
from benchmarks.load import (
    closed_by_server,
    edit_together,
    half_sent,
    healthy,
    seconds_until,
    start_classroom,
    stop_server,
)
from ui.example_settings import from_query

from .conftest import ARTIFACTS, in_thread, main, open_app, set_number
from .test_server_limits import open_websocket

pytestmark = pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy missing (CI installs it)")


@pytest.fixture(scope="module")
def classroom():
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "classroom.log", "w") as log:
        script, url, pids = start_classroom(log)
    try:
        yield url, pids
    finally:
        stop_server(script)


def test_each_student_stays_on_one_process_and_sees_only_their_own_numbers(browser: Browser, classroom):
    url, pids = classroom
    assert len(set(pids)) == 2
    students = []
    for w5 in ("0.31", "0.47"):
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        open_app(page, f"{url}/forward_pass")
        set_number(page, "w5", w5)
        page.locator(".st-key-show_all").click()
        students.append((context, page, w5))
    cookies = [c for context, _, _ in students for c in context.cookies()]
    servers = {c["value"] for c in cookies if c["name"] == "BACKPROP_LAB"}
    assert servers == {"app1", "app2"}  # the second student went to the less busy process

    for context, page, w5 in students:
        example = from_query({"w5": w5})[0].example
        out_o1 = solve(example).forward["out_o1"]
        expect(main(page)).to_contain_text(f"{out_o1:.9g}", timeout=30_000)
        with page.expect_download() as download:
            main(page).get_by_role("button", name="Every value (CSV)").click()
        rows = dict(csv.reader(io.StringIO(download.value.path().read_text())))
        assert float(rows["w5"]) == float(w5) and float(rows["out_o1"]) == out_o1
        context.close()


def test_two_thousand_half_sent_requests_do_not_take_the_class_down(classroom):
    url, _ = classroom
    with half_sent(url, 2000) as sockets:  # "GET / HTTP/1.1" and one header, then silence
        start = time.monotonic()
        assert seconds_until(lambda: healthy(url), limit=15, start=start) is not None
        students = in_thread(edit_together(url, 10))  # ten students edit w5 at once, meanwhile
        assert not students.errors, students.examples
        assert students.checks == 10  # each saw the E_total of its own w5, and no one else's
        # HAProxy's "timeout http-request 5s" cuts every unfinished request: no slot is held for good.
        assert seconds_until(lambda: closed_by_server(sockets) == 2000, limit=15, start=start) is not None


def test_students_reach_the_class_by_the_machines_name_and_no_other(classroom):
    url, _ = classroom
    in_thread(open_websocket(url, socket.gethostname()))
    with pytest.raises(InvalidStatus):
        in_thread(open_websocket(url, "rebound.example"))


def test_the_scripts_arrive_compressed(classroom):
    """Streamlit serves its scripts as they are; through the proxy they arrive gzipped, whole."""
    url, _ = classroom
    page = urllib.request.urlopen(url, timeout=30).read().decode()
    [script] = re.findall(r'src="\./(static/js/index\.[^"]+\.js)"', page)
    request = urllib.request.Request(f"{url}/{script}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        sent = answer.read()
    plain = urllib.request.urlopen(f"{url}/{script}", timeout=30).read()
    assert gzip.decompress(sent) == plain and len(sent) < len(plain) / 2
