"""Recurrent: backpropagation through time (Part A) and to a fixed point (Part B, Almeida–Pineda)."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from backprop_core import numbers, work
from backprop_core.recurrent import RNN, Task
from pages.recurrent import cached, figures, settings
from pages.recurrent import maths as rl
from pages.recurrent import steps as rs
from pages.recurrent.plan import PLAN
from pages.recurrent.questions import fixed_point_questions, questions
from ui import chart, notation, presenter, stepper, teaching
from ui import said as in_words
from ui.figures import QUIET, STILL
from ui.latex import bmatrix
from ui.settings import drop_unknown, row
from ui.sidebar import current_state

# Each part steps through with the one stepper under its own keys (rnn_step, rnn_next, rnn_all, …):
# the two parts never share a place, and the URL keys stay those of the page's prefixes.
URL_PATH = "recurrent"
THROUGH_TIME, FIXED_POINT = stepper.Keys.own("rnn"), stepper.Keys.own("fp")


def through_time(notes, digits: int) -> None:
    """Part A: one unit unrolled over T steps, stepped through, then its gradients' fate and training."""
    with presenter.fold("rnn_settings"):  # a slide: the steps alone
        rnn, task, loss = rnn_settings(notes)
    lesson = cached.rnn_lesson(cached.RnnLessonKey(rnn, task, loss, digits))
    presenter.fold("rnn_head").subheader("Forward, then backward, one value at a time")
    known, practising = steps_through_time(lesson, task.T, notes, digits)
    teaching.questions(questions(lesson.steps, rnn, task.T, loss, digits), answers=not practising)
    with presenter.fold("rnn_more"):
        analysis, truncate, max_norm = vanishing_and_exploding(rnn, task, loss, notes)
        st.subheader("Truncated BPTT and gradient clipping")
        if "dL_dw" in known:  # reached, and in practice mode answered: the table holds its value
            truncation_and_clipping(analysis, task.T, truncate, max_norm, digits)
        else:
            answer = " and answer it" if practising else ""
            st.info(
                f"Step on to ∂L/∂w (or show all steps){answer} to compare it with truncated and clipped BPTT."
            )
        training_through_time(rnn, task, loss, truncate, max_norm, notes, digits)


def rnn_settings(notes) -> tuple[RNN, Task, str]:
    """The network, the task and where the loss is taken, under the formulas they fill in."""
    unit = (
        r"One hidden unit fed its own previous value: $h_t = \tanh(w\,h_{t-1} + u\,x_t + b)$, output "
        r"$y_t = v\,h_t + c$. Unrolled over T steps it is a deep network whose layers all share the "
        "same w, u, b, v, c, so the error is sent back *through time*, step by step, and each weight's "
        "gradient is a sum over the steps."
    )
    st.markdown(notation.linked(URL_PATH, unit)[0])
    T, task, loss, seed = row(
        (settings.RNN_T, settings.RNN_TASK, settings.RNN_LOSS, settings.RNN_SEED), notes, [1, 1.2, 1, 1]
    )
    weights = dict(zip((s.label for s in settings.RNN_WEIGHTS), row(settings.RNN_WEIGHTS, notes)))
    rnn, task = RNN(**weights), Task(task, int(T), int(seed))
    st.caption(
        "Task *remember*: output the first input after T steps (the later inputs are noise); "
        "*sine*: at every step predict the next value of a noisy sine. Sequences are seeded."
    )
    return rnn, task, loss


def steps_through_time(lesson: cached.RnnLesson, T: int, notes, digits: int) -> tuple[dict, bool]:
    """The step-through and the unrolled diagram; returns the values the learner may see so far, and
    whether practising."""
    controls = stepper.controls("rnn", {"rnn": lesson.steps}, keys=THROUGH_TIME, notes=notes)
    words, picture = presenter.slide(1, 1.4)
    with words:
        known = stepper.show_steps(lesson.steps, "rnn", controls)
    last = lesson.steps[-1].name if controls.show_all else controls.step
    highlight = () if controls.show_all else rs.highlight_of(controls.step, T)
    shown = rs.reached(lesson.xs, known)  # in practice mode, without the values still to be answered
    diagram = figures.unrolled_figure(T, shown, rs.focus_of(last, T), highlight, min(digits, 4))
    said = f"The network unrolled over {T} time steps, inputs x below, states h, outputs y and losses above"
    chart.show(
        presenter.enlarged(diagram),
        said + ", with the values reached so far.",
        name="rnn_unrolled",
        place=picture,
        **STILL,
    )
    picture.caption(
        "Values appear on the nodes as the steps reach them; ∂L/∂h under h once the error is back there."
    )
    return known, controls.practice


