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
        n = len(w)
        if w.shape != (n, n) or not 2 <= n <= MAX_UNITS:
            raise ValueError(
                f"W must be square, 2×2 to {MAX_UNITS}×{MAX_UNITS}; it is {w.shape[0]}×{w.shape[1]}"
            )
        if len(i) != n or len(t) != n:
            raise ValueError(
                f"I and the target need {n} entries each (one per unit), got {len(i)} and {len(t)}"
            )
        if max(np.abs(w).max(), np.abs(i).max(), np.abs(t).max()) > LIMIT:
            raise ValueError(f"entries must be between −{numbers.text(LIMIT)} and {numbers.text(LIMIT)}")
    except ValueError as e:
        w, i, t = (
            parse_matrix(DEFAULT_NETWORK[0]),
            parse_vector(DEFAULT_NETWORK[1]),
            parse_vector(DEFAULT_NETWORK[2]),
        )
        return _frozen(w), tuple(i), tuple(t), f"{e}. Using the default network."
    return _frozen(w), tuple(i), tuple(t), None


def _frozen(m) -> tuple:
    return tuple(tuple(float(x) for x in row) for row in m)


def matrix_table(m, digits: int) -> list[str]:
    """Rows of a matrix as text, for tables."""
    return ["[" + ", ".join(numbers.text(x, digits) for x in row) + "]" for row in m]
