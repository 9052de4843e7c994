"""Lesson 0 in AppTest: its steps, its numbers (from pages.slope.maths and SymPy), edits, links."""

import json
from dataclasses import replace

import numpy as np
import pytest

from backprop_core import ARTICLE, names, numbers
from backprop_core.example import ALIASES, NETWORK
from backprop_core.notation import COST_EXAMPLE
from backprop_core.symbolic import symbolic_gradient
from pages.slope import maths as slope
from pages.slope.settings import FOLDED, MORE, SETTINGS, SHOWN
from pages.slope.settings import RATES as RATE_KEYS
from tests.apptest import all_latex, class_answers, open_page, show_all, tables
from tests.ui.plotly_checks import assert_page_draws_once

PAGE = "pages/slope/page.py"
NAMES = ["curve", "tangent", "step", "rates", "gradient", "steepest", "why"]
DEFAULT = {s.key: s.default for s in SETTINGS}  # the lesson's defaults, from its one declaration
P, OTHER, RATES = DEFAULT["slope_param"], DEFAULT["slope_other"], tuple(DEFAULT[k] for k in RATE_KEYS)
STEPS, HALF, LR = DEFAULT["slope_steps"], DEFAULT["slope_half"], DEFAULT["slope_lr"]


def nine(value) -> str:
    return numbers.latex(value, 9)


def test_steps_through_every_stage_with_the_cores_numbers(app):
    open_page(app, PAGE)
    assert not app.exception
    assert app.select_slider(key="slope_step").value == "curve"
    c = slope.curve(ARTICLE, P, RATES, STEPS, HALF)
    s = slope.steepest(ARTICLE, P, OTHER, lr=LR)
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
    table = tables(app)[0].value
    exact = symbolic_gradient(ARTICLE)[P]
    assert table["value"].tolist()[2] == numbers.text(exact)
    c = slope.curve(ARTICLE, P, RATES, 1, HALF)
    assert table["value"].tolist()[:2] == [numbers.text(c.slope), numbers.text(c.numeric_slope)]


def test_another_parameter_and_rates_follow_the_settings(app):
    open_page(app, PAGE, slope_step="rates")
    app.selectbox(key="slope_param").set_value("w7").run()
    app.number_input(key="slope_large").set_value(100.0).run()
    assert not app.exception
    c = slope.curve(ARTICLE, "w7", (*RATES[:2], 100.0), STEPS, HALF)
    assert nine(c.paths[2][1]) in all_latex(app)
    table = tables(app)[0].value
    assert table["E_total then"].tolist() == [numbers.text(e[-1]) for e in c.path_costs]


def test_the_sidebar_example_moves_the_curve(app):
    open_page(app, PAGE, slope_step="step")
    app.number_input(key="w6").set_value(0.7).run()
    ex = replace(ARTICLE, w6=0.7)
    assert nine(slope.curve(ex, P, RATES, 1, HALF).paths[1][1]) in all_latex(app)


def field(app) -> dict:
    (chart,) = app.get("plotly_chart")
    return json.loads(chart.proto.spec)


def test_the_gradient_map_has_an_arrow_per_grid_point_and_the_step_only_when_computed(app):
    open_page(app, PAGE, slope_step="gradient")
    spec = field(app)
    assert len(spec["layout"]["annotations"]) == 9 * 9  # the gradient's arrows; the step is the next stage's
    assert "the step −η∇E_total" not in [t.get("name") for t in spec["data"]]
    app.button(key="next").click().run()
    spec = field(app)
    assert len(spec["layout"]["annotations"]) == 9 * 9 + 1
    s = slope.steepest(ARTICLE, P, OTHER, lr=LR)
    step = spec["layout"]["annotations"][-1]
    assert (step["x"] - step["ax"], step["y"] - step["ay"]) == pytest.approx((s.step1, s.step2))
    assert (s.step1, s.step2) == pytest.approx((-LR * s.g1, -LR * s.g2))  # −η∇E, by hand


def page_text(app, answers: bool = True) -> str:
    """Everything the page shows in words and numbers: text, formulas, tables, the charts' labels
    (``answers`` False: not the class questions' answers, folded until opened)."""
    texts = [e.value for kind in (app.markdown, app.latex, app.caption) for e in kind]
    if not answers:
        folded = set(class_answers(app))
        texts = [t for t in texts if t not in folded]
    texts += [t.value.to_string() for t in tables(app)]
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        texts += [str(t.get("name")) for t in spec["data"]]
        texts += [str(a.get("text")) for a in spec["layout"].get("annotations", [])]
    return "\n".join(texts)


