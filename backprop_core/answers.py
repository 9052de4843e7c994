"""Practice mode's marking, pure: is a learner's typed answer right, and if not, what to tell them.

An answer is right when it agrees with the value to the digits the learner gave (rounded or cut
off there), given at least ``MIN_DIGITS`` significant digits, or when it is the value exactly
(``0.05``). Working on paper, a learner rounds what earlier steps found: an answer that agrees
instead with the value computed from the step's inputs rounded to ``ROUNDED_DIGITS`` significant
digits (``Step.rounded``) is accepted with a note. A near miss is named: too few digits, right to
fewer digits than given, the sign, or a slip a step knows (``Step.slips``: a chain product with one
factor left out, or a likely mistake of ``backprop_core.mistakes``), named only when one slip alone
explains the answer. A slip is matched to ``MIN_DIGITS`` significant digits (a learner who slipped may
also have rounded), so only slips at least ``APART`` units of that digit from the value count.

``mistake`` and ``common_mistakes`` say the same for a teacher: which one mistake explains a wrong
answer, and how many of a class's answers each mistake explains.

The text is read by the caller's number rule first (``ui.settings.plain_number``: plain ASCII decimal
or scientific); here its digits say how precise it claims to be.
"""

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np

from . import numbers

MIN_DIGITS = 3  # significant digits an answer must give, unless it is the value exactly
ROUNDED_DIGITS = 4  # how a learner is expected to round the inputs they carry from earlier steps
APART = 2  # units of the MIN_DIGITS-th significant digit a slip must be from the value to be named
RIGHT, ROUNDED, CLOSE, SLIP, SIGN, WRONG = "right", "rounded", "close", "slip", "sign", "wrong"
SIGN_FLIPPED = "the sign flipped"  # the mistake of an answer that is the value with the other sign
Slips = tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class Verdict:
    mark: str  # one of RIGHT, ROUNDED, CLOSE, SLIP, SIGN, WRONG
    note: str = ""  # what the learner reads beside it
    mistake: str = ""  # SLIP: the slip's label; SIGN: SIGN_FLIPPED (what a teacher groups answers by)

    @property
    def right(self) -> bool:
        return self.mark in (RIGHT, ROUNDED)


@dataclass(frozen=True)
class _Given:
    """A typed answer: its value, the place of its last digit (0.593: 0.001), its significant digits."""

    value: float
    unit: float
    digits: int


