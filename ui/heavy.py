"""Long runs take turns, so a few students cannot starve the rest of a class.

A Python process runs Python code on one core at a time (the GIL), and every session's
rerun is a thread of that process. Four sessions looping 1,000,000-step trainings made
another student's Next take 3.5 s (p95). Now a run above ``HEAVY`` (steps × runs) computes
only while it holds this process's turn, in a worker process at a lower priority (so it
leaves the GIL to the light reruns, and the OS serves them first), and a student who has
just had a long run waits as long again before the next one (a pause, not CPU), so no
one keeps the turn. Both waits show a note. Only work that is really done waits: a run
already in Streamlit's cache returns at once.

    with heavy.LongRun(steps * runs) as run:
        result = run.call(cached_function, *args)

    @st.cache_data
    def cached_function(...):
        heavy.my_turn()                          # a miss outside a turn goes back to wait for one
        return heavy.compute(train, ...)         # in the worker during a turn, else here
"""

import contextlib
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import streamlit as st

from backprop_core import numbers

HEAVY = 100_000  # steps × runs above which a run takes turns: about 0.1 s of a core (README)
# Turns per process, each computed in one worker process. deploy/classroom.sh runs one server
# process per core, so a class gets one long run per core at a time.
SLOTS = 1
NICENESS = 10  # the workers' priority below the servers': a light rerun is served first
ROOT = Path(__file__).resolve().parents[1]
PACE_KEY = "heavy_free_at"  # session_state: when this student's next long run may start
POLL = 0.25  # seconds between redraws of a waiting note; each redraw lets a new click stop the wait

_turns = threading.BoundedSemaphore(SLOTS)
_waiting = [0]  # long runs waiting for a turn in this process (a count, not per-user data)
_waiting_lock = threading.Lock()
_local = threading.local()  # may this thread compute right now, and in the worker?
_worker: list[subprocess.Popen] = []  # this process's worker (ui/worker.py), started with the first long run
_worker_lock = threading.Lock()


class NotMyTurn(Exception):
    """Raised by ``my_turn`` on a cache miss outside a turn; Streamlit never caches an exception."""


def my_turn() -> None:
    """The first line of a cached function that does heavy work. A cache hit never runs it; a
    miss without a turn raises, and ``LongRun.call`` waits for a turn and calls again."""
    if not getattr(_local, "allowed", False):
        raise NotMyTurn


def compute(function, *args, **kwargs):
    """``function(*args, **kwargs)``: during a long run's turn in the worker process, else here."""
    if not getattr(_local, "offload", False):
        return function(*args, **kwargs)
    with _worker_lock:
        try:
            return _call_worker(function, args, kwargs)
        except (OSError, EOFError, pickle.UnpicklingError):  # the worker died: start afresh next time
            if _worker:
                _worker.pop().kill()
    return function(*args, **kwargs)


def _call_worker(function, args, kwargs):
    if not _worker or _worker[0].poll() is not None:
        _worker[:] = [
            subprocess.Popen(  # cwd: the repository, so that -m finds ui.worker
                [sys.executable, "-m", "ui.worker", str(NICENESS)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=ROOT,
            )
        ]
    process = _worker[0]
    pickle.dump((function, args, kwargs), process.stdin)
    process.stdin.flush()
    status, value = pickle.load(process.stdout)
    if status == "error":
        raise value
    return value


@contextlib.contextmanager
def _allowed(offload: bool = False):
    _local.allowed, _local.offload = True, offload
    try:
        yield
    finally:
        _local.allowed = _local.offload = False


class LongRun:
    """One run of ``work`` (steps × runs) on a page: its waits, its note, its time on the CPU."""

    def __init__(self, work: int):
        self.heavy = work > HEAVY
        self.busy = 0.0  # seconds computed while holding the turn
        self.note = None

    def __enter__(self) -> "LongRun":
        return self

    def __exit__(self, *exc) -> None:
        if self.note is not None:
            self.note.empty()
        if self.busy:  # this student's next long run waits as long as this one computed
            st.session_state[PACE_KEY] = time.monotonic() + self.busy

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
                return function(*args)
        finally:
            _turns.release()
            self.busy += time.monotonic() - start

    def _show(self, text: str) -> None:
        if self.note is None:
            self.note = st.empty()
        self.note.info(text, icon="⏳")

    def _wait_for_pace(self) -> None:
        free_at = st.session_state.get(PACE_KEY, 0.0)
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
