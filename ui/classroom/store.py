"""Class mode's storage: the only module that talks SQL (SQLAlchemy Core, bound parameters only).

Every function takes an ``Engine`` first, so tests run it without Streamlit against SQLite and
PostgreSQL. Call ``migrate(engine)`` once before anything else: it creates or upgrades the
versioned schema and, on SQLite, sets WAL and a busy timeout so several processes share one file.
Secrets (the teacher's token, each student's id) are stored only as SHA-256 hashes.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import sqlite3
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from backprop_core import numbers

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L look-alikes
CODE_LENGTH = 6
MAX_NICKNAME = 24
MAX_ANSWER = 40
MAX_LABEL = 64  # a lesson's URL path or a step's id
MAX_STUDENTS = 500  # per class: a code that leaks cannot fill the database
BURST, PER_SECOND = 3.0, 2.0  # a student's answers: a token bucket
NOT_IN_LINK = frozenset({"class", "teacher", "student", "present"})  # never part of the state students follow
CSV_HEADER = ("student", "lesson", "step", "answer", "correct", "answered_at")


def _retention() -> timedelta:
    """24 hours, or BACKPROP_CLASS_RETENTION_HOURS (a positive number of hours)."""
    text = os.environ.get("BACKPROP_CLASS_RETENTION_HOURS", "").strip()
    if not text:
        return timedelta(hours=24)
    try:
        hours = float(text)
    except ValueError:
        hours = -1.0
    if not 0 < hours < 24 * 366:
        print(f"BACKPROP_CLASS_RETENTION_HOURS={text!r} is not a number of hours; using 24", file=sys.stderr)
        return timedelta(hours=24)
    return timedelta(hours=hours)


RETENTION = _retention()


class ClassError(ValueError):
    """One line a page can show as it is."""


class Unreachable(ClassError):
    """The database is down, locked too long or cut off: a passing failure, not a refusal."""


@dataclass(frozen=True)
class Key:
    """The marking key of one step, published by the teacher."""

    lesson: str
    step: str
    title: str
    value: float | None
    rounded: float | None
    slips: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True)
class ClassState:
    code: str
    lesson: str  # the teacher's page (its URL path; "" before the first publish)
    query: tuple[tuple[str, str], ...]  # the teacher's link keys, without class/teacher/present
    key: Key | None  # the current step's marking key (None: no question)
    version: int  # bumped on every change the students must follow
    revealed: frozenset[tuple[str, str]]  # (lesson, step) the teacher revealed
    ended: bool
    created_at: datetime


@dataclass(frozen=True)
class Student:
    id: str  # the student's own secret: kept in st.session_state only, stored here as a hash
    name: str
    number: int


@dataclass(frozen=True)
class Answer:
    student: str  # the student's name
    lesson: str
    step: str
    answer: str
    correct: bool
    answered_at: datetime


@dataclass(frozen=True)
class Counts:
    joined: int  # students in the class now (not left)
    answered: int  # of them, those with an answer to this step
    correct: int  # of them, those whose LAST answer to this step is right


# ---------------------------------------------------------------- schema (version 1)

metadata = MetaData()
schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
)
classes = Table(
    "classes",
    metadata,
    Column("code", String(CODE_LENGTH), primary_key=True),  # the followers' per-second lookup
    Column("token_hash", String(64), nullable=False),
    Column("lesson", String(MAX_LABEL), nullable=False, default=""),
    Column("query", Text, nullable=False, default="[]"),
    Column("key", Text, nullable=True),
    Column("version", Integer, nullable=False, default=1),
    Column("revealed", Text, nullable=False, default="[]"),  # in the row: one lookup per follow
    Column("ended", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
    Column("students", Integer, nullable=False, default=0),  # numbers handed out ("Student 7")
    Index("classes_created_at", "created_at"),  # purge
)
students = Table(
    "students",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("name", String(MAX_NICKNAME), nullable=False),
    Column("number", Integer, nullable=False),
    Column("left_class", Boolean, nullable=False, default=False),
    Column("bucket", Float, nullable=False),  # answers the student may still send at once
    Column("bucket_at", DateTime, nullable=False),
    Index("students_code", "code", "left_class"),  # the teacher's "joined"
)
answers_table = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("student", Integer, nullable=False),
    Column("lesson", String(MAX_LABEL), nullable=False),
    Column("step", String(MAX_LABEL), nullable=False),
    Column("answer", String(MAX_ANSWER), nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("answered_at", DateTime, nullable=False),
    # The teacher's counts: each student's last answer to one step.
    Index("answers_step", "code", "lesson", "step", "student", "id"),
)


def _v1(conn: Connection) -> None:
    for table in (classes, students, answers_table):
        table.create(conn, checkfirst=True)


# A new schema version appends a function here (ALTER/CREATE through SQLAlchemy); never edit one.
MIGRATIONS = (_v1,)
_LOCK_ID = 250_025  # PostgreSQL advisory lock: one migrating process at a time


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema; safe to call from several processes at once."""
    with _write(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(_LOCK_ID)))
        schema_version.create(conn, checkfirst=True)
        current = conn.execute(select(func.max(schema_version.c.version))).scalar() or 0
        if current > len(MIGRATIONS):
            raise ClassError(
                f"The class database has schema {current}; this app knows {len(MIGRATIONS)}: update it."
            )
        for version in range(current + 1, len(MIGRATIONS) + 1):
            MIGRATIONS[version - 1](conn)
            conn.execute(insert(schema_version).values(version=version, applied_at=_naive(_now())))


