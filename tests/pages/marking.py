"""What every lesson's practice tests check (#24 fair practice): an answer worked on paper from rounded
numbers is accepted with the note, a named slip is named, and the hint shows the formula with its
numbers. The answers are worked in each lesson's test, never taken from the step."""

from backprop_core import answers
from backprop_core.steps import Step
from ui.stepper import hint


def answer(value: float, significant: int = 5) -> str:
    """``value`` as a learner writes it down: ``significant`` digits."""
    return f"{value:#.{significant}g}"


def accepted_from_rounded(step: Step, on_paper: float, significant: int = 5) -> None:
    """``on_paper`` (the learner's own working from 4-digit numbers) is not the value to the digits
    given, yet it is accepted, with the note saying what rounding gives."""
    text = answer(on_paper, significant)
    assert not answers.agrees(answers._given(text), step.value), f"{text} is right anyway: no test"
    verdict = answers.check(text, step.value, step.rounded, step.slips)
    assert verdict.mark == answers.ROUNDED and verdict.right, (step.name, text, verdict)
    assert "rounded to 4 significant digits" in verdict.note


def names_slip(step: Step, wrong: float, label: str, significant: int = 5) -> None:
    verdict = answers.check(answer(wrong, significant), step.value, step.rounded, step.slips)
    assert verdict.mark == answers.SLIP and verdict.note == f"Not yet: {label}.", (step.name, verdict)
    assert answers.mistake(answer(wrong, significant), step.value, step.slips, step.rounded) == label


def hint_has_numbers(step: Step, *shown: str) -> None:
    """The hint is symbol = formula = the formula with these numbers in."""
    said = hint(step)
    assert step.formula in said and step.numbers and step.numbers in said
    for number in shown:
        assert number in step.numbers, (number, step.numbers)
