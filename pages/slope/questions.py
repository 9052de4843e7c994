"""Lesson 0's questions for the class, each answered with the numbers of the curve and the map on screen
(the core's, printed through ``numbers``)."""

from backprop_core import numbers
from backprop_core.example import ALIASES
from backprop_core.names import COST
from backprop_core.teaching import Question
from pages.slope import maths as slope

TOTAL = ALIASES[COST]


def questions(curve: slope.Curve, steepest: slope.Steepest, digits: int) -> list[Question]:
    def n(value) -> str:
        return numbers.text(value, digits)

    return [_which_way(curve, n), _by_hand(curve, n), _rates(curve, n), _first_order(steepest, n)]


def _which_way(c: slope.Curve, n) -> Question:
    p, eta = c.name, c.rates[1]
    sign = "positive" if c.slope > 0 else "negative" if c.slope < 0 else "zero"
    way = "down" if c.slope > 0 else "up" if c.slope < 0 else "nowhere"
    return Question(
        f"Before the tangent is shown: is the slope of {TOTAL} along {p} at {p} = {n(c.at)} positive or "
        f"negative, and which way will a gradient step move {p}?",
        f"The slope is **{n(c.slope)}**, {sign}: {TOTAL} rises as {p} grows here. The step is −η times the "
        f"slope, so it moves {p} {way}: with η = {n(eta)}, {p} = {n(c.at)} → **{n(c.paths[1][1])}**, and "
        f"{TOTAL} goes from {n(c.cost)} to {n(c.path_costs[1][1])}.",
        predict=True,
    )


def _by_hand(c: slope.Curve, n) -> Question:
    h = slope.NUDGE
    upper, lower = (numbers.text(e, slope.NUDGED_DIGITS) for e in c.nudged)  # at p + h, p − h
    return Question(
        f"How could you estimate the slope along {c.name} without any calculus?",
        f"Nudge {c.name} a little each way and divide the change in {TOTAL} by the change in {c.name}: "
        f"{TOTAL}({n(c.at)} + {numbers.text(h)}) = {upper} and {TOTAL}({n(c.at)} − {numbers.text(h)}) = "
        f"{lower}, so the slope is about ({upper} − {lower}) / {numbers.text(2 * h)} = "
        f"**{n(c.numeric_slope)}**. The backward pass gives **{n(c.slope)}**: the same to the digits "
        "shown. The nudge needs two forward passes per parameter; backprop gets every slope in one pass.",
    )


def _rates(c: slope.Curve, n) -> Question:
    runs = [
        f"η = {n(rate)}: {c.name} ends at {n(c.paths[i][-1])}, {TOTAL} {n(c.path_costs[i][-1])}, "
        f"turned back {c.turns(i)} time{'s' if c.turns(i) != 1 else ''}"
        for i, rate in enumerate(c.rates)
    ]
    steps = len(c.paths[0]) - 1
    over = [n(rate) for i, rate in enumerate(c.rates) if c.turns(i)]
    verdict = (
        f"η = {', '.join(over)} overshot: a run that turns back has jumped past the bottom of the curve."
        if over
        else "None turned back in these steps: none overshot yet (try a larger η or more steps)."
    )
    return Question(
        "Which learning rate overshot the lowest point, and how can you tell from the path?",
        f"After {steps} steps: " + "; ".join(runs) + f". {verdict} A run that never turns and is still far "
        "from the bottom crawls; the best η gets low fast without bouncing.",
    )


def _first_order(s: slope.Steepest, n) -> Question:
    return Question(
        f"A step against the gradient over {s.p1} and {s.p2}: how much should {TOTAL} fall, and how much "
        "did it?",
        f"The gradient is ({n(s.g1)}, {n(s.g2)}), of length |∇E| = {n(s.norm)}. To first order the step "
        f"−η∇E (η = {n(s.lr)}) changes {TOTAL} by −η|∇E|² = **{n(s.predicted)}**; computed at the new "
        f"point it changed by **{n(s.actual)}**. The two agree while the step is short enough for the "
        "tangent plane to fit the surface.",
    )