def vanishing_and_exploding(
    rnn: RNN, task: Task, loss: str, notes
) -> tuple[cached.RnnAnalysis, int | None, float | None]:
    """How the error fades or grows on its way back, for this w and a second one; returns the analysis
    and the truncation and clipping chosen here (training uses them too)."""
    st.subheader("Vanishing and exploding gradients")
    fading = (
        r"The error reaching $h_{T-k}$ from $h_T$ is multiplied by k factors $w\,(1 - h_t^2)$. "
        "When they are below 1 the product shrinks geometrically (**vanishing**), above 1 it grows "
        r"(**exploding**); $\tanh' \le 1$, so $|w| < 1$ always vanishes."
    )
    st.markdown(notation.linked(URL_PATH, fading)[0])
    w2, k, max_norm = row((settings.RNN_W2, settings.RNN_TRUNCATE, settings.RNN_CLIP), notes)
    truncate, max_norm = (int(k) or None), (float(max_norm) or None)
    analysis = cached.rnn_analysis(cached.RnnAnalysisKey(rnn, task, loss, float(w2), truncate, max_norm))
    said = "How much the error reaching each earlier step is multiplied by, for this w and a second one."
    chart.show(figures.dependence_figure(analysis.dependence), said, name="rnn_dependence", **QUIET)
    said = (
        "A map: for each length T (a row), each time step's term of ∂L/∂w (a column), as log₁₀ of its size."
    )
    chart.show(
        figures.contributions_figure(analysis.terms_by_length), said, name="rnn_contributions", **QUIET
    )
    st.caption(
        "For each length T (a row), each step's term of ∂L/∂w (a column), as log₁₀ of its size. Blank: "
        "zero. Step 1's term is always zero (h₀ = 0); with truncation, so is every term further back than k."
    )
    return analysis, truncate, max_norm


def truncation_and_clipping(analysis, T: int, truncate: int | None, max_norm: float | None, digits: int):
    """Each step's term of ∂L/∂w, full and truncated; the gradient full, truncated and clipped."""
    bars = {"full BPTT": analysis.full_terms}
    if truncate:
        bars[f"truncated to {truncate} steps"] = analysis.truncated_terms
    said = f"Bars: each of the {T} time steps' term of ∂L/∂w, " + " and ".join(bars) + "."
    chart.show(figures.terms_figure(range(1, T + 1), bars), said, name="rnn_terms", **QUIET)
    rows = {"full BPTT": analysis.grad}
    if truncate:
        rows[f"truncated to {truncate}"] = analysis.truncated
    if max_norm:
        rows[f"clipped to norm {numbers.text(max_norm, 4)}"] = analysis.clipped
    table = {"gradient": list(rows)} | {
        f"∂L/∂{p}": [numbers.text(getattr(g, p), digits) for g in rows.values()]
        for p in ("w", "u", "b", "v", "c")
    }
    st.table(pd.DataFrame(table), hide_index=True)
    if max_norm:
        said = "was clipped" if analysis.was_clipped else "was shorter already: not clipped"
        st.caption(f"The gradient's norm is {numbers.text(analysis.norm, digits)}: it {said}.")


def training_through_time(
    rnn: RNN, task: Task, loss: str, truncate: int | None, max_norm: float | None, notes, digits: int
) -> None:
    """Gradient descent on the task for T small, this T and T large: their loss curves and a summary."""
    st.subheader("Training on the task")
    lr, train_steps = row((settings.RNN_LR, settings.RNN_STEPS), notes)
    many = replace(task, sequences=rl.TRAIN_SEQUENCES)
    key = cached.RnnTrainingKey(rnn, many, loss, float(lr), int(train_steps), truncate, max_norm)
    runs = cached.rnn_training(key)
    said = f"The loss over {int(train_steps):,} training steps for " + ", ".join(runs) + "."
    curves = {name: losses for name, (losses, _) in runs.items()}
    chart.show(figures.training_figure(curves), said, name="rnn_training", **QUIET)
    summary = {
        "run": list(runs),
        "loss at the start": [numbers.text(losses[0], digits) for losses, _ in runs.values()],
        "loss at the end": [numbers.text(losses[-1], digits) for losses, _ in runs.values()],
        "diverged at step": ["" if at is None else str(at) for _, at in runs.values()],
    }
    st.table(pd.DataFrame(summary), hide_index=True)
    st.caption(
        f"Gradient descent on {rl.TRAIN_SEQUENCES} seeded sequences from the weights above, with the "
        "truncation and clipping chosen above. The longer the sequence, the less of the first input's "
        "error survives the trip back. A sudden spike is an exploding gradient (w crossing into the range "
        "where |w·g′| > 1): clip the gradient's norm above and train again."
    )


