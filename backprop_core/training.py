"""Gradient descent: ``train`` takes many steps on one sample (the worked example), for one run
or a batch of runs at once; ``fit`` learns from a data set in epochs of mini-batches.

For ``train``, a batch is a leading axis on the learning rate (and, broadcast, on every
parameter): a sweep of 100 learning rates is one loop of array operations,
not 100 loops. Two engines give the same numbers: the NumPy one below, and
for a small network the compiled scalar loop of ``compiled.py``, which also
takes a small batch one run at a time (there NumPy's per-call cost outweighs
the arithmetic). A run whose numbers overflow (a non-finite E_total or net input;
an infinite parameter always makes one) is frozen where that happened and
reported with that step.
"""

import math
from collections.abc import Container
from dataclasses import dataclass

import numpy as np

from . import compiled, fitloop
from .network import Network, Params, backward, columns, forward, update

MAX_STEPS = 10_000_000
# Up to this many runs, separate compiled runs beat one batched NumPy loop (on the worked
# example 5 runs take 4.8 ms against 43 ms; they cross at about 60 runs).
COMPILED_BATCH = 48
ENGINES = ("auto", "compiled", "numpy")


@dataclass(frozen=True, eq=False)
class Evaluation:
    """The whole data set's cost (and accuracy) at the start, after each epoch and at the end."""

    steps: np.ndarray  # (n,) updates taken before each evaluation
    epochs: np.ndarray  # (n,) the same in epochs (a fraction for a run stopped mid-epoch)
    train_cost: np.ndarray  # (n,) mean cost over the training set (with any L2 penalty)
    test_cost: np.ndarray | None  # (n,) over the held-out set; None without one
    accuracy: np.ndarray | None  # (n,) fraction classified right; None for regression
    test_accuracy: np.ndarray | None


@dataclass(frozen=True, eq=False)
class History:
    """What gradient descent did: the one record every trainer returns.

    Arrays have the recorded steps first, then any batch axes: ``loss[i]`` is the cost
    before step ``steps[i]`` is taken (so ``loss[0]`` is the start). ``train`` records every
    ``record_every`` steps and the last; ``fit`` records every update (the cost of that
    update's mini-batch), the parameters every ``record_every`` updates, and ``evaluation``.
    """

    steps: np.ndarray  # (n_records,) step numbers
    loss: np.ndarray  # (n_records, *batch)
    outputs: np.ndarray | None  # (n_records, *batch, n_out): train's outputs on its one sample
    params: Params  # every array (len(param_steps), *batch, ...)
    final: Params  # parameters after the last step (for a diverged run: where it broke)
    diverged_at: np.ndarray  # (*batch,) the step whose forward pass overflowed, -1 if none
    param_steps: np.ndarray | None = None  # when ``params`` were recorded; None: at ``steps``
    grad_norm: np.ndarray | None = None  # fit: (n_records, n_layers) ‖∂J/∂W_l‖ of each update
    evaluation: Evaluation | None = None  # fit only

    @property
    def final_loss(self) -> np.ndarray:
        return self.loss[-1]