# ---------------------------------------------------------------- SQLite: WAL, locking


_tune_lock = threading.Lock()
BUSY_MS = 10_000  # how long a connection waits for another process's lock


def _sqlite_connect(dbapi_connection, _record) -> None:
    # pysqlite's own BEGIN comes late (before the first write); _sqlite_begin emits it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_MS}")  # wait for another process's write, up to 10 s
    _wal(cursor)  # readers never wait for the writer
    cursor.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing
    cursor.close()


def _wal(cursor) -> None:
    """Switch the file to WAL (kept in the file: a no-op once done). Switching a new file takes an
    exclusive lock, which SQLite does not wait for on busy_timeout: processes opening a new file together
    failed with "database is locked" (6 of 1,200 in a stress run), so this waits as busy_timeout would."""
    deadline = time.monotonic() + BUSY_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction takes the write lock at once, so two read-then-write transactions
    # queue on busy_timeout instead of failing with "database is locked".
    write = conn.get_execution_options().get("classroom_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _tune(engine: Engine) -> None:
    if engine.dialect.name != "sqlite" or event.contains(engine, "connect", _sqlite_connect):
        return
    with _tune_lock:  # two threads must not install the listeners twice (two BEGINs)
        if not event.contains(engine, "connect", _sqlite_connect):
            engine.dispose()  # connections opened before the listeners would miss them
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)


@contextmanager
def _unreachable() -> Iterator[None]:
    """A database that is down, locked too long or cut off: one line for the page, one for the log."""
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        detail = " ".join(str(error.orig or error).split())[:300]
        print(f"class database: {type(error.orig or error).__name__}: {detail}", file=sys.stderr)
        raise Unreachable("The class database did not answer; try again in a moment.") from None


@contextmanager
def _read(engine: Engine) -> Iterator[Connection]:
    with _unreachable():
        _tune(engine)
        with engine.connect() as conn:
            yield conn


@contextmanager
def _write(engine: Engine) -> Iterator[Connection]:
    """One transaction; on SQLite it holds the write lock from its start."""
    with _unreachable():
        _tune(engine)  # an engine that missed migrate() must still lock as it should
        with engine.connect() as conn:
            conn.execution_options(classroom_write=True)
            with conn.begin():
                yield conn


# ---------------------------------------------------------------- cleaning input

