"""0 · The derivative as a slope, the gradient as the way down, and why backpropagation."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import streamlit as st

from backprop_core import numbers
from backprop_core.example import ARTICLE, NETWORK, OUTPUTS, PARAMETERS, Example
from backprop_core.notation import COST_EXAMPLE
from pages.slope import cached, figures
from pages.slope import maths as slope
from pages.slope.plan import PLAN
from pages.slope.questions import questions
from pages.slope.settings import FOLDED, MORE, RATES, SETTINGS, SHOWN
from pages.slope.steps import lesson_steps
from pages.vectorised.maths import Batch
from ui import chart, notation, presenter, stepper, teaching, worked_example
from ui.figures import QUIET
from ui.settings import drop_unknown, row
from ui.sidebar import current_state

KEYS = stepper.Keys.of("slope")  # slope_step
HEIGHT = 525  # px: a step's figure on a slide, under the controls of a 768-px screen


@dataclass(frozen=True)
class Lesson:
    """What the parts under the steps draw from: the settings, read once, and the core's numbers."""

    view: cached.View  # the example, p, the second parameter, the rates, the steps, the range
    curve: slope.Curve
    steepest: slope.Steepest
    digits: int
    width: int  # the deeper networks "why" counts: neurons a hidden layer
    depth: int  # and up to how many hidden layers

    @classmethod
    def of(cls, values: dict, example: Example, digits: int) -> "Lesson":
        view = cached.View(
            example,
            values["slope_param"],
            values["slope_other"],
            tuple(float(values[k]) for k in RATES),
            int(values["slope_steps"]),
            float(values["slope_half"]),
        )
        width, depth = int(values["slope_width"]), int(values["slope_depth"])
        return cls(view, cached.curve(view), cached.steepest(view), digits, width, depth)


@st.fragment
def page() -> None:
    """The page's own widgets (Next, its settings) rerun this alone, not app.py and the sidebar."""
    state = current_state()
    st.title("0 · The derivative as a slope")
    with presenter.introduction():
        for paragraph in notation.linked("slope", *introduction()):
            st.markdown(paragraph)
    teaching.teachers(PLAN)
    notices = st.container()  # above the settings' rows: notices about bad, unknown or clashing values
    with presenter.fold("settings"):
        lesson = Lesson.of(read_settings(notices), state.example, state.digits)
    view = lesson.view
    steps = lesson_steps(view.param, view.other, lesson.curve, lesson.steepest, lesson.digits)
    controls = stepper.controls("slope", {"slope": steps}, keys=KEYS)
    names = [s.name for s in steps]
    shown = range(len(steps)) if controls.show_all else [names.index(controls.step)]
    for i in shown:
        words, picture = presenter.slide(1, 1.3)
        with words:
            drawn = stepper.show_step(steps[i], "slope", controls.practice, number=i + 1)
        # in practice mode what is under a step waits for its answer: the figures and tables show it
        if drawn or not controls.practice:
            PARTS[steps[i].name](lesson, Places(words, picture, presenter.fold(f"notes_{i}")))
    with presenter.fold("more"):
        worked_example.show_code()
    asked = questions(lesson.curve, lesson.steepest, lesson.digits)
    teaching.questions(asked, answers=not controls.practice)
    presenter.tools()


def introduction() -> tuple[str, str]:
    """The introduction's two paragraphs: what a derivative is, and the cost it is taken of."""
    return (
        "Before any network: what a derivative *is*. Hold every number of the worked example fixed "
        "but one, and the cost is a curve; its derivative is the slope of the tangent, and a gradient "
        "step walks downhill along it. With two numbers free the cost is a landscape, and the gradient "
        "is the arrow pointing straight uphill. Last: why the backward pass computes all these slopes "
        "so cheaply.",
        f"The worked example is a small network (lesson 1 builds it) that turns two inputs into "
        f"{len(OUTPUTS)} outputs. Its **cost** {COST_EXAMPLE.text} says in one number how far they are "
        f"from their targets: for each output k, the output the network computes, out_k, is compared "
        f"with the value it should give, its target t_k; the difference is squared and halved, "
        f"½(t_k − out_k)², and the {len(OUTPUTS)} are added up. It is 0 only when every output hits "
        "its target.",
    )


class Places(NamedTuple):
    """Where a step's parts go: its words (the short ones, a small table) and its figure, side by side on
    a slide, and its longer notes, folded away with the introduction while presenting."""

    words: object
    picture: object
    notes: object


