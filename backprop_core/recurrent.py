"""Recurrent backpropagation, two ways: through time (BPTT), and to a fixed point (Almeida–Pineda).

Part A, a one-unit recurrent network unrolled over T steps::

    h_0 = 0,   h_t = tanh(w·h_(t−1) + u·x_t + b),   y_t = v·h_t + c
    L = ½ (y_T − target_T)²            (loss "last")
    L = Σ_t ½ (y_t − target_t)²         (loss "sum")

averaged over the sequences of a batch (a trailing axis). ``bptt`` sends the error back
through time with ∂L/∂h_t = ∂L/∂h_(t+1) · w(1 − h_(t+1)²) + ∂L/∂y_t · v, and keeps every
factor, so a page can show each one.

Part B, a small fully connected network relaxed to a fixed point x* = f(W·x* + I): the
error is sent back by relaxing the adjoint network y ← Wᵀ(f′(u) ⊙ y) + ∂E/∂x, and
∂E/∂W = (f′(u) ⊙ y)·x*ᵀ. Both relaxations stop at a tolerance or an iteration cap and say
which; nothing here returns a NaN without saying so.
"""

import math
from dataclasses import dataclass, fields

import numpy as np

from .activations import activation

# --- Part A: backpropagation through time -------------------------------------------------

PARAMS = ("w", "u", "b", "v", "c")
LOSS_KINDS = ("last", "sum")
TASKS = ("remember", "sine")
MAX_T = 50
TANH = activation("tanh")


@dataclass(frozen=True)
class RNN:
    """The five shared weights: the same at every step of the unrolled network."""

    w: float = 0.9
    u: float = 1.0
    b: float = 0.0
    v: float = 1.0
    c: float = 0.0

    def vector(self) -> np.ndarray:
        return np.array([getattr(self, p) for p in PARAMS])

    @classmethod
    def from_vector(cls, values) -> "RNN":
        return cls(**{p: float(x) for p, x in zip(PARAMS, values)})


@dataclass(frozen=True)
class Unrolled:
    """The forward pass over T steps; arrays are (T, sequences), ``h`` has h_0 in row 0."""

    xs: np.ndarray
    targets: np.ndarray
    net: np.ndarray  # w·h_(t−1) + u·x_t + b
    h: np.ndarray  # (T + 1, sequences)
    y: np.ndarray
    in_loss: np.ndarray  # (T,) bool: which steps' errors count
    loss: float

    @property
    def T(self) -> int:
        return len(self.xs)

    @property
    def step_losses(self) -> np.ndarray:
        """(T,) each step's ½ (y_t − target_t)², averaged over sequences (0 where not in the loss)."""
        error = np.where(self.in_loss[:, None], self.y - self.targets, 0.0)
        return 0.5 * np.mean(error**2, axis=1)


@dataclass(frozen=True)
class BPTT:
    """Every factor of the backward pass, (T, sequences) unless said otherwise; row t is step t+1."""

    dL_dy: np.ndarray  # (y_t − target_t) / sequences where the step is in the loss, else 0
    local: np.ndarray  # ∂L/∂y_t · v: the error arriving at h_t from its own output
    dh_next_dh: np.ndarray  # ∂h_(t+1)/∂h_t = w·(1 − h_(t+1)²); 0 in the last row (no step after T)
    dL_dh: np.ndarray
    dL_dnet: np.ndarray  # ∂L/∂h_t · (1 − h_t²)
    contributions: np.ndarray  # (T,) each step's term of ∂L/∂w: Σ over sequences of ∂L/∂net_t · h_(t−1)
    grad: RNN  # ∂L/∂w, ∂L/∂u, ∂L/∂b, ∂L/∂v, ∂L/∂c
    truncate: int | None

    @property
    def norm(self) -> float:
        return float(np.linalg.norm(self.grad.vector()))


def _columns(values, name: str) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2 or a.shape[0] < 1:
        raise ValueError(f"{name} must be a sequence of at least one number (or a (T, sequences) array)")
    if not np.isfinite(a).all():
        raise ValueError(f"{name} must be finite numbers")
    return a


