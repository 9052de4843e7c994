"""The one number formatter: every page, export, figure label and the command line print through it.

Three spellings of the same rule (``digits`` significant digits, scientific notation for
tiny or huge values, NaN and infinities spelled out, never "-0"):

- ``text``: plain text for tables, captions and the terminal (``0.593269992``, ``1.5e-07``);
- ``latex``: the same number for a formula (``1.5 \\times 10^{-7}``, ``\\mathrm{NaN}``);
- ``fixed``: a fixed number of decimals, the way the article prints (``0.3775``), falling
  back to significant digits for values too small to keep three of them that way.

``plotted`` rounds the same way for a chart's data, which the browser spells itself;
``signed_terms`` writes a sum of printed numbers with each sign once.
"""

import math

import numpy as np

DIGITS = 9  # the lesson's precision: the article prints 9 significant digits
CHART_DIGITS = 7  # a chart's data: a pixel is 1 part in about 2,000 of an axis; hovers show 6 digits
MIN_DIGITS, MAX_DIGITS = 1, 17  # 17 significant digits reproduce any float64 exactly


def _check(digits: int) -> int:
    if not MIN_DIGITS <= int(digits) <= MAX_DIGITS:
        raise ValueError(f"digits must be from {MIN_DIGITS} to {MAX_DIGITS}, got {digits}")
    return int(digits)


def _special(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return None


def _significant(value: float, digits: int) -> tuple[str, int | None]:
    """Mantissa and exponent (None when none is needed), as ``%g`` chooses them."""
    mantissa, _, exponent = f"{value:.{_check(digits)}g}".partition("e")
    mantissa = "0" if mantissa == "-0" else mantissa  # -0.0, or a value that rounds to it
    return mantissa, int(exponent) if exponent else None


def text(value, digits: int = DIGITS) -> str:
    """``value`` with ``digits`` significant digits, as plain text."""
    value = float(value)
    special = _special(value)
    if special:
        return special
    mantissa, exponent = _significant(value, digits)
    return mantissa if exponent is None else f"{mantissa}e{exponent:+03d}"


def latex(value, digits: int = DIGITS) -> str:
    """``value`` with ``digits`` significant digits, as LaTeX."""
    value = float(value)
    if math.isnan(value):
        return r"\mathrm{NaN}"
    if math.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    mantissa, exponent = _significant(value, digits)
    return mantissa if exponent is None else rf"{mantissa} \times 10^{{{exponent}}}"


def fixed(value, decimals: int) -> str:
    """Rounded to ``decimals`` places as the article prints (0.3775, 1.105905967), trailing zeros
    dropped; a non-zero value too small to keep three significant digits that way keeps
    ``decimals`` significant digits instead."""
    value = float(value)
    special = _special(value)
    if special:
        return special
    if value != 0 and abs(value) < 10.0 ** (2 - decimals):
        return text(value, decimals)
    shown = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if shown in ("-0", "") else shown


def places(value, decimals: int) -> str:
    """Exactly ``decimals`` places, zeros kept (to set a value beside a printed figure)."""
    value = float(value)
    special = _special(value)
    if special:
        return special
    shown = f"{value:.{decimals}f}"
    return shown[1:] if shown.startswith("-") and float(shown) == 0 else shown


def signed_terms(terms: list[str]) -> list[str]:
    """A sum's printed terms, each after the first led by its own sign: ["a", " - b", " + c"] for
    a − b + c rather than a + (−b) + c, each sign once and the line short enough for a projector."""
    return [terms[0], *(f" - {t[1:]}" if t.startswith("-") else f" + {t}" for t in terms[1:])]


def plotted(values, digits: int = CHART_DIGITS) -> list:
    """A one-dimensional array as a chart's JSON list, each float rounded to ``digits`` significant
    digits: a chart shows fewer, and such a float's shortest spelling is about half as long
    (``0.2983711`` for 0.29837110932...), so an edit sends about a third fewer bytes. Integers,
    zeros, NaN and infinities pass unchanged."""
    a = np.asarray(values)
    if a.dtype.kind != "f":
        return a.tolist()
    a = a.astype(float)
    rounded = a.copy()
    here = np.isfinite(a) & (a != 0)
    x = a[here]
    shift = _check(digits) - 1 - np.floor(np.log10(np.abs(x)))  # decimal places that keep ``digits``
    with np.errstate(over="ignore", invalid="ignore"):  # subnormals: a scale of inf gives NaN, kept as is
        scale = 10.0 ** np.abs(shift)  # exact up to 1e22, so each result is the double nearest its decimal
        near = np.where(shift >= 0, np.round(x * scale) / scale, np.round(x / scale) * scale)
    rounded[here] = np.where(np.isfinite(near), near, x)
    return rounded.tolist()
