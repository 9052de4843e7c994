"""Lesson 0's steps, pure: seven, in order, each value the core's and typeset with it."""

import math

from backprop_core import mistakes, numbers
from backprop_core.answers import round_to
from backprop_core.example import ARTICLE, NETWORK, solve
from backprop_core.steps import equation
from pages.slope import maths as slope
from pages.slope import steps as steps_module
from pages.slope.steps import lesson_steps, tex
from tests.pages import marking


def test_seven_steps_each_with_the_cores_number():
    curve = slope.curve(ARTICLE, "w5", (0.5, 5.0, 20.0), 12, 2.0)
    steepest = slope.steepest(ARTICLE, "w5", "w1", lr=5.0)
    steps = lesson_steps("w5", "w1", curve, steepest, 9)
    assert [s.name for s in steps] == ["curve", "tangent", "step", "rates", "gradient", "steepest", "why"]
    along = (curve.cost, curve.slope, curve.paths[1][1], curve.paths[2][1])
    assert [s.value for s in steps[:6]] == [float(v) for v in (*along, steepest.norm, steepest.predicted)]
    assert steps[6].value == slope.count(NETWORK.sizes).path_by_path
    for step in steps:
        assert step.value_latex == numbers.latex(step.value, 9) and step.value_latex in equation(step)
    assert "w_{5}" in steps[2].symbol and "w_{1}" in steps[4].formula


def test_a_parameters_name_in_a_formula():
    assert (tex("w5"), tex("b2"), tex("lr")) == ("w_{5}", "b_{2}", "lr")


# --- fair practice (#24) --------------------------------------------------------------------------

CURVE = slope.curve(ARTICLE, "w5", (0.5, 5.0, 20.0), 12, 2.0)
STEEPEST = slope.steepest(ARTICLE, "w5", "w1", lr=5.0)
STEPS = {s.name: s for s in lesson_steps("w5", "w1", CURVE, STEEPEST, 4)}


def test_every_asked_step_but_a_count_knows_its_rounded_value_and_slips():
    for step in STEPS.values():
        assert step.slips, step.name
        assert (step.rounded is None) == (step.name == "why"), step.name  # a count has nothing to round


def test_a_cost_worked_from_four_digit_outputs_is_accepted():
    outs = [round_to(o) for o in (solve(ARTICLE).forward["out_o1"], solve(ARTICLE).forward["out_o2"])]
    by_hand = 0.5 * (ARTICLE.t1 - outs[0]) ** 2 + 0.5 * (ARTICLE.t2 - outs[1]) ** 2
    marking.accepted_from_rounded(STEPS["curve"], by_hand)
    marking.names_slip(STEPS["curve"], 2 * STEPS["curve"].value, mistakes.NO_HALF)
    marking.hint_has_numbers(STEPS["curve"], "0.7514", "0.7729")


def test_a_step_worked_from_the_four_digit_slope_is_accepted_and_uphill_is_named():
    g = round_to(solve(ARTICLE).gradients["w5"])  # 0.08217, as the numbers line shows it
    marking.accepted_from_rounded(STEPS["step"], ARTICLE.w5 - 5.0 * g)
    marking.names_slip(STEPS["step"], ARTICLE.w5 + 5.0 * g, mistakes.UPHILL)
    marking.names_slip(STEPS["rates"], ARTICLE.w5 - g, mistakes.NO_ETA)
    marking.hint_has_numbers(STEPS["step"], "0.4", "5", "0.08217")


def test_the_slope_by_hand_and_the_gradients_length():
    up, down = (float(slope.loss_over(ARTICLE, w5=ARTICLE.w5 + h)) for h in (slope.NUDGE, -slope.NUDGE))
    tangent = STEPS["tangent"]
    marking.hint_has_numbers(tangent, numbers.latex(up, slope.NUDGED_DIGITS))
    marking.names_slip(tangent, (up - down) / slope.NUDGE, steps_module.NOT_2H)
    g1, g2 = (round_to(solve(ARTICLE).gradients[p]) for p in ("w5", "w1"))
    marking.accepted_from_rounded(STEPS["gradient"], math.sqrt(g1**2 + g2**2), 6)
    marking.names_slip(STEPS["gradient"], g1**2 + g2**2, mistakes.NO_ROOT)
    marking.names_slip(STEPS["steepest"], -5.0 * STEEPEST.norm, steps_module.NO_SQUARE)
    marking.names_slip(STEPS["why"], slope.count(NETWORK.sizes).backprop, steps_module.BACKPROP_COUNT, 2)
