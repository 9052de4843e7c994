"""The mistake catalogue (backprop_core/mistakes.py) against independent computation: each wrong value
worked here by hand from the article's inputs (a sigmoid written out, not the core's) or from the
article's printed figures, and the catalogue told apart on the worked example's numbers."""

import itertools
import math

import pytest

from backprop_core import answers, mistakes
from backprop_core.answers import SLIP, check, round_to
from backprop_core.example import ARTICLE, Example
from backprop_core.symbolic import backward_steps, forward_steps

A = ARTICLE
PRINTED = {"E_total": 0.298371109, "w5_new": 0.35891648, "dE_dw5": 0.082167041}  # the article's figures


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


# The worked example by hand, from its inputs.
NET_H1 = A.w1 * A.x1 + A.w2 * A.x2 + A.b1
NET_H2 = A.w3 * A.x1 + A.w4 * A.x2 + A.b1
OUT_H1, OUT_H2 = sigmoid(NET_H1), sigmoid(NET_H2)
NET_O1 = A.w5 * OUT_H1 + A.w6 * OUT_H2 + A.b2
OUT_O1 = sigmoid(NET_O1)
DELTA_O1 = -(A.t1 - OUT_O1) * OUT_O1 * (1 - OUT_O1)

CATALOGUE = mistakes.worked_example(ARTICLE)
STEPS = {s.name: s for s in forward_steps(ARTICLE)} | {
    s.name: s for chain in backward_steps(ARTICLE).values() for s in chain
}


def wrong(step: str, label: str, catalogue=CATALOGUE) -> float:
    found = [v for v, said in catalogue[step] if said == label]
    assert len(found) == 1, f"{label!r} is not one of {step}'s mistakes"
    return found[0]


def test_the_hand_worked_example_is_the_articles():
    total = 0.5 * (A.t1 - OUT_O1) ** 2 + 0.5 * (A.t2 - sigmoid(A.w7 * OUT_H1 + A.w8 * OUT_H2 + A.b2)) ** 2
    assert math.isclose(total, PRINTED["E_total"], rel_tol=1e-8)
    assert math.isclose(DELTA_O1 * OUT_H1, PRINTED["dE_dw5"], rel_tol=1e-7)


# (step, label, the wrong value worked by hand)
HAND = [
    ("dE_dout_o1", mistakes.MINUS, A.t1 - OUT_O1),
    ("dE_dw5", mistakes.MINUS, -PRINTED["dE_dw5"]),
    ("dE_dw5", mistakes.NO_SLOPE, (OUT_O1 - A.t1) * OUT_H1),
    ("dE_dout_o1", mistakes.NET_FOR_OUT, -(A.t1 - NET_O1)),
    ("dout_o1_dnet_o1", mistakes.NET_FOR_OUT, NET_O1 * (1 - NET_O1)),
    ("dnet_o1_dw5", mistakes.NET_FOR_OUT, NET_H1),
    ("dout_h1_dnet_h1", mistakes.NO_SLOPE, 1.0),
    ("w5_new", mistakes.UPHILL, A.w5 + A.lr * PRINTED["dE_dw5"]),
    ("w5_new", mistakes.NO_ETA, A.w5 - PRINTED["dE_dw5"]),
    ("dnet_o1_dout_h1", mistakes.NEW_WEIGHT, PRINTED["w5_new"]),
    ("dE_o1_dout_h1", mistakes.NEW_WEIGHT, DELTA_O1 * PRINTED["w5_new"]),
    ("dnet_o1_dout_h1", mistakes.INPUT_FOR_WEIGHT, OUT_H1),
    ("dnet_o1_dw5", mistakes.WEIGHT_FOR_INPUT, A.w5),
    ("out_h1", mistakes.NO_SIGMOID, NET_H1),
    ("out_h1", mistakes.SIGMOID_SIGN, 1 / (1 + math.exp(NET_H1))),
    ("E_o1", mistakes.NO_HALF, (A.t1 - OUT_O1) ** 2),
]


@pytest.mark.parametrize(("step", "label", "expected"), HAND, ids=lambda x: x if isinstance(x, str) else "")
def test_each_mistake_is_its_hand_worked_value(step, label, expected):
    assert math.isclose(wrong(step, label), expected, rel_tol=1e-7)


def test_in_the_articles_earlier_code_the_old_weight_is_the_mistake():
    variant = mistakes.worked_example(ARTICLE, article_variant=True)
    assert math.isclose(wrong("dE_o1_dout_h1", mistakes.OLD_WEIGHT, variant), DELTA_O1 * A.w5, rel_tol=1e-9)
    assert all(label != mistakes.NEW_WEIGHT for slips in variant.values() for _, label in slips)


