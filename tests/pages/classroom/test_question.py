"""The class's question holds its answer back on a student's page: at the teacher's ∂E_total/∂w5 the
Backward pass shows its value nowhere (not the step, the delta rule's numbers, the diagram, the table of
every parameter), until the student has answered it right."""

from backprop_core import ARTICLE, numbers
from backprop_core.reading import read
from backprop_core.symbolic import backward_steps
from tests.pages.classroom.conftest import join, session, start, submit, texts

ASKED = next(s for s in backward_steps(ARTICLE, 9, update_biases=False)["w5"] if s.name == "dE_dw5")


def everything(app) -> str:
    """Every text, formula, table and chart the page draws."""
    parts = [texts(app), *(e.value for e in app.latex), *(str(t.value) for t in app.table)]
    parts += [str(t.value) for t in app.dataframe] + [c.proto.spec for c in app.get("plotly_chart")]
    return "\n".join(parts)


def shows_the_value(app) -> bool:
    page = everything(app)
    return any(numbers.text(ASKED.value, digits) in page for digits in (4, 6, 9))


def test_the_question_keeps_its_value_off_the_students_page_until_answered(db):
    teacher, code, _ = start(session())
    teacher.switch_page("pages/backward_pass/page.py").run()
    while teacher.query_params.get("bwd_step") != "dE_dw5":
        teacher.button(key="next").click().run()
    assert shows_the_value(teacher)  # the teacher's own page is not asked
    ann = join(code, "Ann")
    assert not ann.exception and [f.label for f in ann.text_input] == ["Your answer"]
    assert not shows_the_value(ann)
    asked = "In words: " + read(ASKED.symbol + r" = \;?")  # the question's formula, read (ui/said.py)
    assert asked in [t.value for t in ann.get("text")]
    ann.text_input(key="class_answer_text_dE_dw5").input(numbers.text(ASKED.value, 6))
    submit(ann, "Check")
    assert not ann.text_input and shows_the_value(ann)  # answered right: the page states it