def unroll(rnn: RNN, xs, targets=None, loss: str = "last") -> Unrolled:
    """The forward pass: h_t and y_t for every step; ``targets`` has the shape of ``xs``."""
    if loss not in LOSS_KINDS:
        raise ValueError(f"loss must be one of {LOSS_KINDS}, got {loss!r}")
    xs = _columns(xs, "xs")
    targets = np.zeros_like(xs) if targets is None else _columns(targets, "targets")
    if targets.shape != xs.shape:
        raise ValueError(f"targets have shape {targets.shape}, the inputs {xs.shape}")
    T = len(xs)
    net, h = np.empty_like(xs), np.zeros((T + 1, xs.shape[1]))
    for t in range(T):
        net[t] = rnn.w * h[t] + rnn.u * xs[t] + rnn.b
        h[t + 1] = TANH.fn(net[t])
    y = rnn.v * h[1:] + rnn.c
    in_loss = np.arange(T) == T - 1 if loss == "last" else np.ones(T, bool)
    error = np.where(in_loss[:, None], y - targets, 0.0)
    return Unrolled(xs, targets, net, h, y, in_loss, float(0.5 * np.sum(error**2) / xs.shape[1]))


def bptt(rnn: RNN, run: Unrolled, truncate: int | None = None) -> BPTT:
    """Backpropagation through time; ``truncate=k`` sends each step's error back at most k steps
    (k = 1: only the step's own term), ``None`` all the way to step 1."""
    T, sequences = run.y.shape
    if truncate is not None and truncate < 1:
        raise ValueError(f"truncation must be at least 1 step, got {truncate}")
    dL_dy = np.where(run.in_loss[:, None], run.y - run.targets, 0.0) / sequences
    local = dL_dy * rnn.v
    slope = TANH.der(run.net, run.h[1:])  # 1 − h_t²
    dh_next_dh = np.zeros_like(local)
    dh_next_dh[:-1] = rnn.w * slope[1:]
    if truncate is None or truncate >= T:
        dL_dh = np.empty_like(local)
        carry = np.zeros(sequences)
        for t in reversed(range(T)):  # the chain rule, one step back at a time
            dL_dh[t] = local[t] + carry
            carry = dL_dh[t] * dh_next_dh[t - 1] if t else carry
    else:
        dL_dh = _truncated(local, dh_next_dh, truncate)
    dL_dnet = dL_dh * slope
    contributions = np.sum(dL_dnet * run.h[:-1], axis=1)
    grad = RNN(
        w=float(contributions.sum()),
        u=float(np.sum(dL_dnet * run.xs)),
        b=float(dL_dnet.sum()),
        v=float(np.sum(dL_dy * run.h[1:])),
        c=float(dL_dy.sum()),
    )
    return BPTT(dL_dy, local, dh_next_dh, dL_dh, dL_dnet, contributions, grad, truncate)


def _truncated(local: np.ndarray, dh_next_dh: np.ndarray, k: int) -> np.ndarray:
    """Σ over d < k of the error of step t+d carried back d steps (a loop over d, not over t)."""
    T = len(local)
    dL_dh = local.copy()
    reach = np.ones_like(local)  # ∂h_(t+d)/∂h_t, for every t at once
    for d in range(1, k):
        reach = reach[: T - d] * dh_next_dh[d - 1 : T - 1]
        dL_dh[: T - d] += local[d:] * reach
    return dL_dh


def clip(grad: RNN, max_norm: float | None) -> tuple[RNN, bool]:
    """Gradient clipping by norm: scaled down to ``max_norm`` when longer; (gradient, whether clipped)."""
    g = grad.vector()
    norm = float(np.linalg.norm(g))
    if max_norm is None or norm <= max_norm:
        return grad, False
    return RNN.from_vector(g * (max_norm / norm)), True


