"""Lesson 6's practice, fair (#24): each asked step knows the value its inputs rounded to 4 digits give,
and names its likely mistakes; every expected answer is worked here by hand (math.tanh, a 2×2
eigenvalue by the quadratic formula), never read off the step."""

import math

import numpy as np
import pytest

from backprop_core import mistakes, numbers
from backprop_core.answers import round_to
from backprop_core.recurrent import LOSS_KINDS, RNN, Task, bptt, unroll
from pages.recurrent import maths as rl
from pages.recurrent import steps
from pages.recurrent.steps import bptt_steps
from tests.pages import marking

R = RNN()
XS, TARGETS = Task().data()
RUNS = {loss: unroll(R, XS, TARGETS, loss) for loss in LOSS_KINDS}
STEPS = {loss: {s.name: s for s in bptt_steps(R, run, bptt(R, run), 4)} for loss, run in RUNS.items()}


@pytest.mark.parametrize("loss", LOSS_KINDS)
def test_every_asked_step_knows_its_rounded_value(loss):
    for step in STEPS[loss].values():
        if step.value is not None:
            assert step.rounded is not None, step.name


def test_a_hidden_state_from_the_four_digit_state_before_is_accepted():
    run, s = RUNS["sum"], STEPS["sum"]
    h1 = run.h[1, 0]
    by_hand = math.tanh(R.w * round_to(h1) + R.u * round_to(XS[1, 0]) + R.b)  # every number as shown
    marking.accepted_from_rounded(s["h_2"], by_hand, 7)
    marking.names_slip(s["h_2"], R.w * h1 + R.u * XS[1, 0] + R.b, steps.NO_TANH)
    marking.hint_has_numbers(s["h_2"], numbers.latex(h1, 4))


def test_the_backward_factors_name_their_mistakes():
    run, s = RUNS["sum"], STEPS["sum"]
    h = run.h[:, 0]
    marking.names_slip(s["dh_8_dh_7"], R.w * (1 - h[7] ** 2), steps.SLOPE_AT_T)
    marking.names_slip(s["dh_8_dh_7"], 1 - h[8] ** 2, steps.NO_W)
    later = bptt(R, run).dL_dh[7, 0]
    marking.names_slip(s["dL_dh_7"], later * R.w * (1 - h[8] ** 2), steps.NO_OWN)
    marking.names_slip(s["L"], 2 * run.loss, mistakes.NO_HALF)
    terms = bptt(R, run).contributions
    marking.accepted_from_rounded(s["dL_dw"], sum(round_to(t) for t in terms), 6)
    marking.names_slip(s["dL_dw"], terms[-1], steps.ONE_TERM)


def test_the_fixed_points_loss_and_spectral_radius():
    W, I, target, _ = rl.fixed_point_network(*rl.DEFAULT_NETWORK)
    lesson = rl.fixed_point_lesson(W, I, target, "sigmoid", 1e-10, 1000, 0.5, 4)
    s = {step.name: step for step in lesson.steps}
    (a, b), (c, d) = W
    radius_of_w = max(abs(r) for r in np.roots([1, -(a + d), a * d - b * c]))  # λ² − tr λ + det = 0
    marking.names_slip(s["rho"], radius_of_w, steps.NO_SLOPES)
    assert r"\operatorname{diag}" in marking.hint(s["rho"])  # the slopes and W, to work ρ from
    marking.names_slip(s["E"], 2 * lesson.loss, mistakes.NO_HALF)
