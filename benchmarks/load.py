"""A classroom load test: N independent Streamlit sessions against a server on this machine.

Each session speaks Streamlit's own websocket protocol (``/_stcore/stream``):
it sends ``BackMsg.rerun_script`` with its widget values, exactly as the
browser does, and reads the ``ForwardMsg`` stream back until ``script_finished``.
A browser per student would measure the browser (30 Chromium contexts saturate
2 cores on their own); this client costs a few milliseconds per rerun.

Every session edits w5 to its own value (0.3 + i/1000, nudged each round),
steps through both lessons with Next, opens the comparison, Training and Loss
surface pages, and checks that the home page shows the E_total that
``backprop_core.solve`` gives for *its own* w5, and that no text it receives
holds another session's E_total or w5.

    python -m benchmarks.load --sessions 30 --duration 600 --start-server   # one process
    python -m benchmarks.load --sessions 30 --duration 600 --classroom      # deploy/classroom.sh
    python -m benchmarks.load --sessions 5 --duration 30 --url http://127.0.0.1:8501
    python -m benchmarks.load --sessions 10 --duration 20 --start-server --links    # heavy links
    python -m benchmarks.load --sessions 20 --duration 20 --classroom --kill-after 8  # a process dies

``--classroom`` serves the app as a class would be served: two processes behind
HAProxy with sticky sessions (``deploy/classroom.sh``). Reports p50 / p95 / max
update latency (rerun sent -> script finished) per action, the errors, and the
server processes' resident memory (``/proc/PID/status``, summed) over time.
"""

import argparse
import asyncio
import contextlib
import functools
import json
import math
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus, WebSocketException

from backprop_core import ARTICLE, numbers, solve
from ui import reconnect

ROOT = Path(__file__).resolve().parents[1]
MAX_SESSIONS, MAX_DURATION = 200, 3600  # a load test must never become a runaway
MAX_HALF_SENT = 5000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SIDEBAR = 1  # delta_path[0]: 0 is the main area, 1 the sidebar
LESSONS = ("forward_pass", "backward_pass")
VISITS = ("compare", "training", "loss_surface")  # pages opened once per round, no stepping


# ---------- statistics (pure, unit-tested) ----------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: a value that was actually measured, never an interpolation."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values, default=math.nan),
    }


def w5_of(session: int, round_: int) -> float:
    """Session i owns the slot [0.3 + i/4000, 0.3 + (i+1)/4000), from a tenth of it on: values never
    collide, nor meet the article's w5 = 0.40 (which every page shows before its session's first edit).
    All lie in [0.3, 0.4) for up to 400 sessions, so no session's w5 is another's ± 0.1: the Forward
    lesson's question "if w5 were 0.1 larger" shows E_total at w5 + 0.1 (slots of 1/1000 made session
    i's page show session i + 100's E_total from 101 sessions on)."""
    return 0.3 + session / 4000 + 0.000025 + (round_ % 200) * 1e-6


def e_total_text(w5: float, digits: int = 9) -> str:
    """E_total as the home page prints it (the lesson's default 9 significant digits)."""
    return numbers.text(solve(replace(ARTICLE, w5=w5)).forward["E_total"], digits)


def check_local(url: str) -> str:
    """The base URL, if it names a server on this machine; anything else is refused."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or parsed.hostname not in LOCAL_HOSTS or not parsed.port:
        raise SystemExit(f"--url must be http://127.0.0.1:PORT (this machine only), got {url!r}")
    return f"{parsed.scheme}://{parsed.hostname}:{parsed.port}"


# ---------- shared results ----------


@dataclass
class Results:
    latency: dict = field(default_factory=lambda: defaultdict(list))  # action -> seconds
    errors: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)  # error kind -> first message seen
    owned: dict = field(default_factory=dict)  # session -> the E_total texts only it may see
    rss: list = field(default_factory=list)  # (seconds since start, MiB)
    checks: int = 0  # own-E_total checks that passed
    played: list = field(default_factory=list)  # (ticks, seconds) of each stretch of Play
    busy_ticks: int = 0  # Play ticks whose page said that the server is busy
    killed: dict = field(default_factory=dict)  # through_a_kill: the process killed, and when it was back

    def error(self, kind: str, detail: str = "") -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, detail[:300])

    def foreign(self, session: int, text: str) -> int | None:
        """The other session whose value appears in ``text``, if any."""
        for other, texts in self.owned.items():
            if other != session and any(t in text for t in texts):
                return other
        return None


# ---------- one session ----------


class TimeUp(Exception):
    """The test's duration is over: the session stops after its current action."""


