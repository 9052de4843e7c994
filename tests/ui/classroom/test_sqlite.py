"""The default class database: one SQLite file shared by the processes of one machine (WAL)."""

import multiprocessing
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, func, select, text

from ui.classroom import store

WRITERS, STUDENTS, ANSWERS = 2, 10, 5


def _class_writer(url: str, code: str, start, results) -> None:
    """One process: its own engine; students join and answer as fast as the file allows."""
    engine = create_engine(url)
    store.migrate(engine)  # both processes migrate at start, as deploy/classroom.sh's do
    start.wait()
    stored = 0
    for _ in range(STUDENTS):
        student = store.join(engine, code)
        for i in range(ANSWERS):  # spaced in time so the rate limit lets each through
            when = datetime.now(UTC) + timedelta(seconds=i)
            store.record_answer(engine, code, student.id, "backward", "dE_dw5", str(i), i == 4, now=when)
            stored += 1
    engine.dispose()
    results.put(stored)


def test_two_processes_write_one_sqlite_file_at_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'classroom.sqlite'}"
    engine = create_engine(url)
    store.migrate(engine)
    code, token = store.start_class(engine)
    engine.dispose()  # no open connection crosses the fork
    context = multiprocessing.get_context("fork")  # no re-import: the test stays fast
    start, results = context.Event(), context.Queue()
    writers = [
        context.Process(target=_class_writer, args=(url, code, start, results)) for _ in range(WRITERS)
    ]
    for writer in writers:
        writer.start()
    start.set()
    stored = [results.get(timeout=60) for _ in writers]
    for writer in writers:
        writer.join(timeout=60)
        assert writer.exitcode == 0
    assert stored == [STUDENTS * ANSWERS] * WRITERS
    assert store.counts(engine, code, token, "backward", "dE_dw5") == store.Counts(
        WRITERS * STUDENTS, WRITERS * STUDENTS, WRITERS * STUDENTS
    )
    numbers = sorted(s.number for s in _students(engine))
    assert numbers == list(range(1, WRITERS * STUDENTS + 1))  # no number handed out twice
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert (
            conn.execute(select(func.count()).select_from(store.answers_table)).scalar()
            == WRITERS * STUDENTS * ANSWERS
        )
        versions = conn.execute(select(store.schema_version.c.version)).scalars().all()
    assert versions == [1]  # migrated once, though three engines asked at the same time
    engine.dispose()


def _students(engine):
    with engine.connect() as conn:
        return conn.execute(select(store.students)).all()


def _migrate(url: str, start) -> None:
    start.wait()
    store.migrate(create_engine(url))


def test_processes_starting_together_migrate_a_new_file_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    context = multiprocessing.get_context("fork")
    start = context.Event()
    processes = [context.Process(target=_migrate, args=(url, start)) for _ in range(3)]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(store.schema_version.c.version)).scalars().all() == [1]
    engine.dispose()


def _plan(conn, statement) -> str:
    compiled = statement.compile(conn)
    params = tuple(compiled.params[name] for name in compiled.positiontup)
    return " ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params))


def test_the_frequent_queries_use_their_indexes(tmp_path):
    """The students' per-second lookup by code, and the teacher's counts for one step."""
    engine = create_engine(f"sqlite:///{tmp_path / 'c.sqlite'}")
    store.migrate(engine)
    code, _ = store.start_class(engine)
    with engine.connect() as conn:
        follow = _plan(conn, select(store.classes).where(store.classes.c.code == code))
        tally = _plan(conn, store._tally(code, "backward", "dE_dw5"))
        joined = _plan(conn, select(func.count()).where(store._present(code)))
    engine.dispose()
    assert "USING INDEX sqlite_autoindex_classes_1 (code=?)" in follow
    assert "USING COVERING INDEX answers_step (code=? AND lesson=? AND step=?)" in tally
    assert "USING COVERING INDEX students_code (code=? AND left_class=?)" in joined