def read_settings(notes) -> dict:
    """Every setting's value, drawn in its three rows; a second parameter equal to p is replaced by the
    last other parameter, and ``notes`` says so."""
    drop_unknown("slope_", SETTINGS, also=KEYS.in_link, notes=notes)
    values = dict(zip((s.key for s in SHOWN), row(SHOWN, notes)))
    with st.expander(MORE):
        for settings in FOLDED:
            values |= zip((s.key for s in settings), row(settings, notes))
    param, other = values["slope_param"], values["slope_other"]
    if other == param:
        other = next(p for p in PARAMETERS[::-1] if p != param)
        notes.warning(f"The second parameter must differ from p: showing {other}.", icon="⚠️")
    return values | {"slope_other": other}


def table(rows: dict) -> None:
    st.table(pd.DataFrame(rows), hide_index=True)


def cost_curve(lesson: Lesson, at: "Places") -> None:
    curve, param, digits = lesson.curve, lesson.view.param, lesson.digits
    with at.picture:
        chart.show(
            figures.curve_figure(curve, tangent=False, runs=()),
            f"A curve of E_total against {param}, a dot where it is now: {param} = "
            f"{numbers.text(curve.at, digits)}, E_total = {numbers.text(curve.cost, digits)}.",
            name="slope_curve",
            **QUIET,
            **presenter.height(HEIGHT),
            key="slope_curve",
        )
    with at.words:
        st.markdown(
            f"Each point of the curve is a whole forward pass with {param} set to that value. The red "
            f"dot is now: {param} = {numbers.text(curve.at, digits)}, E_total = "
            f"{numbers.text(curve.cost, digits)}."
        )


def tangent_slopes(lesson: Lesson, at: "Places") -> None:
    """The slope three independent ways: backprop's, a finite difference's, SymPy's."""
    curve, param, digits = lesson.curve, lesson.view.param, lesson.digits
    exact = cached.exact_slope(lesson.view.example, param)
    relative = lambda v: numbers.text(worked_example.relative_difference(curve.slope, v), 2)  # noqa: E731
    with at.picture:
        chart.show(
            figures.curve_figure(curve, tangent=True, runs=()),
            f"The curve of E_total against {param} with its tangent at {param} = "
            f"{numbers.text(curve.at, digits)}: slope {numbers.text(curve.slope, digits)}.",
            name="slope_tangent",
            **QUIET,
            **presenter.height(HEIGHT),
            key="slope_tangent",
        )
    with at.words:
        table(
            {
                "the slope ∂E_total/∂" + param: [
                    "backpropagation (lesson 2's chain rule)",
                    f"finite difference (E_total({param} + h) − E_total({param} − h)) / 2h, h = 10⁻⁶",
                    "SymPy differentiating the whole formula",
                ],
                "value": [numbers.text(v, digits) for v in (curve.slope, curve.numeric_slope, exact)],
                "relative difference from backprop": [
                    "",
                    *(relative(v) for v in (curve.numeric_slope, exact)),
                ],
            }
        )
    with at.notes:
        st.markdown(
            "The slope is how much E_total rises per unit of " + param + " right here: positive means "
            "uphill to the right, so downhill is to the left. Three independent ways agree."
        )


def one_step(lesson: Lesson, at: "Places") -> None:
    curve, digits = lesson.curve, lesson.digits
    after = curve.path_costs[1][1]
    with at.picture:
        chart.show(
            figures.curve_figure(curve, tangent=True, runs=(1,), steps=1),
            f"One step down the curve of E_total against {lesson.view.param}: E_total from "
            f"{numbers.text(curve.cost, digits)} to {numbers.text(after, digits)}.",
            name="slope_step",
            **QUIET,
            **presenter.height(HEIGHT),
            key="slope_step_chart",
        )
    with at.words:
        st.markdown(
            f"Against the slope, by η = {numbers.text(curve.rates[1], digits)} times it: E_total goes "
            f"from {numbers.text(curve.cost, digits)} to {numbers.text(after, digits)}."
        )


