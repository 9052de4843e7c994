"""Long runs take turns (ui/heavy.py): one at a time per process, a pause after each, a note while
waiting, and no wait at all for a run that is already cached."""

import os
import signal
import threading
import time

import numpy as np
import pytest
import streamlit as st

from backprop_core import ARTICLE, NETWORK, train
from backprop_core.work import STEP
from pages.training import cached as cache
from tests.apptest import open_page
from ui import heavy


class Page:
    """Stands in for ``st`` in ui.heavy: a session's state and the notes drawn (a fake clock)."""

    def __init__(self):
        self.session_state, self.notes, self.now = {}, [], 1000.0

    def empty(self):
        return self

    def info(self, text, icon=None):
        self.notes.append(text)

    def error(self, text, icon=None):
        self.notes.append(f"error: {text}")

    def stop(self):
        raise Stopped

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class Stopped(Exception):
    """What st.stop() raises here."""


@pytest.fixture
def page(monkeypatch):
    fake = Page()
    monkeypatch.setattr(heavy, "st", fake)
    monkeypatch.setattr(heavy, "time", fake)
    return fake


def work(log: list, value):
    heavy.my_turn()  # as a cached function begins
    log.append(value)
    return value


def test_a_light_run_computes_at_once_and_leaves_no_pause(page):
    log = []
    with heavy.LongRun(heavy.HEAVY) as run:
        assert run.call(work, log, 1) == 1
    assert log == [1] and page.notes == [] and heavy.PACE_KEY not in page.session_state


def test_a_heavy_run_computes_in_a_turn_then_the_student_pauses_as_long(page):
    log = []

    def slow(value):
        heavy.my_turn()
        page.now += 2.0  # two seconds of computing
        return value

    with heavy.LongRun(heavy.HEAVY + 1) as run:
        assert run.call(slow, 7) == 7
    assert page.session_state[heavy.PACE_KEY][0] == page.now + 2.0
    with heavy.LongRun(heavy.HEAVY + 1) as run:  # the next long run waits out the pause, with a note
        run.call(work, log, 8)
    assert log == [8]
    assert page.notes and all("Waiting for the server" in note for note in page.notes)
    assert "starts in 2.0 s" in page.notes[0]


def test_a_cached_heavy_run_never_waits(page):
    page.session_state[heavy.PACE_KEY] = (page.now + 60, None, 60.0)  # a pause this student still owes
    with heavy.LongRun(10**6) as run:
        assert run.call(lambda: "from the cache") == "from the cache"  # never reaches my_turn
    assert page.notes == []


def test_outside_a_turn_heavy_work_refuses_to_start():
    with pytest.raises(heavy.NotMyTurn):
        work([], 1)


def test_two_long_runs_take_turns(page):
    inside, release, order = threading.Event(), threading.Event(), []

    def first():
        heavy.my_turn()
        order.append("first starts")
        inside.set()
        release.wait(30)
        order.append("first ends")

    def second():
        heavy.my_turn()
        order.append("second starts")

    def run(function):
        with heavy.LongRun(10**6) as long_run:
            long_run.call(function)

    one = threading.Thread(target=run, args=(first,))
    one.start()
    inside.wait(30)
    two = threading.Thread(target=run, args=(second,))
    two.start()
    for _ in range(600):  # the second waits for the turn, and says so
        if any("busy with 1 other long run" in note for note in page.notes):
            break
        two.join(0.05)
    release.set()
    one.join(30)
    two.join(30)
    assert order == ["first starts", "first ends", "second starts"]
    assert any("busy with 1 other long run" in note for note in page.notes)


def test_cached_functions_retry_a_refused_miss_and_cache_the_result():
    calls = []

    @st.cache_data(show_spinner=False)
    def squared(x):
        heavy.my_turn()
        calls.append(x)
        return x * x

    with pytest.raises(heavy.NotMyTurn):
        squared(3)  # a miss outside a turn: nothing cached
    with heavy.LongRun(1) as run:
        assert run.call(squared, 3) == 9
    assert squared(3) == 9 and calls == [3]  # now a hit, needing no turn


