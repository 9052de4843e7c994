"""What every command-line verb shares: argument types that refuse bad input in one line, the
cutting of a user's text in a message, strict floats and strict JSON, and the one-line failure
(exit status 2 for bad input, 1 when the system cannot read or write a file)."""

import argparse
import json
import math
import sys

import numpy as np

from backprop_core import numbers


def shorten(text, limit: int = 60) -> str:
    """A user's text for an error message: quoted, and cut when long (never echoed whole)."""
    text = str(text)
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"… ({len(text):,} characters)"


def finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {shorten(text)}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {shorten(text)}")
    return value


def whole(name: str, low: int, high: int):
    """An argument type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name}: not a whole number: {shorten(text)}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{name} must be from {low:,} to {high:,}")
        return value

    return parse


def real(name: str, low: float, high: float, *, above: bool = False):
    """An argument type: a finite number from ``low`` (or above it, with ``above``) to ``high``."""

    def parse(text: str) -> float:
        value = finite_float(text)
        if not (value > low if above else value >= low) or value > high:
            limit = f" to {numbers.text(high)}" if math.isfinite(high) else ""
            start = f"{'above' if above else 'from'} {numbers.text(low)}"
            raise argparse.ArgumentTypeError(f"{name} must be {start}{limit}")
        return value

    return parse


def positive(name: str):
    """An argument type: a finite number above 0."""
    return real(name, 0.0, math.inf, above=True)


def strict_floats():
    """A context in which a float64 overflow or NaN raises FloatingPointError instead of warning."""
    return np.errstate(over="raise", invalid="raise", divide="raise", under="ignore")


def overflow(error: FloatingPointError) -> ValueError:
    """The one-line refusal of input whose numbers overflow on the way."""
    return ValueError(f"the numbers overflow a float64 ({error}): use smaller values")


def finite(data) -> bool:
    """Whether every number in nested dicts and lists is finite (None, text and flags pass)."""
    if isinstance(data, dict):
        return all(finite(v) for v in data.values())
    if isinstance(data, list | tuple):
        return all(finite(v) for v in data)
    return not isinstance(data, float) or math.isfinite(data)


def dumps(data, indent: int = 2) -> str:
    """Strict JSON: a non-finite number raises ValueError rather than print Infinity or NaN."""
    return json.dumps(data, indent=indent, allow_nan=False)


def warn(command: str, message: str) -> None:
    print(f"python -m backprop_core {command}: warning: {message}", file=sys.stderr)


def fail(command: str, error) -> int:
    """One line on stderr (a user's text inside was already cut by ``shorten``); exit status 1 for
    what the system refused (an OSError: a missing file, a full disk), 2 for bad input."""
    if isinstance(error, OSError) and error.filename is not None:
        message = f"{shorten(error.filename)}: {error.strerror}"
    else:
        message = (str(error).splitlines() or ["failed"])[0][:300]
    print(f"python -m backprop_core {command}: error: {message}", file=sys.stderr)
    return 1 if isinstance(error, OSError) else 2