class Session:
    """One student's tab: its own websocket, its own widget values, its own checks."""

    def __init__(self, index: int, base: str, results: Results, *, think=2.0, timeout=60.0, steps=10):
        self.i, self.results, self.think, self.timeout, self.steps = index, results, think, timeout, steps
        self.ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
        self.rng = random.Random(index)
        self.present = {}  # widget id -> disabled, for every widget of the last run
        self.values = {}  # widget id -> (root container, {WidgetState field: value}): what the browser sends
        self.pages = {}  # url path -> page_script_hash
        self.query, self.page, self.w5 = "", "", None
        self.timer = None  # (fragment id, seconds) while a fragment reruns itself on a timer
        # What Streamlit's page knows when its connection drops: whether a run was under way, the
        # timers registered since the last full run began (ui/reconnect.py's among them) and
        # whether the last run was a fragment's.
        self.running, self.timers, self.last_fragment = False, set(), False
        self.full_run = False  # whether the last run was the whole app's (not only a fragment's)
        results.owned[index] = set()

    async def run(self, deadline: float) -> None:
        self.deadline = deadline
        while time.monotonic() < deadline:
            self.present, self.values, self.query, self.page = {}, {}, "", ""
            try:
                async with connect(self.ws_url, subprotocols=["streamlit"], max_size=None) as ws:
                    self.ws = ws
                    await self.rerun("load")
                    for round_ in range(10**6):
                        await self.lesson_round(round_)
            except TimeUp:
                return
            except TimeoutError:
                self.results.error("timeout", f"session {self.i}: no script_finished within {self.timeout} s")
            except (OSError, WebSocketException) as e:
                self.results.error("connection", f"session {self.i}: {type(e).__name__}: {e}")
                await asyncio.sleep(1)

    async def edit_once(self, deadline: float) -> None:
        """Open the app and edit w5 once (the check that it shows this session's own E_total)."""
        self.deadline = deadline
        try:
            async with connect(self.ws_url, subprotocols=["streamlit"], max_size=None) as ws:
                self.ws = ws
                await self.rerun("load")
                await self.edit_w5(w5_of(self.i, 0))
        except TimeoutError:
            self.results.error("timeout", f"session {self.i}: no script_finished within {self.timeout} s")
        except (OSError, WebSocketException) as e:
            self.results.error("connection", f"session {self.i}: {type(e).__name__}: {e}")

    async def lesson_round(self, round_: int) -> None:
        await self.goto("")  # the home page shows E_total
        await self.edit_w5(w5_of(self.i, round_))
        for page in LESSONS:
            await self.goto(page)
            # A few steps per visit; the lesson keeps its place, so the next round goes on from there.
            for _ in range(self.steps):
                if not self.can("next"):
                    break
                await self.click("next")
        for page in VISITS:
            await self.goto(page)

    async def edit_w5(self, w5: float) -> None:
        await self.pause()
        wid = self.widget_id("w5")
        if wid not in self.values:
            self.results.error("no w5 input", f"session {self.i} on page {self.page!r}")
            return
        self.w5, expected = w5, e_total_text(w5)
        self.results.owned[self.i].add(expected)
        self.values[wid][1]["double_value"] = w5
        texts = await self.rerun("edit w5")
        if any(expected in t for t in texts):
            self.results.checks += 1
        else:
            self.results.error("own E_total missing", f"session {self.i}: w5={w5!r}, expected {expected}")

    async def goto(self, path: str) -> None:
        await self.pause()
        # As the browser does: a page change keeps the sidebar's widgets and drops the page's query.
        self.values = {k: v for k, v in self.values.items() if v[0] == SIDEBAR}
        self.query, self.page = "", path
        await self.rerun(f"open {path or 'home'}")

    async def click(self, key: str) -> None:
        await self.pause()
        await self.rerun(key, trigger=self.widget_id(key))

    def can(self, key: str) -> bool:
        return self.present.get(self.widget_id(key), True) is False

    def widget_id(self, key: str) -> str | None:
        return next((w for w in self.present if w.split("-", 2)[-1] == key), None)

    async def pause(self) -> None:
        """A student's think time; past the deadline, stop."""
        await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))
        if time.monotonic() >= self.deadline:
            raise TimeUp

    # ----- the protocol -----

    async def rerun(
        self, action: str, trigger: str | None = None, fragment: str = "", auto: bool | None = None
    ) -> list[str]:
        """Send one rerun with this session's widget values; return the texts of what came back.
        With ``fragment``, only that fragment reruns, as a browser's timer asks (``is_auto_rerun``;
        ``auto=False``: as a click inside the fragment asks)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.fragment_id, state.is_auto_rerun = fragment, bool(fragment) if auto is None else auto
        self.running, self.last_fragment = True, bool(fragment)
        state.query_string = self.query
        state.page_script_hash = self.pages.get(self.page, "")
        state.page_name = "" if state.page_script_hash else self.page  # a link, before pages are known
        self.full_run = False
        for wid, (_, values) in self.values.items():
            state.widget_states.widgets.add(id=wid, **values)
        if trigger:
            state.widget_states.widgets.add(id=trigger, trigger_value=True)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        texts = await asyncio.wait_for(self.read_until_finished(), self.timeout)
        self.results.latency[action].append(time.perf_counter() - start)
        return texts

    async def read_until_finished(self, first: bytes | None = None) -> list[str]:
        """Read one run's messages (``first``: its first, already received) up to its end."""
        texts, self.present = [], {}
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(first if first is not None else await self.ws.recv())
            first = None
            kind = msg.WhichOneof("type")
            if kind == "new_session" and not msg.metadata.run.fragment_ids:
                # the page forgets its timers when a full run begins (Play's last tick reruns the app
                # to stop its timer: ticking on, the client asked for runs that no browser asks for)
                self.timers, self.timer = set(), None
                self.full_run = True  # (a fragment's run can become one: st.rerun, st.switch_page)
            elif kind == "navigation":
                pages = msg.navigation.app_pages
                self.pages = {p.url_pathname: p.page_script_hash for p in pages}
                self.pages[""] = next((p.page_script_hash for p in pages if p.is_default), "")
                # the page this run shows (st.switch_page moves a session to another)
                now = msg.navigation.page_script_hash
                self.page = next((p.url_pathname for p in pages if p.page_script_hash == now), self.page)
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
                self.check_query()
            elif kind == "page_not_found":
                self.results.error("page not found", f"session {self.i}: {self.page!r}")
            elif kind == "auto_rerun":  # a fragment on a timer: the Playground's Play, or ui/reconnect.py's
                self.timers.add(msg.auto_rerun.fragment_id)
                if msg.auto_rerun.interval < reconnect.TICK:
                    self.timer = (msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
            elif kind == "stop_auto_rerun":
                self.timers -= set(msg.stop_auto_rerun.fragment_ids)
                self.timer = None
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                root = msg.metadata.delta_path[0] if msg.metadata.delta_path else 0
                self.delta_fragment = msg.delta.fragment_id  # the fragment drawing it ("" if none)
                texts += self.read_element(msg.delta.new_element, root)
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue
                self.running = False
                if status == "FINISHED_WITH_COMPILE_ERROR":
                    self.results.error("compile error", f"session {self.i} on {self.page!r}")
                # The browser forgets the widgets that did not render in this run.
                self.values = {k: v for k, v in self.values.items() if k in self.present}
                return texts

    def read_element(self, element, root: int) -> list[str]:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.results.error("exception in page", f"{self.page!r}: {element.exception.message}")
            return []
        if kind in ("markdown", "heading", "text", "metric", "alert"):
            body = getattr(element, kind).body
            self.check_text(body)
            return [body]
        widget = getattr(element, kind, None)
        wid = getattr(widget, "id", "")
        if wid.startswith("$$ID"):
            self.present[wid] = bool(getattr(widget, "disabled", False))
            self.track(wid, kind, widget, root)
        return []

    def track(self, wid: str, kind: str, widget, root: int) -> None:
        """Keep a widget's value as the browser does: the server's value when it sets one, else ours."""
        known = self.values.get(wid, (root, {}))[1]
        if kind == "number_input":
            name = "int_value" if widget.data_type == widget.INT else "double_value"
            value = widget.value if widget.set_value else known.get(name, widget.default)
            self.values[wid] = (root, {name: int(value) if name == "int_value" else value})
            if wid.endswith("-w5") and self.w5 is not None and value != self.w5:
                self.results.error("w5 not own", f"session {self.i}: shows {value!r}, owns {self.w5!r}")
        elif kind == "checkbox":  # toggles too
            value = widget.value if widget.set_value else known.get("bool_value", widget.default)
            self.values[wid] = (root, {"bool_value": value})
        # Other widgets (radio, select_slider, buttons) are not sent: the server keeps their last values.

    def check_query(self) -> None:
        """The URL the server writes for this session must carry this session's w5."""
        w5 = parse_qs(self.query).get("w5", [None])[0]
        if self.w5 is not None and w5 is not None and float(w5) != self.w5:
            self.results.error("w5 not own", f"session {self.i}: URL has w5={w5}, owns {self.w5!r}")

    def check_text(self, text: str) -> None:
        other = self.results.foreign(self.i, text)
        if other is not None:
            self.results.error("LEAK: another session's value", f"session {self.i} saw session {other}'s")


class PlaygroundSession(Session):
    """A student playing on the Playground: it opens the page with a seed of its own, presses Play
    and lets the fragment's timer rerun it, as the browser does (one auto-rerun of that fragment
    per interval, after the last one finished), for about ``PLAY`` seconds, then pauses. Every tick
    must show a higher step than the one before (updates keep flowing), and a tick's latency is
    recorded like any rerun."""

    ACTION = "playground: Play tick"
    PLAY = 15.0
    BUSY = "⏳ The server is busy"
    STEP = re.compile(r"step ([0-9,]+)")

    async def lesson_round(self, round_: int) -> None:
        if self.page != "playground":
            await self.pause()
            self.values = {k: v for k, v in self.values.items() if v[0] == SIDEBAR}
            self.query, self.page = f"pg_seed={self.i}&pg_epochs=1000", "playground"
            await self.rerun("open playground")
        await self.pause()
        if not self.can("pg_play"):
            self.results.error("no Play button", f"session {self.i}")
            return
        await self.rerun("press Play", trigger=self.widget_id("pg_play"))
        if self.timer is None:
            self.results.error("Play started no timer", f"session {self.i}")
            return
        last, began, ticks = self.shown_step(await self.tick()), time.monotonic(), 0
        while time.monotonic() - began < self.PLAY and time.monotonic() < self.deadline and self.timer:
            texts = await self.tick()
            step, ticks = self.shown_step(texts), ticks + 1
            self.results.busy_ticks += any(t.startswith(self.BUSY) for t in texts)
            if step is None or last is None or step <= last:
                self.results.error("Play stalled", f"session {self.i}: step {last} then {step}")
            else:
                self.results.checks += 1
            last = step
        self.results.played.append((ticks, time.monotonic() - began))
        if self.timer and self.can("pg_play"):  # still playing: the same button is Pause now
            await self.rerun("press Pause", trigger=self.widget_id("pg_play"))

    async def rerun(self, action: str, trigger: str | None = None, fragment: str = "") -> list[str]:
        """As any session's, its actions named as a player's ("playground: press Play")."""
        named = action if action.startswith("playground") else f"playground: {action}"
        return await super().rerun(named, trigger, fragment)

    async def tick(self) -> list[str]:
        """One timer tick: wait the interval, rerun the fragment; the page's other widgets keep
        their values (a fragment run draws only its own)."""
        fragment, interval = self.timer
        await asyncio.sleep(interval)
        present, values = self.present, self.values
        texts = await self.rerun(self.ACTION, fragment=fragment)
        self.present, self.values = present | self.present, values | self.values
        return texts

    def shown_step(self, texts: list[str]) -> int | None:
        steps = [
            int(m.group(1).replace(",", ""))
            for t in texts
            if t.startswith("**Epoch")
            for m in [self.STEP.search(t)]
            if m
        ]
        return steps[-1] if steps else None


class HeavySession(Session):
    """A session that hammers the server: a 1,000,000-step training with new weights, again
    and again (the starvation scenario: a few of these while the others step through lessons)."""

    LONG = 1_000_000
    ACTION = "heavy: train 1,000,000 steps"

    async def lesson_round(self, round_: int) -> None:
        if self.page != "training":
            await self.goto("training")
            self.values[self.widget_id("train_steps")][1]["int_value"] = self.LONG
        await self.pause()
        self.values[self.widget_id("w5")][1]["double_value"] = 0.9 - self.i / 1000 - round_ * 1e-6
        await self.rerun(self.ACTION)


# The heaviest links of the audit (issue 23): the Playground asked for 200,000 updates of its largest
# network on 2,000 points one at a time, lesson 5's longest three runs, and lesson 6's fixed point of a
# network that takes thousands of iterations to settle, with the highest cap and the most steps.
SLOW = ";".join(",".join("3.96" if i == j else "0" for j in range(5)) for i in range(5))
FIXED_POINT = f"fp_W={SLOW}&fp_I={','.join(['-1.98'] * 5)}&fp_target={','.join(['0.6'] * 5)}"
HEAVY_LINKS = (
    *(
        "playground?pg_step=200000&pg_layers=8,8,8,8,8,8&pg_act=tanh,tanh,tanh,tanh,tanh,tanh"
        f"&pg_batch=1&pg_n=2000&pg_seed={seed}"
        for seed in (7, 8)
    ),
    "sgd?sgd_epochs=50&sgd_n=400&sgd_batch=2",
    f"recurrent?rnn_part=fixed+point&{FIXED_POINT}&fp_cap=5000&fp_tol=14&fp_steps=500",
)


class LinkSession(Session):
    """A visitor who opens one link and waits for the whole page, however long it takes."""

    ACTION = "heavy link"

    async def open_link(self, link: str) -> list[str]:
        """The texts the page showed (empty after an error, which is recorded)."""
        self.deadline = math.inf
        try:
            async with connect(self.ws_url, subprotocols=["streamlit"], max_size=None) as ws:
                self.ws = ws
                await self.rerun("load")
                self.page, _, self.query = link.partition("?")
                return await self.rerun(self.ACTION)
        except TimeoutError:
            self.results.error("timeout", f"link {link[:40]}: no script_finished within {self.timeout} s")
        except (OSError, WebSocketException) as e:
            self.results.error("connection", f"link {link[:40]}: {type(e).__name__}: {e}")
        return []


async def editors_beside_links(
    base: str, editors: int, seconds: float, links=(), think: float = 1.0
) -> tuple[Results, list[list[str]]]:
    """``editors`` students stepping through the lessons and editing for ``seconds``, while ``links``
    are opened at the start, one visitor each. Returns the editors' results (the links' latency is
    theirs, under ``LinkSession.ACTION``) and each link's texts, once every link has finished."""
    results = Results()
    deadline = time.monotonic() + seconds
    students = [Session(i, base, results, think=think, timeout=60).run(deadline) for i in range(editors)]
    visitors = [LinkSession(editors + i, base, results, timeout=300) for i in range(len(links))]
    opened = [v.open_link(link) for v, link in zip(visitors, links)]
    *_, texts = await asyncio.gather(asyncio.gather(*students), asyncio.gather(*opened))
    return results, texts


def light(results: Results) -> list[float]:
    """Every rerun's latency but the heavy links' own."""
    return [v for action, values in results.latency.items() if action != LinkSession.ACTION for v in values]


async def links_scenario(base: str, editors: int, seconds: float, warm: float = 5.0) -> dict:
    """The editors' latency alone and beside HEAVY_LINKS, in the same run (after ``warm`` seconds of
    editing that fill the caches and load every page's modules): the figures, and each phase's results."""
    await editors_beside_links(base, editors, warm)
    alone, _ = await editors_beside_links(base, editors, seconds)
    beside, texts = await editors_beside_links(base, editors, seconds, HEAVY_LINKS)
    return {
        "editors": editors,
        "seconds": seconds,
        "alone": summary(light(alone)),
        "beside the links": summary(light(beside)),
        "links_s": [round(v, 1) for v in beside.latency[LinkSession.ACTION]],
        "errors": dict(alone.errors + beside.errors),
        "results": (alone, beside),
        "texts": texts,
    }


class Returning(Session):
    """A student whose tab outlives its server process. It edits w5 again and again; when the
    connection drops it comes back as Streamlit's page (1.67) does: it asks the front's health check
    at once, then after 0.1, 0.2, 0.4 ... s (at most 4 s apart), opens a new websocket and, if a
    run was under way, a timer is registered or its last run was a fragment's, first reruns the
    whole app with every widget's value and its address as they were. Each cut is recorded (action
    ``CUT``: seconds from the drop to the first run finished after it). The edit in flight at the
    drop must show after the reconnect, and every edit after it (own E_total, own w5, the checks
    of ``Session``)."""

    CUT = "back after a cut"

    async def run(self, deadline: float) -> None:
        self.deadline, self.cut, round_ = deadline, None, 0
        while True:
            try:
                async with connect(self.ws_url, subprotocols=["streamlit"], max_size=None) as ws:
                    self.ws = ws
                    await self.come_back()
                    while True:
                        round_ += 1
                        await self.edit_w5(w5_of(self.i, round_))
                        self.back()
            except TimeUp:
                break
            except TimeoutError:
                self.results.error("timeout", f"session {self.i}: no script_finished within {self.timeout} s")
                break
            except InvalidStatus as e:  # the front answered the websocket with an error (a 503)
                self.results.error("reconnect refused", f"session {self.i}: {e}")
            except (OSError, WebSocketException):
                self.cut = self.cut or time.monotonic()
            if not await self.front_answers():
                break
        if self.cut is not None:
            self.results.error("not back", f"session {self.i}: cut off until the end of the test")

    async def come_back(self) -> None:
        if self.cut is None:  # the first visit
            await self.rerun("load")
        elif self.running or self.timers or self.last_fragment:  # when the page reruns the app
            texts = await self.rerun("rerun after reconnecting")
            self.back()
            if self.w5 is not None and not any(e_total_text(self.w5) in t for t in texts):
                self.results.error("edit lost in the cut", f"session {self.i}: w5={self.w5!r}")

    async def pause(self) -> None:
        """Think, listening: the page notices a closed connection at once, not at its next edit."""
        try:
            await asyncio.wait_for(self.ws.wait_closed(), self.think * self.rng.uniform(0.5, 1.5))
        except TimeoutError:
            if time.monotonic() >= self.deadline:
                raise TimeUp from None
            return
        raise ConnectionError("the server closed the connection")

    def back(self) -> None:
        if self.cut is not None:
            self.results.latency[self.CUT].append(time.monotonic() - self.cut)
            self.cut = None

    async def front_answers(self) -> bool:
        """Ask the front's health check as the page does, until it answers (True) or the test ends."""
        base = self.ws_url.replace("ws", "http", 1).removesuffix("/_stcore/stream")
        delay = 0.1
        while not await asyncio.to_thread(healthy, base):
            if time.monotonic() >= self.deadline:
                return False
            await asyncio.sleep(delay)
            delay = min(4.0, delay * 2)
        return True


async def through_a_kill(base: str, n: int, kill, after: float, duration: float, think=1.0) -> Results:
    """``n`` returning students edit for ``duration`` s; after ``after`` s, ``kill()`` (in a thread)
    kills a server process and returns what it measured, kept as ``results.killed``."""
    results = Results()
    deadline = time.monotonic() + duration
    students = [Returning(i, base, results, think=think, timeout=30) for i in range(n)]
    tasks = [asyncio.create_task(s.run(deadline)) for s in students]
    await asyncio.sleep(after)
    results.killed = await asyncio.to_thread(kill)
    for outcome in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(outcome, BaseException):  # a bug in this client, not in the app: say so
            results.error("load client", repr(outcome))
    return results


async def edit_together(base: str, n: int, timeout: float = 30.0) -> Results:
    """``n`` students open the app and edit w5 at the same moment, each to a value of its own."""
    results = Results()
    sessions = [Session(i, base, results, think=0.0, timeout=timeout) for i in range(n)]
    deadline = time.monotonic() + 10 * timeout
    await asyncio.gather(*(session.edit_once(deadline) for session in sessions))
    return results


# ---------- a hostile client: requests that are never finished ----------


def raise_file_limit(needed: int) -> None:
    """Let this process hold ``needed`` descriptors (the soft limit, up to the hard one)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            raise SystemExit(f"need {needed} open files, the hard limit is {hard} (ulimit -Hn)")
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


@contextlib.contextmanager
def half_sent(base: str, n: int):
    """``n`` connections that each send a request line and one header, then nothing: the
    slow-client attack (a server that waits for the rest keeps a slot per connection)."""
    if not 1 <= n <= MAX_HALF_SENT:
        raise SystemExit(f"half-sent connections: 1..{MAX_HALF_SENT}, got {n}")
    parsed = urlparse(check_local(base))
    raise_file_limit(n + 256)
    sockets = []
    try:
        for _ in range(n):
            s = socket.create_connection((parsed.hostname, parsed.port), timeout=5)
            s.settimeout(None)  # blocking again, so MSG_DONTWAIT below answers at once
            s.sendall(b"GET / HTTP/1.1\r\nHost: class\r\n")
            sockets.append(s)
        yield sockets
    finally:
        for s in sockets:
            s.close()


def closed_by_server(sockets) -> int:
    """How many of ``sockets`` the server has closed or answered (408) by now."""
    closed = 0
    for s in sockets:
        try:
            s.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)  # b"" (closed) or the start of a 408
            closed += 1
        except BlockingIOError:
            pass  # nothing yet: still held open
        except OSError:
            closed += 1  # reset
    return closed


def seconds_until(condition, limit: float, start: float | None = None, every=0.25) -> float | None:
    """Seconds from ``start`` (default now) until ``condition()`` holds; None if not within ``limit``."""
    start = time.monotonic() if start is None else start
    while time.monotonic() - start < limit:
        if condition():
            return round(time.monotonic() - start, 2)
        time.sleep(every)
    return None


def healthy(base: str, timeout: float = 1.0) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        with opener.open(f"{base}/_stcore/health", timeout=timeout) as r:
            return r.read() == b"ok"
    except OSError:
        return False


def half_sent_scenario(base: str, n: int, limit: float = 30.0) -> dict:
    """Open ``n`` half-sent requests; how soon the front answers a health check, and cuts them."""
    began = time.monotonic()
    with half_sent(base, n) as sockets:
        start = time.monotonic()  # every connection is open and waiting
        health = seconds_until(lambda: healthy(base), limit, start)
        cut = seconds_until(lambda: closed_by_server(sockets) == n, limit, start)
        opened = round(start - began, 2)
        return {"n": n, "opened_in_s": opened, "health_after_s": health, "all_cut_after_s": cut}


# ---------- the server: its memory, and optionally its whole life ----------


def listening_pid(port: int) -> int | None:
    """The PID of the process listening on ``port`` (found through /proc, our own processes only)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if int(parts[1].rsplit(":", 1)[1], 16) == port and parts[3] == "0A":  # 0A: LISTEN
                inodes.add(parts[9])
    sockets = {f"socket:[{inode}]" for inode in inodes}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if sockets & _links(f"/proc/{pid}/fd"):
            return int(pid)
    return None


def _links(folder: str) -> set[str]:
    """Where each file descriptor points; one that closes meanwhile is skipped."""
    links = set()
    try:
        fds = os.listdir(folder)
    except OSError:
        return links
    for fd in fds:
        try:
            links.add(os.readlink(f"{folder}/{fd}"))
        except OSError:
            pass
    return links


def rss_mib(pid: int) -> float | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(match.group(1)) / 1024 if match else None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of ``pid`` so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def total(measure, pids: list[int]) -> float | None:
    """``measure`` summed over the server processes; None if any of them is gone."""
    values = [measure(pid) for pid in pids]
    return None if None in values or not values else sum(values)


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (a server's worker for long runs, its resource tracker), from any
    of its threads: a session's script thread starts the worker, and /proc lists a child under the
    thread that started it."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # the thread ended meanwhile
            continue
    return found


async def sample_memory(pids: list[int], results: Results, start: float, every: float, deadline: float):
    while True:
        mib = total(rss_mib, [p for pid in pids for p in (pid, *children(pid))])
        if mib is not None:
            results.rss.append((round(time.monotonic() - start, 1), round(mib, 1)))
        if time.monotonic() >= deadline:
            return
        await asyncio.sleep(every)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(log) -> tuple[subprocess.Popen, str, list[int]]:
    """One ``streamlit run`` process: (the process, its URL, its PID)."""
    port = free_port()
    # No file watcher: a classroom server's files do not change, and edits made in this working
    # tree during a run would otherwise reload modules under the sessions (KeyError: 'ui').
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    wait_healthy(server, base)
    return server, base, [server.pid]


def start_classroom(log, apps: list[int] | None = None) -> tuple[subprocess.Popen, str, list[int]]:
    """``deploy/classroom.sh`` on free ports (``apps``: the app processes' ports, app1's first, if
    chosen): (the script, HAProxy's URL, the app processes' PIDs)."""
    if shutil.which("haproxy") is None:
        raise SystemExit("--classroom needs haproxy (apt-get install haproxy)")
    front, apps = free_port(), apps or [free_port(), free_port()]
    env = {**os.environ, "PORT": str(front), "ADDRESS": "127.0.0.1", "PYTHON": sys.executable}
    env["APP_PORTS"] = " ".join(map(str, apps))
    script = subprocess.Popen(
        ["bash", "deploy/classroom.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{front}"
    wait_healthy(script, base)
    return script, base, [listening_pid(port) for port in apps]


def wait_healthy(server: subprocess.Popen, base: str) -> None:
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.25)
    stop_server(server)
    raise SystemExit("the server did not become healthy within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    """Stop the server and everything it started (its own process group)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def descendants(pid: int) -> list[int]:
    return [d for child in children(pid) for d in (child, *descendants(child))]


def kill_and_time(script: subprocess.Popen, port: int, limit: float = 30.0) -> dict:
    """SIGKILL the app process listening on ``port``, which must be one ``script`` started (never
    anyone else's), and time its return: seconds until another process listens there and answers
    its health check (classroom.sh starts it again)."""
    pid = listening_pid(port)
    if pid is None or pid not in descendants(script.pid):
        raise RuntimeError(f"no process of our classroom.sh (PID {script.pid}) listens on port {port}")
    os.kill(pid, signal.SIGKILL)
    start = time.monotonic()
    url = f"http://127.0.0.1:{port}"

    def back() -> bool:
        return listening_pid(port) not in (None, pid) and healthy(url)

    back_after = seconds_until(back, limit, start, every=0.1)
    return {"port": port, "pid": pid, "at": start, "back_after_s": back_after}


# ---------- the run ----------


async def load(base: str, pids: list[int], args) -> Results:
    results = Results()
    start = time.monotonic()
    deadline = start + args.duration
    tasks = []
    for i in range(args.sessions):
        session = Session(i, base, results, think=args.think, timeout=args.timeout, steps=args.steps)
        delay = args.ramp * i / max(1, args.sessions)  # students arrive over the first seconds
        tasks.append(asyncio.create_task(_later(delay, session.run(deadline))))
    for i in range(args.sessions, args.sessions + args.heavy):
        hammer = HeavySession(i, base, results, think=args.heavy_think, timeout=args.timeout)
        tasks.append(asyncio.create_task(hammer.run(deadline)))
    first = args.sessions + args.heavy
    for i in range(first, first + args.playground):
        player = PlaygroundSession(i, base, results, think=args.think, timeout=args.timeout)
        delay = args.ramp * (i - first) / max(1, args.playground)
        tasks.append(asyncio.create_task(_later(delay, player.run(deadline))))
    if pids:
        tasks.append(asyncio.create_task(sample_memory(pids, results, start, args.sample, deadline)))
    # Sessions stop at the deadline; a rerun still running then gets its timeout, no more.
    try:
        outcomes = await asyncio.wait_for(
            asyncio.gather(*tasks, return_exceptions=True), args.duration + args.timeout + 5
        )
    except TimeoutError:
        results.error("overran", "sessions still running after duration + timeout; cancelled")
        return results
    for outcome in outcomes:
        if isinstance(outcome, BaseException):  # a bug in this client, not in the app: say so
            results.error("load client", repr(outcome))
    return results


async def _later(delay: float, coroutine) -> None:
    await asyncio.sleep(delay)
    await coroutine


def play_rate(results: Results) -> float | None:
    """Play's updates a second per player: the ticks over the time spent playing."""
    ticks, seconds = (sum(column) for column in zip(*results.played)) if results.played else (0, 0.0)
    return round(ticks / seconds, 2) if seconds else None


def report(results: Results, args, elapsed: float, cpu: dict, processes: int) -> dict:
    actions = {name: summary(values) for name, values in sorted(results.latency.items())}
    everything = summary([v for values in results.latency.values() for v in values])
    if args.heavy:  # what the other students felt while the heavy sessions ran
        light = [v for name, values in results.latency.items() if name != HeavySession.ACTION for v in values]
        actions = {"light sessions": summary(light), **actions}
    if args.playground:  # what the students who edit felt beside the players (whose actions say so)
        editors = [
            v for name, values in results.latency.items() if not name.startswith("playground") for v in values
        ]
        actions = {"editors": summary(editors), **actions}
    rss = [mib for _, mib in results.rss]
    return {
        "sessions": args.sessions,
        "heavy_sessions": args.heavy,
        "playground_sessions": args.playground,
        "server_processes": processes,
        "duration_s": round(elapsed, 1),
        "think_s": args.think,
        "reruns": everything["n"],
        "reruns_per_s": round(everything["n"] / elapsed, 2) if elapsed else None,
        "latency_s": {"all": everything, **actions},
        "errors": dict(results.errors),
        "error_examples": results.examples,
        "own_E_total_checks_passed": results.checks,
        "play_updates_per_s": play_rate(results),
        "play_ticks_saying_busy": results.busy_ticks,
        "server_rss_mib": {"start": rss[0], "max": max(rss), "end": rss[-1]} if rss else None,
        "server_rss_over_time": results.rss,
        "cpu_s": cpu,
    }


def print_report(r: dict) -> None:
    print(
        f"\n{r['sessions']} sessions (+ {r['heavy_sessions']} heavy, + {r['playground_sessions']} playing) "
        f"on {r['server_processes']} server "
        f"process(es), {r['duration_s']} s, "
        f"{r['reruns']} reruns ({r['reruns_per_s']}/s)"
    )
    print(f"{'action':<22}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, s in r["latency_s"].items():
        print(
            f"{name:<22}{s['n']:>6}{s['p50'] * 1000:>10.0f}{s['p95'] * 1000:>10.0f}{s['max'] * 1000:>10.0f}"
        )
    print(f"errors: {r['errors'] or 'none'}")
    for kind, example in r["error_examples"].items():
        print(f"  {kind}: {example}")
    print(
        f"own-value checks passed (own E_total; each Play tick advancing): {r['own_E_total_checks_passed']}"
    )
    if r["play_updates_per_s"] is not None:
        rate, said = r["play_updates_per_s"], r["play_ticks_saying_busy"]
        print(f"Play: {rate} updates a second per player; {said} tick(s) said the server was busy")
    if r["server_rss_mib"]:
        m = r["server_rss_mib"]
        print(f"server RSS MiB (processes + workers): start {m['start']}, max {m['max']}, end {m['end']}")
        samples = r["server_rss_over_time"]
        every = max(1, len(samples) // 20)  # about 20 on screen; the JSON keeps them all
        print("  over time (s: MiB): " + ", ".join(f"{t:g}: {v:g}" for t, v in samples[::every]))
    print(f"CPU seconds: {r['cpu_s']}")


def print_links(r: dict) -> int:
    links = len(HEAVY_LINKS)
    print(f"\n{r['editors']} editors, {r['seconds']} s alone, then as long beside {links} heavy links:")
    print(f"{'editors':<22}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name in ("alone", "beside the links"):
        n, p50, p95, top = (r[name][k] for k in ("n", "p50", "p95", "max"))
        print(f"{name:<22}{n:>6}{p50 * 1000:>10.0f}{p95 * 1000:>10.0f}{top * 1000:>10.0f}")
    print(f"each link's page, s: {r['links_s']}; errors: {r['errors'] or 'none'}")
    return 1 if r["errors"] else 0


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, default=30)
    p.add_argument("--duration", type=float, default=600, help="seconds; the test stops by itself")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a running server on this machine, e.g. http://127.0.0.1:8501")
    where.add_argument(
        "--start-server", action="store_true", help="start streamlit on a free port, stop it after"
    )
    where.add_argument(
        "--classroom", action="store_true", help="start deploy/classroom.sh (2 processes behind HAProxy)"
    )
    p.add_argument(
        "--pid",
        type=int,
        action="append",
        help="with --url: a server process for memory (repeatable; "
        "default: the process listening on the URL's port)",
    )
    p.add_argument("--think", type=float, default=2.0, help="mean seconds a student waits between clicks")
    p.add_argument("--steps", type=int, default=10, help="Next clicks per lesson visit")
    p.add_argument(
        "--heavy",
        type=int,
        default=0,
        metavar="K",
        help="also K sessions training 1,000,000 steps with "
        "new weights again and again; the report adds the light sessions' latency",
    )
    p.add_argument("--heavy-think", type=float, default=0.2, help="mean pause between heavy runs, s")
    p.add_argument(
        "--links",
        action="store_true",
        help="instead: the editors (--sessions) for --duration s alone, then as long while the "
        "heaviest links (HEAVY_LINKS) are opened at once; their latency in both",
    )
    p.add_argument(
        "--playground",
        type=int,
        default=0,
        metavar="P",
        help="also P sessions playing on the Playground "
        "(Play, the fragment's timer ticking, Pause, again); each tick must advance the step",
    )
    p.add_argument("--ramp", type=float, default=10.0, help="seconds over which sessions join")
    p.add_argument(
        "--timeout", type=float, default=60.0, help="seconds one rerun may take before it counts as an error"
    )
    p.add_argument("--sample", type=float, default=5.0, help="seconds between memory samples")
    p.add_argument(
        "--half-sent",
        type=int,
        default=0,
        metavar="N",
        help="first open N requests that are never "
        "finished (a slow client), report when the front answers and cuts them, then run the sessions",
    )
    p.add_argument(
        "--kill-after",
        type=float,
        default=0,
        metavar="S",
        help="with --classroom: the sessions edit w5 again and again and come back as a browser does "
        "when their process dies; after S s the first app process is killed (SIGKILL). Reports when "
        f"it was back and each cut session's wait ('{Returning.CUT}')",
    )
    p.add_argument("--json", type=Path, help="also write the report here")
    args = p.parse_args(argv)
    extra = args.heavy + args.playground
    sessions_ok = args.sessions >= 0 and min(args.heavy, args.playground) >= 0 and args.sessions + extra >= 1
    sessions_ok = sessions_ok and args.sessions + extra <= MAX_SESSIONS
    if not sessions_ok or not 0 < args.duration <= MAX_DURATION:
        p.error(
            f"--sessions (+ --heavy + --playground) must be 1..{MAX_SESSIONS} "
            f"and --duration 0..{MAX_DURATION} s"
        )
    if args.kill_after and not (args.classroom and 0 < args.kill_after < args.duration):
        p.error("--kill-after needs --classroom and a time within --duration")
    if args.kill_after and (args.heavy or args.playground):
        p.error("--kill-after runs editing sessions only (no --heavy, no --playground)")
    if not 0 <= args.half_sent <= MAX_HALF_SENT:
        p.error(f"--half-sent must be 0..{MAX_HALF_SENT}")
    if args.json and not args.json.parent.is_dir():
        p.error(f"--json: no folder {str(args.json.parent)!r} to write the report into")
    return args


def main(argv=None) -> int:
    args = parse(argv)
    server, log = None, None
    ports = [free_port(), free_port()]  # the classroom's app processes: app1's, app2's
    if args.start_server or args.classroom:
        log = tempfile.NamedTemporaryFile("w+", prefix="load-server-", suffix=".log", delete=False)
        server, base, pids = start_classroom(log, ports) if args.classroom else start_server(log)
        print(f"started {base} (server PIDs {pids}); its log: {log.name}")
    else:
        base = check_local(args.url)
        pids = args.pid or [pid for pid in [listening_pid(urlparse(base).port)] if pid]
    if args.links:
        try:
            r = asyncio.run(links_scenario(base, args.sessions, args.duration))
        finally:
            if server:
                stop_server(server)
        return print_links(r)
    try:
        attack = half_sent_scenario(base, args.half_sent) if args.half_sent else None
        server_cpu = total(cpu_seconds, pids)
        client_cpu, start = time.process_time(), time.monotonic()
        if args.kill_after:
            kill = functools.partial(kill_and_time, server, ports[0])
            run = through_a_kill(base, args.sessions, kill, args.kill_after, args.duration, args.think)
            results = asyncio.run(run)
        else:
            results = asyncio.run(load(base, pids, args))
        elapsed = time.monotonic() - start
        cpu = {"client": round(time.process_time() - client_cpu, 1)}
        if server_cpu is not None and total(cpu_seconds, pids) is not None:
            cpu["server"] = round(total(cpu_seconds, pids) - server_cpu, 1)
    finally:
        if server:
            stop_server(server)
    if attack and attack["health_after_s"] is None:
        results.error("front unhealthy after half-sent requests", str(attack))
    r = report(results, args, elapsed, cpu, len(pids))
    if results.killed:
        k = r["killed"] = {key: v for key, v in results.killed.items() if key != "at"}
        back = k["back_after_s"]
        print(f"killed PID {k['pid']} (port {k['port']}); a new one listening and healthy after {back} s")
    if attack:
        r["half_sent"] = attack
        print(f"half-sent requests: {attack}")
    print_report(r)
    if args.json:
        args.json.write_text(json.dumps(r, indent=1))
    if log and not results.errors:
        os.unlink(log.name)  # kept only when something went wrong
    return 1 if results.errors else 0


if __name__ == "__main__":
    sys.exit(main())
