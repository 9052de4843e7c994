"""ui/classroom/store.py against SQLite and PostgreSQL: the class's life, its secrets, abuse."""

import csv
import hashlib
import io
import math
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, inspect, select, text

from ui.classroom import store
from ui.classroom.store import ClassError, Key

KEY = Key("backward", "dE_dw5", "∂E/∂w5", 0.0821, 0.082, ((-0.0821, "sign of ∂E/∂out"),))


def rows(engine, table):
    """A table's rows as dicts, read straight from the database."""
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table))]


@pytest.fixture
def lesson(engine):
    """A class on lesson "backward" with its question published: (code, token)."""
    code, token = store.start_class(engine)
    store.publish(engine, code, token, "backward", (("eta", "0.5"),), KEY)
    return code, token


def answer(engine, code, student, text="0.082", correct=True, step="dE_dw5", now=None):
    return store.record_answer(engine, code, student.id, "backward", step, text, correct, now=now)


def test_migrate_is_versioned_idempotent_and_indexed(engine):
    store.migrate(engine)
    store.migrate(engine)
    assert [r["version"] for r in rows(engine, store.schema_version)] == list(
        range(1, len(store.MIGRATIONS) + 1)
    )
    found = inspect(engine)
    assert {"classes", "students", "answers", "schema_version"} <= set(found.get_table_names())
    assert found.get_pk_constraint("classes")["constrained_columns"] == ["code"]  # the follow lookup
    step_index = {i["name"]: i["column_names"] for i in found.get_indexes("answers")}["answers_step"]
    assert step_index[:4] == ["code", "lesson", "step", "student"]  # the teacher's counts


def test_codes_use_the_alphabet_without_look_alikes(engine):
    assert not set("0O1IL") & set(store.CODE_ALPHABET)
    codes = [store.start_class(engine)[0] for _ in range(30)]
    assert len(set(codes)) == 30
    for code in codes:
        assert len(code) == 6 and set(code) <= set(store.CODE_ALPHABET)
        assert store.state(engine, code.lower()).code == code  # typed in lower case, with spaces
        assert store.state(engine, f"  {code} ").code == code


