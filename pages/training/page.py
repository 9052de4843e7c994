"""Training: repeat the step thousands of times, scrub through the run, compare learning rates."""

import numpy as np
import streamlit as st

from backprop_core import ARTICLE, MAX_STEPS
from backprop_core.chunked import record_every
from backprop_core.example import EARLIER_CODE, OUTPUTS, TARGETS
from backprop_core.numbers import latex, places, text
from backprop_core.symbolic import lesson_tex
from pages.training import cached as cache
from pages.training import settings
from pages.training.plan import PLAN
from ui import article, chart, presenter, teaching
from ui.figures import CHART
from ui.settings import drop_unknown
from ui.sidebar import current_state

assert settings.LONGEST <= MAX_STEPS


def quoted(entries: list[str]) -> str:
    """The visitor's text as inline code, shortened, so it cannot format the page."""
    return ", ".join(f"`{e.replace('`', '')[:24]}`" for e in entries)


@st.fragment
def scrubber(run: cache.Run, history, digits: int, log_y: bool) -> None:
    """Step k of the run on the curve and on the network (reruns alone as the slider moves)."""
    last = int(history.steps[-1])
    every = record_every(run.steps)
    # A plain widget, not a setting: where the learner is in this run, which its range follows (a new
    # run starts at its end); the link carries the run.
    curve, picture = presenter.slide(1, 1.15)  # on a slide, the curve beside the network
    k = curve.slider("Step k (drag to replay the run)", 0, last, last, step=every, key="train_k")
    i = min(int(np.searchsorted(history.steps, k)), len(history.steps) - 1)
    loss = cache.loss_chart(run, log_y, i, _history=history)
    step, error = int(history.steps[i]), latex(history.loss[i], digits)
    said = (
        f"E_total over {last:,} steps of training, from {text(history.loss[0], digits)} to "
        f"{text(history.final_loss, digits)}; marked: step {step:,}, "
        f"E_total = {text(history.loss[i], digits)}."
    )
    chart.show(loss, said, name="train_loss", place=curve, key="train_loss", **CHART, **presenter.height(440))
    # full width: the diagram's labels collide in a half-width column
    picture.markdown(f"**The network after {step:,} steps**, $E_{{total}} = {error}$")
    network = cache.diagram(cache.at_step(history, run.example, i), digits)
    chart.show(
        presenter.enlarged(network),
        f"The network after {step:,} steps: its weights on the edges, each neuron's values.",
        name="train_network",
        place=picture,
        key="train_network",
        **CHART,
    )


def article_figures() -> None:
    """The article's published post-training figures against both methods, and its erratum."""
    described, variant = article.trained(False), article.trained(True)
    rows = []
    for f in (f for f in article.FIGURES if f.section == article.TRAINED):
        name = f.source[1]
        marks = [
            f"{text(v[name], 12)} {'✓' if article.matches_print(v[name], f.printed) else '✗'}"
            for v in (described, variant)
        ]
        rows.append(f"| ${f.symbol}$ | `{f.printed}` | {marks[0]} | {marks[1]} |")
    st.markdown(
        "Computed from the article's own starting values (whatever the sidebar shows), biases fixed, "
        f"η = {text(ARTICLE.lr)}. ✓: equal to the last printed digit.\n\n"
        f"| figure | the article prints | described method | {EARLIER_CODE} |\n|---|---|---|---|\n"
        + "\n".join(rows)
    )
    e, printed = article.errata(), article.PRINTED["train", "E"]
    st.info(
        f"**One printed figure is inconsistent.** The article's $E_{{total}}$ = `{printed}` after "
        f"{article.STEPS:,} steps does not follow from its own printed outputs: "
        f"${article.HALF_SQUARED_SUM}$ with them gives "
        f"{places(e['E_from_printed_outputs'], 10)}, which is {EARLIER_CODE}'s {places(e['variant_E'], 10)}. "
        f"`{printed}` is what the described method gives after **{article.STEPS - 1:,}** steps "
        f"({places(e['described_E_9999'], 10)}); "
        f"after {article.STEPS:,} it gives {places(e['described_E'], 10)}. "
        "The outputs and the error were most likely printed from different runs.",
        icon="📰",
    )


