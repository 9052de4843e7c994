"""The lesson state: one frozen, validated object, and its round trip through the URL.

Like tensorflow/playground's state.ts, every setting is declared once in
``SETTINGS`` (name, default, range, help) and the URL, the sidebar and the
validation are all driven from that list. Bad values are never trusted:
they are named in a notice and replaced by the default.
"""

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

from backprop_core import numbers
from backprop_core.example import ARTICLE, Example, help_text
from backprop_core.limits import RANGES


@dataclass(frozen=True)
class Setting:
    name: str
    help: str

    @property
    def default(self) -> float:
        return getattr(ARTICLE, self.name)

    @property
    def low(self) -> float:
        return RANGES[self.name][0]

    @property
    def high(self) -> float:
        return RANGES[self.name][1]


# One per number of the example; ranges from backprop_core.limits, shared with the command line.
SETTINGS = tuple(Setting(f.name, help_text(f.name)) for f in fields(Example))
DIGITS = (3, 15, 9)  # significant digits shown: lowest, highest, default


@dataclass(frozen=True)
class LessonState:
    """Everything a shared link reproduces. Hashable, so a good ``st.cache_data`` key."""

    example: Example = ARTICLE
    update_biases: bool = False
    digits: int = DIGITS[2]


# A plain number: ASCII digits, one optional sign, point and exponent ("0.5", "-3", ".5", "5e-1").
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def plain_number(text: str) -> float | None:
    """``text`` as a float if it is a plain decimal or scientific number, else None; -0 is 0.

    Python's float() also reads "1_0" (as 10), other scripts' digits ("٣" as 3), full-width
    digits, "inf", "infinity" and "nan"; a link or an answer means none of those (nor hex).
    """
    text = text.strip()
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    return float(text) + 0.0  # float("-0") is -0.0, shown as "-0"; + 0.0 makes it 0.0


def parse_lrs(text: str) -> tuple[list[float], list[str]]:
    """Comma-separated learning rates: the good ones (positive, finite, distinct, in order) and the
    entries rejected."""
    good, bad = [], []
    for entry in filter(None, (e.strip() for e in text.split(","))):
        lr = plain_number(entry)
        if lr is not None and math.isfinite(lr) and lr > 0:
            good += [] if lr in good else [lr]
        else:
            bad.append(entry)
    return good, bad


def check_number(setting: Setting, value) -> tuple[float, str | None]:
    """The value as a float, or the default and a notice naming what was wrong."""
    if isinstance(value, str):
        number = plain_number(value)
    else:  # a widget's value
        try:
            number = float(value) + 0.0
        except (TypeError, ValueError, OverflowError):
            number = None
    if number is None:
        return (
            setting.default,
            f"{setting.name} is not a number; using the article's {numbers.text(setting.default)}.",
        )
    if number == 0 and isinstance(value, str) and re.search(r"[1-9]", value.split("e")[0].split("E")[0]):
        return setting.default, (  # 1e-400: float() rounds it to 0 without a word
            f"{setting.name} is too small to hold (a float64 rounds anything below 5e-324 to 0); "
            f"using the article's {numbers.text(setting.default)}."
        )
    if not math.isfinite(number) and isinstance(value, str):  # 1e400: float() makes it infinity
        return setting.default, (
            f"{setting.name} is too large to hold (a float64 ends near 1.8e308); "
            f"using the article's {numbers.text(setting.default)}."
        )
    if not math.isfinite(number):
        return (
            setting.default,
            f"{setting.name} must be a finite number; using the article's {numbers.text(setting.default)}.",
        )
    if not setting.low <= number <= setting.high:
        return setting.default, (
            f"{setting.name} must be between {numbers.text(setting.low)} and {numbers.text(setting.high)}; "
            f"using the article's {numbers.text(setting.default)}."
        )
    return number, None


def check_digits(value) -> tuple[int, str | None]:
    low, high, default = DIGITS
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,3}", text) or not low <= int(text) <= high:
        return default, f"digits must be a whole number from {low} to {high}; using {default}."
    return int(text), None


def check_flag(value) -> tuple[bool, str | None]:
    text = str(value).lower()
    if text in ("1", "true", "yes", "on"):
        return True, None
    if text in ("0", "false", "no", "off"):
        return False, None
    return False, "update_biases must be 1 or 0; using 0 (biases stay fixed, as in the article)."


KNOWN = {s.name for s in SETTINGS} | {"update_biases", "digits"}


def last(name: str, value: str | Sequence[str], notices: list[str]) -> str:
    """A link's value for ``name``: the last one if it appears several times (as Streamlit reads
    it), and then a notice saying so."""
    if isinstance(value, str):
        return value
    if len(value) > 1:
        notices.append(f"{name} appears {len(value)} times in the link; using the last one.")
    return value[-1] if value else ""


def from_query(
    params: Mapping[str, str | Sequence[str]], extra: set[str] = frozenset()
) -> tuple[LessonState, list[str]]:
    """Read a state from URL query parameters; returns it and the notices for anything rejected.

    A value may be a list (every occurrence of a repeated key, as ``st.query_params.get_all``
    gives them). ``extra`` names parameters that pages own (a lesson's step, say): not reported
    as unknown.
    """
    notices, values = [], {}
    unknown = set(params) - KNOWN - set(extra)
    params = {name: last(name, value, notices) for name, value in params.items() if name in KNOWN}
    for s in SETTINGS:
        if s.name in params:
            values[s.name], notice = check_number(s, params[s.name])
            notices += [notice] if notice else []
    digits, update_biases = DIGITS[2], False
    if "digits" in params:
        digits, notice = check_digits(params["digits"])
        notices += [notice] if notice else []
    if "update_biases" in params:
        update_biases, notice = check_flag(params["update_biases"])
        notices += [notice] if notice else []
    if unknown:
        # the names are the visitor's text: count them, never echo them into the page
        notices.append(f"Ignored {len(unknown)} unknown link parameter(s).")
    return LessonState(replace(ARTICLE, **values), update_biases, digits), notices


def to_query(state: LessonState) -> dict[str, str]:
    """The state as URL query parameters (``repr`` keeps every float exact)."""
    query = {s.name: repr(getattr(state.example, s.name)) for s in SETTINGS}
    query["update_biases"] = "1" if state.update_biases else "0"
    query["digits"] = str(state.digits)
    return query
