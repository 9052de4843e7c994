"""Long runs take turns, so a few students cannot starve the rest of a class.

A Python process runs Python code on one core at a time (the GIL), and every session's
rerun is a thread of that process. Four sessions looping 1,000,000-step trainings made
another student's Next take 3.5 s (p95). Now a run whose estimate (``backprop_core.work``:
microseconds of a core) is above ``HEAVY`` computes only while it holds this process's turn,
in a worker process at a lower priority (so it leaves the GIL to the light reruns, and the
OS serves them first), and a student who has just had a long run waits as long again
before the next one (a pause, not CPU), so no one keeps the turn. Both waits show a note.
Only work that is really done waits: a run already in Streamlit's cache returns at once. A
worker that dies is replaced and the call made again; one that stops answering (no
heartbeat for HUNG seconds) is killed and replaced, the turn freed, and the student reads
one line saying the run did not finish.

    with heavy.LongRun(work.train(steps, runs)) as run:
        result = run.call(cached_function, *args)

    @st.cache_data
    def cached_function(...):
        heavy.my_turn()                          # a miss outside a turn goes back to wait for one
        return heavy.compute(train, ...)         # in the worker during a turn, else here
"""

import contextlib
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from backprop_core import numbers, work
from ui.worker import HEADER

HEAVY = work.PAGE  # an estimate above which a run takes turns in the worker: 0.1 s of a core
# Turns per process, each computed in one worker process. deploy/classroom.sh runs one server
# process per core, so a class gets one long run per core at a time.
SLOTS = 1
NICENESS = 10  # the workers' priority below the servers': a light rerun is served first
ROOT = Path(__file__).resolve().parents[1]
# session_state: (when this student's next long run may start, the run of the script whose long runs
# set that pause, how long they computed). The long runs of one run of a page are one request: the
# second waits for no pause after the first, and the pause after them is their sum.
PACE_KEY = "heavy_pace"
POLL = 0.25  # seconds between redraws of a waiting note; each redraw lets a new click stop the wait
# A worker that sends nothing for HUNG seconds, not even its heartbeat (one every BEAT seconds
# while it computes), has stopped answering (stopped, deadlocked): it is killed and the next call
# starts a new one. A busy worker at its low priority still beats: a thread that wakes once a
# second gets a core within a fraction of one even under a load average of 18.
HUNG, BEAT = 10.0, 1.0

_turns = threading.BoundedSemaphore(SLOTS)
_waiting = [0]  # long runs waiting for a turn in this process (a count, not per-user data)
_waiting_lock = threading.Lock()
_local = threading.local()  # may this thread compute right now, and in the worker?
_worker: list[subprocess.Popen] = []  # this process's worker (ui/worker.py), started with the first long run
_worker_lock = threading.Lock()


class NotMyTurn(Exception):
    """Raised by ``my_turn`` on a cache miss outside a turn; Streamlit never caches an exception."""


class WorkerFailed(Exception):
    """The worker stopped answering, or died twice on one call: the run did not finish."""


def my_turn() -> None:
    """The first line of a cached function that does heavy work. A cache hit never runs it; a
    miss without a turn raises, and ``LongRun.call`` waits for a turn and calls again."""
    if not getattr(_local, "allowed", False):
        raise NotMyTurn


def compute(function, *args, **kwargs):
    """``function(*args, **kwargs)``: during a long run's turn in the worker process, else here.
    A worker that dies is replaced and the call made again, once; one that hangs is killed and
    replaced, and the call fails (``WorkerFailed``)."""
    if not getattr(_local, "offload", False):
        return function(*args, **kwargs)
    with _worker_lock:
        for _ in range(2):
            try:
                status, value = _call_worker(function, args, kwargs)
            except TimeoutError:
                _stop_worker()
                raise WorkerFailed(
                    f"The server's helper process for long runs stopped answering (nothing from it for "
                    f"{numbers.text(HUNG, 3)} s), so it was replaced; your run did not finish: change a "
                    "setting or reload the page to run it again."
                ) from None
            except (OSError, EOFError, pickle.UnpicklingError):  # it died: a new one, and again
                _stop_worker()
                continue
            if status == "error":  # raised by the call itself, as if it had been made here
                raise value
            return value
    raise WorkerFailed("The server's helper process for long runs died twice on this run; it did not finish.")


def _stop_worker() -> None:
    """Kill this process's worker (by its own PID: Popen.kill) and reap it; the next call starts a new one."""
    if _worker:
        process = _worker.pop()
        process.kill()
        process.wait()