_SECRET = re.compile(r"[A-Za-z0-9_-]{16,64}")
_NICKNAME_MARKS = frozenset("-_.'")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def clean_code(code: object) -> str | None:
    """The class code as stored (upper case, no spaces), or None when it cannot be one."""
    if not isinstance(code, str) or len(code) > 32:
        return None
    code = code.strip().upper()
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def _printable(text: str) -> str:
    """NFC; whitespace runs become one space; control, bidi and other invisible characters go."""
    text = unicodedata.normalize("NFC", text)
    kept = (" " if ch.isspace() else ch for ch in text if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return " ".join("".join(kept).split())


def clean_nickname(nickname: object) -> str:
    """The nickname as stored ("" for none), or ClassError with the reason."""
    if not isinstance(nickname, str):
        raise ClassError("A nickname is text.")
    name = _printable(nickname[: 4 * MAX_NICKNAME + 100])
    if len(name) > MAX_NICKNAME or len(nickname) > 4 * MAX_NICKNAME + 100:
        raise ClassError(f"A nickname has at most {MAX_NICKNAME} characters.")
    for ch in name:
        if ch != " " and ch not in _NICKNAME_MARKS and unicodedata.category(ch)[0] not in "LMN":
            if unicodedata.category(ch) != "So":  # emoji are welcome; markup and maths are not
                raise ClassError("A nickname may use letters, digits, spaces and - _ . ' only.")
    return name


def clean_answer(answer: object) -> str:
    """The answer as stored, or ClassError: empty, or longer than MAX_ANSWER characters."""
    if not isinstance(answer, str):
        raise ClassError("An answer is text.")
    text = _printable(answer[: 4 * MAX_ANSWER])
    if len(text) > MAX_ANSWER or len(answer) > 4 * MAX_ANSWER:
        raise ClassError(f"An answer has at most {MAX_ANSWER} characters.")
    if not text:
        raise ClassError("Type an answer first.")
    return text


def _label(text: object, what: str, empty: bool = False) -> str:
    if not isinstance(text, str) or len(text) > MAX_LABEL or _printable(text) != text:
        raise ClassError(f"A {what} is a name of at most {MAX_LABEL} plain characters.")
    if not text and not empty:
        raise ClassError(f"No {what} given.")
    return text


def _query(query: object) -> tuple[tuple[str, str], ...]:
    pairs = query.items() if isinstance(query, Mapping) else query
    try:
        kept = tuple((k, v) for k, v in pairs if k not in NOT_IN_LINK)
    except (TypeError, ValueError):
        raise ClassError("A page's link state is a list of (key, value) pairs.") from None
    if any(not isinstance(x, str) for pair in kept for x in pair) or len(json.dumps(kept)) > 8000:
        raise ClassError("A page's link state is at most 8000 characters of text.")
    return kept


def _key_json(key: Key | None) -> str | None:
    if key is None:
        return None
    if not isinstance(key, Key):
        raise ClassError("A marking key is a store.Key.")
    try:
        data = {
            "lesson": _label(key.lesson, "lesson"),
            "step": _label(key.step, "step"),
            "title": str(key.title)[:200],
            "value": None if key.value is None else float(key.value),
            "rounded": None if key.rounded is None else float(key.rounded),
            "slips": [[float(v), str(why)[:200]] for v, why in key.slips][:20],
        }
    except (TypeError, ValueError):
        raise ClassError("A marking key holds numbers and short texts.") from None
    return json.dumps(data)


def _key(text: str | None) -> Key | None:
    if text is None:
        return None
    data = json.loads(text)
    slips = tuple((float(v), why) for v, why in data["slips"])
    return Key(data["lesson"], data["step"], data["title"], data["value"], data["rounded"], slips)


# ---------------------------------------------------------------- time and secrets


def _now() -> datetime:
    return datetime.now(UTC)


def _naive(when: datetime | None) -> datetime:
    """UTC without tzinfo: what both databases store (naive input is taken as UTC)."""
    when = _now() if when is None else when
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def _aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _well_formed(secret: object) -> bool:
    return isinstance(secret, str) and _SECRET.fullmatch(secret) is not None


# ---------------------------------------------------------------- the class


def _state(row) -> ClassState:
    return ClassState(
        code=row.code,
        lesson=row.lesson,
        query=tuple((k, v) for k, v in json.loads(row.query)),
        key=_key(row.key),
        version=row.version,
        revealed=frozenset((lesson, step) for lesson, step in json.loads(row.revealed)),
        ended=bool(row.ended),
        created_at=_aware(row.created_at),
    )


def _live_class(conn: Connection, code: object, lock: bool = False):
    """The class's row, or None when the code is malformed, unknown or expired."""
    code = clean_code(code)
    if code is None:
        return None
    query = select(classes).where(classes.c.code == code)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None or row.created_at < _naive(None) - RETENTION:
        return None
    return row


def _no_class(code: object) -> ClassError:
    shown = clean_code(code) or "with that code"
    return ClassError(f"There is no class {shown}: check the code (a class lasts {_hours()} hours).")


def _hours() -> str:
    return numbers.text(RETENTION.total_seconds() / 3600)


def _teacher(conn: Connection, code: object, token: object, lock: bool = False):
    """The class's row when ``token`` is its teacher's, else ClassError."""
    row = _live_class(conn, code, lock)
    if row is None:
        raise _no_class(code)
    if not _well_formed(token) or not hmac.compare_digest(_digest(token), row.token_hash):
        raise ClassError(f"This is not the teacher's link of class {row.code}.")
    return row


def start_class(engine: Engine, now: datetime | None = None) -> tuple[str, str]:
    """A new class: its code and its teacher's token (192 random bits; only its hash is kept)."""
    token = secrets.token_urlsafe(24)
    for _ in range(10):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with _write(engine) as conn:
                values = dict(code=code, token_hash=_digest(token), created_at=_naive(now))
                conn.execute(insert(classes).values(**values))
            return code, token
        except IntegrityError:  # the code is taken: draw another
            continue
    raise ClassError("Could not find a free class code; try again.")


def state(engine: Engine, code: object) -> ClassState | None:
    """What the students follow; None for an unknown or expired code (an ended class: ended=True)."""
    with _read(engine) as conn:
        row = _live_class(conn, code)
    return None if row is None else _state(row)


def is_teacher(engine: Engine, code: object, token: object) -> bool:
    if clean_code(code) is None or not _well_formed(token):
        return False
    try:
        with _read(engine) as conn:
            _teacher(conn, code, token)
    except ClassError:
        return False
    return True


def publish(
    engine: Engine, code: object, token: object, lesson: str, query: object, key: Key | None
) -> ClassState:
    """The teacher's page, link state and question; the version moves only when one changed."""
    lesson = _label(lesson, "lesson", empty=True)
    query_json, key_json = json.dumps(_query(query)), _key_json(key)
    with _write(engine) as conn:
        row = _teacher(conn, code, token, lock=True)
        if row.ended:
            raise ClassError(f"Class {row.code} has ended.")
        if (row.lesson, row.query, row.key) != (lesson, query_json, key_json):
            values = dict(lesson=lesson, query=query_json, key=key_json, version=classes.c.version + 1)
            conn.execute(update(classes).where(classes.c.code == row.code).values(**values))
            row = _live_class(conn, row.code)
        return _state(row)


def join(engine: Engine, code: object, nickname: object = "", now: datetime | None = None) -> Student:
    """A new student in the class: "" gives "Student N"."""
    name = clean_nickname(nickname)
    secret = secrets.token_urlsafe(16)
    with _write(engine) as conn:
        row = _live_class(conn, code, lock=True)  # the lock hands out numbers one at a time
        if row is None:
            raise _no_class(code)
        if row.ended:
            raise ClassError(f"Class {row.code} has ended.")
        present = select(func.count()).where(_present(row.code))
        if conn.execute(present).scalar() >= MAX_STUDENTS:
            raise ClassError(f"Class {row.code} is full ({MAX_STUDENTS} students).")
        number = row.students + 1
        conn.execute(update(classes).where(classes.c.code == row.code).values(students=number))
        name = name or f"Student {number}"
        values = dict(code=row.code, secret_hash=_digest(secret), name=name, number=number)
        conn.execute(insert(students).values(**values, bucket=BURST, bucket_at=_naive(now)))
    return Student(secret, name, number)


def leave(engine: Engine, code: object, student_id: object) -> None:
    """The student leaves (their answers stay for the teacher's CSV); unknown ids are ignored."""
    code = clean_code(code)
    if code is None or not _well_formed(student_id):
        return
    with _write(engine) as conn:
        mine = and_(students.c.code == code, students.c.secret_hash == _digest(student_id))
        conn.execute(update(students).where(mine).values(left_class=True))


def rejoin(engine: Engine, code: object, student_id: object) -> Student | None:
    """The student whose own id this is, as they joined: a page that comes back on another process
    (its machine died) or reloads carries the id in its own address. None: unknown, left or closed."""
    if not _well_formed(student_id):
        return None
    with engine.connect() as conn:
        row = _live_class(conn, code)
        if row is None or row.ended:
            return None
        mine = and_(students.c.code == row.code, students.c.secret_hash == _digest(student_id))
        found = select(students.c.name, students.c.number).where(mine, ~students.c.left_class)
        me = conn.execute(found).first()
    return None if me is None else Student(student_id, me.name, me.number)


def record_answer(
    engine: Engine,
    code: object,
    student_id: object,
    lesson: str,
    step: str,
    answer: str,
    correct: bool,
    now: datetime | None = None,
) -> Answer:
    """Store one answer; returns only once it is committed (the student's acknowledgement)."""
    lesson, step, text = _label(lesson, "lesson"), _label(step, "step"), clean_answer(answer)
    when = _naive(now)
    with _write(engine) as conn:
        row = _live_class(conn, code)
        if row is None:
            raise _no_class(code)
        if row.ended:
            raise ClassError(f"Class {row.code} has ended.")
        me = _student(conn, row.code, student_id)
        elapsed = max(0.0, (when - me.bucket_at).total_seconds())
        bucket = min(BURST, me.bucket + elapsed * PER_SECOND)
        if bucket < 1:
            raise ClassError("Too many answers at once: wait a second, then check again.")
        conn.execute(update(students).where(students.c.id == me.id).values(bucket=bucket - 1, bucket_at=when))
        values = dict(code=row.code, student=me.id, lesson=lesson, step=step, answer=text)
        conn.execute(insert(answers_table).values(**values, correct=bool(correct), answered_at=when))
    return Answer(me.name, lesson, step, text, bool(correct), _aware(when))


def _student(conn: Connection, code: str, student_id: object):
    if _well_formed(student_id):
        mine = and_(students.c.code == code, students.c.secret_hash == _digest(student_id))
        me = conn.execute(select(students).where(mine).with_for_update()).first()
        if me is not None and not me.left_class:
            return me
    raise ClassError(f"You are not in class {code}: join it again.")


# ---------------------------------------------------------------- the teacher's view


def _answer_rows(conn: Connection, code: str, lesson: str | None, step: str | None):
    query = (
        select(students.c.name, answers_table)
        .join(students, students.c.id == answers_table.c.student)
        .where(answers_table.c.code == code)
        .order_by(answers_table.c.id)
    )
    if lesson is not None:
        query = query.where(answers_table.c.lesson == lesson)
    if step is not None:
        query = query.where(answers_table.c.step == step)
    return conn.execute(query).all()


def answers(
    engine: Engine, code: object, token: object, lesson: str | None = None, step: str | None = None
) -> list[Answer]:
    """Every answer in the order given (teacher only), optionally of one lesson and step."""
    with _read(engine) as conn:
        row = _teacher(conn, code, token)
        found = _answer_rows(conn, row.code, lesson, step)
    return [Answer(r.name, r.lesson, r.step, r.answer, bool(r.correct), _aware(r.answered_at)) for r in found]


def _present(code: str):
    return and_(students.c.code == code, ~students.c.left_class)


def _tally(code: str, lesson: str, step: str):
    """How many present students answered this step, and how many got it right, last answers only."""
    a = answers_table
    last = (
        select(func.max(a.c.id).label("id"))
        .where(a.c.code == code, a.c.lesson == lesson, a.c.step == step)
        .group_by(a.c.student)
        .subquery()
    )
    joined = a.join(last, a.c.id == last.c.id).join(students, students.c.id == a.c.student)
    return select(func.count(), func.count().filter(a.c.correct)).select_from(joined).where(_present(code))


def counts(engine: Engine, code: object, token: object, lesson: str, step: str) -> Counts:
    """Joined, answered and correct for one step, from each present student's LAST answer."""
    with _read(engine) as conn:
        row = _teacher(conn, code, token)
        joined = conn.execute(select(func.count()).select_from(students).where(_present(row.code))).scalar()
        answered, correct = conn.execute(_tally(row.code, lesson, step)).one()
    return Counts(joined, answered, correct)


def reveal(engine: Engine, code: object, token: object, lesson: str, step: str) -> ClassState:
    """Show this step's answer on every student's screen."""
    shown = [_label(lesson, "lesson"), _label(step, "step")]
    with _write(engine) as conn:
        row = _teacher(conn, code, token, lock=True)
        if row.ended:
            raise ClassError(f"Class {row.code} has ended.")
        revealed = json.loads(row.revealed)
        if shown not in revealed:
            values = dict(revealed=json.dumps([*revealed, shown]), version=classes.c.version + 1)
            conn.execute(update(classes).where(classes.c.code == row.code).values(**values))
            row = _live_class(conn, row.code)
        return _state(row)


def end_class(engine: Engine, code: object, token: object) -> None:
    """Stop the class: students see that it ended; its answers stay until the purge."""
    with _write(engine) as conn:
        row = _teacher(conn, code, token, lock=True)
        if not row.ended:
            values = dict(ended=True, version=classes.c.version + 1)
            conn.execute(update(classes).where(classes.c.code == row.code).values(**values))


def purge(engine: Engine, older_than: timedelta = RETENTION, now: datetime | None = None) -> int:
    """Delete classes started before ``now - older_than`` with their students and answers."""
    old = select(classes.c.code).where(classes.c.created_at < _naive(now) - older_than)
    with _write(engine) as conn:
        conn.execute(delete(answers_table).where(answers_table.c.code.in_(old)))
        conn.execute(delete(students).where(students.c.code.in_(old)))
        return conn.execute(delete(classes).where(classes.c.code.in_(old))).rowcount


def _cell(text: str) -> str:
    """A spreadsheet must not run a cell as a formula; a plain number stays a number."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(engine: Engine, code: object, token: object) -> str:
    """Every answer of the class, one row each, for the teacher's download."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for a in answers(engine, code, token):
        when = a.answered_at.isoformat(timespec="milliseconds")
        cells = (a.student, a.lesson, a.step, a.answer, "true" if a.correct else "false", when)
        writer.writerow([_cell(c) for c in cells])
    return out.getvalue()
