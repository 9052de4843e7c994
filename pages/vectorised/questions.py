"""Lesson 4's questions for the class, each answered with the matrices of the batch on screen (the core's,
printed through ``numbers``)."""

from backprop_core import numbers
from backprop_core.teaching import Question
from pages.vectorised import maths as v


def questions(lesson: v.Lesson, batch: v.Batch, digits: int) -> list[Question]:
    def n(value) -> str:
        return numbers.text(float(value), digits)

    return [
        _shape(batch),
        _output_error(lesson, n),
        _worst_sample(lesson, n),
        _one_over_m(lesson, batch, n),
        _bias_broadcast(lesson, batch, n),
    ]


def _shape(batch: v.Batch) -> Question:
    h, n_in, m = batch.hidden, batch.n_in, batch.m
    return Question(
        "Before the hidden layer's weighted inputs are shown: what shape is Z1, and where is the second "
        "sample's first hidden neuron?",
        f"W1 is h × n = {h} × {n_in} and X is n × m = {n_in} × {m}: the inner sizes ({n_in}) agree, so "
        f"W1 X is h × m = **{h} × {m}**, one row per hidden neuron and one column per sample. The second "
        "sample's first hidden neuron is row 1, column 2 (Z1[0,1], counting from 0)"
        + ("." if m > 1 else ": with m = 1 there is no second sample."),
        predict=True,
    )


def _output_error(lesson: v.Lesson, n) -> Question:
    a, y, dz = lesson["A2"][0, 0], lesson["Y"][0, 0], lesson["dZ2"][0, 0]
    return Question(
        "Before the output's error is revealed: predict dZ2 for the first sample from its A2 and its label.",
        f"Cross-entropy with a sigmoid output gives dZ2 = A2 − Y, no slope factor: {n(a)} − {n(y)} = "
        f"**{n(dz)}**. Its sign says which way the output must move: "
        + ("down, towards the label 0." if dz > 0 else "up, towards the label 1." if dz < 0 else "nowhere."),
        predict=True,
    )


def _worst_sample(lesson: v.Lesson, n) -> Question:
    losses = lesson["L"][0]
    worst = int(losses.argmax())
    a, y = lesson["A2"][0, worst], lesson["Y"][0, worst]
    return Question(
        "Which sample has the largest loss, and why that one?",
        f"The losses are {', '.join(n(x) for x in losses)}: sample {worst + 1} (column {worst}) has the "
        f"largest, **{n(losses[worst])}**. Its label is {n(y)} and the network gives it P(y = 1) = {n(a)}: "
        "cross-entropy is −log of the probability given to the right label, so the more confidently wrong, "
        f"the larger. The cost J is their mean: **{n(lesson['J'])}**.",
    )


def _one_over_m(lesson: v.Lesson, batch: v.Batch, n) -> Question:
    dz = lesson["dZ2"][0]
    return Question(
        "Why do dW2 and db2 carry a factor 1/m?",
        f"J is the mean of the m = {batch.m} losses, so each gradient is the mean of the samples' own. db2 "
        f"is the mean of dZ2's entries ({', '.join(n(x) for x in dz)}): **{n(lesson['db2'][0, 0])}**; dW2 "
        f"= (1/m) dZ2 A1ᵀ = [{', '.join(n(x) for x in lesson['dW2'][0])}]. Without 1/m the step would grow "
        "with the batch size, and η would have to shrink to match.",
    )


def _bias_broadcast(lesson: v.Lesson, batch: v.Batch, n) -> Question:
    b = lesson["b1"][:, 0]
    return Question(
        "b1 is h × 1 but W1 X is h × m: how can they be added?",
        f"b1 = [{', '.join(n(x) for x in b)}] is added to every column, one copy per sample (broadcasting): "
        f"each of the {batch.m} samples gets the same biases. In Z1's first row every entry has "
        f"{n(b[0])} added: Z1's first row is [{', '.join(n(x) for x in lesson['Z1'][0])}].",
    )