def _call_worker(function, args, kwargs):
    if not _worker or _worker[0].poll() is not None:
        _worker[:] = [
            subprocess.Popen(  # cwd: the repository, so that -m finds ui.worker
                [sys.executable, "-m", "ui.worker", str(NICENESS), str(BEAT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=ROOT,
            )
        ]
    process = _worker[0]
    _write(process.stdin.fileno(), pickle.dumps((function, args, kwargs)))
    while not (size := HEADER.unpack(_read(process.stdout.fileno(), HEADER.size))[0]):
        pass  # a heartbeat: the worker is alive, still computing
    return pickle.loads(_read(process.stdout.fileno(), size))  # ("ok", result) or ("error", exception)


def _write(fd: int, data: bytes) -> None:
    """All of ``data`` to the worker's pipe; TimeoutError if it takes nothing for HUNG seconds."""
    view = memoryview(data)
    while view:
        if not select.select([], [fd], [], HUNG)[1]:
            raise TimeoutError
        view = view[os.write(fd, view[: select.PIPE_BUF]) :]  # a writable pipe takes PIPE_BUF at once


def _read(fd: int, size: int) -> bytes:
    """``size`` bytes from the worker's pipe; TimeoutError if nothing comes for HUNG seconds."""
    chunks = []
    while size:
        if not select.select([fd], [], [], HUNG)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _this_run():
    """What tells one run of the script from the next: Streamlit gives each run a new ``cursors``
    dict (None outside a server, as in unit tests)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.cursors


@contextlib.contextmanager
def _allowed(offload: bool = False):
    _local.allowed, _local.offload = True, offload
    try:
        yield
    finally:
        _local.allowed = _local.offload = False


class LongRun:
    """One run costing ``cost`` (``backprop_core.work``) on a page: its waits, its note, its time on
    the CPU."""

    def __init__(self, cost: float):
        self.heavy = cost > HEAVY
        self.busy = 0.0  # seconds computed while holding the turn
        self.note = None
        self.failed = False  # the worker failed this run: its one line stays on the page

    def __enter__(self) -> "LongRun":
        return self

    def __exit__(self, *exc) -> None:
        if self.note is not None and not self.failed:
            self.note.empty()
        if self.busy:  # this student's next long run waits as long as this one computed
            _, run, busy = st.session_state.get(PACE_KEY, (0.0, None, 0.0))
            busy = self.busy + (busy if run is not None and run is _this_run() else 0.0)
            st.session_state[PACE_KEY] = (time.monotonic() + busy, _this_run(), busy)

    def call(self, function, *args):
        """``function(*args)``; when it must compute a heavy run, first this student's pause and a turn."""
        if not self.heavy:
            with _allowed():
                return function(*args)
        try:
            return function(*args)  # a cache hit
        except NotMyTurn:
            pass
        self._wait_for_pace()
        self._take_turn()
        start = time.monotonic()
        try:
            with _allowed(offload=True):
                result = function(*args)
        except WorkerFailed as failure:
            self.failed = str(failure)
        finally:
            _turns.release()
        if self.failed:  # the turn is free again; the student's next try owes no pause for this one
            self._show(self.failed, error=True)
            st.stop()
        self.busy += time.monotonic() - start
        return result

    def _show(self, text: str, error: bool = False) -> None:
        if self.note is None:
            self.note = st.empty()
        if error:
            self.note.error(text, icon="⚠️")
        else:
            self.note.info(text, icon="⏳")

    def _wait_for_pace(self) -> None:
        free_at, run, _ = st.session_state.get(PACE_KEY, (0.0, None, 0.0))
        if run is not None and run is _this_run():
            return  # a long run of the same request: no pause between them
        while (left := free_at - time.monotonic()) > 0:
            self._show(
                f"Waiting for the server: your last long run has just finished, so this one starts in "
                f"{numbers.places(left, 1)} s. Long runs take turns, so that everyone's page stays quick."
            )
            time.sleep(min(left, POLL))

    def _take_turn(self) -> None:
        if _turns.acquire(blocking=False):
            return
        with _waiting_lock:
            _waiting[0] += 1
        try:
            while not _turns.acquire(timeout=POLL):
                others = _waiting[0] - 1 + SLOTS
                self._show(
                    f"Waiting for the server: it is busy with {others} other long run(s); "
                    "yours starts as soon as it has a turn free."
                )
        finally:
            with _waiting_lock:
                _waiting[0] -= 1
