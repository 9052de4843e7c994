"""The shared sidebar: labelled inputs, URL round trip, bad values named and replaced."""

import pytest

from backprop_core import solve
from backprop_core.example import ARTICLE
from backprop_core.notation import LEARNING_RATE
from tests.apptest import open_page
from ui.example_settings import EXAMPLE, LessonState, from_query, to_query
from ui.sidebar import OWN_DATA_NOTE


def test_every_setting_has_a_labelled_input_with_help(app):
    app.run()
    assert not app.exception
    for s in EXAMPLE:
        widget = app.number_input(key=s.key)
        assert widget.label == s.label and widget.help
        assert widget.value == s.default
    # each field is labelled by its name, the learning rate by its symbol (its link key stays lr)
    assert {s.key: s.label for s in EXAMPLE if s.label != s.key} == {"lr": LEARNING_RATE.text}


def test_link_values_are_shown_and_bad_ones_named(app):
    open_page(app, "pages/home/page.py", w6="0.3", w5="abc", lr="1e999")
    assert not app.exception
    assert app.number_input(key="w6").value == 0.3
    assert app.number_input(key="w5").value == ARTICLE.w5
    assert [w.value for w in app.sidebar.warning] == [
        "w5 in the link is not a number from -100 to 100; showing 0.4.",
        "lr in the link is not a number from 1e-06 to 1000; showing 0.5.",
    ]


def test_edits_reach_the_url_and_the_page(app):
    app.run()
    app.number_input(key="w6").set_value(0.7).run()
    assert app.query_params["w6"] == ["0.7"] or app.query_params["w6"] == "0.7"
    total = solve(from_query({"w6": "0.7"})[0].example).forward["E_total"]
    assert f"{total:.9g}" in app.latex[0].value


def test_reset_restores_the_article(app):
    app.run()
    app.number_input(key="w1").set_value(0.9).run()
    app.button(key="reset").click().run()
    assert app.number_input(key="w1").value == ARTICLE.w1


def test_state_round_trips_through_the_url():
    state = LessonState(from_query({"w5": "0.123456789012345"})[0].example, True, 12)
    assert from_query(to_query(state)) == (state, [])


def test_unknown_and_hostile_parameters_are_counted_not_echoed():
    state, notices = from_query({"<script>alert(1)</script>": "1", "w5": "<b>x</b>"})
    assert state == LessonState()
    assert not any("<" in n for n in notices)


def test_learning_rates_are_parsed_with_the_settings_not_in_the_page():
    from pages.training.settings import parse_lrs

    assert parse_lrs("0.5, 1e-3 ,, 0.5, 2") == ([0.5, 0.001, 2.0], [])
    assert parse_lrs("0.1, abc, -1, 0, 1e400, nan, inf, 1_0, 0x10") == (
        [0.1],
        ["abc", "-1", "0", "1e400", "nan", "inf", "1_0", "0x10"],
    )
    assert parse_lrs("") == ([], [])


def test_the_private_flag_a_deep_link_needs_still_exists():
    """ui.sidebar.leave_legacy_pages_mode sets it: an upgrade that drops it must fail here."""
    from streamlit.runtime.pages_manager import PagesManager

    from ui.sidebar import leave_legacy_pages_mode

    before = PagesManager.uses_pages_directory
    try:
        assert isinstance(before, bool | None)
        leave_legacy_pages_mode()
        assert PagesManager.uses_pages_directory is False
    finally:
        PagesManager.uses_pages_directory = before


def test_a_number_too_large_or_small_to_hold_is_named_and_replaced(app):
    """The browser's number guard reports 1e400 / 1e-400 (Streamlit's field would make them 0)."""
    app.run()
    app.number_input(key="w5").set_value(0.0)  # what Streamlit's field sends for 1e400
    app.session_state["number_guard"] = {"name": "w5", "what": "large", "n": 1}
    app.run()
    assert not app.exception and app.number_input(key="w5").value == ARTICLE.w5
    [warning] = [w.value for w in app.sidebar.warning]
    assert warning.startswith("w5: the number typed is too large") and "0.4" in warning
    app.number_input(key="w6").set_value(0.7).run()  # the same report is not taken twice
    assert app.number_input(key="w5").value == ARTICLE.w5 and not app.sidebar.warning
    app.session_state["number_guard"] = {"name": "t1", "what": "small", "n": 2}
    app.run()
    assert "t1: the number typed is too small" in app.sidebar.warning[0].value


def test_links_with_numbers_too_large_or_small_to_hold_are_named(app):
    open_page(app, "pages/home/page.py", w5="1e400", w6="-1e-400")
    assert [w.value for w in app.sidebar.warning] == [
        "w5 in the link is not a number from -100 to 100; showing 0.4.",  # 1e400: a float64 holds no such
        "w6 in the link is not a number from -100 to 100; showing 0.45.",  # -1e-400 would become 0
    ]
    assert (app.number_input(key="w5").value, app.number_input(key="w6").value) == (ARTICLE.w5, ARTICLE.w6)


@pytest.mark.parametrize(
    "page, drives",
    [
        ("pages/forward_pass/page.py", True),
        ("pages/training/page.py", True),
        ("pages/vectorised/page.py", False),
        ("pages/playground/page.py", False),
    ],
)
def test_the_sidebar_says_when_the_page_does_not_use_the_example(app, page, drives):
    open_page(app, page)
    notes = [c.value for c in app.sidebar.caption]
    assert (OWN_DATA_NOTE in notes) is not drives
    assert app.sidebar.number_input(key="w5").value == ARTICLE.w5  # kept either way


def _places(node, path=()) -> list[tuple[tuple, str, str | None]]:
    """Every element in the sidebar: its place (the indices down to it), its kind and a widget's key."""
    places = []
    for i, child in node.children.items():
        places.append(((*path, i), child.type, getattr(child, "key", None)))
        if hasattr(child, "children"):
            places += _places(child, (*path, i))
    return places


def test_the_fields_keep_their_places_from_page_to_page(app):
    """Under load the browser tests saw w5..w8 at 0 (the fields' default, the session held 0.7) on
    pages whose sidebar carried one caption more, moving every field one place down; with the
    fields kept in place it did not recur in 160 runs. A note or a warning more or less moves no field."""
    open_page(app, "pages/home/page.py")
    places = [p for p in _places(app.sidebar) if p[2]]  # the fields, at depth 1 or 3 (in columns)
    assert {"w5", "present", "reset", "digits"} <= {key for *_, key in places}
    app.switch_page("pages/vectorised/page.py").run()  # the example does not drive this page: a note
    assert OWN_DATA_NOTE in [c.value for c in app.sidebar.caption]
    assert [p for p in _places(app.sidebar) if p[2]] == places
    warned = open_page(
        app.__class__.from_file(app._script_path, default_timeout=60),
        "pages/sgd/page.py",
        w5="abc",
        present="maybe",
    )
    assert len(warned.sidebar.warning) == 2
    assert [p for p in _places(warned.sidebar) if p[2]] == places
