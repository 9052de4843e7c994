"""Lesson 0 in AppTest: its steps, its numbers (from pages.slope.maths and SymPy), edits, links."""

import json
from dataclasses import replace

import pytest

from backprop_core import ARTICLE, numbers
from backprop_core.example import NETWORK
from backprop_core.symbolic import symbolic_gradient
from pages.slope import maths as slope
from tests.apptest import all_latex, open_page, show_all
from tests.ui.plotly_checks import assert_page_draws_once

PAGE = "pages/slope/page.py"
NAMES = ["curve", "tangent", "step", "rates", "gradient", "steepest", "why"]
RATES = (0.5, 5.0, 20.0)


def nine(value) -> str:
    return numbers.latex(value, 9)


def test_steps_through_every_stage_with_the_cores_numbers(app):
    open_page(app, PAGE)
    assert not app.exception
    assert app.select_slider(key="slope_step").value == "curve"
    c = slope.curve(ARTICLE, "b2", RATES, 12, 2.0)
    s = slope.steepest(ARTICLE, "b2", "w5", lr=5.0)
    expected = {
        "curve": c.cost,
        "tangent": c.slope,
        "step": c.paths[1][1],
        "rates": c.paths[2][1],
        "gradient": s.norm,
        "steepest": s.predicted,
        "why": slope.count(NETWORK.sizes).path_by_path,
    }
    for i, name in enumerate(NAMES):
        if i:
            app.button(key="next").click().run()
        assert not app.exception, name
        assert app.select_slider(key="slope_step").value == name
        assert nine(expected[name]) in all_latex(app), name
    assert app.button(key="next").disabled


def test_the_slope_agrees_three_ways(app):
    open_page(app, PAGE, slope_step="tangent")
    table = app.table[0].value
    exact = symbolic_gradient(ARTICLE)["b2"]
    assert table["value"].tolist()[2] == numbers.text(exact)
    c = slope.curve(ARTICLE, "b2", RATES, 1, 2.0)
    assert table["value"].tolist()[:2] == [numbers.text(c.slope), numbers.text(c.numeric_slope)]


def test_another_parameter_and_rates_follow_the_settings(app):
    open_page(app, PAGE, slope_step="rates")
    app.selectbox(key="slope_param").set_value("w7").run()
    app.number_input(key="slope_large").set_value(100.0).run()
    assert not app.exception
    c = slope.curve(ARTICLE, "w7", (0.5, 5.0, 100.0), 12, 2.0)
    assert nine(c.paths[2][1]) in all_latex(app)
    table = app.table[0].value
    assert table["E_total then"].tolist() == [numbers.text(e[-1]) for e in c.path_costs]


def test_the_sidebar_example_moves_the_curve(app):
    open_page(app, PAGE, slope_step="step")
    app.number_input(key="w6").set_value(0.7).run()
    ex = replace(ARTICLE, w6=0.7)
    assert nine(slope.curve(ex, "b2", RATES, 1, 2.0).paths[1][1]) in all_latex(app)


def field(app) -> dict:
    (chart,) = app.get("plotly_chart")
    return json.loads(chart.proto.spec)


def test_the_gradient_map_has_an_arrow_per_grid_point_and_the_step_only_when_computed(app):
    open_page(app, PAGE, slope_step="gradient")
    spec = field(app)
    assert len(spec["layout"]["annotations"]) == 9 * 9  # the gradient's arrows; the step is the next stage's
    assert "the step −η∇E" not in [t.get("name") for t in spec["data"]]
    app.button(key="next").click().run()
    spec = field(app)
    assert len(spec["layout"]["annotations"]) == 9 * 9 + 1
    s = slope.steepest(ARTICLE, "b2", "w5", lr=5.0)
    step = spec["layout"]["annotations"][-1]
    assert (step["x"] - step["ax"], step["y"] - step["ay"]) == pytest.approx((s.step1, s.step2))
    assert (s.step1, s.step2) == pytest.approx((-5.0 * s.g1, -5.0 * s.g2))  # −η∇E, by hand


def page_text(app) -> str:
    """Everything the page shows in words and numbers: text, formulas, tables, the charts' labels."""
    texts = [e.value for kind in (app.markdown, app.latex, app.caption) for e in kind]
    texts += [t.value.to_string() for t in app.table]
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        texts += [str(t.get("name")) for t in spec["data"]]
        texts += [str(a.get("text")) for a in spec["layout"].get("annotations", [])]
    return "\n".join(texts)


def test_no_step_shows_what_a_later_step_computes(app):
    c = slope.curve(ARTICLE, "b2", RATES, 12, 2.0)
    s = slope.steepest(ARTICLE, "b2", "w5", lr=5.0)
    later = {  # what each step computes first, as the page prints it
        "tangent": [numbers.text(c.slope), numbers.text(c.slope, 4)],
        "step": [numbers.text(c.paths[1][1]), numbers.text(c.path_costs[1][1])],
        "rates": [numbers.text(c.paths[2][1]), numbers.text(c.lowest[1])],
        "gradient": [numbers.text(s.g2), numbers.text(s.norm)],
        "steepest": [numbers.text(s.predicted), numbers.text(s.actual), numbers.text(s.step2, 4)],
    }
    open_page(app, PAGE)
    for i, name in enumerate(NAMES[:-1]):
        if i:
            app.button(key="next").click().run()
        text = page_text(app)
        for ahead in NAMES[i + 1 : -1]:
            for value in later[ahead]:
                assert value not in text, (name, ahead, value)
    show_all(app)
    text = page_text(app)
    assert all(value in text for values in later.values() for value in values)


def test_counts_table_for_the_chosen_depth(app):
    open_page(app, PAGE, slope_step="why", slope_width="4", slope_depth="3")
    table = app.table[0].value
    assert table["sizes"].tolist()[-1] == "2-4-4-4-1"
    assert table["path by path"].tolist()[-1] == f"{slope.count((2, 4, 4, 4, 1)).path_by_path:,}"


def test_bad_link_values_are_named(app):
    open_page(app, PAGE, slope_param="w99", slope_steps="1e9", slope_other="b2", slope_step="why")
    assert not app.exception
    warnings = " ".join(w.value for w in app.warning)
    assert "slope_param" in warnings and "slope_steps" in warnings
    assert "must differ" in warnings  # b2 twice: the second parameter is replaced


def test_show_all_and_practice(app):
    open_page(app, PAGE)
    show_all(app)
    assert len(app.get("plotly_chart")) == 7  # curve, tangent, step, rates, map, map with the step, counts
    app.toggle(key="show_all").set_value(False).run()
    app.toggle(key="slope_practice").set_value(True).run()
    c = slope.curve(ARTICLE, "b2", RATES, 1, 2.0)
    assert not app.get("plotly_chart")  # the figure shows the answer
    app.text_input(key="answer_curve").input(repr(c.cost)).run()
    app.button(key="check_curve").click().run()
    assert not app.exception and app.get("plotly_chart")


def test_every_chart_is_drawn_once_without_streamlits_theme(app):
    """Each chart carries the theme's look itself (ui/figures.py): a themed chart is drawn twice."""
    assert_page_draws_once(show_all(open_page(app, PAGE)), 7)