def to_a_fixed_point(notes, digits: int) -> None:
    """Part B: a network relaxed to its fixed point, the error relaxed back, the gradient and training."""
    with presenter.fold("fp_settings"):  # a slide: the steps alone
        key = fixed_point_settings(notes, digits)
    lesson = cached.fixed_point_lesson(key)
    not_settled(lesson, key.cap, key.tol, digits)
    presenter.fold("fp_head").subheader("Relax, then relax the error back")
    known, practising = steps_to_a_fixed_point(lesson, key.tol, notes)
    teaching.questions(fixed_point_questions(lesson, key.cap, digits), answers=not practising)
    with presenter.fold("fp_more"):
        three_ways(lesson, known, digits)
        training_to_a_fixed_point(key, notes, digits)


def fixed_point_settings(notes, digits: int) -> cached.FixedPointKey:
    """The network (typed, or loaded from an example) and how it is relaxed and trained, under the
    formulas they fill in; a warning when the fields had to be mended."""
    st.markdown(
        "**Static** backpropagation is one pass each way. Here a fully connected network with an "
        r"external input $I$ is **relaxed**, $x \leftarrow f(W x + I)$, until it stops changing; the loss is "
        r"measured at the fixed point $x^*$. The error goes back by relaxing a second network, the "
        r"**adjoint** $y \leftarrow W^\top(f'(u) \odot y) + \partial L/\partial x$, and then "
        r"$\partial L/\partial W = (f'(u) \odot y)\,{x^*}^\top$. Both relaxations settle only when the "
        r"network is contractive: the spectral radius of $\operatorname{diag}(f'(u))\,W$ below 1."
    )
    st.selectbox(
        "Load an example network",
        list(rl.PRESETS),
        index=None,
        key="fp_preset",
        placeholder="Choose one, or type W, I and the target below",
        on_change=settings.load_preset,
    )
    W, I, target = row((settings.FP_W, settings.FP_I, settings.FP_TARGET), notes, [2, 1, 1])
    f, cap, tol_k, lr = row((settings.FP_F, settings.FP_CAP, settings.FP_TOL, settings.FP_LR), notes)
    W, I, target, problem = rl.fixed_point_network(W, I, target)
    if problem:
        st.warning(problem, icon="⚠️")
    return cached.FixedPointKey(W, I, target, f, 10.0 ** -int(tol_k), int(cap), float(lr), digits)


def not_settled(lesson: rl.FixedPointLesson, cap: int, tol: float, digits: int) -> None:
    """Why there is no gradient, when a relaxation did not settle: the forward one, or the error's."""
    if not lesson.forward_converged:
        st.error(
            f"The relaxation did not settle within {cap:,} iterations: the last change was "
            f"‖x_k − x_(k−1)‖ = {numbers.text(lesson.last_change, digits)}, not below the tolerance "
            f"{numbers.text(tol, 3)}. {unstable_words(lesson, digits)}",
            icon="⛔",
        )
    elif not lesson.converged:
        rho = numbers.text(lesson.spectral_radius, digits)
        how = "grew without bound" if lesson.adjoint_blew_up else f"did not settle in {cap:,} iterations"
        st.error(f"The error network {how} (spectral radius ρ = {rho}): no gradient.", icon="⛔")


def unstable_words(lesson: rl.FixedPointLesson, digits: int) -> str:
    """Why relaxing missed the fixed point: it is unstable (the numbers from the core), or none was found."""
    if lesson.unstable is None:
        return "Newton's method from the last iterates finds no fixed point either: no gradient."
    point = "(" + ", ".join(numbers.text(v, digits) for v in lesson.unstable) + ")"
    rho = numbers.text(lesson.unstable_radius, digits)
    return (
        f"A fixed point exists, x* = {point} (Newton's method on x = f(W·x + I)), but it is unstable: "
        f"there the spectral radius of diag(f′(u))·W is ρ = {rho}, above 1, so each relaxation step "
        "moves away from it. The error's relaxation, whose step has the same spectral radius, would "
        "grow without bound too: relaxation gives no gradient here."
        if lesson.unstable_radius >= 1
        else f"A fixed point exists, x* = {point} (Newton's method on x = f(W·x + I)), with spectral radius "
        f"ρ = {rho} there: relaxing from 0 did not reach it within the cap, so no gradient."
    )


