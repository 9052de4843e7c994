"""Training: repeat the step thousands of times, scrub through the run, compare learning rates."""

import time

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from backprop_core import ARTICLE, MAX_STEPS, NETWORK, loss, solve, train
from backprop_core.chunked import join, pieces, record_every
from backprop_core.example import Example, values_from_params
from backprop_core.symbolic import fmt
from backprop_core.training import History
from ui import training_figures as figures
from ui.diagram import network_figure
from ui.sidebar import current_state

LONGEST = 1_000_000  # steps on this page (the core allows more)
ARTICLE_STEPS = 10_000
PRINTED = {"E_1": "0.291027924", "E": "0.0000351085", "out_o1": "0.015912196", "out_o2": "0.984065734"}
MAX_ETAS = 8
assert LONGEST <= MAX_STEPS


# Cached core calls: pure functions of hashable arguments (the frozen state's fields).
@st.cache_data(max_entries=128, show_spinner=False)
def _piece(example: Example, update_biases: bool, variant: bool, start: tuple, steps: int, every: int):
    """``steps`` steps from the flat parameters ``start``: one piece of a long run."""
    params = example.params.from_flat(np.array(start))
    flags = {"update_biases": update_biases, "article_variant": variant, "record_every": every}
    return train(NETWORK, params, example.inputs, example.targets, example.lr, steps, **flags)


def trained(example: Example, update_biases: bool, variant: bool, steps: int) -> History:
    """The run, piece by piece (each cached); a progress bar appears if it takes more than a moment."""
    every, parts, bar, began = record_every(steps), [], None, time.perf_counter()
    plan = pieces(steps, every)
    params = example.params
    for i, (_, n) in enumerate(plan):
        parts.append(_piece(example, update_biases, variant, tuple(params.flat().tolist()), n, every))
        params = parts[-1].final
        if parts[-1].diverged_at >= 0:
            break
        if bar is None and i + 1 < len(plan) and time.perf_counter() - began > 0.2:
            bar = st.progress(0.0)
        if bar is not None:
            bar.progress((i + 1) / len(plan), text=f"Training… {plan[i][0] + n:,} of {steps:,} steps")
    if bar is not None:
        bar.empty()
    return join(parts, [start for start, _ in plan[: len(parts)]])


@st.cache_data(max_entries=64, show_spinner="Training every learning rate together…")
def _sweep(example: Example, update_biases: bool, variant: bool, etas: tuple, steps: int) -> History:
    every = record_every(steps, 2000)
    flags = {"update_biases": update_biases, "article_variant": variant, "record_every": every}
    return train(NETWORK, example.params, example.inputs, example.targets, np.array(etas), steps, **flags)


# Figures are cached as objects (st.cache_resource: no pickling, and building a Plotly
# figure costs more than the training behind it). They are shared: never mutate one.
@st.cache_resource(max_entries=64, show_spinner=False)
def _loss_figure(run: tuple, log_y: bool, i: int, _history: History) -> go.Figure:
    at = (int(_history.steps[i]), float(_history.loss[i]))
    return figures.loss_figure(_history.steps, _history.loss, log_y=log_y, at=at)


