"""The teacher's counts of one step, pure: each student's last answer, the chart's bars, the most common
wrong answers with the mistake the core's marking names (backprop_core.answers with the step's slips)."""

from datetime import UTC, datetime, timedelta

from backprop_core import ARTICLE, mistakes, numbers
from backprop_core.symbolic import backward_steps
from pages.classroom import tally
from pages.classroom.figures import answers_chart
from ui.classroom.store import Answer

DW5 = next(s for s in backward_steps(ARTICLE, 9, update_biases=False)["w5"] if s.name == "dE_dw5")
T0 = datetime(2026, 12, 6, 14, 0, tzinfo=UTC)


def given(*rows):
    """(student, answer, correct) in the order given, a second apart."""
    return [
        Answer(who, "backward_pass", "dE_dw5", text, right, T0 + timedelta(seconds=i))
        for i, (who, text, right) in enumerate(rows)
    ]


def slip(label: str) -> float:
    return next(v for v, why in DW5.slips if why == label)


def test_each_students_last_answer_counts():
    rows = given(("Ann", "0.5", False), ("Bob", "0.0822", True), ("Ann", "0.08217", True))
    assert [(a.student, a.answer) for a in tally.latest(rows)] == [("Bob", "0.0822"), ("Ann", "0.08217")]


def test_answers_agreeing_to_three_digits_share_a_bar_right_ones_apart():
    rows = given(("A", "0.0822", True), ("B", "0.08217", True), ("C", "-0.0822", False), ("D", "abc", False))
    bars = tally.bars(rows)
    assert [(b.label, b.students, b.right) for b in bars] == [("-0.0822", 1, False), ("0.0822", 2, True)]
    spec = answers_chart(bars).to_plotly_json()
    assert spec["data"][0]["y"] == [1, 2] and spec["data"][0]["x"][1].endswith("✓")


def test_the_most_common_wrong_answers_name_their_likely_mistake():
    sigmoid = numbers.text(slip(mistakes.NO_SLOPE), 6)
    rows = given(
        ("A", sigmoid, False),
        ("B", numbers.text(slip(mistakes.NO_SLOPE), 4), False),  # the same slip, fewer digits
        ("C", numbers.text(-DW5.value, 6), False),
        ("D", "12", False),
        ("E", numbers.text(DW5.value, 6), True),
    )
    wrong = tally.wrong(rows, DW5.value, DW5.rounded, DW5.slips)
    assert [(w.answer, w.students, w.mistake) for w in wrong] == [
        (sigmoid, 2, mistakes.NO_SLOPE),
        (numbers.text(-DW5.value, 6), 1, mistakes.MINUS),  # for ∂E/∂w5 the dropped minus flips the sign
        ("12", 1, ""),
    ]


def test_a_right_answer_names_no_mistake():
    assert tally.mistake(numbers.text(DW5.value, 6), DW5.value, DW5.rounded, DW5.slips) == ""
