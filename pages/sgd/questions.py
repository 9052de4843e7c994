"""Lesson 5's questions for the class, each answered with the current run's numbers (printed through
``numbers``; the texts only choose which numbers to cite)."""

from backprop_core import numbers
from pages.sgd import maths as sgd


def _t(value) -> str:
    return numbers.text(value, 3)


def _pct(value) -> str:
    return f"{numbers.fixed(100 * value, 1)} %"


def questions(setup: sgd.Setup, summaries, m: int, m_test: int) -> list[tuple[str, str]]:
    """(question, answer) pairs; each answer cites the current run's numbers."""
    one, mini, full = summaries
    lr = numbers.text(setup.lr)
    erratic = one.grad_spread / full.grad_spread if full.grad_spread else float("inf")
    q1 = (
        f"One sample's gradient is a noisy estimate of the whole training set's. In this run (η = {lr}) "
        f"the gradient's size ‖∂J/∂W‖ averaged **{_t(one.grad_mean)}**, with a standard deviation of "
        f"**{_t(one.grad_spread)}**, for batch size 1; **{_t(mini.grad_mean)}** ± {_t(mini.grad_spread)} "
        f"for batches of {mini.batch_size}; **{_t(full.grad_mean)}** ± {_t(full.grad_spread)} for the full "
        f"batch of {full.batch_size}. A step is η times the gradient, so batch size 1's steps scatter "
        f"**{_t(erratic)}×** as much as the full batch's, and near a minimum they keep jumping around it "
        "instead of settling: the jitter grows with η. A smaller η (or one that shrinks over the epochs) "
        f"lets the noise average out. Here batch size 1 ended at a training cost of {_t(one.train_cost)} "
        f"and a test cost of {_t(one.test_cost)}; the full batch at {_t(full.train_cost)} and "
        f"{_t(full.test_cost)}."
    )
    smooth = (
        f"Every full-batch update uses all {m} training samples, so the cost it reports *is* the training "
        "cost, and each step follows its true gradient: a small enough step can only go downhill. "
        f"In this run the full batch's cost rose in **{full.rises}** of its {max(full.updates - 1, 0)} steps"
    )
    overshoot = ": a rise means η is too large even for the true gradient (the step overshoots)."
    smooth += "." if full.rises == 0 else overshoot
    q2 = smooth + (
        f" Batch size 1 reports one sample's loss per update, and consecutive samples differ: it rose in "
        f"**{one.rises:,}** of {one.updates - 1:,} updates, the mini-batch in **{mini.rises}** of "
        f"{mini.updates - 1}. That is noise in what is measured, not training going wrong: the thick line "
        "(the whole training set's cost after each epoch) is far smoother."
    )
    gaps = ", ".join(
        f"{s.kind} {_t(s.train_cost)} → {_t(s.test_cost)} "
        f"(accuracy {_pct(s.accuracy)} → {_pct(s.test_accuracy)})"
        for s in summaries
    )
    q3 = (
        f"The test cost is measured on {m_test} points the network never learned from. After "
        f"{setup.epochs} epochs, training → test cost: {gaps}. A small gap means what was learned holds on "
        "new data; a test cost well above the training cost means the network fits its own training points "
        "better than the pattern behind them."
    )
    for s in summaries:
        if s.test_cost > s.best_test_cost * 1.02 and s.best_test_epoch < setup.epochs:
            q3 += (
                f" The {s.kind} run's test cost was lowest, {_t(s.best_test_cost)}, after epoch "
                f"{s.best_test_epoch}, and is {_t(s.test_cost)} now, while its training cost went from "
                f"{_t(s.train_at_best_test)} to {_t(s.train_cost)}. "
            )
            q3 += (
                "Training cost falling while test cost rises is overfitting: the network is learning the "
                "noise of its own training points. Stopping at the best test epoch (early stopping) would "
                "have kept the better network."
                if s.train_cost < s.train_at_best_test
                else "Both rose: that is not overfitting but steps too large to settle (try a smaller η)."
            )
            break
    else:
        q3 += " No run's test cost has risen more than 2 % above its lowest: no sign of overfitting yet."
    per_update = [(s.start_cost - s.after_one_epoch) / s.per_epoch for s in summaries]
    q4 = (
        f"All three started at a training cost of {_t(one.start_cost)}. After one epoch (each sample seen "
        f"once): batch size 1 ({one.per_epoch:,} updates) {_t(one.after_one_epoch)}, the mini-batch "
        f"({mini.per_epoch} updates) {_t(mini.after_one_epoch)}, the full batch (1 update) "
        f"{_t(full.after_one_epoch)}. Per update of that epoch the cost fell by {_t(per_update[0])}, "
        f"{_t(per_update[1])} and {_t(per_update[2])} on average. The full batch takes the best-aimed "
        "step but only one per epoch; batch size 1 takes many cheap, noisy ones. A mini-batch sits in "
        "between, and on real hardware its samples are computed in parallel, so it usually wins on time."
    )
    return [
        ("Why does batch size 1 need a smaller learning rate?", q1),
        ("Why is the full batch's curve smooth, and batch size 1's so jagged?", q2),
        ("What does the gap between the training and the test cost tell you?", q3),
        ("Which run learned most per epoch, and which per update?", q4),
    ]