def test_the_tokens_are_long_and_only_their_hashes_are_stored(engine):
    code, token = store.start_class(engine)
    student = store.join(engine, code, "Ana")
    assert len(token) * 6 >= 128 and len(student.id) * 6 >= 128  # url-safe base64: 6 bits a character
    assert store.is_teacher(engine, code, token)
    stored = rows(engine, store.classes) + rows(engine, store.students)
    dump = repr(stored)
    assert token not in dump and student.id not in dump
    assert stored[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()


FORGED = [None, "", "x", 12345, "A" * 10_000, "'; DROP TABLE classes; --", "é" * 32, ["list"]]
FORGED_IDS = ["none", "empty", "short", "int", "long", "sql", "accents", "list"]


@pytest.mark.parametrize("forged", FORGED + ["other", "near"], ids=FORGED_IDS + ["other", "near"])
def test_teacher_only_functions_refuse_a_wrong_missing_or_malformed_token(engine, lesson, forged):
    code, token = lesson
    if forged == "other":
        forged = store.start_class(engine)[1]
    elif forged == "near":
        forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    student = store.join(engine, code)
    answer(engine, code, student)
    before = store.state(engine, code)
    assert not store.is_teacher(engine, code, forged)
    calls = [
        lambda: store.publish(engine, code, forged, "forward", (), None),
        lambda: store.answers(engine, code, forged),
        lambda: store.counts(engine, code, forged, "backward", "dE_dw5"),
        lambda: store.reveal(engine, code, forged, "backward", "dE_dw5"),
        lambda: store.end_class(engine, code, forged),
        lambda: store.csv_text(engine, code, forged),
    ]
    for call in calls:
        with pytest.raises(ClassError, match=f"not the teacher's link of class {code}") as refused:
            call()
        assert "\n" not in str(refused.value)
    assert store.state(engine, code) == before


def test_a_teacher_token_works_only_for_its_own_class(engine):
    code, token = store.start_class(engine)
    other, _ = store.start_class(engine)
    assert store.is_teacher(engine, code, token)
    assert not store.is_teacher(engine, other, token)
    assert not store.is_teacher(engine, "ZZZZZZ", token)


@pytest.mark.parametrize(
    "code",
    ["", None, "ABC", "ABCDE0", "A" * 10_000, "' OR 1=1 --", 42],
    ids=["empty", "none", "short", "zero", "long", "sql", "int"],
)
def test_a_malformed_or_unknown_code_is_refused_in_one_line(engine, code):
    assert store.state(engine, code) is None
    with pytest.raises(ClassError, match="^There is no class .*check the code") as refused:
        store.join(engine, code, "Ana")
    assert "\n" not in str(refused.value)
    assert rows(engine, store.students) == []


def test_an_expired_class_is_gone_even_before_the_purge(engine):
    code, token = store.start_class(engine, now=datetime.now(UTC) - store.RETENTION - timedelta(minutes=1))
    assert store.state(engine, code) is None
    assert not store.is_teacher(engine, code, token)
    with pytest.raises(ClassError, match="There is no class"):
        store.join(engine, code)


@pytest.mark.parametrize(
    ("nickname", "stored"),
    [
        ("", "Student 1"),
        ("   ", "Student 1"),
        ("  Ana  ", "Ana"),
        ("Ana\n\tBo", "Ana Bo"),
        ("\u202eAna\u202c", "Ana"),  # right-to-left override
        ("\u2067Bo\u2069\u200b", "Bo"),  # isolate and zero-width space
        ("José 李雷 O'Neil-Ng", "José 李雷 O'Neil-Ng"),
        ("x" * 24, "x" * 24),
        ("🙂 Sam", "🙂 Sam"),
    ],
    ids=lambda v: ascii(v)[:16],
)
def test_nicknames_are_cleaned(engine, nickname, stored):
    code, _ = store.start_class(engine)
    assert store.join(engine, code, nickname).name == stored
    assert [r["name"] for r in rows(engine, store.students)] == [stored]


@pytest.mark.parametrize(
    ("nickname", "message"),
    [
        ("x" * 25, "at most 24 characters"),
        ("x" * 10_000, "at most 24 characters"),
        ("\u202e" * 10_000, "at most 24 characters"),
        ("<b>Ana</b>", "letters, digits, spaces"),
        ("<script>alert(1)</script>", "at most 24 characters"),
        ("$\\frac{1}{2}$", "letters, digits, spaces"),
        ("**Ana**", "letters, digits, spaces"),
        (None, "text"),
    ],
    ids=lambda v: ascii(v)[:16],
)
def test_bad_nicknames_are_refused_and_nothing_is_stored(engine, nickname, message):
    code, _ = store.start_class(engine)
    with pytest.raises(ClassError, match=message) as refused:
        store.join(engine, code, nickname)
    assert "\n" not in str(refused.value)
    assert rows(engine, store.students) == []
    assert store.join(engine, code).name == "Student 1"  # a refused join hands out no number


def test_answers_longer_than_40_characters_or_empty_are_refused(engine, lesson):
    code, _ = lesson
    student = store.join(engine, code)
    assert answer(engine, code, student, "1" * 40).answer == "1" * 40
    for bad, message in [
        ("1" * 41, "at most 40"),
        ("9" * 10_000, "at most 40"),
        ("  ", "Type an answer"),
        (None, "text"),
    ]:
        with pytest.raises(ClassError, match=message):
            answer(engine, code, student, bad, now=datetime.now(UTC) + timedelta(seconds=5))
    assert [r["answer"] for r in rows(engine, store.answers_table)] == ["1" * 40]


def test_a_student_sending_100_answers_a_second_is_limited(engine, lesson):
    code, _ = lesson
    student, start = store.join(engine, code), datetime.now(UTC)
    accepted = refused = 0
    for i in range(100):  # one every 10 ms
        try:
            answer(engine, code, student, f"0.{i}", now=start + timedelta(milliseconds=10 * i))
            accepted += 1
        except ClassError as error:
            assert "Too many answers" in str(error)
            refused += 1
    assert 1 <= accepted <= store.BURST + store.PER_SECOND + 1 and refused == 100 - accepted
    assert len(rows(engine, store.answers_table)) == accepted
    later = start + timedelta(seconds=5)  # after a pause the student answers again
    assert answer(engine, code, student, "0.082", now=later).correct


def test_the_rate_limit_holds_at_full_speed_on_the_real_clock(engine, lesson):
    code, _ = lesson
    student, accepted, start = store.join(engine, code), 0, time.monotonic()
    for _ in range(100):
        try:
            answer(engine, code, student)
            accepted += 1
        except ClassError:
            pass
    elapsed = time.monotonic() - start  # the bound follows the machine's speed: no timing limit
    assert 1 <= accepted <= store.BURST + store.PER_SECOND * elapsed + 1
    assert len(rows(engine, store.answers_table)) == accepted


def test_counts_use_each_present_students_last_answer(engine, lesson):
    code, token = lesson
    t = datetime.now(UTC)
    ana, bo, cy, di, ed = (store.join(engine, code) for _ in range(5))
    answer(engine, code, ana, "-0.08", False, now=t)
    answer(engine, code, ana, "0.082", True, now=t + timedelta(seconds=2))  # wrong, then right
    answer(engine, code, bo, "0.082", True, now=t)
    answer(engine, code, bo, "0.8", False, now=t + timedelta(seconds=2))  # right, then wrong
    answer(engine, code, cy, "0.8", False, now=t)
    answer(engine, code, ed, "0.082", True, now=t)
    store.leave(engine, code, ed.id)  # left: no longer counted, but the CSV keeps the answer
    answer(engine, code, di, "0.5", True, step="dE_dw6", now=t)  # another step
    assert store.counts(engine, code, token, "backward", "dE_dw5") == store.Counts(4, 3, 1)
    assert store.counts(engine, code, token, "backward", "dE_dw6") == store.Counts(4, 1, 1)
    assert store.counts(engine, code, token, "forward", "dE_dw5") == store.Counts(4, 0, 0)
    assert len(store.answers(engine, code, token, "backward", "dE_dw5")) == 6
    assert [a.answer for a in store.answers(engine, code, token, step="dE_dw6")] == ["0.5"]


def test_publish_moves_the_version_only_on_a_change_and_never_carries_the_token(engine):
    code, token = store.start_class(engine)
    first = store.state(engine, code)
    assert (first.lesson, first.query, first.key, first.version) == ("", (), None, 1)
    query = {"eta": "0.5", "teacher": token, "class": code, "present": "1", "step": "3"}
    published = store.publish(engine, code, token, "backward", query, KEY)
    assert published.query == (("eta", "0.5"), ("step", "3")) and published.key == KEY
    assert token not in repr(rows(engine, store.classes))
    assert published.version == 2 == store.state(engine, code).version
    assert store.publish(engine, code, token, "backward", (("eta", "0.5"), ("step", "3")), KEY).version == 2
    assert store.publish(engine, code, token, "backward", (("eta", "0.5"), ("step", "4")), KEY).version == 3
    assert store.publish(engine, code, token, "backward", (("eta", "0.5"), ("step", "4")), None).version == 4
    nan_key = Key("backward", "s", "t", math.nan, None, ())
    assert math.isnan(store.publish(engine, code, token, "backward", (), nan_key).key.value)


def test_reveal_and_end_bump_the_version_and_an_ended_class_takes_nothing_new(engine, lesson):
    code, token = lesson
    student = store.join(engine, code)
    answer(engine, code, student)
    version = store.state(engine, code).version
    shown = store.reveal(engine, code, token, "backward", "dE_dw5")
    assert shown.revealed == {("backward", "dE_dw5")} and shown.version == version + 1
    assert store.reveal(engine, code, token, "backward", "dE_dw5").version == version + 1  # no change
    store.end_class(engine, code, token)
    ended = store.state(engine, code)
    assert ended.ended and ended.version == version + 2
    store.end_class(engine, code, token)
    assert store.state(engine, code).version == version + 2
    for call in [
        lambda: store.join(engine, code),
        lambda: answer(engine, code, student, now=datetime.now(UTC) + timedelta(seconds=9)),
        lambda: store.publish(engine, code, token, "forward", (), None),
        lambda: store.reveal(engine, code, token, "backward", "dE_dw6"),
    ]:
        with pytest.raises(ClassError, match=f"Class {code} has ended"):
            call()
    assert len(store.answers(engine, code, token)) == 1  # the teacher still has the answers
    assert store.csv_text(engine, code, token).count("\n") == 2


def test_a_student_who_left_cannot_answer(engine, lesson):
    code, token = lesson
    student = store.join(engine, code, "Ana")
    store.leave(engine, code, student.id)
    store.leave(engine, code, student.id)
    store.leave(engine, code, "not-a-student-id-at-all")
    store.leave(engine, "??", None)
    with pytest.raises(ClassError, match=f"You are not in class {code}"):
        answer(engine, code, student)
    with pytest.raises(ClassError, match="You are not in class"):
        store.record_answer(engine, code, "forged-id-forged-id", "backward", "dE_dw5", "1", True)
    assert store.counts(engine, code, token, "backward", "dE_dw5").joined == 0


def test_a_student_id_works_only_in_its_own_class(engine, lesson):
    code, _ = lesson
    other, _ = store.start_class(engine)
    student = store.join(engine, other)
    with pytest.raises(ClassError, match="You are not in class"):
        answer(engine, code, student)


def test_a_full_class_refuses_more_students(engine, monkeypatch):
    monkeypatch.setattr(store, "MAX_STUDENTS", 3)
    code, _ = store.start_class(engine)
    assert [store.join(engine, code).number for _ in range(3)] == [1, 2, 3]
    with pytest.raises(ClassError, match="is full"):
        store.join(engine, code)


def test_purge_deletes_old_classes_with_their_students_and_answers(engine):
    now = datetime.now(UTC)
    old_code, new_code = (store.start_class(engine)[0] for _ in range(2))
    for code in (old_code, new_code):
        answer(engine, code, store.join(engine, code))
    with engine.begin() as conn:  # the old class was started 25 hours ago, the new one 1 hour ago
        for code, hours in [(old_code, 25), (new_code, 1)]:
            back = (now - timedelta(hours=hours)).replace(tzinfo=None)
            conn.execute(text("UPDATE classes SET created_at = :t WHERE code = :c"), {"t": back, "c": code})
    assert store.purge(engine, now=now) == 1
    assert {r["code"] for r in rows(engine, store.classes)} == {new_code}
    assert {r["code"] for r in rows(engine, store.students)} == {new_code}
    assert {r["code"] for r in rows(engine, store.answers_table)} == {new_code}
    assert store.purge(engine, now=now) == 0
    assert store.purge(engine, older_than=timedelta(minutes=30), now=now) == 1
    assert (
        rows(engine, store.classes) == rows(engine, store.students) == rows(engine, store.answers_table) == []
    )


def test_csv_has_the_header_one_row_an_answer_and_no_formulas(engine, lesson):
    code, token = lesson
    t = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    students = [store.join(engine, code, name) for name in ("-Ana", "Bo", "Cy", "Di", "Ed", "Flo")]
    texts = ["=1+2", "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-0.082", '1,"2"', "-2+3"]
    for student, text_ in zip(students, texts):
        answer(engine, code, student, text_, False, now=t)
    lines = store.csv_text(engine, code, token).splitlines()
    assert lines[0] == "student,lesson,step,answer,correct,answered_at"
    table = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    assert [r[0] for r in table] == ["'-Ana", "Bo", "Cy", "Di", "Ed", "Flo"]
    assert [r[3] for r in table] == [
        "'=1+2",
        "'@SUM(A1:A9)",
        "'+cmd|' /C calc'!A0",
        "-0.082",
        '1,"2"',
        "'-2+3",
    ]
    assert table[0][1:3] == ["backward", "dE_dw5"] and table[0][4:] == [
        "false",
        "2026-01-02T03:04:05.678+00:00",
    ]
    assert all(cell[:1] not in ("=", "+", "@") for r in table for cell in r)


INJECTIONS = ["'); DROP TABLE answers;--", "1 OR 1=1", '"; DELETE FROM classes; --', "x' UNION SELECT 1--"]


def test_sql_injection_strings_are_stored_verbatim_as_data(engine, lesson):
    code, token = lesson
    t = datetime.now(UTC)
    for i, bad in enumerate(INJECTIONS):
        student = store.join(engine, code, "O'Brien -- x")
        assert answer(engine, code, student, bad, False, now=t + timedelta(seconds=i)).answer == bad
        store.publish(engine, code, token, bad[:40], ((bad, bad),), None)
        assert (
            store.state(engine, code).query == ((bad, bad),) and store.state(engine, code).lesson == bad[:40]
        )
    assert [a.answer for a in store.answers(engine, code, token)] == INJECTIONS
    assert {a.student for a in store.answers(engine, code, token)} == {"O'Brien -- x"}
    assert len(rows(engine, store.classes)) == 1


@pytest.mark.parametrize(
    "call",
    [
        lambda e, c, t: store.publish(e, c, t, "x" * 65, (), None),
        lambda e, c, t: store.publish(e, c, t, "back\u202eward", (), None),
        lambda e, c, t: store.publish(e, c, t, "backward", (("k", "v" * 9000),), None),
        lambda e, c, t: store.publish(e, c, t, "backward", ((1, 2),), None),
        lambda e, c, t: store.publish(e, c, t, "backward", 5, None),
        lambda e, c, t: store.publish(e, c, t, "backward", (), "not a key"),
        lambda e, c, t: store.publish(e, c, t, "backward", (), Key("backward", "s", "t", "x", None, ())),
        lambda e, c, t: store.reveal(e, c, t, "backward", ""),
    ],
)
def test_the_teachers_bad_input_is_refused_in_one_line(engine, call):
    code, token = store.start_class(engine)
    with pytest.raises(ClassError) as refused:
        call(engine, code, token)
    assert "\n" not in str(refused.value)
    assert store.state(engine, code).version == 1


def test_times_are_utc_and_aware(engine, lesson):
    code, token = lesson
    t = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    given = answer(engine, code, store.join(engine, code), now=t)
    (found,) = store.answers(engine, code, token)
    assert given == found and found.answered_at == t and found.answered_at.tzinfo is not None
    assert store.state(engine, code).created_at.tzinfo is not None


def test_two_engines_join_and_answer_at_once(engine, lesson):
    """Two app processes (here: two engines in two threads) on one database, writing together."""
    code, token = lesson
    failures, per_engine = [], 15

    def host():
        mine = create_engine(engine.url)
        try:
            for i in range(per_engine):
                student = store.join(mine, code)
                when = datetime.now(UTC) + timedelta(seconds=i)
                store.record_answer(mine, code, student.id, "backward", "dE_dw5", "0.082", True, now=when)
        except Exception as error:  # reported below: a thread's exception would vanish
            failures.append(error)
        finally:
            mine.dispose()

    hosts = [threading.Thread(target=host) for _ in range(2)]
    for thread in hosts:
        thread.start()
    for thread in hosts:
        thread.join(timeout=60)
    assert failures == []
    assert store.counts(engine, code, token, "backward", "dE_dw5") == store.Counts(30, 30, 30)
    assert sorted(r["number"] for r in rows(engine, store.students)) == list(range(1, 2 * per_engine + 1))
