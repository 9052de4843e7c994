"""The vectorised lesson's steps, pure: a view per stage, each with the matrices it computes typeset and
the one entry practice mode asks for."""

import math

import numpy as np

from backprop_core import mistakes, numbers
from backprop_core.answers import round_to
from backprop_core.steps import equation
from pages.vectorised import maths as v
from pages.vectorised import steps
from pages.vectorised.steps import stage_views
from tests.pages import marking


def test_each_stage_asks_for_the_top_left_entry_of_what_it_computes():
    lesson = v.lesson(v.Batch())
    views = stage_views(lesson, 4)
    assert [s.name for s in views] == [s.name for s in v.STAGES]
    batch, *computed = views
    assert batch.practice.value == lesson["m"] and batch.practice.symbol == "m"
    for view in computed:
        assert view.practice.name == view.name  # the stepper's step is the stage
        first = np.asarray(lesson[view.matrices[0]])
        assert view.practice.value == float(first[(0,) * first.ndim])
        assert numbers.latex(view.practice.value, 4) in equation(view.practice)
        assert len(view.equations) == len(view.matrices) == len(view.shapes) == len(view.code)


# --- fair practice (#24) --------------------------------------------------------------------------

BATCH = v.Batch()  # 3 inputs, 4 hidden (tanh), 4 samples
LESSON = v.lesson(BATCH)
PRACTICE = {view.name: view.practice for view in stage_views(LESSON, 4)}
R = {name: np.vectorize(round_to)(np.asarray(LESSON[name], dtype=float)) for name in v.MATRICES}


def test_every_asked_entry_but_a_count_knows_its_rounded_value():
    for name, step in PRACTICE.items():
        assert (step.rounded is None) == (name == "batch"), name
        assert step.slips or name in ("A1", "dZ1"), name  # tanh(z) ≈ z here: no slip told apart


def test_an_entry_worked_from_four_digit_numbers_is_accepted():
    """Z1[0,0] = Σ_j W1[0,j]·X[j,0] + b1[0], and the loss, each from the 4-digit numbers shown."""
    z1 = sum(R["W1"][0, j] * R["X"][j, 0] for j in range(BATCH.n_in)) + R["b1"][0, 0]
    marking.accepted_from_rounded(PRACTICE["Z1"], z1)
    a, y = R["A2"][0, 0], LESSON["Y"][0, 0]
    loss = -(y * math.log(a) + (1 - y) * math.log(1 - a))
    marking.accepted_from_rounded(PRACTICE["L"], loss)
    dw2 = sum(R["dZ2"][0, i] * R["A1"][0, i] for i in range(BATCH.m)) / BATCH.m
    marking.accepted_from_rounded(PRACTICE["dW2"], dw2)


def test_the_likely_mistakes_are_named():
    w1, lr, dw1 = float(LESSON["W1"][0, 0]), BATCH.lr, float(LESSON["dW1"][0, 0])
    marking.names_slip(PRACTICE["update"], w1 + lr * dw1, mistakes.UPHILL)
    z1 = float(LESSON["Z1"][0, 0])
    marking.names_slip(PRACTICE["Z1"], z1 - float(LESSON["b1"][0, 0]), steps.NO_BIAS)
    losses = LESSON["L"][0]
    marking.names_slip(PRACTICE["J"], float(sum(losses)), mistakes.SUM_FOR_MEAN)
    a, y = float(LESSON["A2"][0, 0]), float(LESSON["Y"][0, 0])
    marking.names_slip(PRACTICE["dZ2"], (a - y) * a * (1 - a), steps.SLOPE_IN)
    marking.names_slip(PRACTICE["L"], -(y * math.log10(a) + (1 - y) * math.log10(1 - a)), steps.LOG10)
    marking.names_slip(PRACTICE["batch"], BATCH.n_in, steps.ROWS_FOR_COLUMNS, 1)


def test_the_hint_shows_the_entrys_numbers_and_the_slide_does_not():
    step = PRACTICE["Z1"]
    marking.hint_has_numbers(step, numbers.latex(LESSON["W1"][0, 1], 4), numbers.latex(LESSON["b1"][0, 0], 4))
    assert step.numbers not in step.latex  # answered, the stage shows formula = value (it fits a slide)
    marking.hint_has_numbers(PRACTICE["A1"], r"\tanh")
