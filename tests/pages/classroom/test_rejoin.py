"""A student's page that comes back on another process (its machine died: deploy/school.sh) or is
reloaded: a new session, with only the page's own address. It is the same student, in the class, at
the teacher's place; a forged id is no one, and the students' link never carries anyone's id."""

from tests.pages.classroom.conftest import join, session, start, synced, texts, tick
from ui.classroom import follow, store

LESSON = "pages/forward_pass/page.py"


def reopen(address: dict) -> object:
    """A new session on the address a page had (AppTest: its query params, then its page)."""
    app = session()
    for key, value in address.items():
        app.query_params[key] = value
    app.run()
    return synced(app)


def test_a_page_back_on_another_process_is_the_same_student_at_the_teachers_place(db):
    teacher, code, token = start(session())
    teacher.switch_page(LESSON).run()
    ann = join(code, "Ann")
    me = ann.session_state[follow.MEMBER].student
    assert ann.query_params["student"] == me.id  # her own address, from the join on
    teacher.button(key="next").click().run()
    tick(ann)
    address = {key: ann.query_params[key] for key in ann.query_params}
    assert address["fwd_step"] == "out_h1"

    back = reopen(address)
    assert not back.exception
    assert back.session_state[follow.MEMBER].student == me  # not a join form, not a new student
    assert "you are **Ann**" in texts(back) and back.title[0].value == "1 · Forward pass"
    assert [f.label for f in back.text_input] == ["Your answer"]  # at the teacher's question
    assert store.counts(db, code, token, "forward_pass", "out_h1").joined == 1


def test_a_forged_or_left_id_is_no_one(db):
    _, code, _ = start(session())
    ann = join(code, "Ann")
    forged = reopen({"class": code, "student": "x" * 22})
    assert follow.MEMBER not in forged.session_state and "has gone: join it again" in texts(forged)
    assert [b.label for b in forged.button if b.label == "Join the class"]  # the students' link's join form
    me = ann.session_state[follow.MEMBER].student
    ann.button(key="class_leave").click().run()
    assert "student" not in ann.query_params
    assert follow.MEMBER not in reopen({"class": code, "student": me.id}).session_state