def train(
    network: Network,
    params: Params,
    x,
    t,
    lr,
    steps: int,
    *,
    update_biases: bool = False,
    article_variant: bool = False,
    record_every: int = 1,
    trainable=None,
    engine: str = "auto",
) -> History:
    """Take ``steps`` gradient-descent steps from one network's ``params``.

    ``lr`` may be an array: one run per value, all trained together.
    ``trainable``: one bool per entry of ``params.flat()``; the others stay fixed (None: all train).
    ``engine``: "auto" picks the faster; "compiled" or "numpy" forces one (tests compare them).
    """
    if not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be between 0 and {MAX_STEPS:,}")
    if trainable is not None and article_variant:
        raise ValueError("the article's variant updates every weight; it takes no trainable subset")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    lr = np.asarray(lr, dtype=float)
    if engine == "auto":
        small = compiled.fits(network) and lr.size <= COMPILED_BATCH
        engine = "compiled" if small else "numpy"
    if engine == "compiled":
        if not compiled.fits(network):
            raise ValueError("the compiled trainer takes small networks with element-wise outputs only")
        mask = None if trainable is None else tuple(bool(b) for b in trainable)
        run = compiled.trainer(network, update_biases, article_variant, mask)
        if lr.ndim == 0:
            return _train_compiled(run, network, params, x, t, float(lr), steps, record_every)
        runs = [_train_compiled(run, network, params, x, t, float(r), steps, record_every) for r in lr.flat]
        return _stack(runs, lr.shape, network, x, t, steps, record_every)
    keep = None if trainable is None else params.from_flat(np.asarray(trainable, dtype=bool))
    params = params.map(lambda a: np.broadcast_to(a, lr.shape + a.shape).copy())
    recorded = _recorded_steps(steps, record_every)
    rec = _Recorder(recorded, params, lr.shape, network.sizes[-1])
    diverged_at = np.full(lr.shape, -1)
    alive = np.ones(lr.shape, dtype=bool)
    with np.errstate(all="ignore"):  # overflow is caught below, as a non-finite loss or net
        for k in range(steps + 1):
            trace = forward(network, params, x, t)
            finite = np.isfinite(trace.cost) & _finite(trace.nets)
            if not finite.all():
                newly = alive & ~finite
                diverged_at[newly] = k
                alive &= finite
                if not alive.any():
                    break
            rec.record(k, trace, params)
            if k == steps:
                break
            grads = backward(network, params, trace, t, updated_lr=lr if article_variant else None)
            g = grads.grads if keep is None else grads.grads.map(lambda g, k: np.where(k, g, 0.0), keep)
            new = update(params, g, lr, update_biases=update_biases)
            if alive.all():
                params = new
            else:  # a diverged run stays where it broke
                params = _keep_alive(new, params, alive)
    return rec.history(params, diverged_at)


def _train_compiled(run, network, params, x, t, lr, steps, record_every):
    diverged_at, rec_steps, losses, outputs, trajectory, final = run(
        params.flat().tolist(),
        np.asarray(x, dtype=float).tolist(),
        np.asarray(t, dtype=float).tolist(),
        lr,
        steps,
        max(1, record_every),
    )
    n_out = network.sizes[-1]
    return History(
        np.array(rec_steps, dtype=int),
        np.array(losses, dtype=float),
        np.array(outputs, dtype=float).reshape(-1, n_out),
        params.from_flat(np.array(trajectory, dtype=float).reshape(-1, params.flat().size)),
        params.from_flat(np.array(final)),
        np.array(diverged_at),
    )


def _recorded_steps(steps: int, record_every: int) -> np.ndarray:
    """Every ``record_every``-th step and the last: the rows both engines record."""
    return np.unique(np.r_[np.arange(0, steps + 1, max(1, record_every)), steps])


def _stack(runs: list[History], batch: tuple, network, x, t, steps, record_every) -> History:
    """Separate runs as one batch, exactly as the NumPy engine records it: a diverged run
    stays at the parameters where it broke, so its later rows repeat that overflowed pass."""
    recorded = _recorded_steps(steps, record_every)
    diverged = np.array([int(h.diverged_at) for h in runs])
    if (diverged >= 0).all():  # the NumPy engine stops once every run has diverged
        recorded = recorded[recorded < diverged.max()]
    loss, outputs, params = [], [], []
    for h in runs:
        rest = len(recorded) - len(h.steps)  # rows from the step a run diverged at
        if rest:
            with np.errstate(all="ignore"):
                broken = forward(network, h.final, x, t)
            loss.append(np.r_[h.loss, np.full(rest, broken.cost)])
            outputs.append(np.r_[h.outputs, np.tile(broken.outs[-1][:, 0], (rest, 1))])
            params.append(np.r_[h.params.flat(), np.tile(h.final.flat(), (rest, 1))])
        else:
            loss.append(h.loss)
            outputs.append(h.outputs)
            params.append(h.params.flat())

    def batched(rows):  # (runs, n, ...) -> (n, *batch, ...)
        a = np.moveaxis(np.array(rows), 0, 1)
        return a.reshape((a.shape[0],) + batch + a.shape[2:])

    final = runs[0].final.from_flat(np.array([h.final.flat() for h in runs]).reshape(batch + (-1,)))
    trajectory = runs[0].final.from_flat(batched(params))
    return History(recorded, batched(loss), batched(outputs), trajectory, final, diverged.reshape(batch))