def test_a_bias_the_lesson_keeps_fixed_has_no_update_mistake():
    assert CATALOGUE["b1_new"] == ()
    moving = mistakes.worked_example(ARTICLE, update_biases=True)
    assert {label for _, label in moving["b1_new"]} >= {mistakes.UPHILL, mistakes.NO_ETA}


def test_every_mistake_is_named_somewhere_in_the_lessons():
    labels = {label for slips in CATALOGUE.values() for _, label in slips}
    labels |= {
        label for slips in mistakes.worked_example(A, article_variant=True).values() for _, label in slips
    }
    expected = {
        mistakes.UPHILL, mistakes.NO_ETA, mistakes.MINUS, mistakes.NO_SLOPE, mistakes.NET_FOR_OUT,
        mistakes.NO_SIGMOID, mistakes.SIGMOID_SIGN, mistakes.NEW_WEIGHT, mistakes.OLD_WEIGHT,
        mistakes.WEIGHT_FOR_INPUT, mistakes.INPUT_FOR_WEIGHT, mistakes.NO_HALF,
    }  # fmt: skip
    assert labels == expected


@pytest.mark.parametrize("flags", [{}, {"update_biases": True}, {"article_variant": True}], ids=str)
@pytest.mark.parametrize("example", [ARTICLE, Example(w5=0.9, t1=0.6, x2=0.7)], ids=["article", "edited"])
def test_no_two_labels_of_a_step_collide_nor_meet_its_value(example, flags):
    """To three significant digits no answer agrees with two of a step's slips, nor with a slip and the
    value or the value from rounded inputs: each label names one mistake."""
    steps = [*forward_steps(example), *(s for c in backward_steps(example, **flags).values() for s in c)]
    for step in steps:
        labels = [label for _, label in step.slips]
        assert len(labels) == len(set(labels)), step.name
        slips = [v for v, _ in step.slips]
        for a, b in [
            *itertools.combinations(slips, 2),
            *itertools.product(slips, (step.value, step.rounded)),
        ]:
            assert answers.apart(a, b), (step.name, a, b)


def test_practice_names_the_mistake_a_learner_made_on_rounded_numbers():
    """∂E/∂w5 without the sigmoid's slope, worked from 4-digit factors: 0.7414 · 0.5933 = 0.43987, not the
    0.43983 every digit gives; still named."""
    answer = f"{round_to(OUT_O1 - A.t1) * round_to(OUT_H1):.5f}"
    step = STEPS["dE_dw5"]
    verdict = check(answer, step.value, step.rounded, step.slips)
    assert verdict.mark == SLIP and verdict.mistake == mistakes.NO_SLOPE
    assert verdict.note == f"Not yet: {mistakes.NO_SLOPE}."


def test_the_teacher_sees_how_many_answers_each_mistake_explains():
    step = STEPS["dE_dw5"]
    minus, no_slope = -step.value, wrong("dE_dw5", mistakes.NO_SLOPE)
    texts = [
        f"{minus:.4g}",
        f"{minus:.6g}",
        f"{no_slope:.4g}",
        f"{step.value:.4g}",
        "abc",
        "7",
        f"{minus:.3g}",
    ]
    assert answers.common_mistakes(texts, step.value, step.slips, step.rounded) == [
        (mistakes.MINUS, 3),
        (mistakes.NO_SLOPE, 1),
    ]
    assert answers.mistake(f"{step.value:.4g}", step.value, step.slips) is None  # right: no mistake
    assert answers.mistake("7", step.value, step.slips) is None  # wrong, but no one mistake explains it


def test_a_wrong_sign_no_mistake_explains_is_grouped_as_the_sign():
    step = STEPS["out_h1"]
    assert answers.mistake(f"{-step.value:.4g}", step.value, step.slips) == answers.SIGN_FLIPPED


def test_the_update_mistakes_of_any_lesson():
    slips = dict((label, v) for v, label in mistakes.update(0.4, 0.5, 0.1))
    assert slips == {mistakes.UPHILL: 0.4 + 0.5 * 0.1, mistakes.NO_ETA: 0.4 - 0.1}


def test_kept_drops_a_slip_too_near_the_value_or_an_earlier_one():
    assert mistakes.kept(
        1.0, None, [(1.001, "a"), (2.0, "b"), (2.001, "c"), (math.nan, "d"), (3.0, "e")]
    ) == (
        (2.0, "b"),
        (3.0, "e"),
    )