def test_a_long_run_on_the_training_page_equals_one_uninterrupted_run(app):
    steps = 2 * int(heavy.HEAVY / STEP)  # takes turns, in pieces
    open_page(app, "pages/training/page.py")
    app.number_input(key="train_steps").set_value(steps).run()
    assert not app.exception
    direct = train(NETWORK, ARTICLE.params, ARTICLE.inputs, ARTICLE.targets, ARTICLE.lr, steps)
    history = cache.trained(cache.Run(ARTICLE, False, False, steps))  # the page's run, now from the cache
    assert history.steps[-1] == steps
    np.testing.assert_array_equal(history.final.flat(), direct.final.flat())
    assert f"{steps:,}" in " ".join(m.value for m in app.markdown)


def test_a_long_runs_work_is_done_by_a_worker_at_a_lower_priority(page):
    def job():
        heavy.my_turn()
        return heavy.compute(os.getpid), heavy.compute(os.nice, 0)  # the worker's own pid and niceness

    with heavy.LongRun(10**6) as run:
        pid, niceness = run.call(job)
    assert pid != os.getpid() and niceness == min(19, os.nice(0) + heavy.NICENESS)
    assert heavy.compute(os.getpid) == os.getpid()  # outside a long run's turn: right here


def test_the_workers_errors_arrive_as_raised_and_a_dead_worker_is_replaced(page):
    def job(function, *args):
        heavy.my_turn()
        return heavy.compute(function, *args)

    with heavy.LongRun(10**6) as run:
        with pytest.raises(ZeroDivisionError):
            run.call(job, divmod, 1, 0)  # raised in the worker, raised again here
        first = run.call(job, os.getpid)
        with pytest.raises(FileNotFoundError):  # an OSError of the call's own: the worker is fine
            run.call(job, os.stat, "/no/such/file")
        assert run.call(job, os.getpid) == first
        heavy._worker[0].kill()
        heavy._worker[0].wait()
        second = run.call(job, os.getpid)  # the dead worker is noticed and a new one started
    assert first != second and os.getpid() not in (first, second)


def in_worker(function, *args):
    heavy.my_turn()
    return heavy.compute(function, *args)


@pytest.fixture
def hung_after(monkeypatch):
    """A new worker that beats every 20th of ``seconds``, counted as hung after ``seconds`` of silence."""

    def hung_after(seconds: float) -> int:
        heavy._stop_worker()
        monkeypatch.setattr(heavy, "BEAT", seconds / 20)
        with heavy._allowed(offload=True):
            pid = heavy.compute(os.getpid)  # started (and its interpreter loaded) under the usual HUNG
        monkeypatch.setattr(heavy, "HUNG", seconds)
        return pid

    yield hung_after
    heavy._stop_worker()  # the next test's worker beats as usual


def test_a_slow_worker_that_still_beats_is_waited_for(page, hung_after):
    pid = hung_after(0.5)
    with heavy.LongRun(10**6) as run:  # three times HUNG, beating all along
        run.call(in_worker, time.sleep, 1.5)
    assert heavy._worker[0].pid == pid and not page.notes


def test_a_worker_stopped_mid_run_times_out_is_replaced_and_frees_the_turn(page, hung_after):
    """SIGSTOP the worker during a run: the run fails with one line within about HUNG seconds,
    that worker is killed, the turn is free for the next run, and a new worker serves it."""
    old = hung_after(1.0)
    process = heavy._worker[0]
    stopper = threading.Timer(0.3, os.kill, (old, signal.SIGSTOP))  # mid-run
    stopper.start()
    # Should the timeout fail, a stopped worker would hang the test: this kills it after a minute,
    # and the run is then made again in a new worker and finishes, which fails the test below.
    safety = threading.Timer(60, lambda: process.poll() is None and process.kill())
    safety.start()
    with pytest.raises(Stopped):  # the page stops below the one line (st.stop)
        with heavy.LongRun(10**6) as run:
            run.call(in_worker, time.sleep, 30)
    safety.cancel()
    stopper.join()
    assert process.poll() == -signal.SIGKILL  # the hung worker killed, by its PID, and reaped
    [line] = [note for note in page.notes if note.startswith("error:")]
    assert "stopped answering" in line and "\n" not in line
    assert heavy.PACE_KEY not in page.session_state  # no pause owed for a run that failed
    assert heavy._turns.acquire(blocking=False)  # the turn is free
    heavy._turns.release()
    with heavy.LongRun(10**6) as run:  # the next long run gets a new worker at once
        new = run.call(in_worker, os.getpid)
    assert new not in (old, os.getpid())