def _finite(nets) -> np.ndarray:
    """Per run: every net input finite (an infinite weight or bias always makes one infinite)."""
    return np.logical_and.reduce([np.isfinite(n).all(axis=(-2, -1)) for n in nets])


def _keep_alive(new: Params, old: Params, alive: np.ndarray) -> Params:
    def pick(n, o):
        return np.where(alive.reshape(alive.shape + (1,) * (n.ndim - alive.ndim)), n, o)

    return new.map(pick, old)


class _Recorder:
    """Preallocated history arrays, filled in place (cheap inside the step loop)."""

    def __init__(self, recorded, params: Params, batch, n_out):
        self.index = {int(k): i for i, k in enumerate(recorded)}
        self.steps = recorded
        n = len(recorded)
        self.loss = np.full((n,) + batch, np.nan)
        self.outputs = np.full((n,) + batch + (n_out,), np.nan)
        self.params = params.map(lambda a: np.full((n,) + a.shape, np.nan))
        self.last = -1

    def record(self, k, trace, params):
        i = self.index.get(k)
        if i is None:
            return
        self.loss[i] = trace.cost
        self.outputs[i] = trace.outs[-1][..., 0]
        for dst, src in zip(self.params.weights + self.params.biases, params.weights + params.biases):
            dst[i] = src
        self.last = i

    def history(self, final, diverged_at) -> History:
        n = self.last + 1  # a fully diverged batch stops early: drop the unrecorded rows
        return History(
            self.steps[:n],
            self.loss[:n],
            self.outputs[:n],
            self.params.map(lambda a: a[:n]),
            final,
            diverged_at,
        )


# Learning from data ----------------------------------------------------------------------------

MAX_UPDATES = 1_000_000


