"""What the worked example accepts: one source for the sidebar, links and the command line.

A target outside the output activation's range can never be reached (a sigmoid never
gives 1.2), so that range comes from the activation itself. Inputs, weights and biases
stay within ±100: a sigmoid is 0 or 1 to every printed digit long before that, and a
float64 cannot overflow on the way (|net| ≤ 100·100·2 + 100).
"""

import numpy as np

from .activations import activation
from .example import FIELDS, NETWORK, TARGETS

LIMIT = 100.0
LEARNING_RATE = (1e-6, 1e3)  # above 1e3 every step throws the sigmoids into saturation


def output_range() -> tuple[float, float]:
    """The lowest and highest value the example's output activation can give."""
    low, high = activation(NETWORK.activations[-1]).fn(np.array([-np.inf, np.inf]))
    return float(low), float(high)


def _range(name: str) -> tuple[float, float]:
    if name in TARGETS:
        return output_range()
    if name == "lr":
        return LEARNING_RATE
    return -LIMIT, LIMIT


RANGES = {name: _range(name) for name in FIELDS}  # every editable value -> (lowest, highest)

# The command line's fixed-point verb: at most this many relaxation iterations, weighed by their
# cost (recurrent.fixed_point_work). One iteration takes about 10 µs for 1 to 20 units (NumPy's
# per-call overhead outweighs a 20 × 20 product), so this is about 100 s.
FIXED_POINT_WORK = 10_000_000
