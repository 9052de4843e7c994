"""Every value a link replaces is named: a page's own choices (ui/settings.py), the example's numbers
(only plain ASCII decimal or scientific numbers, -0 as 0, repeated keys reported), and the
app's own links stay far below the size Streamlit drops whole."""

import math
from urllib.parse import urlencode

import pytest
from streamlit.runtime.state.query_params import (
    CLIENT_STATE_QUERY_STRING_MAX_FIELDS,
    CLIENT_STATE_QUERY_STRING_MAX_LENGTH,
)

from backprop_core import PARAMETERS
from backprop_core.example import ARTICLE
from tests.apptest import open_page
from ui.example_settings import EXAMPLE, LessonState, from_query, to_query
from ui.settings import plain_number
from ui.sidebar import page_owned

FORWARD, BACKWARD, SURFACE = (
    "pages/forward_pass/page.py",
    "pages/backward_pass/page.py",
    "pages/loss_surface/page.py",
)


def notes(app) -> list[str]:
    return [w.value for w in app.main.warning]


def test_a_step_that_is_not_one_is_named_and_the_first_step_shown(app):
    open_page(app, FORWARD, fwd_step="<b>bogus</b>")
    assert not app.exception
    first = app.select_slider(key="fwd_step").value  # the link's name for the step, not its title
    assert app.select_slider(key="fwd_step").options[0].startswith("1. " + first)
    assert notes(app) == [f"fwd_step in the link is not one of the choices here; showing {first}."]
    assert app.query_params.get("fwd_step") in (None, first, [first])  # the address bar shows what is shown
    app.button(key="next").click().run()
    assert notes(app) == []  # the learner has moved on


def test_a_bad_parameter_and_step_in_a_lesson_link_are_both_named(app):
    open_page(app, BACKWARD, bwd_param="w9", bwd_step="zz")
    assert not app.exception
    assert (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value) == ("w5", "dE_dout_o1")
    shown = notes(app)
    assert [n.split(" ", 1)[0] for n in shown] == ["bwd_param", "bwd_step"]
    assert not any("w9" in n for n in shown)


def test_a_good_lesson_link_has_no_note(app):
    open_page(app, BACKWARD, bwd_param="w6", bwd_step="dout_o1_dnet_o1")
    place = (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value)
    assert place == ("w6", "dout_o1_dnet_o1")
    assert notes(app) == []
    app.radio(key="bwd_param").set_value("b1").run()  # the URL's old step is this session's own: no note
    assert notes(app) == [] and app.select_slider(key="bwd_step").value == "dE_dnet_h1"


@pytest.mark.parametrize(
    "x, y, shown, named", [("w6", "w6", ("w6", "w5"), ["surf_y"]), ("zz", "b1", ("w5", "b1"), ["surf_x"])]
)
def test_a_bad_surface_parameter_is_named_and_the_url_follows(app, x, y, shown, named):
    open_page(app, SURFACE, surf_x=x, surf_y=y)
    assert not app.exception
    assert (app.selectbox(key="surf_x").value, app.selectbox(key="surf_y").value) == shown
    assert [n.split(" ", 1)[0] for n in notes(app)] == named
    for key, value in zip(("surf_x", "surf_y"), shown):
        assert app.query_params.get(key) in (None, value, [value])


# --- numbers: only plain ASCII decimal or scientific ------------------------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        ("0.5", 0.5),
        ("-3", -3.0),
        ("+2", 2.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("5e-1", 0.5),
        ("1E+3", 1000.0),
        (" 0.25 ", 0.25),
        ("-0", 0.0),
        ("-0.0e5", 0.0),
    ],
)
def test_plain_numbers_are_read(text, number):
    value = plain_number(text)
    assert value == number and math.copysign(1, value) == math.copysign(1, number)


@pytest.mark.parametrize(
    "text",
    [
        "1_0",
        "٣",
        "３",
        "0x10",
        "inf",
        "-infinity",
        "Infinity",
        "nan",
        "",
        "-",
        ".",
        "e5",
        "1e",
        "1.2.3",
        "1,5",
        "½",
        "1e5.0",
        "--1",
        "0b1",
        "1j",
    ],
)
def test_anything_else_is_not_a_number(text):
    assert plain_number(text) is None


def test_a_link_with_minus_zero_shows_zero():
    state, notices = from_query({"w5": "-0", "b1": "-0.0"})
    assert notices == []
    assert math.copysign(1, state.example.w5) == 1 and math.copysign(1, state.example.b1) == 1


def test_spellings_python_would_accept_are_named_and_replaced():
    state, notices = from_query({"w5": "1_0", "w6": "٣", "lr": "infinity", "digits": "1_2"})
    assert state == LessonState()
    assert notices == [
        "w5 in the link is not a number from -100 to 100; showing 0.4.",
        "w6 in the link is not a number from -100 to 100; showing 0.45.",
        "lr in the link is not a number from 1e-06 to 1000; showing 0.5.",
        "digits in the link is not a whole number from 3 to 15; showing 9.",
    ]
    assert from_query({"digits": "١٢"}) == (LessonState(), notices[-1:])


def test_a_repeated_key_is_reported_and_the_last_one_used():
    state, notices = from_query({"w5": ["0.1", "0.2"], "w6": ["0.3"]})
    assert (state.example.w5, state.example.w6) == (0.2, 0.3)
    assert notices == ["w5 appears 2 times in the link; using the last one."]


def test_the_sidebar_reports_a_repeated_key(app):
    app.query_params["w5"] = ["0.1", "0.2"]
    app.run()
    assert app.number_input(key="w5").value == 0.2
    assert any("appears 2 times" in w.value for w in app.sidebar.warning)


def test_minus_zero_typed_in_the_sidebar_becomes_zero(app):
    app.run()
    app.number_input(key="w5").set_value(-0.0).run()
    assert app.number_input(key="w5").value == 0 and math.copysign(1, app.session_state["w5"]) == 1
    assert not app.sidebar.warning


def test_learning_rates_are_plain_numbers_too(app):
    open_page(app, "pages/training/page.py")
    app.text_input(key="train_etas").set_value("0.5, 1_0, infinity, 0x10, 2").run()
    [warning] = app.warning
    assert all(f"`{bad}`" in warning.value for bad in ("1_0", "infinity", "0x10"))
    assert "`0.5`" not in warning.value and "`2`" not in warning.value


# --- the app's own links are far below Streamlit's limits -------------------------------------


def test_the_longest_link_the_app_writes_is_far_below_what_streamlit_drops():
    longest = -1.2345678901234567e-100  # the longest repr a float has
    state = LessonState(ARTICLE.__class__(**{s.key: longest for s in EXAMPLE}), True, 15)
    query = to_query(state) | {"step": "dE_dout_o1", "p1": max(PARAMETERS, key=len), "p2": "w5"}
    query |= {f"{prefix}x": "x" * 40 for prefix in ("fwd_", "bwd_", "surf_")}  # room for page keys
    assert page_owned(query) >= {"step", "p1", "p2"}
    text = urlencode(query)
    assert len(text) * 100 < CLIENT_STATE_QUERY_STRING_MAX_LENGTH  # about 1 KiB of 512 KiB
    assert len(query) * 10 < CLIENT_STATE_QUERY_STRING_MAX_FIELDS