def round_to(value: float, digits: int = ROUNDED_DIGITS) -> float:
    """``value`` rounded to ``digits`` significant digits, as a learner copies a number down."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def rounded_all(x):
    """``x`` (a number, or an array entry by entry) rounded as a learner copies it (``round_to``)."""
    if np.ndim(x) == 0:
        return round_to(float(x))
    return np.vectorize(round_to, otypes=[float])(np.asarray(x, dtype=float))


def on_paper(fn, *inputs) -> float:
    """``fn`` of ``inputs`` each rounded to ROUNDED_DIGITS significant digits: what a learner working
    on paper from copied numbers gets (a step's ``rounded``)."""
    return float(fn(*(rounded_all(x) for x in inputs)))


def _given(text: str) -> _Given | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    sign, digits, exponent = number.as_tuple()
    significant = len(digits) if any(digits) else 1
    value = float(number)
    if (
        not math.isfinite(value) or not -330 < exponent < 300
    ):  # 1e400: no float; its last digit's place neither
        return None
    return _Given(value, 10.0**exponent, significant)


def agrees(given: _Given, value: float) -> bool:
    """Whether ``value`` rounded, or cut off, at the answer's last digit is the answer."""
    slack = given.unit * 1e-9  # a float's own error, far below any digit a learner types
    if abs(given.value - value) <= given.unit / 2 + slack:
        return True
    cut = abs(value) - abs(given.value)  # cut off: the same sign, less than one unit short
    return (given.value == 0 or math.copysign(1, given.value) == math.copysign(1, value)) and (
        -slack <= cut < given.unit
    )


def _agreeing_digits(given: _Given, value: float) -> int:
    """How many significant digits of the answer agree with ``value`` (rounded at that place)."""
    if given.value == 0 or value == 0:
        return 0
    top = math.floor(math.log10(abs(given.value)))
    for k in range(given.digits, 0, -1):
        coarse = _Given(round_to(given.value, k), 10.0 ** (top - k + 1), k)
        if agrees(coarse, value):
            return k
    return 0


def apart(a: float, b: float, digits: int = MIN_DIGITS) -> bool:
    """Whether no answer of ``digits`` significant digits can agree with both ``a`` and ``b``: they are
    at least ``APART`` units of that digit apart (of the larger)."""
    scale = max(abs(a), abs(b))
    if not (math.isfinite(a) and math.isfinite(b)):
        return a != b
    return scale != 0 and abs(a - b) >= APART * 10.0 ** (math.floor(math.log10(scale)) - digits + 1)


def _near(given: _Given, wrong: float) -> bool:
    """The answer agrees with a slip's value to the digits given, or to MIN_DIGITS of them."""
    if agrees(given, wrong):
        return True
    top = math.floor(math.log10(abs(given.value))) if given.value else 0
    coarse = _Given(round_to(given.value, MIN_DIGITS), 10.0 ** (top - MIN_DIGITS + 1), MIN_DIGITS)
    return given.digits > MIN_DIGITS and agrees(coarse, wrong)


def check(text: str, value: float, rounded: float | None = None, slips: Slips = ()) -> Verdict | None:
    """The verdict on ``text`` (already read as a plain number) for a step whose value is ``value``;
    None when the text is not a number."""
    given = _given(text)
    if given is None:
        return None
    if math.isclose(given.value, value, rel_tol=1e-12, abs_tol=1e-15):
        return Verdict(RIGHT)
    enough = given.digits >= MIN_DIGITS
    if enough and agrees(given, value):
        return Verdict(RIGHT)
    if enough and rounded is not None and agrees(given, rounded):
        return Verdict(
            ROUNDED,
            f"Right from rounded inputs: with each input rounded to {ROUNDED_DIGITS} significant digits "
            f"this step gives {numbers.text(rounded, 6)}; carrying every digit it is "
            f"{numbers.text(value, 9)}.",
        )
    known = [v for v in (value, rounded) if v is not None]
    said = {
        note
        for wrong, note in slips
        if all(apart(wrong, v) for v in known)
        and ((enough and _near(given, wrong)) or given.value == wrong)  # a count, given exactly: 16
    }
    if len(said) == 1:  # one slip alone explains it (the minus of −(t − out), say): name it
        note = said.pop()
        return Verdict(SLIP, f"Not yet: {note}.", note)
    if enough and value != 0 and agrees(given, -value):
        return Verdict(SIGN, "Not yet: the sign looks off. Check the sign of each part.", SIGN_FLIPPED)
    close = _agreeing_digits(given, value)
    if not enough and close == given.digits:
        return Verdict(CLOSE, f"Close: give more digits (at least {MIN_DIGITS} significant).")
    if close >= 2:
        return Verdict(
            CLOSE,
            f"Close: right to {close} significant digits, not to the {given.digits} you gave. "
            "Give more digits: carry more of them through your working.",
        )
    return Verdict(WRONG, "Not yet.")


def mistake(text: str, value: float, slips: Slips = (), rounded: float | None = None) -> str | None:
    """The one mistake that explains a wrong answer (a slip's label, or SIGN_FLIPPED); None when the
    answer is right, not a number, or no one mistake explains it."""
    said = check(text, value, rounded, slips)
    return said.mistake if said is not None and said.mistake else None


def common_mistakes(
    texts: Iterable[str], value: float, slips: Slips = (), rounded: float | None = None
) -> list[tuple[str, int]]:
    """How many of ``texts`` each mistake explains, the most common first (ties by label)."""
    counts = Counter(m for m in (mistake(t, value, slips, rounded) for t in texts) if m)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