def gradient(rnn: RNN, xs, targets, loss: str = "last", truncate: int | None = None) -> RNN:
    return bptt(rnn, unroll(rnn, xs, targets, loss), truncate).grad


def dependence(rnn: RNN, xs) -> np.ndarray:
    """∂h_T/∂h_(T−k) for k = 0…T (first sequence): the product of the k factors w·(1 − h_j²).

    Its size against k is the vanishing (below 1, falling) or exploding (rising) gradient."""
    run = unroll(rnn, xs)
    factors = rnn.w * TANH.der(run.net[:, 0], run.h[1:, 0])  # ∂h_t/∂h_(t−1), t = 1…T
    return np.concatenate([[1.0], np.cumprod(factors[::-1])])


# --- Part A: the tasks, and training -------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """A seeded task with a reason to remember.

    ``remember``: the first input (uniform in [−1, 1]) is to be output after T steps, the
    later inputs are noise; ``sine``: each step predicts the next value of a noisy sine.
    Sequences are drawn for ``MAX_T`` steps and cut to T, so a longer T only adds steps."""

    name: str = "remember"
    T: int = 8
    seed: int = 0
    sequences: int = 1
    noise: float = 0.1

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """Inputs and per-step targets, each (T, sequences)."""
        if self.name not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {self.name!r}")
        if not 1 <= self.T <= MAX_T:
            raise ValueError(f"T must be from 1 to {MAX_T}, got {self.T}")
        if self.sequences < 1:
            raise ValueError("at least one sequence is needed")
        rng = np.random.default_rng(self.seed)
        n = self.sequences
        if self.name == "remember":
            first = rng.uniform(-1.0, 1.0, n)
            xs = np.vstack([first, self.noise * rng.standard_normal((MAX_T - 1, n))])
            targets = np.broadcast_to(first, (MAX_T, n))
        else:
            phase = rng.uniform(0.0, 2 * np.pi, n)
            wave = np.sin(2 * np.pi / 10 * np.arange(MAX_T + 1)[:, None] + phase)
            xs = wave[:-1] + self.noise * rng.standard_normal((MAX_T, n))
            targets = wave[1:]
        return xs[: self.T].copy(), np.array(targets[: self.T])


def contribution_by_length(rnn: RNN, task: Task, loss: str = "last", truncate: int | None = None):
    """Each step's term of ∂L/∂w for every length T = 1…task.T: row T−1 holds steps 1…T (zeros
    after); and the whole ∂L/∂w for each T. What still reaches back to the early steps as T grows."""
    xs, targets = task.data()
    terms = np.zeros((len(xs), len(xs)))
    total = np.zeros(len(xs))
    for T in range(1, len(xs) + 1):
        g = bptt(rnn, unroll(rnn, xs[:T], targets[:T], loss), truncate)
        terms[T - 1, :T] = g.contributions
        total[T - 1] = g.grad.w
    return terms, total


@dataclass(frozen=True)
class RNNHistory:
    """Loss and weights before every step, and after the last; which steps were clipped."""

    losses: np.ndarray  # (steps + 1,)
    params: np.ndarray  # (steps + 1, 5) in PARAMS order
    grad_norms: np.ndarray  # (steps,) before clipping
    clipped: np.ndarray  # (steps,) bool
    diverged_at: int | None  # the first step whose loss was not finite (training stopped there)

    @property
    def final(self) -> RNN:
        return RNN.from_vector(self.params[-1])


def train_rnn(
    rnn: RNN,
    task: Task,
    lr: float,
    steps: int,
    loss: str = "last",
    truncate: int | None = None,
    max_norm: float | None = None,
) -> RNNHistory:
    """Plain gradient descent on the task's sequences, with optional truncation and clipping."""
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"learning rate must be a positive number, got {lr}")
    xs, targets = task.data()
    params, losses, norms, clipped = [rnn], [], [], []
    with np.errstate(over="ignore", invalid="ignore"):  # a run that blows up is reported by diverged_at
        _descend(params, losses, norms, clipped, xs, targets, lr, steps, loss, truncate, max_norm)
    diverged = next((i for i, x in enumerate(losses) if not math.isfinite(x)), None)
    return RNNHistory(
        np.array(losses), np.array([p.vector() for p in params]), np.array(norms), np.array(clipped), diverged
    )


