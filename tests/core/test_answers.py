"""Practice mode's marking (backprop_core/answers.py), against the core's own values: every expected
answer is computed here from the NumPy core (or written as the value rounded the way a learner would),
never typed in."""

import math

import pytest

from backprop_core import answers
from backprop_core.answers import CLOSE, RIGHT, ROUNDED, SIGN, SLIP, WRONG, check, round_to
from backprop_core.example import ARTICLE, solve
from backprop_core.symbolic import backward_steps, forward_steps

FORWARD = {s.name: s for s in forward_steps(ARTICLE)}
BACKWARD = {s.name: s for chain in backward_steps(ARTICLE).values() for s in chain}
SOLUTION = solve(ARTICLE)


def digits(value: float, significant: int) -> str:
    """``value`` as a learner writes it to ``significant`` digits (0.593 for 0.593269992)."""
    return f"{value:#.{significant}g}"  # # keeps the trailing zeros a learner writes: 0.0190


def mark(text: str, step) -> answers.Verdict:
    return check(text, step.value, step.rounded, step.slips)


def test_out_h1_to_three_digits_is_right():
    """The audit's first case: out_h1 = 0.593 was marked "Not yet"."""
    out_h1 = SOLUTION.forward["out_h1"]
    assert FORWARD["out_h1"].value == out_h1
    assert digits(out_h1, 3) == "0.593"
    assert mark(digits(out_h1, 3), FORWARD["out_h1"]) == answers.Verdict(RIGHT)
    assert mark(digits(out_h1, 7), FORWARD["out_h1"]).mark == RIGHT


def test_e_o2_from_out_o2_rounded_to_four_digits_is_accepted_with_a_note():
    """The audit's second case: E_o2 worked from out_o2 rounded to 0.7729 gives 0.02357; with every
    digit carried E_o2 is 0.02356, so the answer is wrong to its own 4 digits, but fair."""
    out_o2, t2 = SOLUTION.forward["out_o2"], ARTICLE.t2
    on_paper = 0.5 * (t2 - round_to(out_o2)) ** 2  # the learner's own working
    answer = digits(on_paper, 4)
    assert round_to(out_o2) == 0.7729 and answer == "0.02357"
    step = FORWARD["E_o2"]
    assert digits(step.value, 4) != answer  # not the value to the digits given
    assert math.isclose(step.rounded, on_paper, rel_tol=1e-12)  # the step knows what rounding gives
    verdict = mark(answer, step)
    assert verdict.mark == ROUNDED and verdict.right
    assert "rounded to 4 significant digits" in verdict.note


def test_an_answer_cut_off_at_its_last_digit_is_right_and_one_a_digit_off_is_not():
    value = FORWARD["out_h1"].value  # 0.59326999…
    cut = math.floor(value * 1e4) / 1e4  # 0.5932: cut off, as a calculator's display shows it
    assert mark(repr(cut), FORWARD["out_h1"]).mark == RIGHT
    assert mark(repr(round(cut + 2e-4, 4)), FORWARD["out_h1"]).mark == CLOSE  # 0.5934: right to 3 digits


def test_too_few_digits_is_close_not_right():
    step = FORWARD["out_h1"]
    verdict = mark(digits(step.value, 2), step)  # 0.59
    assert verdict.mark == CLOSE and "give more digits" in verdict.note


def test_a_value_given_exactly_needs_no_three_digits():
    step = BACKWARD["dnet_o1_dout_h1"]  # w5 itself: 0.4
    assert step.value == ARTICLE.w5
    assert mark(repr(ARTICLE.w5), step).mark == RIGHT


def test_the_wrong_sign_is_named():
    step = BACKWARD["dE_dout_h1"]
    verdict = check(digits(-step.value, 6), step.value, step.rounded)  # no slips: the sign alone
    assert verdict.mark == SIGN and "sign" in verdict.note and verdict.mistake == answers.SIGN_FLIPPED


def test_a_slip_that_flips_the_sign_is_named_before_the_sign():
    """−∂E/∂out_o1 is what dropping the minus of −(t − out) gives: the step names that."""
    step = BACKWARD["dE_dout_o1"]
    verdict = mark(digits(-step.value, 6), step)
    assert verdict.mark == SLIP and "minus of ∂E/∂out = −(t − out)" in verdict.note


def test_a_chain_product_with_one_factor_left_out_names_that_factor():
    """∂E/∂w5 = ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5: an answer that is the product of the first
    two alone has left out ∂net_o1/∂w5 (the value w5 carries)."""
    factors = SOLUTION.factors
    without_last = factors["dE_dout_o1"] * factors["dout_o1_dnet_o1"]
    verdict = mark(digits(without_last, 5), BACKWARD["dE_dw5"])
    assert verdict.mark == SLIP and "∂net_o1/∂w₅ looks left out" in verdict.note
    without_slope = factors["dE_dout_o1"] * factors["dnet_o1_dw5"]
    assert (
        "the sigmoid's slope out·(1 − out) looks left out"
        in mark(digits(without_slope, 5), BACKWARD["dE_dw5"]).note
    )


def test_a_forgotten_bias_is_named():
    """net_h1 = w1·x1 + w2·x2 + b1·1, worked without b1."""
    without_bias = ARTICLE.w1 * ARTICLE.x1 + ARTICLE.w2 * ARTICLE.x2
    verdict = mark(digits(without_bias, 4), FORWARD["net_h1"])
    assert verdict.mark == SLIP and "b₁ · 1" in verdict.note


def test_a_slip_two_parts_explain_is_not_named():
    """When two left-out parts give the same answer, naming one would be a guess."""
    slips = ((0.25, "the factor a looks left out"), (0.25, "the factor b looks left out"))
    assert check("0.250", 0.0625, None, slips).mark == WRONG


def test_far_off_is_not_yet_and_text_is_not_a_number():
    step = FORWARD["E_total"]
    assert mark(digits(step.value * 3, 6), step) == answers.Verdict(WRONG, "Not yet.")
    assert check("abc", 1.0) is None


@pytest.mark.parametrize("step", [*FORWARD.values(), *BACKWARD.values()], ids=lambda s: s.name)
def test_every_worked_example_step_takes_its_own_value_to_three_and_to_nine_digits(step):
    for significant in (3, 9):
        assert mark(digits(step.value, significant), step).right
    assert mark(repr(step.value), step).mark == RIGHT


@pytest.mark.parametrize(
    "text", ["1e400", "-1e400", "1e-400", "1" * 5000, "1e999999999999", "nan", "inf", ""]
)
def test_a_number_no_float_can_hold_is_not_marked_and_is_no_mistake(text):
    """A class's answers reach the teacher's count as typed: none of these may break it."""
    step = BACKWARD["dE_dw5"]
    assert check(text, step.value, step.rounded, step.slips) is None
    assert answers.common_mistakes([text, digits(-step.value, 4)], step.value, step.slips) == [
        (BACKWARD["dE_dw5"].slips[0][1], 1)
    ]