def batches_per_epoch(m: int, batch_size: int) -> int:
    return -(-m // batch_size)


def epoch_order(m: int, batch_size: int, seed: int, epoch: int) -> np.ndarray:
    """The order in which epoch ``epoch`` visits the samples: a shuffle drawn from (seed, epoch),
    so any step of a run can be reproduced without replaying the ones before it. The full
    batch is not shuffled: its order changes nothing but rounding."""
    if batch_size >= m:
        return np.arange(m)
    return np.random.default_rng([seed, epoch]).permutation(m)


def batch_indices(m: int, batch_size: int, seed: int, step: int) -> np.ndarray:
    """The samples (columns) update number ``step`` learns from."""
    per_epoch = batches_per_epoch(m, batch_size)
    epoch, j = divmod(step, per_epoch)
    return epoch_order(m, batch_size, seed, epoch)[j * batch_size : (j + 1) * batch_size]


def penalty(params: Params, l2: float) -> float:
    """The L2 penalty (λ/2)·Σ w² over every weight (not the biases)."""
    return 0.5 * l2 * sum(float(np.vdot(w, w)) for w in params.weights) if l2 else 0.0


def penalised(grads: Params, params: Params, l2: float) -> Params:
    """The gradients of the cost with the L2 penalty: λ·w added to each weight's (not the biases')."""
    if not l2:
        return grads
    return Params(tuple(g + l2 * w for g, w in zip(grads.weights, params.weights)), grads.biases)


def accuracy(network: Network, out: np.ndarray, t: np.ndarray) -> float | None:
    """The fraction of samples classified right, for the classification losses (None otherwise)."""
    if network.loss == "half_squared":
        return None
    if out.shape[-2] == 1:  # one sigmoid output: class 1 when it says more than a half
        return float(((out[0] > 0.5) == (t[0] > 0.5)).mean())
    return float((out.argmax(axis=0) == t.argmax(axis=0)).mean())


def evaluate(network: Network, params: Params, x, t, l2: float = 0.0) -> tuple[float, float | None]:
    """Cost (with the L2 penalty) and accuracy over a whole data set."""
    with np.errstate(all="ignore"):
        trace = forward(network, params, x, t)
        return float(trace.cost) + penalty(params, l2), accuracy(network, trace.outs[-1], columns(t))


def evaluate_joined(network: Network, params: Params, x, t, ends, l2: float = 0.0) -> list:
    """``evaluate`` on each of several data sets joined side by side in ``x``, ``t`` (set i's
    samples end at column ``ends[i]``), from one forward pass: the same numbers, each set's sums
    over its own columns, for one pass's calls instead of one a set."""
    with np.errstate(all="ignore"):
        trace, pen = forward(network, params, x, t), penalty(params, l2)
    results, begin = [], 0
    for end in ends:
        losses = trace.losses[..., begin:end]
        cost = float(losses.sum(axis=-1) / losses.shape[-1]) + pen
        results.append((cost, accuracy(network, trace.outs[-1][..., begin:end], t[..., begin:end])))
        begin = end
    return results


def fit(
    network: Network,
    params: Params,
    x,
    t,
    *,
    lr: float,
    batch_size: int | None = None,
    epochs: float = 1,
    seed: int = 0,
    test=None,
    l2: float = 0.0,
    record_every: int = 0,
    start_step: int = 0,
    evaluate_epochs: Container[int] | None = None,
) -> History:
    """Mini-batch gradient descent on the samples (columns) of ``x`` with targets ``t``.

    ``batch_size`` 1 is stochastic, k a mini-batch, None (or ≥ m) the full batch; each epoch
    visits every sample once in the order ``epoch_order`` draws from ``seed``. ``epochs`` may be
    fractional (``1 / batches_per_epoch`` is one update). ``test`` = (x_test, t_test) is
    evaluated with the training set after every epoch. ``record_every`` k > 0 keeps the
    parameters every k updates. ``start_step`` continues a run from update ``start_step``
    (``params`` being the weights reached there): the same batches follow as in one long run.
    ``evaluate_epochs``: after which epochs (counted from the run's first, as ``start_step`` is)
    the data sets are evaluated; None, after every one. The start and the end always are.
    A non-finite cost stops the run; ``diverged_at`` is that update.
    """
    x, t = columns(x), columns(t)
    m = x.shape[-1]
    size = m if batch_size is None else int(batch_size)
    if not 1 <= size:
        raise ValueError("batch size must be at least 1")
    if t.shape[-1] != m or x.shape[0] != network.sizes[0] or t.shape[0] != network.sizes[-1]:
        raise ValueError(f"inputs {x.shape} and targets {t.shape} do not fit the network {network.sizes}")
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError("the learning rate must be a positive number")
    size = min(size, m)
    per_epoch = batches_per_epoch(m, size)
    updates = int(round(epochs * per_epoch))
    if not 0 <= updates <= MAX_UPDATES:
        raise ValueError(f"at most {MAX_UPDATES:,} updates per run")
    rec = _FitRecorder(network, params, updates, start_step, record_every, per_epoch, (x, t), test, l2)
    fast = fitloop.Stretch(network, params, m, size, l2, penalty)
    step, end = start_step, start_step + updates
    with np.errstate(all="ignore"):  # overflow is caught below, as a non-finite cost
        while step < end:  # a stretch: the rest of an epoch, or of the run
            epoch, j = divmod(step, per_epoch)
            stop = min(end, (epoch + 1) * per_epoch)
            order = epoch_order(m, size, seed, epoch)
            xe, te = (x, t) if size == m else (x[:, order], t[:, order])
            if not rec.stretch(fast, xe, te, step, stop, float(lr)):  # an overflow, or close to one
                params, diverged_at = _step_by_step(
                    network, fast.snapshot(), (xe, te), size, (step, stop), lr, l2, rec
                )
                if diverged_at >= 0:
                    return rec.history(params, diverged_at, diverged_at=diverged_at)
                fast.load(params)
            step = stop
            if step % per_epoch == 0 and (evaluate_epochs is None or step // per_epoch in evaluate_epochs):
                rec.evaluate(step, fast.params)
    return rec.history(fast.snapshot(), end)


def _step_by_step(network, params, epoch_data, size, steps, lr, l2, rec) -> tuple[Params, int]:
    """Updates ``steps`` (first, stop) of one epoch (its data in its order) one by one, each checked
    before it is taken: the parameters reached, and the update whose cost or net inputs were not
    finite (-1 if none)."""
    xe, te = epoch_data
    per_epoch = batches_per_epoch(xe.shape[-1], size)
    for s in range(*steps):
        j = s % per_epoch
        cols = slice(j * size, (j + 1) * size)
        xb, tb = xe[:, cols], te[:, cols]
        trace = forward(network, params, xb, tb)
        cost = float(trace.cost) + penalty(params, l2)
        if not math.isfinite(cost + sum(0.0 * float(z.sum()) for z in trace.nets)):  # 0·inf is nan
            return params, s
        grads = penalised(backward(network, params, trace, tb, factors=False).grads, params, l2)
        rec.update(s, cost, grads, params)
        params = update(params, grads, float(lr), update_biases=True)
    return params, -1


class _FitRecorder:
    """Preallocated per-update records, and the per-epoch evaluations, of one ``fit``."""

    def __init__(self, network, params, updates, start, record_every, per_epoch, train_set, test, l2):
        self.network, self.start, self.every, self.per_epoch = network, start, record_every, per_epoch
        self.l2 = l2
        # The training set and any held-out set side by side: both evaluated in one pass.
        sets = [train_set] + ([tuple(columns(a) for a in test)] if test is not None else [])
        ends = tuple(np.cumsum([x.shape[-1] for x, _ in sets]))
        self.joined = tuple(np.concatenate(arrays, axis=-1) for arrays in zip(*sets)) + (ends,)
        self.loss = np.full(updates, np.nan)
        self.grad_norm = np.full((updates, len(params.weights)), np.nan)
        self.param_steps, self.params = [], []
        self.evals = []
        self.evaluate(start, params)

    def update(self, step, cost, grads, params):
        i = step - self.start
        self.loss[i] = cost
        self.grad_norm[i] = [math.sqrt(np.vdot(g, g)) for g in grads.weights]
        if self.every and i % self.every == 0:
            self.param_steps.append(step)
            self.params.append(params.flat())

    def stretch(self, fast, xe, te, step, stop, lr) -> bool:
        """Updates ``step`` to ``stop - 1`` through ``fitloop``, recorded; False if they must be taken
        again one by one (the costs or net inputs were not safely finite)."""
        i, n, first = step - self.start, stop - step, step % self.per_epoch
        recorded = {j for j in range(first, first + n) if self.every and (i + j - first) % self.every == 0}
        rows = fast.run(
            xe, te, first, first + n, lr, recorded, self.grad_norm[i : i + n], self.loss[i : i + n]
        )
        if rows is None:
            return False
        self.param_steps += sorted(step - first + j for j in recorded)
        self.params += rows
        return True

    def evaluate(self, step, params):
        if self.evals and self.evals[-1][0] == step:
            return
        (cost, acc), *held_out = evaluate_joined(self.network, params, *self.joined, self.l2)
        test_cost, test_acc = held_out[0] if held_out else (None, None)
        self.evals.append((step, cost, test_cost, acc, test_acc))

    def history(self, final, step, diverged_at=-1) -> History:
        if diverged_at < 0:
            self.evaluate(step, final)
        if self.every:
            self.param_steps.append(step)
            self.params.append(final.flat())
        n = step - self.start
        steps, costs, test_costs, accs, test_accs = zip(*self.evals)
        evaluation = Evaluation(
            np.array(steps),
            np.array(steps) / self.per_epoch,
            np.array(costs),
            _column(test_costs),
            _column(accs),
            _column(test_accs),
        )
        flat = np.array(self.params) if self.params else np.empty((0, final.flat().size))
        return History(
            steps=np.arange(self.start, step),
            loss=self.loss[:n],
            outputs=None,
            params=final.from_flat(flat),
            final=final,
            diverged_at=np.array(diverged_at),
            param_steps=np.array(self.param_steps, dtype=int),
            grad_norm=self.grad_norm[:n],
            evaluation=evaluation,
        )


def _column(values) -> np.ndarray | None:
    return None if values[0] is None else np.array(values, dtype=float)
