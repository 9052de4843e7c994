"""Lesson 1's questions for the class, each answered with the numbers of the example on screen (the
sidebar's), computed by the core and printed through ``numbers``."""

from dataclasses import replace

from backprop_core import names, numbers
from backprop_core.example import ALIASES, LABELS, NETWORK, OUTPUTS, TARGETS, Example, solve
from backprop_core.teaching import Question

NET_H, OUT_H = ALIASES[names.net(1, 0)], ALIASES[names.out(1, 0)]
HIDDEN = LABELS[names.out(1, 0)]
NET_O = ALIASES[names.net(2, 0)]
INTO_O = [ALIASES[w] for w in names.weights(NETWORK, 2)[:2]]  # the first output's two weights
HIDDEN_OUTS = [ALIASES[names.out(1, i)] for i in range(NETWORK.sizes[1])]
BIAS_O = ALIASES[names.biases(NETWORK, 2)[0]]
ERRORS = [ALIASES[names.loss_term(k)] for k in range(NETWORK.sizes[2])]
TOTAL = ALIASES[names.COST]


def questions(example: Example, digits: int) -> list[Question]:
    forward = solve(example).forward

    def n(value) -> str:
        return numbers.text(value, digits)

    return [
        _squash(forward, n),
        _further(example, forward, n),
        _reads(example, forward, n),
        _nudge(example, forward, n),
    ]


def _squash(f: dict, n) -> Question:
    side = "above" if f[OUT_H] > 0.5 else "below" if f[OUT_H] < 0.5 else "exactly at"
    return Question(
        f"Before {HIDDEN}'s output is revealed: {NET_H} = {n(f[NET_H])}. Will {OUT_H} be above or below 0.5?",
        f"The sigmoid is 0.5 at 0 and rises with its input, so σ(net) > 0.5 exactly when net > 0. Here "
        f"{NET_H} = **{n(f[NET_H])}**, so {OUT_H} = σ({n(f[NET_H])}) = **{n(f[OUT_H])}**, {side} 0.5. "
        "No arithmetic is needed for the side: only the sign of net.",
        predict=True,
    )


def _further(example: Example, f: dict, n) -> Question:
    rows = [
        f"{out} = {n(f[out])} against its target {t} = {n(getattr(example, t))}: {e} = **{n(f[e])}**"
        for out, t, e in zip(OUTPUTS, TARGETS, ERRORS)
    ]
    worst = max(ERRORS, key=lambda e: f[e])
    return Question(
        "Before the errors are computed: which output is further from its target, and so makes the larger "
        f"part of {TOTAL}?",
        "; ".join(rows) + f". So {worst} is the larger: {n(f[worst])} of {TOTAL} = **{n(f[TOTAL])}**. "
        "Squaring makes a distance twice as large count four times as much.",
        predict=True,
    )


def _reads(example: Example, f: dict, n) -> Question:
    terms = " + ".join(f"{w} · {out}" for w, out in zip(INTO_O, HIDDEN_OUTS))
    values = " + ".join(f"{n(getattr(example, w))} · {n(f[out])}" for w, out in zip(INTO_O, HIDDEN_OUTS))
    return Question(
        f"Which numbers does {NET_O} read: the inputs, or something else?",
        f"The output layer reads the hidden layer's outputs, not the inputs: {NET_O} = {terms} + {BIAS_O} = "
        f"{values} + {n(getattr(example, BIAS_O))} = **{n(f[NET_O])}**.",
    )


def _nudge(example: Example, f: dict, n) -> Question:
    weight = INTO_O[0]
    larger = replace(example, **{weight: getattr(example, weight) + 0.1})
    after = solve(larger).forward[TOTAL]
    went = "rises" if after > f[TOTAL] else "falls"
    return Question(
        f"If {weight} were 0.1 larger, would {TOTAL} rise or fall? Predict, then try it in the sidebar.",
        f"{weight} = {n(getattr(example, weight))} → {n(getattr(larger, weight))}: {TOTAL} {went} from "
        f"{n(f[TOTAL])} to **{n(after)}**. A larger {weight} raises {NET_O} and so {OUTPUTS[0]}, which "
        f"helps only if {OUTPUTS[0]} is below its target {TARGETS[0]} = {n(getattr(example, TARGETS[0]))}. "
        "Lesson 2 computes this direction for every weight at once: the gradient.",
    )
