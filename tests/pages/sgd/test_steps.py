"""Lesson 5's step-through, pure: one epoch as Steps named as the step slider names them, each value
the epoch's own number."""

import math

import numpy as np

from backprop_core import mistakes, names, numbers
from backprop_core.answers import round_to
from pages.sgd import maths as sgd
from pages.sgd import steps
from pages.sgd.steps import epoch_steps, step_names, where
from tests.pages import marking

SMALL = sgd.Setup(lr=0.3, batch_size=8, epochs=1, n=100, seed=7)


def test_one_epoch_as_steps_with_the_epochs_numbers():
    epoch = sgd.first_epoch(SMALL, sgd.three_runs(SMALL)[1])
    m = len(epoch.order)
    steps = epoch_steps(epoch, m, "W2[0,0]", 9)
    assert [s.name for s in steps] == step_names(len(epoch.steps))
    assert steps[0].value == len(epoch.steps)  # ⌈m / B⌉ batches
    index = names.flat_index(sgd.NETWORK)["W2[0,0]"]
    value = {step.name: step.value for step in steps}
    for s in epoch.steps:
        assert value[f"b{s.number}-take"] == len(s.indices) and value[f"b{s.number}-forward"] == s.cost
        assert value[f"b{s.number}-backward"] == s.grad_norm
        assert value[f"b{s.number}-update"] == float(s.after.flat()[index])


def test_a_step_name_says_its_batch_and_part():
    assert where("shuffle") == (-1, "shuffle")
    assert where("b3-update") == (2, "update") and where("b12-take") == (11, "take")


# --- fair practice (#24) --------------------------------------------------------------------------

EPOCH = sgd.first_epoch(SMALL, sgd.three_runs(SMALL)[1])
M = len(EPOCH.order)  # 75 training samples, batches of 8: the last holds 3
STEPS = {s.name: s for s in epoch_steps(EPOCH, M, "W2[0,0]", 9)}
LAST = EPOCH.steps[-1]


def test_the_counts_name_rounding_down_and_a_full_last_batch():
    assert M % 8
    marking.names_slip(STEPS["shuffle"], M // 8, steps.ROUNDED_DOWN, 1)
    marking.names_slip(STEPS[f"b{LAST.number}-take"], 8, steps.FULL_LAST, 1)


def test_a_batchs_cost_and_gradient_from_four_digit_numbers_are_accepted():
    first = EPOCH.steps[0]
    losses = [round_to(x) for x in first.trace.losses]
    marking.accepted_from_rounded(STEPS["b1-forward"], sum(losses) / len(losses), 7)
    marking.names_slip(STEPS["b1-forward"], float(sum(first.trace.losses)), mistakes.SUM_FOR_MEAN)
    norms = [round_to(float(np.linalg.norm(g))) for g in first.grads.weights]
    marking.accepted_from_rounded(STEPS["b1-backward"], math.sqrt(sum(n * n for n in norms)), 7)
    marking.names_slip(STEPS["b1-backward"], sum(n * n for n in norms), mistakes.NO_ROOT)
    marking.hint_has_numbers(STEPS["b1-backward"], numbers.latex(norms[0], 4))


def test_an_update_from_four_digit_numbers_is_accepted_and_uphill_is_named():
    index = names.flat_index(sgd.NETWORK)["W2[0,0]"]
    first = EPOCH.steps[0]
    old, grad = float(first.before.flat()[index]), float(first.grads.flat()[index])
    step = STEPS["b1-update"]
    marking.accepted_from_rounded(step, round_to(old) - round_to(EPOCH.lr) * round_to(grad), 7)
    marking.names_slip(step, old + EPOCH.lr * grad, mistakes.UPHILL)
    marking.hint_has_numbers(step, numbers.latex(old, 9), numbers.latex(grad, 9))
