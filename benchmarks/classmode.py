"""A class in class mode (issue 25) over Streamlit's own websocket: one teacher, N students.

The teacher starts a class on the Class page, opens a lesson and moves one step every ``--move`` seconds
(Next). Each student opens the students' link (``class?class=CODE``), joins with a nickname, and from
then on behaves as its browser would: it reads the runs the server starts when the class moves
(ui/classroom/wake.py) and reruns the follow fragment on its safety timer; the page moves where the
teacher is, and at each of the teacher's questions the student answers once ("Your answer", Check), half
of them right, half with the sign error, after working on it for ``--work`` seconds (2-8 s by default,
each student's own seeded draw). Clients are ``benchmarks.load.Session``: a few milliseconds of this
process per rerun, where a browser per student would measure the browsers.

Measured, each from the client's clock:
- ``follow``: from the teacher's Next sent to each student's run that shows the teacher's place
  (the same page and link keys: lesson, step, numbers), the issue's "within 2 s";
- ``answer``: Check sent to the run that says "Answer stored" (the answer is in the database);
- every other rerun (join, the teacher's Next, the timer's ticks) by action;
- the server's CPU while the class sits still (everyone following, the teacher not moving).

    python -m benchmarks.classmode --students 60 --move 10 --duration 120    # deploy/classroom.sh

tests/e2e/test_school.py runs the same clients across three app hosts and kills one mid-class.
"""

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

from sqlalchemy import create_engine
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus, WebSocketException

from benchmarks.load import (
    Results,
    Session,
    cpu_seconds,
    healthy,
    start_classroom,
    stop_server,
    summary,
    total,
)
from ui.classroom import store

LESSON = "forward_pass"
COOKIE = "BACKPROP_LAB"  # HAProxy's: the app process a browser stays on
STORED = "Answer stored"  # the acknowledgement: only once the answer is in the database
IN_CLASS = re.compile(r"Class \*\*(\w+)\*\* · you are \*\*(.+?)\*\*")
COUNTER = re.compile(r"Class \*\*\w+\*\* · (\d+) joined(?: · (\d+) answered · (\d+) correct)?")
FOLLOW, ANSWER = "follow: the teacher's place shown", "answer: Check"
TICK, BACK = "follow tick (the safety timer)", "back after a cut"
EDIT = "edit w5"  # benchmarks.load.Session's action: a student at their own pace edits the example
EDITORS = 200  # the own-pace editors' session numbers: their w5 (0.5 + i/1000 ...) is no one else's


