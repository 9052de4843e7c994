"""Lesson 6's questions for the class (its part through time), each answered with the values of the
unrolled network on screen: the core's, as the steps carry them, printed through ``numbers``."""

from backprop_core import numbers
from backprop_core.recurrent import RNN
from backprop_core.steps import Step
from backprop_core.teaching import Question

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _h(t: int) -> str:
    return f"h{str(t).translate(SUB)}"


def questions(steps: tuple[Step, ...], rnn: RNN, T: int, loss: str, digits: int) -> list[Question]:
    """``loss``: "last" (the last step's error only) or "sum" (every step's)."""
    value = {s.name: s.value for s in steps}

    def n(x) -> str:
        return numbers.text(x, digits)

    return [
        _fade(value, rnn, T, loss, n),
        _first_term(value, n),
        _sum(value, T, n),
        _largest_term(value, T, loss, n),
    ]


def _fade(value: dict, rnn: RNN, T: int, loss: str, n) -> Question:
    factors = [value[f"dh_{t + 1}_dh_{t}"] for t in range(1, T)]
    last, first = value[f"dL_dh_{T}"], value["dL_dh_1"]
    verdict = "smaller" if abs(first) < abs(last) else "larger" if abs(first) > abs(last) else "the same"
    spread = f"between {n(min(factors))} and {n(max(factors))}" if factors else "none here (T = 1)"
    return Question(
        f"Before the error is sent back: with w = {n(rnn.w)}, will the error reaching {_h(1)} be larger or "
        f"smaller than at {_h(T)}?",
        f"Each step back multiplies it by ∂h_(t+1)/∂h_t = w (1 − h²_(t+1)); here those factors lie {spread}. "
        f"∂L/∂{_h(T)} = {n(last)} and ∂L/∂{_h(1)} = **{n(first)}**: {verdict}"
        + (
            " (with the loss at every step, each step's own output's error adds to what arrives)."
            if loss == "sum"
            else "."
        )
        + " Factors below 1 in size make the error fade (vanishing), above 1 grow (exploding).",
        predict=True,
    )


def _first_term(value: dict, n) -> Question:
    return Question(
        "Why is step 1's term of ∂L/∂w always zero?",
        f"Step t's term is the error at its weighted input times the value w multiplies there, h_(t−1). At "
        f"step 1 that is h₀ = 0, the state before the sequence: the term is **{n(value['dw_1'])}** whatever "
        "the error. w only acts from step 2 on.",
    )


def _sum(value: dict, T: int, n) -> Question:
    terms = "".join(numbers.signed_terms([n(value[f"dw_{t}"]) for t in range(1, T + 1)]))
    return Question(
        "The same w acts at every step: how is ∂L/∂w made from the steps?",
        "As the sum of one term per step (the chain rule adds a path for every place w acts): "
        f"{terms} = **{n(value['dL_dw'])}**. One update then moves the one w by −η times this sum, as if "
        "each unrolled layer had voted.",
    )


def _largest_term(value: dict, T: int, loss: str, n) -> Question:
    terms = {t: value[f"dw_{t}"] for t in range(1, T + 1)}
    top = max(terms, key=lambda t: abs(terms[t]))
    if loss == "sum":
        why = (
            "With the loss at every step, each step's own error feeds its own term, so a step far from the "
            "end can lead; what the first input must carry to the end still travels the whole way back."
        )
    elif top == T:
        why = (
            "The last step, nearest the loss: when the error fades on its way back, the steps near the loss "
            "dominate, and the gradient barely says how w should carry the first inputs (the remember task's "
            "long memory is the hardest to learn)."
        )
    else:
        why = "An earlier step: the error did not fade on its way back (factors near or above 1 in size)."
    return Question(
        "Which step contributes most to ∂L/∂w, and what does that mean for learning long memories?",
        f"Step {top}'s term, **{n(terms[top])}** of {n(value['dL_dw'])}. {why}",
    )
