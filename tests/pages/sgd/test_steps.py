"""Lesson 5's step-through, pure: one epoch as Steps named as the step slider names them, each value
the epoch's own number."""

from backprop_core import names
from pages.sgd import maths as sgd
from pages.sgd.steps import epoch_steps, step_names, where

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
