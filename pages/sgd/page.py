"""5 · Stochastic, mini-batch and full-batch gradient descent: one data set trained three ways."""

from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from backprop_core import numbers
from pages.sgd import cached
from pages.sgd import maths as sgd
from pages.sgd import sheet as sgd_sheet
from pages.sgd.plan import PLAN
from pages.sgd.questions import questions
from pages.sgd.settings import FIRST, RUNS, SECOND, SEED, SETTINGS
from pages.sgd.steps import epoch_steps, where
from ui import chart, notation, presenter, stepper, teaching
from ui.figures import CHART
from ui.settings import drop_unknown, row
from ui.sidebar import current_state
from ui.worksheet import block as worksheet

PAGE = "sgd"
KEYS = stepper.Keys.of(PAGE)  # sgd_step, sgd_param


def settings(notes) -> sgd.Setup:
    """The five numbers the runs depend on; ``notes``: where a bad link value is named."""
    widths = [1.1, 1.3, 1.3, 1.1, 1.6]
    lr, batch, epochs, n, seed = row(RUNS, notes, widths, vertical_alignment="bottom")
    return sgd.Setup(float(lr), int(batch), int(epochs), int(n), int(seed))


def weights(notes) -> tuple[str, str]:
    left, right = st.columns(2)
    with left:
        p1 = FIRST.widget(notes=notes)
    others = tuple(w for w in sgd.WEIGHTS if w != p1)  # never the same weight twice
    second = replace(SECOND, options=others, default=next(w for w in ("W2[0,1]", "W2[0,0]") if w != p1))
    with right:
        p2 = second.widget(notes=notes)
    return p1, p2


def summary_table(summaries) -> None:
    def short(v):
        return numbers.text(v, 4)

    rows = {
        "run": [s.kind for s in summaries],
        "batch size": [s.batch_size for s in summaries],
        "updates per epoch": [s.per_epoch for s in summaries],
        "updates": [s.updates for s in summaries],
        "training cost": [short(s.train_cost) for s in summaries],
        "test cost": [short(s.test_cost) for s in summaries],
        "training accuracy": [f"{numbers.fixed(100 * s.accuracy, 1)} %" for s in summaries],
        "test accuracy": [f"{numbers.fixed(100 * s.test_accuracy, 1)} %" for s in summaries],
    }
    st.table(pd.DataFrame(rows), hide_index=True)


def step_caption(epoch: sgd.Epoch, batch: int, part: str, digits: int) -> str:
    if batch < 0:
        first = ", ".join(str(i) for i in epoch.order[:12])
        return (
            f"The shuffled order starts with samples {first}, …; batch 1 takes the first "
            f"{epoch.batch_size} of them, batch 2 the next, and so on."
        )
    s = epoch.steps[batch]
    taken = ", ".join(str(i) for i in s.indices)
    if part != "update":
        return f"Batch {s.number} takes samples {taken} (outlined on the plot)."
    verb = "fell" if s.cost_after < s.cost else "rose"
    return (
        f"Every weight and bias moved by −η times its gradient. This batch's cost {verb} from "
        f"{numbers.text(s.cost, digits)} to {numbers.text(s.cost_after, digits)}; the shading shows the "
        "network after the update."
    )


# --- the page, part by part ---------------------------------------------------------------


def introduction() -> None:
    st.title("5 · Stochastic, mini-batch and full-batch gradient descent")
    intro = presenter.introduction(matrices=True)
    intro.markdown(
        notation.linked(
            PAGE,
            "A network learns from a whole **data set**, not from one example. One pass through every "
            "training sample is an **epoch**. Gradient descent can update the weights after every sample "
            "(**stochastic**, batch size 1: each step aims by one randomly drawn sample), after every "
            "**mini-batch** of B samples, or once per epoch from the **full batch**. Below, the same "
            f"two-moons data and the same initial weights of a 2-{sgd.HIDDEN}-1 network (tanh, sigmoid "
            "output, cross-entropy) are trained all three ways.",
        )[0]
    )


def runs_and_costs(setup: sgd.Setup, runs, summaries, m: int, m_test: int) -> None:
    """What each run ended at (the table) and how its cost went there (the cost chart)."""
    for run in runs:
        if run.history.diverged_at >= 0:
            st.error(f"The {run.kind} run diverged at update {int(run.history.diverged_at):,}: lower η.")

    summary_table(summaries)
    st.caption(
        f"{m} training points, {m_test} held out. Updates per epoch: ⌈m / B⌉ = "
        f"{runs[0].per_epoch}, {runs[1].per_epoch} and {runs[2].per_epoch}."
    )
    said = (
        "The training cost by epoch for batch size 1, a mini-batch and the full batch: each update's own "
        "batch, and the whole set after each epoch."
    )
    chart.show(cached.cost_chart(setup), said, name="sgd_cost", key="sgd_cost", **CHART)
    st.markdown(
        "Thin lines: the cost of each update's own batch (what that step saw; batch size 1's single samples "
        "spike off the top of the chart); thick lines with dots: the whole training set's cost after each "
        f"epoch. The x axis counts epochs, so batch size 1's {runs[0].per_epoch} updates per epoch share the "
        "width of the full batch's one."
    )


