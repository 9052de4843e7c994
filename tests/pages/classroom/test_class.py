"""The Class page and class mode through the whole app (AppTest): start a class, its links and QR code;
join by link or code; a student's page moved to the teacher's page, step and numbers; an answer stored,
then marked against the teacher's key; the teacher's counts, wrong answers with their mistakes, Reveal,
the CSV, End class; Leave class; My own pace."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

from backprop_core import ARTICLE, mistakes, numbers
from backprop_core.symbolic import backward_steps, forward_steps
from tests.pages.classroom.conftest import CLASS_PAGE, join, plain, session, start, submit, texts, tick
from ui import presenter
from ui.classroom import follow, store

FORWARD = {s.name: s for s in forward_steps(ARTICLE, 9)}
W5 = {s.name: s for s in backward_steps(ARTICLE, 9, update_biases=False)["w5"]}


def param(app, key: str) -> list[str]:
    """A link key's values (AppTest gives one value as a string)."""
    value = app.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def answer(app, step: str, text: str):
    app.text_input(key=f"class_answer_text_{step}").input(text)
    return submit(app, "Check")


def test_start_a_class_shows_the_two_links_and_a_qr_code(db):
    app, code, token = start(session())
    assert len(code) == 6 and set(code) <= set(store.CODE_ALPHABET)
    assert len(token) >= 22  # secrets.token_urlsafe(24): 192 bits
    students, teachers = [c.value for c in app.code]
    assert parse_qs(urlsplit(students).query) == {"class": [code]}
    assert urlsplit(students).path.endswith("/class")
    assert parse_qs(urlsplit(teachers).query) == {"class": [code], "teacher": [token]}
    assert app.get("image"), "the QR code of the students' link"
    assert param(app, "class") == [code] and param(app, "teacher") == [token]
    assert store.is_teacher(db, code, token)


def test_the_qr_code_is_the_students_link():
    from pages.classroom import teacher

    png = teacher.qr_png("http://example.test/class?class=ABCDEF")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_students_link_joins_with_a_nickname_or_a_number(db):
    _, code, _ = start(session())
    ann, second = join(code, "Ann"), join(code)
    assert not ann.exception and not second.exception
    assert ann.session_state[follow.MEMBER].student.name == "Ann"
    assert second.session_state[follow.MEMBER].student.name == "Student 2"
    assert f"In class **{code}** as **Ann**" in texts(ann)
    assert "teacher" not in ann.query_params and param(ann, "class") == [code]
    assert ann.button(key="class_leave")


def test_a_code_typed_on_the_class_page_joins_too(db):
    _, code, _ = start(session())
    app = session()
    app.run()
    app.switch_page(CLASS_PAGE).run()
    app.text_input(key="class_code").input(code.lower())
    app.text_input(key="class_code_name").input("Kim")
    submit(app, "Join the class")
    assert app.session_state[follow.MEMBER].student.name == "Kim"


def test_a_student_follows_the_teacher_to_the_page_step_and_numbers(db):
    teacher, code, _ = start(session())
    ann = join(code, "Ann")
    assert "Waiting for your teacher" in texts(ann)
    teacher.switch_page("pages/forward_pass/page.py").run()
    teacher.sidebar.number_input(key="w1").set_value(0.2).run()
    teacher.button(key="next").click().run()
    state = store.state(db, code)
    assert state.lesson == "forward_pass" and ("fwd_step", "out_h1") in state.query
    assert not {"class", "teacher", "present"} & {k for k, _ in state.query}
    assert state.key.step == "out_h1" and state.key.value is not None
    tick(ann)  # the teacher has moved
    assert not ann.exception
    assert ann.title[0].value == "1 · Forward pass"
    assert param(ann, "fwd_step") == ["out_h1"] and param(ann, "w1") == ["0.2"]
    assert ann.sidebar.number_input(key="w1").value == 0.2
    assert [f.label for f in ann.text_input] == ["Your answer"]
    assert r"out_{h1} = \;?" in ann.latex[0].value  # the value waits for the answer


