"""Class mode's bad input and abuse, through the whole app (AppTest): a wrong, malformed or ended code; a
forged, borrowed or missing teacher token; many wrong codes from one session; hostile nicknames; answers
that are not numbers, too long or too fast; a database that does not answer. Each gets one line, never a
traceback, nothing stored that should not be, and never the teacher's view."""

import pytest

from tests.pages.classroom.conftest import (
    CLASS_PAGE,
    join,
    plain,
    session,
    start,
    submit,
    synced,
    texts,
    tick,
)
from ui.classroom import follow, store


def opened(page: str = "", **query):
    """A new session opening a link (its first run: where the link's one line shows), then ``page``."""
    app = session()
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    return app.switch_page(page).run() if page else app


def teachers_view(app) -> bool:
    return bool(app.metric) or any(b.key == "class_csv" for b in app.get("download_button"))


def one_line(app) -> str:
    [line] = app.warning
    assert not app.exception
    return plain(line.value)


BAD_CODES = ["ZZZZZZ", "<b>x</b>", "$x$", "A" * 10_000, "Z2Z2Z2\u202e"]


def test_a_wrong_or_malformed_code_is_one_line_and_leaves_the_link(db):
    app = session()
    for code in BAD_CODES:  # one session: a link opened, then the next (each counts as a wrong code)
        app.query_params["class"] = code
        app.run()
        assert one_line(app).startswith("No class is open with that code")
        assert "class" not in app.query_params and follow.MEMBER not in app.session_state
        assert code not in texts(app) or code == "ZZZZZZ"  # never echoed (a wrong plain code may be)
        assert not any(b.label == "Join the class" for b in app.button)


def test_an_ended_class(db):
    _, code, token = start(session())
    store.end_class(db, code, token)
    app = opened(**{"class": code})
    assert one_line(app) == follow.ENDED and follow.MEMBER not in app.session_state


def test_a_forged_or_borrowed_teacher_token_never_opens_the_teachers_view(db):
    _, code, token = start(session())
    borrowed = start(session())[2]  # another class's real token
    for forged in ["forged-token", "A" * 32, "<script>alert(1)</script>", borrowed]:
        app = opened(**{"class": code, "teacher": forged})
        assert one_line(app).startswith("This teacher's link is not valid")
        assert not teachers_view(app) and "teacher" not in app.query_params
        assert forged not in texts(app) and token not in texts(app)
        assert any(b.label == "Join the class" for b in app.button)  # a student may still join
        assert not teachers_view(app.switch_page(CLASS_PAGE).run())
    lesson = opened("pages/forward_pass/page.py", **{"class": code, "teacher": "forged-token"})
    assert not any(b.key == "class_reveal_counter" for b in lesson.button)


def test_a_students_link_is_never_the_teachers_view(db):
    _, code, _ = start(session())
    app = opened(CLASS_PAGE, **{"class": code})
    assert not app.warning and not teachers_view(app)
    ann = join(code, "Ann")
    assert not teachers_view(ann.switch_page(CLASS_PAGE).run())


def test_many_wrong_codes_from_one_session_are_limited(db):
    _, code, token = start(session())
    app = opened(CLASS_PAGE)
    for _ in range(follow.WRONG_CODES):
        app.text_input(key="class_code").input("ZZZZZZ")
        submit(app, "Join the class")
        assert one_line(app).startswith("No class is open")
    app.text_input(key="class_code").input(code)  # even the right code, now
    submit(app, "Join the class")
    assert one_line(app).startswith("Too many wrong class codes")
    assert follow.MEMBER not in app.session_state
    assert store.counts(db, code, token, "", "").joined == 0


def test_a_hostile_nickname_is_one_line_and_joins_nobody(db):
    teacher, code, token = start(session())
    app = opened(CLASS_PAGE, **{"class": code})
    for nickname in ['<img src=x onerror="alert(1)">', r"$\frac{1}{0}$", "[link](http://evil.test)"]:
        app.text_input(key="class_join_name").set_value(nickname)
        submit(app, "Join the class")
        assert one_line(app).startswith("A nickname may use")
        assert follow.MEMBER not in app.session_state
    assert store.counts(db, code, token, "", "").joined == 0


def test_a_nickname_of_10000_characters_is_cut_to_24(db):
    """Streamlit's text field keeps max_chars on the server too: a client cannot send more."""
    _, code, _ = start(session())
    app = opened(CLASS_PAGE, **{"class": code})
    app.text_input(key="class_join_name").set_value("Ann" * 3_334)
    submit(app, "Join the class")
    assert app.session_state[follow.MEMBER].student.name == "Ann" * 8


def test_right_to_left_marks_leave_a_nickname_and_it_is_shown_as_typed(db):
    _, code, _ = start(session())
    ann = join(code, "\u202eAnn_x.")
    assert ann.session_state[follow.MEMBER].student.name == "Ann_x."
    assert r"Ann\_x\." in "\n".join(m.value for m in ann.markdown)  # Markdown shows it as typed
    assert "Ann" not in "".join(str(h.proto) for h in ann.get("html"))


def answered(db, code, token):
    return store.answers(db, code, token, "forward_pass", "out_h1")


@pytest.fixture
def question(db):
    """A class at lesson 1's second step (a question) and a student there."""
    teacher, code, token = start(session())
    teacher.switch_page("pages/forward_pass/page.py").run()
    teacher.button(key="next").click().run()
    return join(code, "Ann"), code, token


def test_an_answer_that_is_not_a_number_is_named_and_not_stored(db, question):
    ann, code, token = question
    for text in ["abc", "1e400", "-1e400", "0x10", "nan", "inf", "1_0", "١", " ", "=1+1"]:
        ann.text_input(key="class_answer_text_out_h1").set_value(text)
        submit(ann, "Check")
        assert one_line(ann) == follow.UNREADABLE
    assert answered(db, code, token) == []


def test_an_answer_too_long_is_cut_to_40_characters(db, question):
    ann, code, token = question
    ann.text_input(key="class_answer_text_out_h1").set_value("0." + "5" * 60)
    submit(ann, "Check")
    [stored] = answered(db, code, token)
    assert stored.answer == "0." + "5" * 38 and not stored.correct


def test_answers_too_fast_are_refused_in_one_line(db, question):
    ann, code, token = question
    said = []
    for i in range(8):  # as fast as AppTest runs: far more than two a second
        ann.text_input(key="class_answer_text_out_h1").set_value(f"0.{i}")
        synced(submit(ann, "Check"))
        said += [plain(e.value) for e in ann.error]
    assert said and all(line.startswith("Too many answers") for line in said)
    assert not ann.exception
    assert len(answered(db, code, token)) == 8 - len(said)


def test_a_database_that_does_not_answer_is_one_line(db, monkeypatch, tmp_path):
    _, code, _ = start(session())
    ann = join(code, "Ann")
    monkeypatch.setenv("BACKPROP_CLASS_DB", f"sqlite:///{tmp_path}/no/such/folder/classroom.sqlite")
    monkeypatch.setattr(follow, "FRESH", 0.0)  # the tick asks the database, not this process's last read
    tick(ann)
    assert not ann.exception
    assert follow.DATABASE in texts(ann)
    assert ann.session_state[follow.MEMBER].code == code  # a passing failure: still in the class