def steps_to_a_fixed_point(lesson: rl.FixedPointLesson, tol: float, notes) -> tuple[dict, bool]:
    """The step-through and how far each relaxation has got; returns the values the learner may see, and
    whether practising."""
    controls = stepper.controls("fp", {"fp": lesson.steps}, keys=FIXED_POINT, notes=notes)
    words, picture = presenter.slide(1, 1.2)
    with words:
        known = stepper.show_steps(lesson.steps, "fp", controls)
    reached = {"forward": 0, "adjoint": 0}
    for name in known:  # an iteration is a vector: shown, never held back for an answer
        if at := rs.iteration_of(name):
            reached[at[0]] = at[1]
    changes = {"forward ‖x_k − x_(k−1)‖": lesson.forward_changes[: reached["forward"]]}
    if reached["adjoint"]:
        changes["adjoint ‖y_k − y_(k−1)‖"] = lesson.adjoint_changes[: reached["adjoint"]]
    relaxation = figures.relaxation_figure(changes, tol)
    said = (
        "How far each iteration of the relaxation moves, "
        + " and ".join(changes)
        + ", against the tolerance."
    )
    chart.show(
        relaxation,
        said,
        name="fp_relaxation",
        place=picture,
        **QUIET,
        **presenter.height(relaxation.layout.height),
    )
    return known, controls.practice


def three_ways(lesson: rl.FixedPointLesson, known: dict, digits: int) -> None:
    """The adjoint's gradient beside BPTT's through the iterations (and finite differences, when there
    are any), once the step-through has reached it."""
    st.subheader("The same gradient, three ways")
    if not lesson.converged:
        st.info("Without a gradient there is nothing to compare.")
        return
    if "grad" not in known:
        st.info("Step on to the gradient (or show all steps) to compare it with BPTT.")
        return
    st.markdown(
        f"Spectral radius ρ(diag(f′(u))·W) = **{numbers.text(lesson.spectral_radius, digits)}**. "
        f"BPTT through the relaxation's {lesson.iterations} iterations (every iteration a layer "
        "sharing W) gives the same gradient as the adjoint relaxation: Almeida–Pineda is BPTT run "
        "to convergence, without storing the iterations."
    )
    ways = {"Almeida–Pineda": lesson.grad_W, f"BPTT, {lesson.iterations} iterations": lesson.bptt_grad_W}
    if lesson.numeric_grad_W is not None:
        ways["finite differences (nudge W, relax again)"] = lesson.numeric_grad_W
    n = len(lesson.grad_W)
    table = {"∂L/∂W": [f"row {i + 1}" for i in range(n)]} | {
        name: rl.matrix_table(m, digits) for name, m in ways.items()
    }
    st.table(pd.DataFrame(table), hide_index=True)


def training_to_a_fixed_point(key: cached.FixedPointKey, notes, digits: int) -> None:
    """Gradient descent on W toward the target: the loss and the spectral radius, then W reached."""
    st.subheader("Training W toward the target fixed point")
    train_steps, most = int(settings.FP_STEPS.widget(notes=notes)), rl.max_training_steps(key.cap)
    if train_steps > most:
        st.info(
            f"With an iteration cap of {key.cap:,}, training here takes at most {most:,} steps (each relaxes "
            f"forward and back, up to the cap each: at most {work.seconds(work.WORKER)} of the server's "
            f"work); showing {most:,}. A lower cap allows more.",
            icon="⏱️",
        )
        train_steps = most
    history = cached.fixed_point_training(key, train_steps)
    curves = {"loss at the fixed point": history.losses, "spectral radius": history.radii}
    said = f"The loss at the fixed point and the spectral radius over {train_steps:,} steps of training W."
    figure = figures.training_figure(curves, "Training W: loss and spectral radius", "value")
    chart.show(figure, said, name="fp_training", **QUIET)
    if history.stopped_at is not None:
        st.warning(f"Training stopped at step {history.stopped_at}: a relaxation did not settle.", icon="⚠️")
    else:
        start, end = (numbers.text(history.losses[i], digits) for i in (0, -1))
        st.markdown(f"After {len(history.losses) - 1} steps the loss is **{end}** (from {start}); W is now")
        trained = rf"W = {bmatrix(history.weights[-1], digits)}"
        st.latex(trained)
        in_words.formula(trained, "fp_trained_w")


@st.fragment
def page() -> None:
    """The page's own widgets (Next, its settings) rerun this alone, not app.py and the sidebar."""
    digits = current_state().digits
    st.title("6 · Recurrent networks: through time and to a fixed point")
    presenter.introduction()  # the Notation link: not on a slide
    teaching.teachers(PLAN)
    notes = st.container()  # a link's bad values, named above everything they change
    linked = (*THROUGH_TIME.in_link, *FIXED_POINT.in_link)
    drop_unknown(("rnn_", "fp_"), settings.SETTINGS, also=linked, notes=notes)
    with presenter.fold("part"):
        part = settings.PART.widget(notes=notes)
    (through_time if part == "through time" else to_a_fixed_point)(notes, digits)
    presenter.tools()


page()