def test_my_own_pace_stays_and_back_catches_up(db):
    teacher, code, _ = start(session())
    teacher.switch_page("pages/forward_pass/page.py").run()
    ann = join(code, "Ann")
    assert ann.title[0].value == "1 · Forward pass"
    ann.toggle(key=follow.PACE).set_value(True).run()
    teacher.button(key="next").click().run()
    tick(ann)
    assert "fwd_step" not in ann.query_params  # still on the first step
    tick(ann.toggle(key=follow.PACE).set_value(False))
    assert param(ann, "fwd_step") == ["out_h1"]


def test_an_answer_is_stored_then_marked_and_the_teacher_counts_it(db):
    teacher, code, token = start(session())
    teacher.switch_page("pages/forward_pass/page.py").run()
    teacher.button(key="next").click().run()
    ann, bob = join(code, "Ann"), join(code, "Bob")
    right = numbers.text(FORWARD["out_h1"].value, 6)
    answer(ann, "out_h1", "0.5")
    assert "Answer stored" in texts(ann) and not ann.success
    answer(ann, "out_h1", right)
    assert [plain(s.value) for s in ann.success] == ["Answer stored: right."]
    assert not ann.text_input, "answered right: the step shows its value"
    answer(bob, "out_h1", "-" + right)
    assert store.counts(db, code, token, "forward_pass", "out_h1") == store.Counts(2, 2, 1)
    rows = list(csv.DictReader(io.StringIO(store.csv_text(db, code, token))))
    assert [(r["student"], r["answer"], r["correct"]) for r in rows][-1][:2] == ("Bob", "-" + right)
    teacher.run()
    assert "2 joined · 2 answered · 1 correct" in texts(teacher)


def test_the_teachers_view_names_the_likely_mistake_reveals_and_ends(db):
    teacher, code, token = start(session())
    teacher.switch_page("pages/backward_pass/page.py").run()
    while param(teacher, "bwd_step") != ["dE_dw5"]:
        teacher.button(key="next").click().run()
    ann, bob = join(code, "Ann"), join(code, "Bob")
    left_out = next(v for v, why in W5["dE_dw5"].slips if why == mistakes.NO_SLOPE)
    answer(ann, "dE_dw5", numbers.text(left_out, 6))
    answer(bob, "dE_dw5", numbers.text(W5["dE_dw5"].value, 6))
    teacher.switch_page(CLASS_PAGE).run()
    assert not teacher.exception
    metrics = {m.label: m.value for m in teacher.metric}
    assert metrics == {"Joined": "2", "Answered": "2", "Correct": "1"}
    [table] = teacher.table
    assert table.value["likely mistake"].tolist() == [mistakes.NO_SLOPE]
    assert teacher.get("plotly_chart")
    teacher.button(key="class_reveal").click().run()
    assert ("backward_pass", "dE_dw5") in store.state(db, code).revealed
    tick(ann)
    assert not ann.text_input and r"\begin{aligned}" in ann.latex[0].value  # revealed: the value shows
    teacher.button(key="class_end").click().run()
    assert store.state(db, code).ended
    tick(ann)
    assert "This class has ended." in texts(ann) and follow.MEMBER not in ann.session_state
    assert "class" not in ann.query_params


def test_leave_class(db):
    teacher, code, token = start(session())
    ann = join(code, "Ann")
    ann.button(key="class_leave").click().run()
    assert follow.MEMBER not in ann.session_state and "class" not in ann.query_params
    assert store.counts(db, code, token, "", "").joined == 0


def test_the_teachers_token_never_reaches_a_student(db):
    teacher, code, token = start(session())
    teacher.switch_page("pages/forward_pass/page.py").run()
    teacher.toggle(key="present").set_value(True).run()
    ann = join(code, "Ann")
    assert token not in texts(ann) and token not in str(dict(ann.query_params))
    assert token not in str(store.state(db, code))
    link = presenter.students_link(
        "http://x/forward_pass", Params({k: param(teacher, k) for k in teacher.query_params})
    )
    assert f"class={code}" in link and token not in link and "teacher" not in link


class Params(dict):
    """st.query_params's reading side: each key's values."""

    def get_all(self, key):
        return self[key]


def test_the_students_link_drops_the_teacher_and_presenter_mode():
    given = {"sgd_lr": ["0.5"], "present": ["1"], "teacher": ["secret"], "class": ["C"]}
    link = presenter.students_link("http://x/sgd?a=1", Params(given))
    assert parse_qs(urlsplit(link).query) == {"sgd_lr": ["0.5"], "class": ["C"]}