def _descend(params, losses, norms, clipped, xs, targets, lr, steps, loss, truncate, max_norm) -> None:
    for _ in range(steps + 1):
        run = unroll(params[-1], xs, targets, loss)
        losses.append(run.loss)
        if len(losses) > steps or not math.isfinite(run.loss):
            break
        g = bptt(params[-1], run, truncate)
        norms.append(g.norm)
        step, was_clipped = clip(g.grad, max_norm)
        clipped.append(was_clipped)
        params.append(RNN.from_vector(params[-1].vector() - lr * step.vector()))


# --- Part B: recurrent backpropagation to a fixed point (Almeida–Pineda) -------------------

FIXED_POINT_ACTIVATIONS = ("sigmoid", "tanh")
TOLERANCE = 1e-10  # a relaxation has converged when ‖x_(k+1) − x_k‖ falls below this
MAX_ITERATIONS = 1000
MAX_UNITS = 5
BLOW_UP = 1e100  # an adjoint this large is diverging: stop before it overflows to inf and NaN


@dataclass(frozen=True)
class Relaxation:
    """Iterates of one relaxation, from the zero vector; whether it settled within the cap."""

    history: np.ndarray  # (iterations + 1, units): x_0 = 0, x_1, ...
    changes: np.ndarray  # (iterations,): ‖x_(k+1) − x_k‖
    converged: bool
    blew_up: bool = False  # stopped early because the values grew past BLOW_UP

    @property
    def x(self) -> np.ndarray:
        return self.history[-1]

    @property
    def iterations(self) -> int:
        return len(self.changes)


def _relax(update, units: int, tol: float, cap: int) -> Relaxation:
    if not (tol > 0 and cap >= 1):
        raise ValueError(f"tolerance must be positive and the cap at least 1, got {tol}, {cap}")
    history, changes = [np.zeros(units)], []
    converged = blew_up = False
    for _ in range(cap):
        new = update(history[-1])
        if not np.isfinite(new).all() or np.abs(new).max() > BLOW_UP:
            blew_up = True
            break
        changes.append(float(np.linalg.norm(new - history[-1])))
        history.append(new)
        if changes[-1] < tol:
            converged = True
            break
    return Relaxation(np.array(history), np.array(changes), converged, blew_up)


def _check_network(W, I, target=None) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    W, I = np.asarray(W, dtype=float), np.asarray(I, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1] or W.shape[0] < 1:
        raise ValueError(f"W must be a square matrix, got shape {W.shape}")
    n = W.shape[0]
    if I.shape != (n,):
        raise ValueError(f"I must have {n} entries (one per unit), got {I.size}")
    if target is not None:
        target = np.asarray(target, dtype=float)
        if target.shape != (n,):
            raise ValueError(f"target must have {n} entries (one per unit), got {target.size}")
    for name, a in (("W", W), ("I", I), ("target", target)):
        if a is not None and not np.isfinite(a).all():
            raise ValueError(f"{name} must be finite numbers")
    return W, I, target


def relax(W, I, f: str = "sigmoid", tol: float = TOLERANCE, cap: int = MAX_ITERATIONS) -> Relaxation:
    """x ← f(W·x + I) from x_0 = 0 until the change falls below ``tol`` or ``cap`` iterations."""
    W, I, _ = _check_network(W, I)
    act = activation(f)
    return _relax(lambda x: act.fn(W @ x + I), len(I), tol, cap)


