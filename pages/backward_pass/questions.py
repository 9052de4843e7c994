"""Lesson 2's questions for the class, each answered with the numbers of the example on screen (the
sidebar's), computed by the core and printed through ``numbers``."""

from dataclasses import replace

from backprop_core import names, numbers
from backprop_core.example import ALIASES, LABELS, NETWORK, OUTPUTS, TARGETS, Example, solve
from backprop_core.teaching import Question

OUTPUT_WEIGHTS = [ALIASES[w] for w in names.weights(NETWORK, 2)]
HIDDEN_WEIGHTS = [ALIASES[w] for w in names.weights(NETWORK, 1)]
HIDDEN_OUTS = [ALIASES[names.out(1, i)] for i in range(NETWORK.sizes[1])]
INPUTS = [ALIASES[x] for x in names.inputs(NETWORK)]
NEURON_O, NEURON_H = LABELS[names.out(2, 0)], LABELS[names.out(1, 0)]
NET_O, NET_H = ALIASES[names.net(2, 0)], ALIASES[names.net(1, 0)]
TOTAL = ALIASES[names.COST]


def questions(example: Example, digits: int, update_biases: bool) -> list[Question]:
    sol = solve(example, update_biases=update_biases)

    def n(value) -> str:
        return numbers.text(value, digits)

    return [
        _sign(example, sol, n),
        _delta_reused(sol, n),
        _largest(sol, n),
        _hidden_smaller(example, sol, n),
        _one_step(example, sol, update_biases, n),
    ]


def _sign(example: Example, sol, n) -> Question:
    w, out, t = OUTPUT_WEIGHTS[0], OUTPUTS[0], TARGETS[0]
    g = sol.gradients[w]
    way = "down" if g > 0 else "up" if g < 0 else "nowhere"
    return Question(
        f"Before {w}'s chain is revealed: will ∂{TOTAL}/∂{w} be positive or negative, and so will {w} go "
        "up or down?",
        f"Only one factor can be negative: ∂{TOTAL}/∂{out} = {out} − {t} = {n(sol.forward[out])} − "
        f"{n(getattr(example, t))} = **{n(sol.factors['dE_d' + out])}**. The sigmoid's slope "
        f"({n(sol.factors[f'd{out}_d{NET_O}'])}) and the value {w} carries, {HIDDEN_OUTS[0]} = "
        f"{n(sol.forward[HIDDEN_OUTS[0]])}, are positive. So ∂{TOTAL}/∂{w} = **{n(g)}**, and the update "
        f"moves {w} {way}: {n(getattr(example, w))} → **{n(sol.updated[w])}** (η = {n(example.lr)}).",
        predict=True,
    )


def _delta_reused(sol, n) -> Question:
    first, second = OUTPUT_WEIGHTS[:2]
    delta = sol.factors[f"dE_d{NET_O}"]
    return Question(
        f"Once δ of {NEURON_O} is known, predict ∂{TOTAL}/∂{second} before its chain is shown: what else do "
        "you need?",
        f"Only the value {second} carries. δ of {NEURON_O} = ∂{TOTAL}/∂{NET_O} = **{n(delta)}** is shared by "
        f"every weight into {NEURON_O} (the delta rule): ∂{TOTAL}/∂{first} = δ · {HIDDEN_OUTS[0]} = "
        f"{n(delta)} · {n(sol.forward[HIDDEN_OUTS[0]])} = {n(sol.gradients[first])}, and ∂{TOTAL}/∂{second} "
        f"= δ · {HIDDEN_OUTS[1]} = {n(delta)} · {n(sol.forward[HIDDEN_OUTS[1]])} = "
        f"**{n(sol.gradients[second])}**. Reusing δ is what makes backpropagation cheap.",
        predict=True,
    )


def _largest(sol, n) -> Question:
    biggest = max(OUTPUT_WEIGHTS, key=lambda w: abs(sol.gradients[w]))
    listed = ", ".join(f"{w}: {n(sol.gradients[w])}" for w in OUTPUT_WEIGHTS)
    nets = [ALIASES[names.net(2, k)] for k in range(NETWORK.sizes[2])]
    deltas = ", ".join(f"{n(sol.factors['dE_d' + net])} for {net}" for net in nets)
    carried = ", ".join(f"{out} = {n(sol.forward[out])}" for out in HIDDEN_OUTS)
    return Question(
        "Which output weight has the largest gradient, and why that one?",
        f"The output weights' gradients: {listed}; the largest in size is **{biggest}**. Each is the δ of "
        f"the neuron it feeds times the hidden output it carries: the δs (∂{TOTAL}/∂net) are {deltas}, the "
        f"hidden outputs {carried}. The larger δ in size and the larger hidden output make the largest "
        "gradient; a negative δ makes its weights' gradients negative (those weights go up).",
    )


def _hidden_smaller(example: Example, sol, n) -> Question:
    hidden, output = HIDDEN_WEIGHTS[0], OUTPUT_WEIGHTS[0]
    return Question(
        f"Compare the hidden weight {hidden}'s gradient with {output}'s: what does the error pass through on "
        f"its way back to {hidden}?",
        f"∂{TOTAL}/∂{hidden} = **{n(sol.gradients[hidden])}** against ∂{TOTAL}/∂{output} = "
        f"**{n(sol.gradients[output])}**. On its way back to {NEURON_H} the error is multiplied by the "
        f"output weights and by another sigmoid slope ({n(sol.factors[f'd{HIDDEN_OUTS[0]}_d{NET_H}'])}, "
        f"never above 0.25): δ of {NEURON_H} = **{n(sol.factors[f'dE_d{NET_H}'])}**. Then it is multiplied "
        f"by the input {hidden} carries, {INPUTS[0]} = {n(getattr(example, INPUTS[0]))}.",
    )


def _one_step(example: Example, sol, update_biases: bool, n) -> Question:
    before = sol.forward[TOTAL]
    after = solve(replace(example, **sol.updated), update_biases=update_biases).forward[TOTAL]
    verdict = (
        f"it fell by {n(before - after)}: a step against the gradient, small enough, lowers the cost, and "
        "repeating it is training (the Training page does it ten thousand times)."
        if after < before
        else "it did not fall: this η is too large for this point, and the step overshot."
    )
    return Question(
        f"After one step with η = {n(example.lr)}, has {TOTAL} gone down, and by how much?",
        f"{TOTAL} was {n(before)} before the step and is **{n(after)}** at the updated parameters (a "
        f"forward pass with them): {verdict}",
    )
