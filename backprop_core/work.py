"""What a computation costs the server, in one measure, and the two budgets every page keeps.

The measure is microseconds of one core of the machine docs/benchmarks.md was measured on. Each
estimate below is a small model of one engine's loop (its per-call overheads and its
arithmetic), computed from the sizes alone, before anything runs, so the same link always gets
the same decision. ``python -m benchmarks.work`` times each one against the clock and prints
measured ÷ estimated; the constants are its figures (a slower machine scales every estimate
alike, and with them the budgets' meaning, not the decisions).

A page's request (a link, a click) is computed in the page's own process up to ``PAGE``, in the
low-priority worker taking turns (``ui/heavy.py``) up to ``WORKER``; above that it is refused,
or cut to fit, and the page names the limit.
"""

import math
from collections.abc import Sequence

from . import numbers

PAGE = 100_000  # 0.1 s: what one computation may cost in the page's process
WORKER = 5_000_000  # 5 s: the most one request may ask of the worker

STEP = 2.0  # one step of the compiled trainer on the worked example, per run (train, descend)
UPDATE = 23.0  # fit: one layer's NumPy calls in one update (forward, backward, the step)
EVALUATION = 15.0  # fit: one layer's NumPy calls in evaluating one set (its cost and accuracy)
PRODUCT = 0.0022  # fit: one sample through one parameter
GRID = 0.006  # one sample through one parameter at one point of a grid of parameter values (cost_over)
RNN_STEP = 7.5  # one time step of BPTT over the recurrent lesson's sequences, per training step
RNN_CALL = 100.0  # one training step of the recurrent lesson: its NumPy calls outside the time steps
RELAXATION = 12.0  # one iteration of a fixed-point relaxation (up to 5 units: the calls dominate)


def seconds(work: float) -> str:
    """A work figure as the pages print it: "0.1 s"."""
    return f"{numbers.text(work / 1e6, 2)} s"


def train(steps: int, runs: int = 1) -> float:
    """``backprop_core.train`` (or ``surface.descend``) of the worked example: ``steps`` × ``runs``."""
    return STEP * steps * runs


def fit(sizes: Sequence[int], samples: int, batch: int, updates: int, test: int = 0) -> float:
    """``training.fit`` of a network of ``sizes`` on ``samples`` (mini-batches of ``batch``, 0: the
    whole set) for ``updates`` updates, evaluated with ``test`` held-out samples after every epoch.

    An update is a forward and a backward pass over the batch; an evaluation a forward pass over
    each set. Each pass costs its layers' NumPy calls plus its arithmetic (samples × parameters)."""
    layers = len(sizes) - 1
    parameters = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
    batch = samples if batch == 0 else min(batch, samples)
    evaluations = updates // math.ceil(samples / batch) + 2  # every epoch, the start and the end
    calls = UPDATE * updates * (layers + 2) + EVALUATION * evaluations * (layers + 3) * (2 if test else 1)
    return calls + PRODUCT * (2 * updates * batch + evaluations * (samples + test)) * parameters


def fit_steps(sizes: Sequence[int], samples: int, batch: int, test: int, budget: float) -> int:
    """The most updates ``fit`` (as above) takes within ``budget``."""
    low, high = 0, 1
    while fit(sizes, samples, batch, high, test) <= budget:
        low, high = high, 2 * high
    while high - low > 1:  # fit() grows with the updates: the last one within the budget
        middle = (low + high) // 2
        low, high = (middle, high) if fit(sizes, samples, batch, middle, test) <= budget else (low, middle)
    return low


def grid(points: int, samples: int, parameters: int) -> float:
    """``surface.cost_over``: a data set's cost at ``points`` values of a network's parameters."""
    return GRID * points * samples * parameters


def rnn(steps: int, lengths: Sequence[int]) -> float:
    """``recurrent.train_rnn`` for ``steps`` steps, once for each sequence length in ``lengths``."""
    return steps * sum(RNN_CALL + RNN_STEP * T for T in lengths)


def relaxations(iterations: float) -> float:
    """``iterations`` of fixed-point relaxation (forward or adjoint)."""
    return RELAXATION * iterations
