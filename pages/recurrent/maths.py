"""Lesson 6's own maths, pure: the network Part B's three text fields describe, a matrix as table rows,
and the training comparison's size (the settings are in settings.py, the steps in steps.py, the cached
core calls in cached.py)."""

import numpy as np

from backprop_core import numbers
from backprop_core.recurrent import MAX_UNITS, parse_matrix, parse_vector

TRAIN_SEQUENCES = 32  # the training comparison's sequences
LIMIT = 100.0  # |W|, |I|, |target| entries
# Part B's example networks, as the three text fields spell them; the first is the default.
PRESETS = {  # name: (W, I, target)
    "2 units (the command line's example)": ("0.1,-0.2;0.3,0.1", "0.5,-0.5", "0.8,0.2"),
    "3 units": ("0.2,-0.4,0.1;0.3,0.1,-0.2;-0.1,0.5,0.2", "0.5,-0.5,0.1", "0.9,0.2,0.5"),
    "5 units": (
        "0.1,0.2,0,-0.1,0.3;-0.2,0.1,0.3,0,0.1;0.2,0,-0.1,0.2,0;0,0.3,0.1,0.1,-0.2;0.1,-0.1,0,0.2,0.1",
        "0.2,-0.3,0.4,0,-0.1",
        "0.7,0.3,0.6,0.5,0.4",
    ),
    "does not settle (strong self-inhibition)": ("-20,0;0,-20", "10,10", "0.8,0.2"),
}
DEFAULT_NETWORK = next(iter(PRESETS.values()))


# --- Part B: the network the text fields describe ------------------------------------------


def fixed_point_network(W: str, I: str, target: str) -> tuple[tuple, tuple, tuple, str | None]:
    """The network the three text fields describe, or the default one and what was wrong."""
    try:
        w = parse_matrix(W, "W")
        i, t = parse_vector(I, "I"), parse_vector(target, "target")
        problem = matrix_problem(w) or vector_problem(i, len(w)) or vector_problem(t, len(w))
        if problem:
            raise ValueError(problem)
    except ValueError as e:
        w, i, t = (
            parse_matrix(DEFAULT_NETWORK[0]),
            parse_vector(DEFAULT_NETWORK[1]),
            parse_vector(DEFAULT_NETWORK[2]),
        )
        return _frozen(w), tuple(i), tuple(t), f"{e}. Using the default network."
    return _frozen(w), tuple(i), tuple(t), None


def matrix_problem(w: np.ndarray) -> str | None:
    """What is wrong with W as Part B's network, if anything."""
    n = len(w)
    if w.shape != (n, n) or not 2 <= n <= MAX_UNITS:
        return f"W must be square, 2×2 to {MAX_UNITS}×{MAX_UNITS}; it is {w.shape[0]}×{w.shape[1]}"
    return _range_problem(w)


def vector_problem(v: np.ndarray, units: int) -> str | None:
    """What is wrong with I or the target of a network of ``units`` units, if anything."""
    if len(v) != units:
        return f"I and the target need {units} entries each (one per unit), got {len(v)}"
    return _range_problem(v)


def _range_problem(values: np.ndarray) -> str | None:
    if np.abs(values).max() > LIMIT:
        return f"entries must be between −{numbers.text(LIMIT)} and {numbers.text(LIMIT)}"
    return None


def _frozen(m) -> tuple:
    return tuple(tuple(float(x) for x in row) for row in m)


def matrix_table(m, digits: int) -> list[str]:
    """Rows of a matrix as text, for tables."""
    return ["[" + ", ".join(numbers.text(x, digits) for x in row) + "]" for row in m]
