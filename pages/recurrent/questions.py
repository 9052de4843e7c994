"""Lesson 6's questions for the class, each answered with the values on screen: the unrolled network's
(the part through time) or the relaxed network's (the part to a fixed point), the core's, printed through
``numbers``."""

from backprop_core import numbers
from backprop_core.recurrent import RNN
from backprop_core.steps import Step
from backprop_core.teaching import Question
from pages.recurrent.maths import FixedPointLesson

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(n: int) -> str:
    """A whole number as subscript digits: 12 -> ₁₂."""
    return str(n).translate(SUB)


def _h(t: int) -> str:
    return f"h{_sub(t)}"


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


# --- Part B: to a fixed point ----------------------------------------------------------------------


def fixed_point_questions(lesson: FixedPointLesson, cap: int, digits: int) -> list[Question]:
    """The relaxed network's questions; a network that did not settle answers that it has no gradient."""

    def n(x) -> str:
        return numbers.text(x, digits)

    return [_settles(lesson, cap, n), _transpose(lesson, n), _memory(lesson, n), _unsettled(lesson, n)]


def _settles(lesson: FixedPointLesson, cap: int, n) -> Question:
    rho = f"ρ(diag(f′(u))·W) = **{n(lesson.spectral_radius)}**"
    if not lesson.forward_converged:
        said = (
            f"No: it did not settle within {cap:,} iterations (the last change {n(lesson.last_change)}), "
            "so there is no fixed point to measure the loss at, and no error network to relax."
        )
    elif not lesson.converged:
        how = "grew without bound" if lesson.adjoint_blew_up else f"did not settle within {cap:,} iterations"
        verdict = "not below 1" if lesson.spectral_radius >= 1 else "below 1, but it contracts too slowly"
        said = (
            f"The relaxation settled in {lesson.iterations:,} iterations, but the error network {how}: "
            f"{rho} at the fixed point, {verdict}."
        )
    else:
        said = (
            f"Both: {rho} at the fixed point, below 1, so each iteration shrinks what is left to move. "
            f"Relaxing took {lesson.iterations:,} iterations, the error network "
            f"{lesson.adjoint_iterations:,}."
        )
    return Question(
        "Before the spectral radius: will this network's relaxation settle, and will its error network?",
        said,
        predict=True,
    )


def _no_gradient(lesson: FixedPointLesson) -> str:
    which = "the relaxation" if not lesson.forward_converged else "the error network"
    return f"This network has no gradient: {which} did not settle."


def _transpose(lesson: FixedPointLesson, n) -> Question:
    text = "Why does the error network run on Wᵀ, the forward weights transposed?"
    why = (
        "W_ij carries unit j's value into unit i, so the error goes back along the same weight, from unit i "
        "to unit j: unit j gathers column j of W, which is row j of Wᵀ."
    )
    if not lesson.converged:
        return Question(text, f"{why} {_no_gradient(lesson)}")
    i, j = 0, min(1, len(lesson.delta) - 1)  # W₁₂ (W₁₁ for one unit): a weight between two units
    a, b = _sub(i + 1), _sub(j + 1)
    return Question(
        text,
        f"{why} Each weight's gradient then pairs the two ends: ∂L/∂W{a}{b} = δ{a}·x*{b}, the settled error "
        f"at unit {i + 1}'s input (δ = f′(u) ⊙ y) times "
        f"the value unit {j + 1} sent: {n(lesson.delta[i])} · {n(lesson.settled[j])} = "
        f"**{n(lesson.grad_W[i, j])}**.",
    )


def _memory(lesson: FixedPointLesson, n) -> Question:
    text = "BPTT through the relaxation gives the same gradient: what does Almeida–Pineda save?"
    if not lesson.converged or lesson.bptt_grad_W is None:
        return Question(text, f"The memory of every iteration. {_no_gradient(lesson)}")
    gap = float(abs(lesson.grad_W - lesson.bptt_grad_W).max())
    return Question(
        text,
        f"The memory. BPTT unrolls the {lesson.iterations:,} iterations into as many layers sharing W and "
        f"keeps every state x₁…x{_sub(lesson.iterations)} to send the error back through "
        "them; the error network needs only the fixed point x*, and relaxes the error instead of retracing "
        "the steps. "
        f"Their gradients differ here by at most **{n(gap)}** in any entry.",
    )


def _unsettled(lesson: FixedPointLesson, n) -> Question:
    return Question(
        "What would stop the relaxation from settling, and what happens to training then?",
        "A spectral radius of diag(f′(u))·W at 1 or above: larger weights, or units on the steep part of "
        f"their slope. Here ρ = **{n(lesson.spectral_radius)}**. A training step whose relaxation does not "
        "settle has no fixed point and no gradient, so training W stops there: a smaller η keeps each step "
        "of W small.",
    )