def place(page: str, query: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Where a page is, as the class compares it: its page and link keys but the class's own."""
    return page, tuple(sorted((k, v) for k, v in parse_qsl(query) if k not in store.NOT_IN_LINK))


@dataclass
class Board:
    """What the teacher has done, for every client of this process (one event loop)."""

    code: str = ""
    token: str = ""
    place: tuple | None = None  # where the teacher's page is
    moved_at: float = 0.0  # when the teacher's Next that moved it there was sent (time.monotonic)
    key: store.Key | None = None  # the question there (from the database), None if none
    moves: int = 0


@dataclass
class ClassResults(Results):
    acked: list = field(default_factory=list)  # (student, lesson, step, answer, right) said stored
    hosts: dict = field(default_factory=dict)  # student -> the processes that served it, in order
    counts: list = field(default_factory=list)  # the teacher's counter lines as (joined, answered, correct)
    woken: int = 0  # the students' runs the server started (ui/classroom/wake.py)


class Member(Session):
    """A browser tab in a class: it remembers labels and its process (HAProxy's cookie), and keeps its
    widgets across a fragment's run as the browser does."""

    def __init__(self, index, base, results, board: Board, **kw):
        super().__init__(index, base, results, think=0.0, **kw)
        self.board, self.labels, self.cookie, self.deadline = board, {}, "", math.inf
        self.fragment_of: dict[str, str] = {}  # widget id -> the fragment that draws it ("" if none)

    async def open(self, page: str, query: str, action: str) -> list[str]:
        """A new websocket (with this tab's cookie) and the page at ``page?query``."""
        await self.dial()
        self.page, self.query = page, query
        return await self.rerun(action)

    async def dial(self) -> None:
        """A websocket through the front, with this tab's cookie once it has one, as a browser's."""
        headers = {"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {}
        ws = connect(self.ws_url, subprotocols=["streamlit"], max_size=None, additional_headers=headers)
        self.ws = await ws
        self.served_by(self.ws.response.headers.get_all("Set-Cookie"))

    def served_by(self, cookies: list[str]) -> None:
        for cookie in cookies:
            name, _, value = cookie.partition(";")[0].partition("=")
            if name == COOKIE:
                self.cookie = value
        hosts = self.results.hosts.setdefault(self.i, [])
        if self.cookie and (not hosts or hosts[-1] != self.cookie):
            hosts.append(self.cookie)

    def read_element(self, element, root: int) -> list[str]:
        texts = super().read_element(element, root)
        kind = element.WhichOneof("type")
        widget = getattr(element, kind, None)
        wid = getattr(widget, "id", "")
        if wid.startswith("$$ID"):
            self.fragment_of[wid] = self.delta_fragment
            if getattr(widget, "label", ""):
                self.labels[widget.label] = wid
        return texts

    async def press(self, wid: str, action: str, fields: dict[str, str] | None = None) -> list[str]:
        """Type into the fields (widget id -> text) and press the button ``wid``; a button inside a
        fragment reruns that fragment alone, as in the browser."""
        for field_id, text in (fields or {}).items():
            self.values[field_id] = (0, {"string_value": text})
        fragment = self.fragment_of.get(wid, "")
        return await self.keeping(self.rerun(action, trigger=wid, fragment=fragment, auto=False), fragment)

    async def tick(self, action: str = TICK) -> list[str]:
        """The fragment's timer: rerun that fragment, as the browser's timer does."""
        fragment, _ = self.timer
        return await self.keeping(self.rerun(action, fragment=fragment), fragment)

    async def keeping(self, run, fragment: str) -> list[str]:
        """``run``; a fragment's run draws only its own widgets: the page keeps the others."""
        present, values = self.present, self.values
        texts = await run
        if fragment and not self.full_run:
            self.present, self.values = present | self.present, values | self.values
        return texts

    def at(self) -> tuple:
        return place(self.page, self.query)


class Teacher(Member):
    """The teacher's tab: starts the class, opens a lesson, moves with Next; reads its counter."""

    async def start(self, engine, lesson: str = LESSON) -> None:
        await self.open("class", "", "teacher: open the Class page")
        await self.press(self.widget_id("class_start"), "teacher: Start a class")
        query = dict(parse_qsl(self.query))
        self.board.code, self.board.token = query["class"], query["teacher"]
        await self.goto_lesson(lesson, engine)

    async def goto_lesson(self, lesson: str, engine) -> None:
        moved = time.monotonic()
        self.values = {k: v for k, v in self.values.items() if v[0] == 1}  # the sidebar's stay
        self.page, self.query = lesson, ""
        await self.rerun("teacher: open a lesson")
        self.moved(moved, engine)

    async def next(self, engine) -> bool:
        """Next, if there is one: True if the page moved."""
        if not self.can("next"):
            return False
        moved = time.monotonic()
        await self.press(self.widget_id("next"), "teacher: Next")
        self.moved(moved, engine)
        return True

    def moved(self, when: float, engine) -> None:
        state = store.state(engine, self.board.code)
        self.board.place, self.board.moved_at, self.board.moves = self.at(), when, self.board.moves + 1
        self.board.key = state.key if state and state.key and state.key.value is not None else None

    async def counts(self) -> tuple[int, ...] | None:
        """The counter's line, read again (its own timer's run): (joined, answered, correct)."""
        for text in await self.tick("teacher: counter"):
            if match := COUNTER.search(text):
                counts = tuple(int(g) for g in match.groups() if g is not None)
                self.results.counts.append(counts)
                return counts
        return None


class Student(Member):
    """A student's tab: joins, follows (the timer's ticks), answers each question once; when its
    connection drops it comes back as Streamlit's page does (``benchmarks.load.Returning``)."""

    def __init__(self, index, base, results, board, right: bool, work=(0.0, 0.0), **kw):
        super().__init__(index, base, results, board, **kw)
        self.name, self.right = f"S{index:02d}", right
        # Seconds between seeing a question and pressing Check, drawn from ``work`` (each tab its own
        # seeded draw): a student reads and works the value out first. (0, 0): at once.
        self.work, self.draw, self.due = work, random.Random(index), None
        self.seen = 0  # the teacher's moves this tab has shown
        self.answered: set[tuple[str, str]] = set()
        self.cut: float | None = None  # when its connection dropped, until it is back
        self.back_at: float | None = None  # when it was last back, in the class at the teacher's place

    async def join(self) -> None:
        await self.open("class", f"class={self.board.code}", "join: open the students' link")
        fields = {self.labels["Nickname (optional)"]: self.name}
        texts = await self.press(self.labels["Join the class"], "join: Join", fields)
        if self.at() != self.board.place or not any(IN_CLASS.search(t) for t in texts):
            self.results.error("join: not at the teacher's page", f"{self.name}: at {self.at()[0]!r}")
        self.seen = self.board.moves

    async def follow(self, until: float) -> None:
        """Follow until ``until`` (time.monotonic), answering; back after every cut."""
        while time.monotonic() < until:
            try:
                if self.cut is not None:
                    await self.come_back()
                interval = self.timer[1] if self.timer else 1.0
                left = interval if self.due is None else min(interval, max(0.0, self.due - time.monotonic()))
                woken = await self.woken(left)
                if time.monotonic() >= until:
                    return
                if woken is not None:  # the server reran the page: the class moved
                    self.after(woken)
                elif self.due is not None and time.monotonic() >= self.due:
                    self.due = None  # the answer's full run draws the page and restarts the timer
                    if self.question():
                        self.after(await self.answer())
                    continue
                else:
                    self.after(await self.tick())
                if self.question() and self.due is None:
                    self.due = time.monotonic() + self.draw.uniform(*self.work)
            except InvalidStatus as e:
                self.results.error("reconnect refused", f"{self.name}: {e}")
            except (OSError, WebSocketException):
                self.cut = self.cut or time.monotonic()
                await self.front_answers(until)

    async def woken(self, seconds: float) -> list[str] | None:
        """Up to ``seconds`` listening, as the page does between its own runs: a run the server started
        (ui/classroom/wake.py) is read to its end and its texts returned; a closed connection raises.
        What else arrives between runs (the status that the last run ended) is passed over."""
        until = time.monotonic() + seconds
        while (left := until - time.monotonic()) > 0:
            try:
                raw = await asyncio.wait_for(self.ws.recv(), left)
            except TimeoutError:
                return None
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.WhichOneof("type") == "new_session":  # a run begins
                self.results.woken += 1
                run = asyncio.wait_for(self.read_until_finished(raw), self.timeout)
                return await self.keeping(run, "any")  # a fragment's run (a late tick) keeps the rest
        return None

    def after(self, texts: list[str]) -> None:
        """After each run: the teacher's place shown (the first time since the teacher moved)?"""
        if self.board.place is None or self.seen == self.board.moves or self.at() != self.board.place:
            return
        self.seen = self.board.moves
        self.results.latency[FOLLOW].append(time.monotonic() - self.board.moved_at)

    def question(self) -> bool:
        key = self.board.key
        here = key is not None and self.at() == self.board.place
        return here and (key.lesson, key.step) not in self.answered

    async def answer(self) -> list[str]:
        key = self.board.key
        label = f"class_answer_text_{key.step}"
        wid = self.widget_id(label)
        if wid is None:  # the run read last may be a late one the server started: look once more
            texts = await self.tick()
            wid = self.widget_id(label)
        if wid is None:
            self.results.error("no answer box", f"{self.name} at {key.lesson}/{key.step}")
            self.answered.add((key.lesson, key.step))
            return []
        text = f"{key.value:.9g}" if self.right else f"{-key.value:.9g}"  # the sign error
        texts = await self.press(self.labels["Check"], ANSWER, {wid: text})
        if not any(t.startswith(STORED) for t in texts):
            # A run the server started (the class moved) ended just before Check's run began, and was
            # read as Check's: Check's own is the next one, as the browser would draw it.
            with contextlib.suppress(TimeoutError):
                texts = await self.keeping(asyncio.wait_for(self.read_until_finished(), 10.0), "any")
        if any(t.startswith(STORED) for t in texts):
            self.results.acked.append((self.name, key.lesson, key.step, text, self.right))
            self.answered.add((key.lesson, key.step))
        else:
            self.results.error("answer not stored", f"{self.name}: {texts[-3:]}")
        return texts

    async def come_back(self) -> None:
        """A new websocket through the front, then the page's rerun with its link and widgets, as the
        browser's page asks after a reconnect; back when its run shows the teacher's place."""
        await self.dial()
        texts = await self.rerun("rerun after reconnecting")
        if self.at() == self.board.place and any(IN_CLASS.search(t) for t in texts):
            self.back_at = time.monotonic()
            self.results.latency[BACK].append(self.back_at - self.cut)
            self.cut = None
            self.after(texts)
        else:
            said = [t for t in texts if "lass" in t or "database" in t]  # what the page says of the class
            self.results.error(
                "not back in the class", f"{self.name} at {self.page!r}: {said}, ?{self.query}"
            )
            self.cut = None

    async def front_answers(self, until: float) -> None:
        """Ask the front's health check as the page does: at once, then 0.1, 0.2, 0.4 ... s apart."""
        base, delay = self.ws_url.replace("ws", "http", 1).removesuffix("/_stcore/stream"), 0.1
        while not await asyncio.to_thread(healthy, base) and time.monotonic() < until:
            await asyncio.sleep(delay)
            delay = min(4.0, delay * 2)


# ---------- a class through deploy/classroom.sh ----------


async def lesson(
    base: str,
    engine,
    students: int,
    move: float,
    duration: float,
    idle: float,
    pids,
    editors=0,
    think=2.0,
    work=(0.0, 0.0),
):
    """The teacher starts a class; ``students`` join and answer the first question; for ``idle`` s
    nobody moves (the server's CPU measured: followers alone); then for ``duration`` s the teacher
    moves (Next) every ``move`` s, while ``editors`` more students work at their own pace outside the
    class (``benchmarks.load.Session``: edit w5, step, open pages; a click every ``think`` s or so). A
    student answers ``work`` (lowest, highest) seconds after their page shows the question."""
    results, board = ClassResults(), Board()
    teacher = Teacher(-1, base, results, board, timeout=60)
    await teacher.start(engine)
    tabs = [
        Student(i, base, results, board, right=i % 2 == 0, work=work, timeout=60) for i in range(students)
    ]
    await asyncio.gather(*(tab.join() for tab in tabs))
    following = [asyncio.create_task(tab.follow(math.inf)) for tab in tabs]
    await answered(tabs, board, limit=60)
    cpu, start = total(cpu_seconds, pids), time.monotonic()
    await asyncio.sleep(idle)
    idle_cpu = (total(cpu_seconds, pids) - cpu) / (time.monotonic() - start) if cpu is not None else None
    end, cpu = time.monotonic() + duration, total(cpu_seconds, pids)
    own_pace = [Session(EDITORS + i, base, results, think=think, timeout=60).run(end) for i in range(editors)]
    working = [asyncio.create_task(editor) for editor in own_pace]
    while time.monotonic() + move <= end:
        await asyncio.sleep(move)
        if not await teacher.next(engine):
            break
    await answered(tabs, board, limit=move)  # the last step's answers, as long as any step's
    teaching_cpu = total(cpu_seconds, pids) - cpu if cpu is not None else None
    for task in following:
        task.cancel()
    await asyncio.gather(*following, *working, return_exceptions=True)
    counts = await teacher.counts()
    for tab in [teacher, *tabs]:
        await tab.ws.close()
    return dict(
        results=results,
        idle_cpu=idle_cpu,
        teaching_cpu=teaching_cpu,
        moves=board.moves,
        counts=counts,
        seconds=duration,
    )


async def answered(tabs: list[Student], board: Board, limit: float) -> None:
    """Until every tab has answered the teacher's question (at most ``limit`` s)."""
    start = time.monotonic()
    while board.key and time.monotonic() - start < limit:
        if all((board.key.lesson, board.key.step) in tab.answered for tab in tabs):
            return
        await asyncio.sleep(0.1)


def report(r: dict, students: int, move: float, editors: int = 0) -> dict:
    results = r["results"]
    latency = {name: summary(values) for name, values in sorted(results.latency.items())}
    return {
        "students": students,
        "own_pace_editors": editors,
        "move_every_s": move,
        "teacher_moves": r["moves"],
        "answers_stored": len(results.acked),
        "runs_woken_by_server": results.woken,
        "follow_p95_s": latency.get(FOLLOW, {}).get("p95"),
        "answer_p95_s": latency.get(ANSWER, {}).get("p95"),
        "edit_p95_s": latency.get(EDIT, {}).get("p95"),
        "latency_s": latency,
        "idle_server_cpu_cores": None if r["idle_cpu"] is None else round(r["idle_cpu"], 3),
        "teaching_server_cpu_s": None if r["teaching_cpu"] is None else round(r["teaching_cpu"], 1),
        "teaching_s": r["seconds"],
        "teacher_counter": r["counts"],
        "errors": dict(results.errors),
        "error_examples": results.examples,
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--students", type=int, default=60)
    p.add_argument("--move", type=float, default=10.0, help="seconds between the teacher's steps")
    p.add_argument("--duration", type=float, default=120.0, help="seconds of teaching, after --idle")
    p.add_argument("--idle", type=float, default=20.0, help="seconds nobody moves (the server's idle CPU)")
    p.add_argument("--editors", type=int, default=5, help="students at their own pace, editing, meanwhile")
    p.add_argument(
        "--work",
        type=float,
        nargs=2,
        default=(2.0, 8.0),
        metavar=("LOW", "HIGH"),
        help="seconds a student works on a question before Check, drawn uniformly (0 0: at once)",
    )
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    if not 1 <= args.students <= 200 or not 0 <= args.editors <= 50:
        p.error("--students 1..200, --editors 0..50")
    if not 0 < args.duration <= 3600 or args.move <= 0 or args.idle < 0:
        p.error("--duration 0..3600 s, --move > 0, --idle >= 0")
    if not 0 <= args.work[0] <= args.work[1] < args.move:
        p.error("--work LOW HIGH: 0 <= LOW <= HIGH < --move")
    data = tempfile.mkdtemp(prefix="classmode-")
    os.environ["BACKPROP_DATA_DIR"] = data  # the class's SQLite file, for this run only
    os.environ.pop("BACKPROP_CLASS_DB", None)
    engine = create_engine(f"sqlite:///{data}/classroom.sqlite")
    log = tempfile.NamedTemporaryFile("w+", prefix="classmode-", suffix=".log", delete=False)
    load_before = os.getloadavg()  # other work on the machine: the figures are taken under it
    script, base, pids = start_classroom(log)
    print(f"deploy/classroom.sh at {base} (app PIDs {pids}); its log: {log.name}")
    try:
        run = lesson(
            base,
            engine,
            args.students,
            args.move,
            args.duration,
            args.idle,
            pids,
            args.editors,
            work=tuple(args.work),
        )
        r = asyncio.run(run)
    finally:
        stop_server(script)
    out = report(r, args.students, args.move, args.editors)
    out["work_before_answering_s"] = list(args.work)
    out["load_average_before_after"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 1 if out["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
