"""Presenter mode: from the toggle or a link (present=1), slides with one fold for the rest of the page,
Practice and Show all steps, the students' link, and back out."""

from urllib.parse import parse_qs, urlsplit

import pytest

from backprop_core import ARTICLE
from backprop_core.symbolic import forward_steps
from tests.apptest import open_page
from ui import presenter

LESSON = "pages/forward_pass/page.py"
FORWARD = [s.name for s in forward_steps(ARTICLE, 9)]


def keyboard_scripts(app) -> list:
    return [e for e in app.get("iframe") if "__backpropKeys" in str(e.proto)]


def styles(app) -> str:
    return "\n".join(str(e.proto) for e in app.get("html"))


def folded(app) -> bool:
    """Whether the page's folds are hidden: presenter mode's style hides them while the toggle is off."""
    toggle = [t for t in app.main.toggle if t.key == presenter.FOLD]
    return "st-key-present_fold_" in styles(app) and bool(toggle) and not toggle[0].value


def main_toggles(app) -> list[str]:
    return [t.key for t in app.main.toggle]


def test_a_link_opens_a_lesson_in_presenter_mode(app):
    open_page(app, LESSON, present="1")
    assert not app.exception
    assert app.sidebar.toggle(key="present").value
    assert app.query_params["present"] == ["1"] or app.query_params["present"] == "1"
    assert {"show_all", "fwd_practice", presenter.FOLD} <= set(main_toggles(app))
    assert app.button(key="next") and app.button(key="leave_presenter")
    assert keyboard_scripts(app)
    assert len(app.latex) == 1  # one step at a time, until Show all steps is on


def test_the_introduction_and_settings_fold_behind_one_toggle(app):
    open_page(app, "pages/slope/page.py", present="1")
    assert folded(app) and not app.toggle(key=presenter.FOLD).value
    # folded, not left out: the introduction and the settings are drawn (hidden), so they keep their values
    assert any("Before any network" in m.value for m in app.markdown)
    settings = len(app.selectbox) + len(app.number_input) + len(app.slider)
    assert settings >= 3
    app.toggle(key=presenter.FOLD).set_value(True).run()
    assert not app.exception and not folded(app)
    assert len(app.selectbox) + len(app.number_input) + len(app.slider) == settings
    app.toggle(key=presenter.FOLD).set_value(False).run()
    assert folded(app)


@pytest.mark.parametrize("path", ["pages/forward_pass/page.py", "pages/training/page.py"])
def test_without_presenter_mode_nothing_folds(app, path):
    open_page(app, path)
    assert not app.exception and not folded(app)
    assert presenter.FOLD not in main_toggles(app) and not app.get("popover")


def test_show_all_steps_works_while_presenting(app):
    open_page(app, LESSON, present="1")
    app.toggle(key="show_all").set_value(True).run()
    assert not app.exception and len(app.latex) == len(FORWARD)
    assert app.sidebar.toggle(key="present").value  # still presenting


def test_practice_works_while_presenting(app):
    open_page(app, LESSON, present="1")
    app.toggle(key="fwd_practice").set_value(True).run()
    assert not app.exception
    assert app.text_input(key=f"answer_{FORWARD[0]}")  # the step waits for an answer
    assert any(r"\;?" in f.value for f in app.latex)
    assert any("Practice:" in p.proto.text for p in app.get("progress"))
    app.text_input(key=f"answer_{FORWARD[0]}").input("0.3775").run()
    app.button(key=f"check_{FORWARD[0]}").click().run()
    assert not app.exception
    assert f"answer_{FORWARD[0]}" not in [t.key for t in app.text_input]  # right: the step shown worked


def students_link(app) -> str:
    [code] = app.code
    return code.value


def test_the_students_link_is_this_page_without_presenter_mode(app):
    open_page(app, LESSON, present="1", w5="0.3")
    app.button(key="next").click().run()
    link = students_link(app)
    query = parse_qs(urlsplit(link).query)
    assert "present" not in query
    assert query["fwd_step"] == [FORWARD[1]] and query["w5"] == ["0.3"]
    # everything else the page's link holds, as it holds it
    everything = {k: app.query_params[k] for k in app.query_params if k != "present"}
    assert {k: v[0] if len(v) == 1 else v for k, v in query.items()} == {
        k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in everything.items()
    }


class Params(dict):
    """What ``st.query_params`` offers the link: its names, and every value of a name."""

    def get_all(self, name):
        return self[name]


@pytest.mark.parametrize(
    ("url", "params", "link"),
    [
        ("http://host:8501/forward_pass", {"present": ["1"], "fwd_step": ["out_h1"]}, "fwd_step=out_h1"),
        (
            "http://host/sgd?present=1#top",
            {"present": ["1"], "vec_cells": ["a", "b"]},
            "vec_cells=a&vec_cells=b",
        ),
        ("http://host/loss_surface", {"present": ["1"]}, ""),
        ("http://host/x", {"presenter": ["1"], "q": ["a b&c"]}, "presenter=1&q=a+b%26c"),  # only present goes
    ],
)
def test_the_students_link_drops_present_and_nothing_else(url, params, link):
    page = url.split("?")[0].split("#")[0]
    assert presenter.students_link(url, Params(params)) == (f"{page}?{link}" if link else page)


def test_leaving_takes_the_flag_out_of_the_link(app):
    open_page(app, LESSON, present="1")
    app.button(key="leave_presenter").click().run()
    assert not app.exception
    assert not app.sidebar.toggle(key="present").value
    assert "present" not in app.query_params
    assert not keyboard_scripts(app)
    assert presenter.FOLD not in main_toggles(app) and not folded(app)
    assert "show_all" in main_toggles(app)


@pytest.mark.parametrize("value", ["0", "off"])
def test_a_link_can_say_no(app, value):
    open_page(app, LESSON, present=value)
    assert not app.sidebar.toggle(key="present").value and not app.sidebar.warning


def test_a_bad_flag_is_named_and_presenter_mode_stays_off(app):
    open_page(app, LESSON, present="<b>big</b>")
    assert not app.exception and not app.sidebar.toggle(key="present").value
    assert [w.value for w in app.sidebar.warning] == ["present in the link is not 1 or 0; showing 0."]
    assert "<b>" not in " ".join(w.value for w in app.sidebar.warning)  # never echoed
