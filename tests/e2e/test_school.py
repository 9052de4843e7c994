"""A school across several machines (issue 25, point 7), on this one: PostgreSQL (a throw-away
cluster), three app "hosts" (``deploy/school.sh app`` bound to 127.0.0.2, 127.0.0.3 and 127.0.0.4)
behind ``deploy/school.sh front`` (HAProxy on 127.0.0.1). A class of 30 students (websocket clients,
``benchmarks.classmode``) spread over the hosts follows one teacher and answers; right after the
teacher's second move one host dies (SIGKILL to its process group, by PID). No acknowledged answer
is lost, its students are served by other hosts at the teacher's place and in the class, and the
teacher's counts stay right. The interruption is printed (``pytest -s``).
"""

import shutil
import time
import urllib.request

import pytest
from sqlalchemy import create_engine

from benchmarks.classmode import ANSWER, BACK, FOLLOW, lesson, report
from benchmarks.school import app_pids, class_through_a_kill, logged, served_by, start_school, stop_school
from ui.classroom import store

from .conftest import ARTIFACTS, in_thread

STUDENTS = 30
pytestmark = [
    pytest.mark.alone,  # it measures time or load: run with nothing else
    pytest.mark.skipif(shutil.which("haproxy") is None, reason="haproxy missing (CI installs it)"),
]


@pytest.fixture(scope="module")
def school(postgres_url):
    logs = ARTIFACTS / "school"
    logs.mkdir(parents=True, exist_ok=True)
    school = start_school(postgres_url, logs)
    try:
        yield school
    finally:
        stop_school(school)


def test_a_class_across_three_hosts_loses_nothing_when_one_dies(school, postgres_url):
    engine = create_engine(postgres_url)
    run = in_thread(class_through_a_kill(school, engine, STUDENTS))
    results, board, victim, moved = run["results"], run["board"], run["victim"], run["moved"]
    assert not results.errors, results.examples

    # The class was spread over every host, and the host killed had students of its own.
    first = {tab.name: results.hosts[tab.i][0] for tab in run["tabs"]}
    assert set(first.values()) == {"app1", "app2", "app3"} and moved
    # Nothing restarts a dead machine; the front sends its students elsewhere.
    assert victim not in school.alive() and not served_by(school, victim)
    for tab in moved:
        assert results.hosts[tab.i][-1] != victim, tab.name  # served by another host
        assert tab.back_at is not None and tab.seen == board.moves, tab.name  # in the class, at its place

    # Every answer a student was told is stored is in the database; one answer per student and place.
    stored = store.answers(engine, board.code, board.token)
    assert {(a.student, a.lesson, a.step, a.answer, a.correct) for a in stored} >= set(results.acked)
    places = board.moves
    assert len(results.acked) == STUDENTS * places

    # The teacher's counts at each place, before and after the host died: everyone joined once,
    # answered, half right; the counter on the teacher's page and the database agree.
    key = board.key
    right = sum(tab.right for tab in run["tabs"])
    assert run["counts"] == [(STUDENTS, STUDENTS, right)] * places
    counts = store.counts(engine, board.code, board.token, key.lesson, key.step)
    assert counts == store.Counts(STUDENTS, STUDENTS, right)
    assert logged(school, board.token) == []  # the teacher's link went through every log's process

    back = [tab.back_at - run["killed_at"] for tab in moved]
    follow = sorted(results.latency[FOLLOW])
    own = max(results.latency[BACK])
    print(
        f"\n{victim} killed with {len(moved)} of {STUDENTS} students: back in the class at the teacher's "
        f"place {min(back):.2f}-{max(back):.2f} s after the kill (own cut to back at most {own:.2f} s); "
        f"seeing the teacher's move: p50 {follow[len(follow) // 2]:.2f} s, max {follow[-1]:.2f} s"
    )


def test_the_teachers_token_is_in_no_log(school, postgres_url):
    """A browser's first load of the teacher's link goes through the front as a plain GET."""
    engine = create_engine(postgres_url)
    code, token = store.start_class(engine)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{school.url}/class?class={code}&teacher={token}", timeout=30) as page:
        assert page.status == 200
    time.sleep(0.5)  # HAProxy writes its line when the request ends
    assert "/class" in (school.logs / "front.log").read_text()  # logged, by path
    assert logged(school, token) == []


def test_the_class_benchmark_runs_and_reports(school, postgres_url):
    """``python -m benchmarks.classmode``'s class, small: three students, two of the teacher's moves,
    one editor at their own pace, through the school's front. Its figures are there; none is judged
    (times belong in docs/benchmarks.md)."""
    pids = app_pids(school)
    assert len(pids) == len(school.alive())
    engine = create_engine(postgres_url)
    small = dict(students=3, move=1.0, duration=2.5, idle=0.5, pids=pids, editors=1, think=0.1)
    r = in_thread(lesson(school.url, engine, **small))
    out = report(r, students=3, move=1.0, editors=1)
    assert not out["errors"], out["error_examples"]
    assert out["teacher_moves"] == 3 and out["answers_stored"] == 3 * 3  # the lesson opened, then two Nexts
    assert out["teacher_counter"] == (3, 3, 2)  # at the last question: students 0 and 2 answer right
    assert out["latency_s"][FOLLOW]["n"] == 3 * 2 and out["latency_s"][ANSWER]["n"] == 9
    # The teacher moved every second, the pages' own timers tick every 10 s: the server woke them.
    assert out["runs_woken_by_server"] >= 3 * 2
    assert out["idle_server_cpu_cores"] >= 0 and out["edit_p95_s"] > 0