@dataclass(frozen=True)
class FixedPoint:
    """The forward relaxation, the adjoint relaxation, and the gradient they give."""

    forward: Relaxation
    u: np.ndarray  # W·x* + I
    slope: np.ndarray  # f′(u)
    error: np.ndarray  # ∂E/∂x = x* − target
    loss: float  # ½ Σ (x*_i − target_i)²
    adjoint: Relaxation  # y ← Wᵀ(f′(u) ⊙ y) + ∂E/∂x
    grad_W: np.ndarray  # (f′(u) ⊙ y)·x*ᵀ
    grad_I: np.ndarray  # f′(u) ⊙ y
    spectral_radius: float  # of diag(f′(u))·W: below 1, both relaxations contract

    @property
    def converged(self) -> bool:
        return self.forward.converged and self.adjoint.converged


def spectral_radius(W, slope) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(np.asarray(slope)[:, None] * np.asarray(W)))))


def fixed_point(
    W, I, target, f: str = "sigmoid", tol: float = TOLERANCE, cap: int = MAX_ITERATIONS
) -> FixedPoint:
    """Almeida–Pineda: relax forward, then relax the adjoint network; ∂E/∂W from both.

    When the forward relaxation does not converge there is no fixed point to differentiate:
    the adjoint is not run (its relaxation is empty) and the gradient is zero, with
    ``converged`` False; every number stays finite."""
    W, I, target = _check_network(W, I, target)
    act = activation(f)
    forward = _relax(lambda x: act.fn(W @ x + I), len(I), tol, cap)
    x = forward.x
    u = W @ x + I
    slope = act.der(u, act.fn(u))
    error = x - target
    if forward.converged:
        adjoint = _relax(lambda y: W.T @ (slope * y) + error, len(I), tol, cap)
    else:
        adjoint = Relaxation(np.zeros((1, len(I))), np.zeros(0), False)
    grad_I = slope * adjoint.x
    return FixedPoint(
        forward,
        u,
        slope,
        error,
        float(0.5 * error @ error),
        adjoint,
        np.outer(grad_I, x),
        grad_I,
        spectral_radius(W, slope),
    )


def newton_fixed_point(W, I, f: str = "sigmoid", starts=(), tol: float = 1e-12, steps: int = 50):
    """A fixed point x* = f(W·x* + I) found by Newton's method on x − f(W·x + I) = 0, from each of
    ``starts`` and then 0, or None. Relaxing finds only a stable fixed point (spectral radius of
    diag(f′(u))·W below 1); Newton's method also finds an unstable one, which relaxing moves away from."""
    W, I, _ = _check_network(W, I)
    act, n = activation(f), len(I)
    for start in (*starts, np.zeros(n)):
        x = np.array(start, dtype=float)
        for _ in range(steps):
            u = W @ x + I
            out = act.fn(u)
            if np.linalg.norm(x - out) < tol:
                return x
            jacobian = np.eye(n) - act.der(u, out)[:, None] * W
            with np.errstate(all="ignore"):
                try:
                    x = x - np.linalg.solve(jacobian, x - out)
                except np.linalg.LinAlgError:
                    break
            if not np.isfinite(x).all():
                break
    return None


def radius_at(W, I, x, f: str = "sigmoid") -> float:
    """The spectral radius of diag(f′(u))·W at the point x (u = W·x + I): below 1, relaxing contracts
    near x; above 1, it moves away."""
    W, I, _ = _check_network(W, I)
    act = activation(f)
    u = W @ np.asarray(x, dtype=float) + I
    return spectral_radius(W, act.der(u, act.fn(u)))


def unrolled_gradient(W, I, target, iterations: int, f: str = "sigmoid") -> tuple[float, np.ndarray]:
    """BPTT through ``iterations`` steps of x ← f(W·x + I) from 0: the loss at the last iterate and
    its exact gradient with respect to W (shared by every step). Run to convergence, it is
    the fixed-point gradient."""
    W, I, target = _check_network(W, I, target)
    act = activation(f)
    xs, us = [np.zeros(len(I))], []
    for _ in range(iterations):
        us.append(W @ xs[-1] + I)
        xs.append(act.fn(us[-1]))
    error = xs[-1] - target
    grad, back = np.zeros_like(W), error
    for k in reversed(range(iterations)):
        delta = back * act.der(us[k], xs[k + 1])
        grad += np.outer(delta, xs[k])
        back = W.T @ delta
    return float(0.5 * error @ error), grad