def weight_paths(setup: sgd.Setup, notes) -> str:
    """Two chosen weights and each run's path over them; returns the first, whose update the epoch's
    steps write out."""
    st.subheader("The weights' paths")
    p1, p2 = weights(notes)
    view = cached.View(setup, p1, p2)
    said = f"A contour map of the training cost over {p1} and {p2}, with each run's path over them."
    chart.show(cached.paths_chart(view), said, name="sgd_paths", key="sgd_paths", **CHART)
    st.caption(
        f"The contours are the training cost over {p1} and {p2} with every other parameter fixed where "
        f"the mini-batch run ended: a 2-D slice of a surface over all {len(sgd.PARAMETERS)} "
        "parameters. Each path is where a run took these two weights; ✕ marks its end. Batch size 1 "
        "zig-zags because every sample pulls the weights its own way."
    )
    return p1


def held_out_cost(setup: sgd.Setup) -> None:
    said = "The cost over the training points and over the held-out test points by epoch, for each run."
    chart.show(cached.test_chart(setup), said, name="sgd_test", key="sgd_test", **CHART)
    caption = (
        "Solid: the cost over the training points; dashed: over the held-out test points, which no run "
        "learned from. Training is only half the job: the test cost says whether what was learned "
        "generalises (a test cost rising while the training cost falls is overfitting)."
    )
    st.caption(notation.linked(PAGE, caption)[0])


def one_epoch(setup: sgd.Setup, m: int, p1: str, digits: int) -> None:
    """The mini-batch run's first epoch through the stepper, and the data plot of the step reached."""
    head = presenter.fold("epoch")
    head.header("One epoch of mini-batch descent, batch by batch")
    epoch = cached.first_epoch(setup)
    steps = epoch_steps(epoch, m, p1, digits)
    step_list = [s.name for s in steps]  # a new batch size, fewer steps: the stepper starts again
    head.markdown(
        f"The mini-batch run's first epoch (B = {epoch.batch_size}, η = {numbers.text(epoch.lr)}), "
        "recomputed from the weights the run recorded: shuffle, then for each batch take it, forward pass, "
        f"backward pass, update. Step {len(step_list)} ends the epoch."
    )
    # The number of batches is the table's "updates per epoch" (and the slider's last name): practice
    # mode shows it worked rather than asking for what the page already says.
    controls = stepper.controls(PAGE, {PAGE: steps}, keys=KEYS, given=("shuffle",))
    words, picture = presenter.slide(1, 1.3)
    with words:
        known = stepper.show_steps(steps, PAGE, controls)
    # the caption and the plot are the last step reached: in practice mode a step's batch, its samples and
    # the network after its update wait for the learner's answer
    batch, part = where(next(reversed(known), step_list[0]))
    words.caption(step_caption(epoch, batch, part, digits))
    data = cached.data_chart(setup, batch, part == "update")
    said = "The training points by class over the two inputs, shaded by the network's probability of class 1"
    said += f" ({step_caption(epoch, batch, part, digits)})" if batch >= 0 else "."
    chart.show(
        data,
        said,
        name="sgd_data",
        place=picture,
        key="sgd_data",
        **CHART,
        **presenter.height(data.layout.height),
    )


@st.fragment
def page() -> None:
    """The page's own widgets (Next, its settings) rerun this alone, not app.py and the sidebar."""
    digits = current_state().digits
    introduction()
    teaching.teachers(PLAN)
    notice_box = st.container()  # drawn first, so a bad link value in any setting below is named above them
    with presenter.fold("settings"):  # a slide: the epoch's steps alone
        drop_unknown(f"{PAGE}_", SETTINGS, also=KEYS.in_link, notes=notice_box)
        setup = settings(notice_box)
        runs = cached.the_runs(setup)
        train, test = cached.training_data(setup)
        summaries = [sgd.summary(run) for run in runs]
        runs_and_costs(setup, runs, summaries, train.m, test.m)
        p1 = weight_paths(setup, notice_box)
        held_out_cost(setup)
    one_epoch(setup, train.m, p1, digits)
    teaching.questions(questions(setup, summaries, train.m, test.m))
    with presenter.fold("more"):
        worksheet.block(
            PAGE,
            partial(sgd_sheet.sheet, setup, cached.first_epoch(setup), train.m, p1, digits),
            lambda seed: {SEED.key: seed},
            (min(SEED.options), max(SEED.options)),
            setup.seed,
            "sgd",
        )
    presenter.tools()


page()
