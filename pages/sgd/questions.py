"""Lesson 5's questions for the class, each answered with the current run's numbers (printed through
``numbers``; the texts only choose which numbers to cite)."""

from backprop_core import numbers
from backprop_core.teaching import Question
from pages.sgd import maths as sgd


def _t(value) -> str:
    return numbers.text(value, 3)


def _pct(value) -> str:
    return f"{numbers.fixed(100 * value, 1)} %"


def questions(setup: sgd.Setup, summaries, m: int, m_test: int) -> list[Question]:
    """The questions; each answer cites the current run's numbers."""
    one, mini, full = summaries
    return [
        Question(
            f"Before the runs are shown: after {setup.epochs} epochs, which batch size will have the lowest "
            "training cost?",
            _lowest(summaries, setup.epochs),
            predict=True,
        ),
        Question("Why does batch size 1 need a smaller learning rate?", _noise(setup.lr, one, mini, full)),
        Question(
            "Why is the full batch's curve smooth, and batch size 1's so jagged?", _jagged(m, one, mini, full)
        ),
        Question(
            "What does the gap between the training and the test cost tell you?",
            _gap(summaries, m_test, setup.epochs),
        ),
        Question("Which run learned most per epoch, and which per update?", _per_update(summaries)),
    ]


def _lowest(summaries, epochs: int) -> str:
    """Each run's training cost after the epochs and its number of updates: more updates, more progress,
    unless the noise or the step size gets in the way."""
    ends = "; ".join(
        f"{s.kind} (batch size {s.batch_size:,}, {s.updates:,} updates) **{_t(s.train_cost)}**"
        for s in summaries
    )
    best = min(summaries, key=lambda s: s.train_cost)
    return (
        f"After {epochs} epochs the training cost is: {ends}. The lowest is the {best.kind} run's. Per epoch "
        "the smaller batches take many more steps, so they usually get further in the same number of "
        "epochs, while the full batch takes one well-aimed step per epoch; a step too noisy for η can "
        "undo that advantage."
    )


def _noise(lr: float, one, mini, full) -> str:
    """How much each run's gradient scatters, and what that does near a minimum."""
    erratic = one.grad_spread / full.grad_spread if full.grad_spread else float("inf")
    eta = numbers.text(lr)
    return (
        f"One sample's gradient is a noisy estimate of the whole training set's. In this run (η = {eta}) "
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


def _jagged(m: int, one, mini, full) -> str:
    """Rises in the reported cost: the full batch's are overshoots, the others' mostly sampling noise."""
    smooth = (
        f"Every full-batch update uses all {m} training samples, so the cost it reports *is* the training "
        "cost, and each step follows its true gradient: a small enough step can only go downhill. "
        f"In this run the full batch's cost rose in **{full.rises}** of its {max(full.updates - 1, 0)} steps"
    )
    overshoot = ": a rise means η is too large even for the true gradient (the step overshoots)."
    smooth += "." if full.rises == 0 else overshoot
    return smooth + (
        f" Batch size 1 reports one sample's loss per update, and consecutive samples differ: it rose in "
        f"**{one.rises:,}** of {one.updates - 1:,} updates, the mini-batch in **{mini.rises}** of "
        f"{mini.updates - 1}. That is noise in what is measured, not training going wrong: the thick line "
        "(the whole training set's cost after each epoch) is far smoother."
    )


def _gap(summaries, m_test: int, epochs: int) -> str:
    """Training against test cost for each run, then whether any run has started to overfit."""
    gaps = ", ".join(
        f"{s.kind} {_t(s.train_cost)} → {_t(s.test_cost)} "
        f"(accuracy {_pct(s.accuracy)} → {_pct(s.test_accuracy)})"
        for s in summaries
    )
    return (
        f"The test cost is measured on {m_test} points the network never learned from. After "
        f"{epochs} epochs, training → test cost: {gaps}. A small gap means what was learned holds on "
        "new data; a test cost well above the training cost means the network fits its own training points "
        "better than the pattern behind them."
    ) + _past_the_best_test(summaries, epochs)


def _past_the_best_test(summaries, epochs: int) -> str:
    """The first run (in the table's order) whose test cost has risen more than 2 % above its lowest,
    and whether that is overfitting or too large a step; else a sentence saying no run's has."""
    for s in summaries:
        if s.test_cost > s.best_test_cost * 1.02 and s.best_test_epoch < epochs:
            rose = (
                f" The {s.kind} run's test cost was lowest, {_t(s.best_test_cost)}, after epoch "
                f"{s.best_test_epoch}, and is {_t(s.test_cost)} now, while its training cost went from "
                f"{_t(s.train_at_best_test)} to {_t(s.train_cost)}. "
            )
            return rose + (
                "Training cost falling while test cost rises is overfitting: the network is learning the "
                "noise of its own training points. Stopping at the best test epoch (early stopping) would "
                "have kept the better network."
                if s.train_cost < s.train_at_best_test
                else "Both rose: that is not overfitting but steps too large to settle (try a smaller η)."
            )
    return " No run's test cost has risen more than 2 % above its lowest: no sign of overfitting yet."


def _per_update(summaries) -> str:
    """The first epoch's progress, per epoch and per update: what each batch size buys."""
    one, mini, full = summaries
    per_update = [(s.start_cost - s.after_one_epoch) / s.per_epoch for s in summaries]
    return (
        f"All three started at a training cost of {_t(one.start_cost)}. After one epoch (each sample seen "
        f"once): batch size 1 ({one.per_epoch:,} updates) {_t(one.after_one_epoch)}, the mini-batch "
        f"({mini.per_epoch} updates) {_t(mini.after_one_epoch)}, the full batch (1 update) "
        f"{_t(full.after_one_epoch)}. Per update of that epoch the cost fell by {_t(per_update[0])}, "
        f"{_t(per_update[1])} and {_t(per_update[2])} on average. The full batch takes the best-aimed "
        "step but only one per epoch; batch size 1 takes many cheap, noisy ones. A mini-batch sits in "
        "between, and on real hardware its samples are computed in parallel, so it usually wins on time."
    )
