"""The one stepper, on a lesson of its own (three steps, one of them a vector): stepping, Show all, a
link's step, practice (a vector is shown, never asked), steps that change under the learner, presenter
mode. Each lesson's own tests check it on their pages."""

import pytest
from streamlit.testing.v1 import AppTest

from ui.stepper import Keys, is_right


def lesson(steps: int = 3) -> None:
    """A lesson of ``steps`` steps (the session's ``steps`` wins): a, v (a vector), b."""
    import streamlit as st

    from backprop_core.steps import Step
    from ui import stepper

    vector = r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}"
    every = (
        Step("a", "Add", "a", "1 + 1", "1 + 1", 2.0, "2"),
        Step("v", "A vector", "v", "(a, 2)^T", "", None, "", latex=rf"v = {vector}"),
        Step("b", "Multiply", "b", r"a \cdot 3", r"2 \cdot 3", 6.0, "6"),
    )
    shown = every[: st.session_state.get("steps", steps)]
    controls = stepper.controls("demo", {"demo": shown}, keys=stepper.Keys.own("demo"))
    known = stepper.show_steps(shown, "demo", controls)
    st.caption("known: [" + ",".join(f"{k}={v}" for k, v in known.items()) + "]")


@pytest.fixture
def demo() -> AppTest:
    return AppTest.from_function(lesson, default_timeout=30)


def known(app) -> str:
    return next(c.value for c in app.caption if c.value.startswith("known: "))


def latex(app) -> str:
    return "\n".join(e.value for e in app.latex)


def test_keys_shared_by_the_worked_example_or_a_lessons_own():
    assert Keys.of("fwd") == Keys("fwd_step", "fwd_param", "next", "prev", "show_all", "fwd_practice")
    assert Keys.of("fwd").in_link == ("fwd_step", "fwd_param", "fwd_practice")
    assert Keys.own("rnn") == Keys("rnn_step", "", "rnn_next", "rnn_prev", "rnn_all", "rnn_practice")


def test_next_and_previous_walk_the_steps_and_stop_at_the_ends(demo):
    demo.run()
    assert demo.select_slider(key="demo_step").value == "a" and demo.button(key="demo_prev").disabled
    assert known(demo) == "known: [a=2.0]"
    demo.button(key="demo_next").click().run()
    demo.button(key="demo_next").click().run()
    assert demo.select_slider(key="demo_step").value == "b" and demo.button(key="demo_next").disabled
    assert known(demo) == "known: [a=2.0,v=None,b=6.0]" and r"2 \cdot 3" in latex(demo)
    demo.button(key="demo_prev").click().run()
    assert demo.select_slider(key="demo_step").value == "v" and r"\begin{bmatrix}" in latex(demo)
    assert not demo.exception


def test_show_all_shows_every_step_and_holds_the_buttons(demo):
    demo.run()
    demo.toggle(key="demo_all").set_value(True).run()
    assert [m.value for m in demo.markdown if m.value.startswith("####")] == [
        "#### 1. a: add",
        "#### 2. v: a vector",
        "#### 3. b: multiply",
    ]
    assert demo.button(key="demo_next").disabled and demo.button(key="demo_prev").disabled
    assert demo.select_slider(key="demo_step").disabled


def test_a_link_opens_at_its_step_and_a_bad_one_is_named(demo):
    demo.query_params["demo_step"] = "b"
    demo.run()
    assert demo.select_slider(key="demo_step").value == "b"
    bad = AppTest.from_function(lesson, default_timeout=30)
    bad.query_params["demo_step"] = "<b>zz</b>"
    bad.run()
    assert bad.select_slider(key="demo_step").value == "a"
    assert [w.value for w in bad.warning] == [
        "demo_step in the link is not one of the choices here; showing a."
    ]


def test_practice_asks_a_number_and_shows_a_vector(demo):
    demo.run()
    demo.toggle(key="demo_practice").set_value(True).run()
    assert r"a = \;?" in latex(demo) and known(demo) == "known: []"
    assert "0 of 2" in demo.get("progress")[0].proto.text  # the vector is not counted: it is never asked
    demo.text_input(key="answer_a").input("2.00").run()
    demo.button(key="check_a").click().run()
    assert known(demo) == "known: [a=2.0]" and "1 of 2" in demo.get("progress")[0].proto.text
    demo.button(key="demo_next").click().run()
    assert not demo.text_input and r"v = \begin{bmatrix}" in latex(demo)  # shown worked, nothing to type
    assert known(demo) == "known: [a=2.0,v=None]"
    demo.button(key="demo_next").click().run()
    demo.text_input(key="answer_b").input("7").run()
    demo.button(key="check_b").click().run()
    assert "Not yet" in demo.warning[0].value and r"b &= a \cdot 3 \\ &= 2 \cdot 3" in latex(demo)  # the hint
    assert not demo.exception


def test_steps_that_change_under_the_learner_start_again(demo):
    demo.run()
    demo.button(key="demo_next").click().run()
    demo.button(key="demo_next").click().run()
    demo.session_state["steps"] = 2  # b is gone (a new T, a new batch size)
    demo.run()
    assert demo.select_slider(key="demo_step").value == "a" and not demo.exception
    assert demo.select_slider(key="demo_step").options == ["1. a: add", "2. v: a vector"]


def test_presenter_mode_shows_one_step_and_the_keys_drive_this_lessons_buttons(demo):
    demo.session_state["present"] = True
    demo.run()
    assert {t.key for t in demo.toggle} == {"demo_all", "demo_practice"}  # both work while presenting
    assert len(demo.latex) == 1  # one step at a time until Show all steps is on
    scripts = [str(e.proto) for e in demo.get("iframe") if "__backpropKeys" in str(e.proto)]
    assert len(scripts) == 1 and "st-key-demo_next" in scripts[0] and "st-key-demo_prev" in scripts[0]
    demo.button(key="demo_next").click().run()
    assert demo.select_slider(key="demo_step").value == "v" and len(demo.latex) == 1


def test_practice_answers_are_plain_numbers_too():
    assert is_right("0.5933", 0.5933) and is_right("5.933e-1", 0.5933) and is_right("−1", -1.0)
    for text in ("1_0", "١٠", "infinity", "0x10"):
        assert is_right(text, 10.0) is None


def test_practice_mode_is_in_the_link_and_survives_a_reload(demo):
    demo.run()
    demo.toggle(key="demo_practice").set_value(True).run()
    assert demo.query_params["demo_practice"] in ("1", ["1"])  # the link says so
    reloaded = AppTest.from_function(lesson, default_timeout=30)
    reloaded.query_params["demo_practice"] = demo.query_params["demo_practice"]
    reloaded.run()  # a new session from the same link: a reload, or a student opening a teacher's link
    assert reloaded.toggle(key="demo_practice").value and reloaded.text_input(key="answer_a")
    reloaded.toggle(key="demo_practice").set_value(False).run()
    assert "demo_practice" not in reloaded.query_params  # off is the default: the link drops it


def test_the_slider_says_each_step_in_words_and_the_link_keeps_its_name(demo):
    demo.run()
    assert demo.select_slider(key="demo_step").options == ["1. a: add", "2. v: a vector", "3. b: multiply"]
    demo.button(key="demo_next").click().run()
    assert demo.query_params["demo_step"] in ("v", ["v"])
