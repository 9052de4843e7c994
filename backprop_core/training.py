"""Gradient descent over many steps, for one run or a batch of runs at once.

A batch is a leading axis on the learning rate (and, broadcast, on every
parameter): a sweep of 100 learning rates is one loop of array operations,
not 100 loops. Two engines give the same numbers: the NumPy one below, and
for a small network the compiled scalar loop of ``compiled.py``, which also
takes a small batch one run at a time (there NumPy's per-call cost outweighs
the arithmetic). A run whose numbers overflow (a non-finite E_total or net input;
an infinite parameter always makes one) is frozen where that happened and
reported with that step.
"""

from dataclasses import dataclass

import numpy as np

from . import compiled
from .network import Network, Params, backward, forward, update

MAX_STEPS = 10_000_000
# Up to this many runs, separate compiled runs beat one batched NumPy loop (on the worked
# example 5 runs take 4.8 ms against 43 ms; they cross at about 60 runs).
COMPILED_BATCH = 48
ENGINES = ("auto", "compiled", "numpy")


@dataclass(frozen=True, eq=False)
class History:
    """What gradient descent did, recorded every ``record_every`` steps and at the end.

    Arrays have the recorded steps first, then any batch axes: ``loss[i]`` is
    E_total before step ``steps[i]`` is taken (so ``loss[0]`` is the start).
    """

    steps: np.ndarray  # (n_records,) step numbers
    loss: np.ndarray  # (n_records, *batch)
    outputs: np.ndarray  # (n_records, *batch, n_out)
    params: Params  # every array (n_records, *batch, ...)
    final: Params  # parameters after the last step (for a diverged run: where it broke)
    diverged_at: np.ndarray  # (*batch,) the step whose forward pass overflowed, -1 if none

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
            finite = np.isfinite(trace.total) & _finite(trace.nets)
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
            loss.append(np.r_[h.loss, np.full(rest, broken.total)])
            outputs.append(np.r_[h.outputs, np.tile(broken.outs[-1], (rest, 1))])
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
    return np.logical_and.reduce([np.isfinite(n).all(axis=-1) for n in nets])


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
        self.loss[i] = trace.total
        self.outputs[i] = trace.outs[-1]
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