@st.cache_resource(max_entries=16, show_spinner=False)
def _run_figures(run: tuple, _history: History) -> tuple[go.Figure, go.Figure]:
    named = values_from_params(_history.params)
    moving = {n: v for n, v in named.items() if np.ptp(v) > 0} or named  # fixed biases: flat lines
    return (
        figures.outputs_figure(_history.steps, _history.outputs, run[0].targets),
        figures.parameters_figure(_history.steps, moving),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _diagram(example: Example, digits: int) -> go.Figure:
    return network_figure(example, solve(example).forward, digits=digits)


@st.cache_resource(max_entries=16, show_spinner=False)
def _sweep_figure(sweep_key: tuple, log_y: bool, _data: History) -> go.Figure:
    etas = sweep_key[3]
    return figures.sweep_figure(etas, _data.steps, _data.loss, _data.diverged_at, log_y=log_y)


def parse_etas(text: str) -> tuple[list[float], list[str]]:
    """Comma-separated learning rates: the good ones (positive, finite, distinct) and the rejected entries."""
    good, bad = [], []
    for entry in filter(None, (e.strip() for e in text.split(","))):
        try:
            eta = float(entry)
        except ValueError:
            eta = float("nan")
        if np.isfinite(eta) and eta > 0:
            good += [] if eta in good else [eta]
        else:
            bad.append(entry)
    return good[:MAX_ETAS], bad


def quoted(entries: list[str]) -> str:
    """The visitor's text as inline code, shortened, so it cannot format the page."""
    return ", ".join(f"`{e.replace('`', '')[:24]}`" for e in entries)


def at_step(history: History, example: Example, i: int) -> Example:
    """The example with the parameters recorded at row ``i``."""
    return example.with_params(history.params.map(lambda a: a[i]))


# --- the page ------------------------------------------------------------------------------
state = current_state()
ex, digits = state.example, state.digits

st.title("Training")
st.markdown(
    "One step of gradient descent lowers $E_{total}$ a little. Here the step is repeated: "
    "forward pass, backward pass, update, thousands of times, from the numbers in the sidebar "
    f"(η = {ex.lr:g}{', biases updated too' if state.update_biases else ', biases fixed'})."
)
left, middle, right = st.columns([2, 2, 2], vertical_alignment="bottom")
steps = left.number_input(
    "Steps", 1, LONGEST, ARTICLE_STEPS, step=1000, key="train_steps", persist_state="session",
    help=f"Up to {LONGEST:,}. Long runs keep every k-th step, about 10,000 rows.",
)  # fmt: skip
variant = middle.toggle(
    "Article's variant",
    key="train_variant",
    persist_state="session",
    help="Propagate the hidden layer's error through the already-updated w5..w8, as the code behind "
    "the article's published post-training figures did. Off: the method the article describes.",
)
log_y = right.toggle("Log scale for E_total", value=True, key="train_log", persist_state="session")

run = (ex, state.update_biases, variant, int(steps))  # everything the run depends on
history = trained(*run)
last = int(history.steps[-1])
if history.diverged_at >= 0:
    st.error(f"Diverged at step {int(history.diverged_at):,}: a number overflowed; the run stops there.")
st.markdown(
    f"After **{last:,}** steps: $E_{{total}} = {fmt(history.final_loss, digits)}$ "
    f"(from ${fmt(history.loss[0], digits)}$), "
    f"$out_{{o1}} = {fmt(history.outputs[-1][0], digits)}$ (target {ex.t1:g}), "
    f"$out_{{o2}} = {fmt(history.outputs[-1][1], digits)}$ (target {ex.t2:g})."
)


@st.fragment
def scrubber(run: tuple, history: History, digits: int, log_y: bool) -> None:
    """Step k of the run on the curve and on the network (reruns alone as the slider moves)."""
    every = record_every(run[-1])
    k = st.slider("Step k (drag to replay the run)", 0, last, last, step=every, key="train_k")
    i = min(int(np.searchsorted(history.steps, k)), len(history.steps) - 1)
    shown = at_step(history, run[0], i)
    plot, net = st.columns([1, 2])
    plot.plotly_chart(_loss_figure(run, log_y, i, _history=history), key="train_loss")
    net.markdown(
        f"**The network after {int(history.steps[i]):,} steps**, "
        f"$E_{{total}} = {fmt(history.loss[i], digits)}$"
    )
    net.plotly_chart(_diagram(shown, digits), key="train_network")


scrubber(run, history, digits, log_y)
outputs, trajectories = _run_figures(run, _history=history)
outputs_col, params_col = st.columns(2)
outputs_col.plotly_chart(outputs, key="train_outputs")
params_col.plotly_chart(trajectories, key="train_params")

# --- the article's published figures ----------------------------------------------------
st.subheader("The article's figures after training")
described, article_run = (trained(ARTICLE, False, v, ARTICLE_STEPS) for v in (False, True))


def figures_of(h: History) -> dict[str, float]:
    return {"E_1": h.loss[1], "E": h.final_loss, "out_o1": h.outputs[-1][0], "out_o2": h.outputs[-1][1]}


def agrees(value: float, printed: str) -> str:
    """✓ within one unit of the last printed digit (the article rounds)."""
    unit = 10.0 ** -len(printed.partition(".")[2])
    return "✓" if abs(value - float(printed)) <= unit * 1.000001 else "✗"


labels = {
    "E_1": r"$E_{total}$ after 1 step",
    "E": rf"$E_{{total}}$ after {ARTICLE_STEPS:,} steps",
    "out_o1": rf"$out_{{o1}}$ after {ARTICLE_STEPS:,} steps",
    "out_o2": rf"$out_{{o2}}$ after {ARTICLE_STEPS:,} steps",
}
ours, theirs = figures_of(described), figures_of(article_run)
rows = [
    f"| {labels[n]} | `{p}` | {ours[n]:.12g} {agrees(ours[n], p)} | {theirs[n]:.12g} {agrees(theirs[n], p)} |"
    for n, p in PRINTED.items()
]
st.markdown(
    "Computed from the article's own starting values (whatever the sidebar shows), biases fixed, "
    f"η = {ARTICLE.lr:g}. ✓: equal to the last printed digit.\n\n"
    "| figure | the article prints | described method | article's variant |\n|---|---|---|---|\n"
    + "\n".join(rows)
)
printed_outputs = np.array([float(PRINTED["out_o1"]), float(PRINTED["out_o2"])])
from_outputs = float(loss(NETWORK.loss).fn(printed_outputs, ARTICLE.targets).sum())
st.info(
    f"**One printed figure is inconsistent.** The article's $E_{{total}}$ = `{PRINTED['E']}` after "
    f"{ARTICLE_STEPS:,} steps does not follow from its own printed outputs: "
    r"$\tfrac12(t_1 - out_{o1})^2 + \tfrac12(t_2 - out_{o2})^2$ with them gives "
    f"{from_outputs:.10f}, which is the variant's {article_run.final_loss:.10f}. "
    f"`{PRINTED['E']}` is what the described method gives after **{ARTICLE_STEPS - 1:,}** steps "
    f"({described.loss[-2]:.10f}); after {ARTICLE_STEPS:,} it gives {described.final_loss:.10f}. "
    "The outputs and the error were most likely printed from different runs.",
    icon="📰",
)

# --- learning rates compared ------------------------------------------------------------
st.subheader("Learning rates compared")
etas_col, sweep_steps_col = st.columns([3, 1])
text = etas_col.text_input(
    "Learning rates η, separated by commas",
    "0.1, 0.5, 5, 50, 1000",
    key="train_etas",
    persist_state="session",
    max_chars=200,
    help=f"Up to {MAX_ETAS}, each a positive number such as 0.5 or 1e-3. All are trained together.",
)
sweep_steps = sweep_steps_col.number_input(
    "Steps", 1, 100_000, 1000, step=100, key="train_sweep_steps", persist_state="session"
)
etas, bad = parse_etas(text)
if bad:
    st.warning(f"Ignored {len(bad)} entries that are not positive finite numbers: {quoted(bad)}.", icon="⚠️")
if len(etas) > MAX_ETAS:
    st.warning(f"Comparing the first {MAX_ETAS} learning rates only.", icon="⚠️")
    etas = etas[:MAX_ETAS]
if etas:
    sweep_key = (ex, state.update_biases, variant, tuple(etas), int(sweep_steps))
    sweep = _sweep(*sweep_key)
    st.plotly_chart(_sweep_figure(sweep_key, log_y, _data=sweep), key="train_sweep")
    for eta, k in zip(etas, sweep.diverged_at.tolist()):
        if k >= 0:
            st.error(f"η = {eta:g} diverged at step {k:,}: a number overflowed, so the run stops there.")
st.caption(
    "Why does a huge η not blow up? Every output is a sigmoid, so each $E_o = \\tfrac12(t - out)^2$ "
    "stays below ½ whatever η is. A huge step throws the weights so far that the sigmoids saturate: "
    "$out(1 - out)$ becomes 0 or vanishingly small, the gradient vanishes and training freezes on a "
    "plateau (try 1000). The article's variant can overflow: it propagates the error through weights "
    "already moved by η and then moves again by η, so its hidden-layer step grows like η². Try 1e200 "
    "with the variant on: the hidden weights overflow to infinity on the first step, shown as diverged."
)