@st.fragment
def learning_rates(state, variant: bool, log_y: bool) -> None:
    """Several η trained together (reruns alone as the list changes)."""
    lrs_col, steps_col = st.columns([3, 1])
    with lrs_col:
        typed = settings.ETAS.widget()
    with steps_col:
        steps = settings.SWEEP_STEPS.widget()
    lrs, bad = settings.parse_lrs(typed)
    if bad:
        st.warning(f"Ignored, not positive finite numbers: {quoted(bad)}.", icon="⚠️")
    if len(lrs) > settings.MAX_LRS:
        st.warning(f"Comparing the first {settings.MAX_LRS} learning rates only.", icon="⚠️")
        lrs = lrs[: settings.MAX_LRS]
    if not lrs:
        return
    key = cache.Sweep(state.example, state.update_biases, variant, tuple(lrs), int(steps))
    result = cache.sweep(key)
    chart.show(
        cache.sweep_chart(key, log_y, _sweep=result),
        f"E_total over {int(steps):,} steps for each learning rate η = {', '.join(text(lr) for lr in lrs)}.",
        name="train_sweep",
        key="train_sweep",
        **CHART,
    )
    for lr, k in zip(lrs, result.diverged_at.tolist()):
        if k >= 0:
            st.error(f"η = {text(lr)} diverged at step {k:,}: a number overflowed, so the run stops there.")


# --- the page ------------------------------------------------------------------------------


@st.fragment
def page() -> None:
    """The page's own widgets rerun this alone, not app.py and the sidebar; its panels rerun alone too."""
    state = current_state()
    ex, digits = state.example, state.digits

    st.title("Training")
    intro = presenter.introduction()
    intro.markdown(
        "One step of gradient descent lowers $E_{total}$ a little. Here the step is repeated: "
        "forward pass, backward pass, update, thousands of times, from the numbers in the sidebar "
        f"(η = {text(ex.lr)}{', biases updated too' if state.update_biases else ', biases fixed'})."
    )
    teaching.teachers(PLAN)
    drop_unknown("train_", settings.SETTINGS)
    left, middle, right = presenter.fold("settings").columns([1, 1.4, 1.1], vertical_alignment="bottom")
    with left:
        steps = settings.STEPS.widget()
    with middle:
        variant = settings.VARIANT.widget()
    with right:
        log_y = settings.LOG.widget()

    run = cache.Run(ex, state.update_biases, variant, int(steps))  # everything the run depends on
    history = cache.trained(run)
    if history.diverged_at >= 0:
        st.error(f"Diverged at step {int(history.diverged_at):,}: a number overflowed; the run stops there.")
    presenter.clear().markdown(
        f"After **{int(history.steps[-1]):,}** steps: $E_{{total}} = {latex(history.final_loss, digits)}$ "
        f"(from ${latex(history.loss[0], digits)}$), "
        + ", ".join(
            f"${lesson_tex(name)} = {latex(out, digits)}$ (target {text(getattr(ex, target))})"
            for name, out, target in zip(OUTPUTS, np.ravel(history.outputs[-1]), TARGETS)
        )
        + "."
    )
    scrubber(run, history, digits, log_y)
    with presenter.fold("more"):  # a slide: the run's curve, its network and its numbers
        more(run, history, state, variant, log_y)
    presenter.tools()


def more(run: cache.Run, history, state, variant: bool, log_y: bool) -> None:
    """Under the run: its outputs and parameters, the article's figures, learning rates compared."""
    outputs, trajectories = cache.run_charts(run, _history=history)
    # full width: side by side they are 270 px on a projector; theme=None: each draws once (ui/figures.py)
    steps = f"{int(history.steps[-1]):,} steps"
    said = f"The network's outputs {' and '.join(OUTPUTS)} over {steps}, each against its target."
    chart.show(outputs, said, name="train_outputs", key="train_outputs", **CHART)
    said = f"Every weight and bias over {steps} of training."
    chart.show(trajectories, said, name="train_params", key="train_params", **CHART)

    st.subheader("The article's figures after training")
    article_figures()

    st.subheader("Learning rates compared")
    learning_rates(state, variant, log_y)
    st.caption(
        "Why does a huge η not blow up? Every output is a sigmoid, so each $E_o = \\tfrac12(t - out)^2$ "
        "stays below ½ whatever η is. A huge step throws the weights so far that the sigmoids saturate: "
        "$out(1 - out)$ becomes 0 or vanishingly small, the gradient vanishes and training freezes on a "
        "plateau (try 1000). The article's earlier code can overflow: it propagates the error through "
        "weights already moved by η and then moves again by η, so its hidden-layer step grows like η². Try "
        "1e200 with the earlier code on: the hidden weights overflow to infinity on the first step, shown as "
        "diverged."
    )


page()