def numeric_fixed_point_gradient(
    W, I, target, f: str = "sigmoid", tol: float = 1e-14, cap: int = 100_000, eps: float = 1e-6
) -> np.ndarray:
    """Central finite differences of the loss at the fixed point: perturb each weight, relax again."""
    W, I, target = _check_network(W, I, target)
    grad = np.zeros_like(W)
    for i, j in np.ndindex(W.shape):
        nudge = np.zeros_like(W)
        nudge[i, j] = eps
        up, down = (fixed_point(W + s * nudge, I, target, f, tol, cap) for s in (1, -1))
        if not (up.forward.converged and down.forward.converged):
            raise ValueError("a nudged network did not settle: no finite difference")
        grad[i, j] = (up.loss - down.loss) / (2 * eps)
    return grad


@dataclass(frozen=True)
class FixedPointHistory:
    losses: np.ndarray  # (steps done + 1,)
    weights: np.ndarray  # (steps done + 1, n, n)
    radii: np.ndarray  # spectral radius at each
    iterations: np.ndarray  # forward relaxation iterations at each
    stopped_at: int | None  # the step at which a relaxation did not converge (training stopped)


def train_fixed_point(
    W, I, target, lr: float, steps: int, f: str = "sigmoid", tol: float = TOLERANCE, cap: int = MAX_ITERATIONS
) -> FixedPointHistory:
    """Gradient descent on W toward the target fixed point, stopping if a relaxation fails."""
    W, I, target = _check_network(W, I, target)
    weights, losses, radii, iterations, stopped = [W], [], [], [], None
    for step in range(steps + 1):
        fp = fixed_point(weights[-1], I, target, f, tol, cap)
        losses.append(fp.loss)
        radii.append(fp.spectral_radius)
        iterations.append(fp.forward.iterations)
        if not fp.converged:
            stopped = step
            break
        if step < steps:
            weights.append(weights[-1] - lr * fp.grad_W)
    return FixedPointHistory(
        np.array(losses), np.array(weights), np.array(radii), np.array(iterations), stopped
    )


def fixed_point_work(cap: int, steps: int = 0) -> int:
    """The most iterations ``fixed_point`` and ``unrolled_gradient``, then ``train_fixed_point``
    for ``steps`` steps, can take with the iteration cap ``cap``, each weighed by its cost: an
    iteration of a relaxation costs 1, one of the unrolled gradient 2 (forward and back)."""
    report = cap * (1 + 1 + 2)  # the forward and adjoint relaxations, BPTT through the forward's
    training = (steps + 1) * cap * 2 if steps else 0  # a fixed point per step, and the last one's
    return report + training


# --- Reading vectors and matrices from text (the command line and the page) ----------------


def parse_vector(text: str, name: str = "vector") -> np.ndarray:
    """ "0.5,-0.5" -> array([0.5, -0.5]); a clear ValueError for anything else (never eval)."""
    values = []
    for k, p in enumerate(str(text).split(","), 1):  # the entry's place, never its text (it may be markup)
        try:
            value = float(p.strip())
        except ValueError:
            raise ValueError(f"{name}: entry {k} is not a number") from None
        if not math.isfinite(value):
            raise ValueError(f"{name}: entry {k} is not a finite number")
        values.append(value)
    return np.array(values)


def parse_matrix(text: str, name: str = "matrix") -> np.ndarray:
    """Rows separated by ";", entries by ",": "0.1,-0.2;0.3,0.1" -> a 2×2 array."""
    rows = [parse_vector(row, name) for row in str(text).split(";")]
    if len({len(r) for r in rows}) != 1:
        raise ValueError(f"{name}: every row needs the same number of entries")
    return np.array(rows)


def as_dict(rnn: RNN) -> dict[str, float]:
    return {f.name: getattr(rnn, f.name) for f in fields(rnn)}