def learning_rates(lesson: Lesson, at: "Places") -> None:
    """The three learning rates' runs side by side: where each ends and how often it turned back."""
    curve, param, digits = lesson.curve, lesson.view.param, lesson.digits
    with at.picture:
        chart.show(
            figures.curve_figure(curve, tangent=False, runs=(0, 1, 2)),
            f"Three runs of {lesson.view.steps} steps down the curve of E_total against {param}, at "
            f"η = {', '.join(numbers.text(r, digits) for r in curve.rates)}.",
            name="slope_rates",
            **QUIET,
            **presenter.height(HEIGHT),
            key="slope_rates_chart",
        )
    low_at, low = curve.lowest
    with at.words:
        table(
            {
                "learning rate η": [numbers.text(r, digits) for r in curve.rates],
                f"{param} after {lesson.view.steps} steps": [
                    numbers.text(p[-1], digits) for p in curve.paths
                ],
                "E_total then": [numbers.text(e[-1], digits) for e in curve.path_costs],
                "times it turned back": [str(curve.turns(r)) for r in range(3)],
            }
        )
    with at.notes:
        st.markdown(
            f"The lowest point drawn is E_total = {numbers.text(low, digits)} at {param} = "
            f"{numbers.text(low_at, digits)}. Each step's size is η times the slope, so it shrinks near the "
            "bottom only when η is small enough; too large a step jumps past the bottom (and may turn back "
            "again and again, or fly off)."
        )
        st.markdown(rates_said(lesson))
        st.markdown(local_minima(lesson))


def rates_said(lesson: Lesson) -> str:
    """What each learning rate did here, in words: small or large is said for this curve and these
    steps, never in general."""
    curve, param, digits = lesson.curve, lesson.view.param, lesson.digits
    low_at = curve.lowest[0]
    said = []
    for r, rate in enumerate(curve.rates):
        end, turns = curve.paths[r][-1], curve.turns(r)
        share = (curve.at - end) / (curve.at - low_at) if curve.at != low_at else 1.0
        way = f"went {numbers.text(100 * share, 3)} % of the way to the lowest point"
        what = f"jumped past it and turned back {turns} time(s)" if turns else way
        said.append(f"η = {numbers.text(rate, digits)} ended at {numbers.text(end, digits)}: {what}")
    return (
        f"In {lesson.view.steps} steps along {param} alone, {param} starting at "
        f"{numbers.text(curve.at, digits)}: " + "; ".join(said) + ". Small or large is said for this one "
        "curve and this many steps, not in general: the article's η = "
        f"{numbers.text(ARTICLE.lr, digits)} moves all {len(PARAMETERS)} parameters at once, over thousands "
        "of steps (the Training page runs them)."
    )


def local_minima(lesson: Lesson) -> str:
    """Local minima, and why gradient descent can stop in one: counted on the curve drawn."""
    count, param = lesson.curve.local_minima, lesson.view.param
    return (
        "A **local minimum** is a point lower than every point near it, though not necessarily the "
        "lowest of all. There the slope is 0, so a gradient step (η times the slope) does not move: "
        "gradient descent stops in the first one it walks into, and which one depends on where it "
        f"starts and on η. The curve drawn along {param} has {count} of them inside its range. With all "
        "the parameters free the cost is a landscape that can have many (the Loss surface page draws "
        "it over two weights); a step large enough to jump out of a shallow one is one reason the "
        "learning rate matters."
    )


def field_chart(lesson: Lesson, step: bool):
    """The contour map with the gradient's arrows; the step −η∇E only once the lesson computes it."""
    view = lesson.view
    now = (getattr(view.example, view.param), getattr(view.example, view.other))
    return figures.field_figure(cached.field(view), lesson.steepest, now, step=step)


def gradient_field(lesson: Lesson, at: "Places") -> None:
    steepest, view, digits = lesson.steepest, lesson.view, lesson.digits
    with at.picture:
        chart.show(
            field_chart(lesson, step=False),
            f"A contour map of E_total over {view.param} and {view.other}, arrows showing the gradient "
            f"uphill; here it is ({numbers.text(steepest.g1, digits)}, {numbers.text(steepest.g2, digits)}).",
            name="slope_field",
            **QUIET,
            **presenter.height(HEIGHT),
            key="slope_field",
        )
    with at.words:
        st.markdown(
            f"The gradient ∇E_total = (∂E_total/∂{view.param}, ∂E_total/∂{view.other}) = "
            f"({numbers.text(steepest.g1, digits)}, {numbers.text(steepest.g2, digits)}) here. The magenta "
            "arrows are the gradient across the map, all drawn the same length: each crosses the contour "
            "lines at a right angle and points uphill."
        )


