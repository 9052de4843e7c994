"""What the class answered at one step, counted (pure: no Streamlit, no Plotly): each student's last
answer, the answers grouped for the chart, and the most common wrong ones, each with the mistake it most
likely comes from, named by the core's marking (``backprop_core.answers.check`` with the step's slips,
published by the teacher's page in its Key)."""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from backprop_core import answers, numbers

SHOWN_DIGITS = 3  # answers that agree to 3 significant digits share a bar


@dataclass(frozen=True)
class Bar:
    label: str  # the value, to SHOWN_DIGITS significant digits
    value: float
    students: int
    right: bool


@dataclass(frozen=True)
class Wrong:
    answer: str  # the most common spelling in the group, as typed
    students: int
    mistake: str  # the likely mistake, in words ("" when no slip explains it)


def latest(given: Sequence) -> list:
    """Each student's last answer (``store.Answer``s in the order they were given), in that order."""
    last = {a.student: a for a in sorted(given, key=lambda a: a.answered_at)}
    return sorted(last.values(), key=lambda a: a.answered_at)


def _value(text: str) -> float | None:
    try:
        value = float(text.replace("−", "-"))
    except ValueError:  # the store holds only what the page read as a number; never trusted here
        return None
    return value if math.isfinite(value) else None


def bars(given: Sequence) -> list[Bar]:
    """The answers, those that agree to ``SHOWN_DIGITS`` digits (and are marked alike) in one bar, in
    order of value."""
    counted = Counter()
    for a in given:
        if (value := _value(a.answer)) is not None:
            counted[(answers.round_to(value, SHOWN_DIGITS), a.correct)] += 1
    return [
        Bar(numbers.text(value, SHOWN_DIGITS), value, n, right)
        for (value, right), n in sorted(counted.items(), key=lambda item: (item[0][0], item[0][1]))
    ]


def mistake(text: str, value: float, rounded: float | None, slips: tuple[tuple[float, str], ...]) -> str:
    """The mistake a wrong answer most likely comes from, in words; "" when no known one explains it."""
    said = answers.check(text.replace("−", "-"), value, rounded, slips)
    if said is None or said.right:
        return ""
    if said.mark == answers.SLIP:
        return said.note.removeprefix("Not yet: ").rstrip(".")
    if said.mark == answers.SIGN:
        return "the sign is the wrong way round"
    if said.mark == answers.CLOSE:
        return "close: too few digits, or rounded too early"
    return ""


def wrong(given: Sequence, value: float, rounded: float | None, slips, top: int = 5) -> list[Wrong]:
    """The most common wrong answers: those with the same likely mistake together (else those that
    agree to ``SHOWN_DIGITS`` digits), most students first."""
    groups: dict[tuple, list[str]] = {}
    for a in given:
        if a.correct or (number := _value(a.answer)) is None:
            continue
        said = mistake(a.answer, value, rounded, slips)
        group = ("mistake", said) if said else ("value", answers.round_to(number, SHOWN_DIGITS))
        groups.setdefault(group, []).append(a.answer.strip())
    out = [
        Wrong(Counter(texts).most_common(1)[0][0], len(texts), group[1] if group[0] == "mistake" else "")
        for group, texts in groups.items()
    ]
    return sorted(out, key=lambda w: -w.students)[:top]
