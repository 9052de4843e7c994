"""Presenter mode: from the toggle or a link (present=1), one step at a time, and back out."""

import pytest

from tests.apptest import open_page

LESSON = "pages/forward_pass/page.py"


def keyboard_scripts(app) -> list:
    return [e for e in app.get("iframe") if "__backpropKeys" in str(e.proto)]


def test_a_link_opens_a_lesson_in_presenter_mode(app):
    open_page(app, LESSON, present="1")
    assert not app.exception
    assert app.sidebar.toggle(key="present").value
    assert app.query_params["present"] == ["1"] or app.query_params["present"] == "1"
    keys = [t.key for t in app.main.toggle]
    assert "show_all" not in keys and "practice" not in keys  # one step at a time
    assert app.button(key="next") and app.button(key="leave_presenter")
    assert keyboard_scripts(app)


def test_presenter_mode_shows_one_step_even_if_all_were_shown(app):
    open_page(app, LESSON)
    app.toggle(key="show_all").set_value(True).run()
    many = len(app.latex)
    app.sidebar.toggle(key="present").set_value(True).run()
    assert not app.exception and many > 1 and len(app.latex) == 1


def test_leaving_takes_the_flag_out_of_the_link(app):
    open_page(app, LESSON, present="1")
    app.button(key="leave_presenter").click().run()
    assert not app.exception
    assert not app.sidebar.toggle(key="present").value
    assert "present" not in app.query_params
    assert not keyboard_scripts(app)
    assert "show_all" in [t.key for t in app.main.toggle]


@pytest.mark.parametrize("value", ["0", "off"])
def test_a_link_can_say_no(app, value):
    open_page(app, LESSON, present=value)
    assert not app.sidebar.toggle(key="present").value and not app.sidebar.warning


def test_a_bad_flag_is_named_and_presenter_mode_stays_off(app):
    open_page(app, LESSON, present="<b>big</b>")
    assert not app.exception and not app.sidebar.toggle(key="present").value
    assert [w.value for w in app.sidebar.warning] == ["present in the link is not 1 or 0; showing 0."]
    assert "<b>" not in " ".join(w.value for w in app.sidebar.warning)  # never echoed