def steepest_descent(lesson: Lesson, at: "Places") -> None:
    """The slope along a few unit directions, the step −η∇E, and its predicted and actual change."""
    steepest, view, digits = lesson.steepest, lesson.view, lesson.digits
    with at.picture:
        chart.show(
            field_chart(lesson, step=True),
            f"The contour map of E_total over {view.param} and {view.other} with the step −η∇E_total "
            f"from here: ({numbers.text(steepest.step1, 4)}, {numbers.text(steepest.step2, 4)}).",
            name="slope_field_step",
            **QUIET,
            **presenter.height(HEIGHT),
            key="slope_field_step",
        )
    with at.words:
        st.caption("The red arrow is the step −η∇E_total: against the gradient, straight downhill.")
    with at.words:
        table(
            {
                "direction (a unit step)": [d.name for d in steepest.directions],
                f"({view.param}, {view.other})": [
                    f"({numbers.text(d.u1, 3)}, {numbers.text(d.u2, 3)})" for d in steepest.directions
                ],
                "slope ∇E_total · u": [numbers.text(d.slope, digits) for d in steepest.directions],
            }
        )
    with at.notes:
        st.markdown(
            f"No direction climbs faster than |∇E_total| = {numbers.text(steepest.norm, digits)} (with the "
            "gradient) or falls faster than −|∇E_total| (against it); along the contour line the slope is 0. "
            f"The step −η∇E_total with η = {numbers.text(steepest.lr, digits)} moves "
            f"({numbers.text(steepest.step1, 4)}, {numbers.text(steepest.step2, 4)}): the first-order "
            f"estimate of the change is {numbers.text(steepest.predicted, digits)}, and the change "
            f"computed by a forward pass there is {numbers.text(steepest.actual, digits)}. Smaller "
            "steps make the two agree more closely."
        )


def why_backprop(lesson: Lesson, at: "Places") -> None:
    """Multiplications path by path against backprop's, for the worked example and ever deeper networks."""
    width = lesson.width
    deeper = cached.counts(NETWORK.sizes[0], width, 1, lesson.depth)
    lesson4 = Batch()
    named = [
        ("the worked example", slope.count(NETWORK.sizes)),
        ("lesson 4's default", slope.count((lesson4.n_in, lesson4.hidden, 1))),
    ]
    named += [(f"{len(c.sizes) - 2} hidden layer(s) of {width}", c) for c in deeper]
    with at.notes:
        table(
            {
                "network": [n for n, _ in named],
                "sizes": ["-".join(map(str, c.sizes)) for _, c in named],
                "weights": [f"{c.weights:,}" for _, c in named],
                "path by path": [f"{c.path_by_path:,}" for _, c in named],
                "backprop": [f"{c.backprop:,}" for _, c in named],
                "ratio": [numbers.text(c.ratio, 3) for _, c in named],
            }
        )
    with at.picture:
        chart.show(
            figures.counts_figure(deeper),
            f"Multiplications for one gradient, path by path against backpropagation, for 1 to "
            f"{lesson.depth} hidden layers of {width}: path by path grows far faster.",
            name="slope_counts",
            **QUIET,
            **presenter.height(HEIGHT),
            key="slope_counts",
        )
    with at.notes:
        st.markdown(
            "Path by path, each weight's derivative sums a product along every path from it to the "
            "outputs: in a network of D layers of weights (l = 1 … D), n_l·n_(l−1) weights into layer l, "
            "P_l paths from each of its neurons to the outputs (the later layers' sizes multiplied), "
            "2(D − l) + 2 multiplications a path. The "
            "number of paths multiplies with every layer. Backpropagation computes each layer's δ "
            "once, from the layer after it, and every weight into that layer reuses it: the shared "
            "partial products are remembered instead of recomputed (dynamic programming), so the cost "
            "grows with the number of weights, not paths. Counted for one sample, weights only."
        )


# What each step shows under its formula, by the step's name (pages/slope/steps.py)
PARTS: dict[str, Callable[[Lesson], None]] = {
    "curve": cost_curve,
    "tangent": tangent_slopes,
    "step": one_step,
    "rates": learning_rates,
    "gradient": gradient_field,
    "steepest": steepest_descent,
    "why": why_backprop,
}

page()
