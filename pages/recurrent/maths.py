"""Lesson 6's own maths, pure: the network Part B's three text fields describe, a matrix as table rows,
the training comparison, Part B's lesson, and what each costs the server (the settings are in
settings.py, the steps in steps.py, the cached core calls in cached.py)."""

import math
from dataclasses import dataclass, replace

import numpy as np

from backprop_core import numbers, work
from backprop_core.recurrent import (
    MAX_UNITS,
    RNN,
    FixedPoint,
    Task,
    fixed_point,
    fixed_point_work,
    newton_fixed_point,
    numeric_fixed_point_gradient,
    parse_matrix,
    parse_vector,
    radius_at,
    train_fixed_point,
    train_rnn,
    unrolled_gradient,
)
from backprop_core.steps import Step
from pages.recurrent.steps import fixed_point_steps

TRAIN_SEQUENCES = 32  # the training comparison's sequences
SHORT_T, LONG_T = 4, 40  # the training comparison: T small and T large
NUMERIC_TOL, NUMERIC_CAP = 1e-14, 10_000  # the finite differences relax this far, this long if they may
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


# --- Part A: training for T small, this T and T large ----------------------------------------


def training_lengths(T: int) -> list[int]:
    return sorted({SHORT_T, T, LONG_T})


def training_curves(rnn: RNN, task: Task, loss: str, lr: float, steps: int, truncate, max_norm) -> dict:
    """Loss curves for T small, the current T and T large: {label: (losses, diverged_at)}."""
    out = {}
    for T in training_lengths(task.T):
        h = train_rnn(rnn, replace(task, T=T), lr, steps, loss, truncate, max_norm)
        out[f"T = {T}" + (" (this lesson's)" if T == task.T else "")] = (h.losses, h.diverged_at)
    return out


# --- Part B: the lesson, its training, and what they cost -------------------------------------


@dataclass(frozen=True)
class FixedPointLesson:
    steps: tuple[Step, ...]
    forward_changes: np.ndarray
    adjoint_changes: np.ndarray
    converged: bool
    forward_converged: bool
    iterations: int
    last_change: float
    spectral_radius: float
    loss: float
    grad_W: np.ndarray
    bptt_grad_W: np.ndarray | None
    numeric_grad_W: np.ndarray | None
    adjoint_blew_up: bool  # the error network grew past any bound (so it stopped early)
    settled: np.ndarray  # x*: the fixed point (the last iterate when relaxing did not settle)
    delta: np.ndarray  # f′(u) ⊙ y: each unit's settled error at its weighted input
    adjoint_iterations: int
    # When relaxing did not settle: a fixed point Newton's method finds from the last iterates (the
    # middle of a swing, or the last), and the spectral radius there (above 1: relaxing leaves it).
    unstable: tuple[float, ...] | None = None
    unstable_radius: float | None = None


def fixed_point_lesson(
    W, I, target, f: str, tol: float, cap: int, lr: float, digits: int
) -> FixedPointLesson:
    """Relax, relax the error back, one training step, BPTT through the iterations, and finite
    differences (each weight nudged both ways and relaxed again, within ``numeric_cap``)."""
    W, I, target = np.array(W), np.array(I), np.array(target)
    fp = fixed_point(W, I, target, f, tol, cap)
    bptt_grad = numeric = None
    updated = W
    if fp.converged:
        updated = train_fixed_point(W, I, target, lr, 1, f, tol, cap).weights[-1]
        bptt_grad = unrolled_gradient(W, I, target, fp.forward.iterations, f)[1]
        try:
            numeric = numeric_fixed_point_gradient(W, I, target, f, NUMERIC_TOL, numeric_cap(len(W), cap))
        except ValueError:  # a nudged network that does not settle: no finite difference to show
            numeric = None
    steps = fixed_point_steps(fp, W, I, target, f, lr, updated, digits)
    unstable = radius = None
    if not fp.forward.converged:
        last = fp.forward.history[-2:]
        unstable = newton_fixed_point(W, I, f, (last.mean(axis=0), last[-1]))
        radius = None if unstable is None else radius_at(W, I, unstable, f)
    return FixedPointLesson(
        steps,
        fp.forward.changes,
        fp.adjoint.changes,
        fp.converged,
        fp.forward.converged,
        fp.forward.iterations,
        float(fp.forward.changes[-1]),
        fp.spectral_radius,
        fp.loss,
        fp.grad_W,
        bptt_grad,
        numeric,
        fp.adjoint.blew_up,
        fp.forward.x,
        fp.grad_I,
        fp.adjoint.iterations,
        None if unstable is None else tuple(map(float, unstable)),
        radius,
    )


def numeric_cap(n: int, cap: int) -> int:
    """The finite differences' iteration cap: NUMERIC_CAP or the page's, whichever is more, but no
    more than lets the whole lesson (its other relaxations take at most 8 × cap) fit one request of the
    worker (``backprop_core.work.WORKER``): 2n² nudged networks, each relaxed forward and back."""
    return min(max(cap, NUMERIC_CAP), int((work.WORKER / work.RELAXATION - 8 * cap) // (4 * n * n)))


def _iterations(fp: FixedPoint) -> int:
    return fp.forward.iterations + len(fp.adjoint.changes)


def lesson_cost(fp: FixedPoint, n: int, tol: float, cap: int) -> float:
    """What ``fixed_point_lesson`` costs, from one relaxation of its network (``fp``) at the page's
    tolerance: it relaxes about five times as much again, and each of the finite differences' 2n²
    relaxations goes on to 1e-14 (a geometric convergence: the iterations grow with the digits)."""
    k = _iterations(fp)
    if not fp.converged:
        return work.relaxations(k)
    further = math.ceil(k * math.log(NUMERIC_TOL) / math.log(tol))
    return work.relaxations(5 * k + 2 * n * n * min(further, 2 * numeric_cap(n, cap)))


def training_cost(fp: FixedPoint, steps: int) -> float:
    """What ``steps`` steps of ``train_fixed_point`` cost, from one relaxation of the network: one
    relaxation each (W changes slowly, so do its iterations)."""
    return work.relaxations((steps + 1) * _iterations(fp))


def max_training_steps(cap: int) -> int:
    """The most training steps one request may take with the iteration cap ``cap``: every iteration
    they can take (``recurrent.fixed_point_work``, the command line's count: each step relaxes
    forward and back, up to the cap each) within what the worker computes for one request."""
    relaxations = work.WORKER / work.RELAXATION
    return int((relaxations - fixed_point_work(cap)) // (2 * cap)) - 1