def test_no_step_shows_what_a_later_step_computes(app):
    c = slope.curve(ARTICLE, P, RATES, STEPS, HALF)
    s = slope.steepest(ARTICLE, P, OTHER, lr=LR)
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
        text = page_text(app, answers=False)  # a question's answer waits, folded, until it is opened
        for ahead in NAMES[i + 1 : -1]:
            for value in later[ahead]:
                assert value not in text, (name, ahead, value)
    show_all(app)
    text = page_text(app)
    assert all(value in text for values in later.values() for value in values)


def test_counts_table_for_the_chosen_depth(app):
    open_page(app, PAGE, slope_step="why", slope_width="4", slope_depth="3")
    table = tables(app)[0].value
    assert table["sizes"].tolist()[-1] == "2-4-4-4-1"
    assert table["path by path"].tolist()[-1] == f"{slope.count((2, 4, 4, 4, 1)).path_by_path:,}"


def test_bad_link_values_are_named(app):
    open_page(app, PAGE, slope_param="w99", slope_steps="1e9", slope_other=P, slope_step="why")
    assert not app.exception
    warnings = " ".join(w.value for w in app.warning)
    assert "slope_param" in warnings and "slope_steps" in warnings
    assert "must differ" in warnings  # p twice (w99 is replaced by p): the second parameter is replaced


def test_show_all_and_practice(app):
    open_page(app, PAGE)
    show_all(app)
    assert len(app.get("plotly_chart")) == 7  # curve, tangent, step, rates, map, map with the step, counts
    app.toggle(key="show_all").set_value(False).run()
    app.toggle(key="slope_practice").set_value(True).run()
    c = slope.curve(ARTICLE, P, RATES, 1, HALF)
    assert not app.get("plotly_chart")  # the figure shows the answer
    app.text_input(key="answer_curve").input(repr(c.cost)).run()
    app.button(key="check_curve").click().run()
    assert not app.exception and app.get("plotly_chart")


def test_every_chart_is_drawn_once_without_streamlits_theme(app):
    """Each chart carries the theme's look itself (ui/figures.py): a themed chart is drawn twice."""
    assert_page_draws_once(show_all(open_page(app, PAGE)), 7)


def test_the_lesson_starts_on_the_first_output_weight_with_three_settings_in_view(app):
    open_page(app, PAGE)
    assert P == ALIASES[names.weight(2, 0, 0)] and app.selectbox(key="slope_param").value == P
    (more,) = [e for e in app.expander if e.label == MORE]
    folded = {w.key for kind in ("number_input", "selectbox", "select_slider") for w in more.get(kind)}
    assert folded == {s.key for group in FOLDED for s in group}
    in_view = {s.key for s in SHOWN}
    assert len(in_view) == 3 and not in_view & folded and in_view | folded == {s.key for s in SETTINGS}
    assert not any("too small" in s.label or "too large" in s.label for s in SETTINGS)


def test_the_cost_and_the_outputs_are_defined_before_the_first_step_uses_them(app):
    open_page(app, PAGE)
    texts = [m.value for m in app.markdown]
    first_step = next(i for i, t in enumerate(texts) if t.startswith("#### 1."))
    intro = " ".join(texts[:first_step])
    assert f"**cost** {COST_EXAMPLE.text}" in intro and "out_k" in intro and "t_k" in intro
    assert "½(t_k − out_k)²" in intro


def test_the_rates_are_small_or_large_for_this_curve_and_local_minima_are_named(app):
    open_page(app, PAGE, slope_step="rates")
    text = " ".join(m.value for m in app.markdown)
    c = slope.curve(ARTICLE, P, RATES, STEPS, HALF)
    low_at = c.lowest[0]
    for r, rate in enumerate(RATES):
        assert f"η = {numbers.text(rate)} ended at {numbers.text(c.paths[r][-1])}" in text
        if not c.turns(r):
            share = (c.at - c.paths[r][-1]) / (c.at - low_at)
            assert f"went {numbers.text(100 * share, 3)} % of the way" in text
    assert f"the article's η = {numbers.text(ARTICLE.lr)}" in text and "not in general" in text
    assert "**local minimum**" in text and f"has {c.local_minima} of them" in text


def test_local_minima_are_counted_on_the_curve():
    """The count, against a curve whose minima are known: cos over two periods has two inside."""
    c = slope.curve(ARTICLE, P, RATES, 1, HALF)
    axis = np.linspace(0, 4 * np.pi, 201)
    bumpy = replace(c, axis=axis, loss=np.cos(axis + np.pi / 2))  # minima at 3π/2 and 7π/2
    assert bumpy.local_minima == 2
    assert replace(c, loss=axis**2).local_minima == 0  # lowest at the range's end: not a local minimum
