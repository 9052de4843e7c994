"""LaTeX the lessons share: a matrix as a bmatrix, every number through backprop_core.numbers (lessons
4 · vectorised and 6 · recurrent). Pure strings: no st.* calls, so they can be cached and tested."""

import numpy as np

from backprop_core import numbers


def bmatrix(a, digits: int) -> str:
    """A 2-D array as a bmatrix; a 0-d one as a plain number."""
    a = np.asarray(a)
    if a.ndim == 0:
        return numbers.latex(a, digits)
    rows = (" & ".join(numbers.latex(x, digits) for x in row) for row in np.atleast_2d(a))
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"


# --- How wide a formula is typeset: enough to tell one that fits beside a figure from one that does not ---

_SILENT = {"left", "right", "big", "Big", "begin", "end", "Large", "large", "displaystyle", "quad"}
_WIDE_SIGNS = frozenset("=+-<>") | {"cdot", "times", "approx", "to"}


def breadth(latex: str) -> float:
    """The widest line of a formula, in characters as typeset (a digit is one, a sign with its spacing
    two, a fraction its wider part, a subscript 0.7 of its own): each line of an ``aligned`` block with
    the symbol left of its first ``&`` in front, as KaTeX lines them up. Near enough to choose a layout,
    not to measure."""
    rows = [row.split("&", 1) for row in latex.replace(r"\begin{aligned}", "").split(r"\\")]
    lead = _width(rows[0][0]) if len(rows[0]) == 2 else 0.0
    return max(lead + _width(row[-1]) for row in rows)


def _width(text: str) -> float:
    total, i = 0.0, 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            j = i + 1
            while j < len(text) and text[j].isalpha():
                j += 1
            name = text[i + 1 : j] or text[j : j + 1]
            i = max(j, i + 2) if not text[i + 1 : j] else j
            if name == "frac":
                top, i = _group(text, i)
                bottom, i = _group(text, i)
                total += max(_width(top), _width(bottom)) * 0.85 + 0.5
            elif name in ("begin", "end"):
                _, i = _group(text, i)
            elif name not in _SILENT:
                total += 2.0 if name in _WIDE_SIGNS else 1.0 if name.isalpha() else 0.3
        elif c in "_^":
            inner, i = _group(text, i + 1)
            total += 0.7 * _width(inner)
        elif c in "{} ":
            i += 1
        else:
            total += 2.0 if c in _WIDE_SIGNS else 1.0
            i += 1
    return total


def _group(text: str, i: int) -> tuple[str, int]:
    """The braced group (or the one character) at ``i``, and where the text goes on after it."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text) or text[i] != "{":
        return text[i : i + 1], i + 1
    depth, j = 0, i
    while j < len(text):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1 : j], j + 1
        j += 1
    return text[i + 1 :], len(text)
