"""Lesson 5: one data set trained three ways from the same initial weights.

Two moons, a 2-8-1 network (tanh hidden layer, sigmoid output, binary cross-entropy), trained
with batch size 1 (stochastic), a mini-batch and the full batch: the same learning rate, the
same epochs, the same seeded shuffles (``training.epoch_order``). Every number comes from
``fit`` and from ``forward``/``backward``: this module only chooses the runs and reads them.
"""

from dataclasses import dataclass

import numpy as np

from backprop_core import datasets, names, work
from backprop_core.network import Network, Params, Trace, backward, forward, init_params, update
from backprop_core.surface import cost_over
from backprop_core.training import History, batch_indices, batches_per_epoch, epoch_order, fit

HIDDEN = 8
NETWORK = Network((2, HIDDEN, 1), ("tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False)
DATA, NOISE, TEST_FRACTION, INIT = "moons", 0.2, 0.25, "xavier"
PARAMETERS = names.parameters(NETWORK)
WEIGHTS = tuple(n for n in PARAMETERS if n.startswith("W"))  # the two shown: any of these
FIRST_WEIGHT = "W2[0,0]"  # the first shown, whose update the epoch's steps write out
KINDS = ("stochastic", "mini-batch", "full batch")


@dataclass(frozen=True)
class Setup:
    """Everything the three runs depend on (a cache key)."""

    lr: float = 0.5
    batch_size: int = 16  # the mini-batch; the other two runs use 1 and the whole training set
    epochs: int = 10
    n: int = 200  # points, before a quarter is held out for testing
    seed: int = 0  # the data, the initial weights and every epoch's shuffle


@dataclass(frozen=True, eq=False)
class Run:
    kind: str  # one of KINDS
    batch_size: int  # as trained (at most the training set's size)
    per_epoch: int  # updates per epoch
    history: History  # from fit, parameters recorded at every update

    @property
    def update_epochs(self) -> np.ndarray:
        """Where each update starts, in epochs (update k of an epoch of P starts at k / P)."""
        return self.history.steps / self.per_epoch

    @property
    def grad_norm(self) -> np.ndarray:
        """‖∂J/∂W‖ over every weight of each update (the layers' norms combined)."""
        return np.sqrt((self.history.grad_norm**2).sum(axis=1))


def data(setup: Setup) -> tuple[datasets.Dataset, datasets.Dataset]:
    """The training and the held-out test set."""
    return datasets.split(datasets.make(DATA, setup.n, NOISE, setup.seed), TEST_FRACTION, setup.seed)


def targets(ds: datasets.Dataset) -> np.ndarray:
    return ds.targets(NETWORK.loss)


def initial_params(setup: Setup) -> Params:
    return init_params(NETWORK, np.random.default_rng(setup.seed), INIT)


def batch_sizes(setup: Setup, m: int) -> tuple[int, int, int]:
    return 1, min(setup.batch_size, m), m


def three_runs(setup: Setup) -> tuple[Run, Run, Run]:
    """Batch size 1, the mini-batch and the full batch, each a ``fit`` from the same weights."""
    train, test = data(setup)
    start = initial_params(setup)
    runs = []
    for kind, size in zip(KINDS, batch_sizes(setup, train.m)):
        history = fit(
            NETWORK,
            start,
            train.X,
            targets(train),
            lr=setup.lr,
            batch_size=size,
            epochs=setup.epochs,
            seed=setup.seed,
            test=(test.X, targets(test)),
            record_every=1,
        )
        runs.append(Run(kind, size, batches_per_epoch(train.m, size), history))
    return tuple(runs)


def cost(setup: Setup) -> float:
    """What ``three_runs`` costs the server (``backprop_core.work``)."""
    train, test = data(setup)
    return sum(
        work.fit(NETWORK.sizes, train.m, size, setup.epochs * batches_per_epoch(train.m, size), test.m)
        for size in batch_sizes(setup, train.m)
    )


def projection_cost(setup: Setup, points: int) -> float:
    """What ``projection`` over ``points`` × ``points`` costs: the training cost at every point."""
    return work.grid(points**2, data(setup)[0].m, len(PARAMETERS))


def path(run: Run, p1: str, p2: str) -> np.ndarray:
    """(n, 2): the two weights at every update, and after the last."""
    index = names.flat_index(NETWORK)
    return run.history.params.flat()[:, [index[p1], index[p2]]]


# The 2-D projection ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Projection:
    """The training cost over two weights, every other parameter fixed at ``fixed``:
    ``cost[i, j]`` is at ``p1 = a[j]``, ``p2 = b[i]``."""

    p1: str
    p2: str
    a: np.ndarray
    b: np.ndarray
    cost: np.ndarray
    fixed: Params


def projection(setup: Setup, runs, p1: str, p2: str, points: int = 61) -> Projection:
    """Around every run's path, the others fixed where the mini-batch run ended."""
    if p1 == p2 or p1 not in WEIGHTS or p2 not in WEIGHTS:
        raise ValueError(f"choose two different weights of {', '.join(WEIGHTS)}")
    train, _ = data(setup)
    fixed = runs[1].history.final
    both = np.concatenate([path(r, p1, p2) for r in runs])
    both = both[np.isfinite(both).all(axis=1)]
    low, high = both.min(axis=0), both.max(axis=0)
    pad = np.maximum(0.15 * (high - low), 0.5)
    a = np.linspace(low[0] - pad[0], high[0] + pad[0], points)
    b = np.linspace(low[1] - pad[1], high[1] + pad[1], points)
    cost = cost_over(NETWORK, fixed, train.X, targets(train), {p1: a[None, :], p2: b[:, None]})
    return Projection(p1, p2, a, b, cost, fixed)


def probabilities(params: Params, x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """The network's output (the probability of class 1) over a grid of inputs: (len(x2), len(x1))."""
    grid = np.stack(np.meshgrid(x1, x2)).reshape(2, -1)
    out = forward(NETWORK, params, grid, np.zeros((1, grid.shape[1]))).outs[-1]
    return out.reshape(len(x2), len(x1))


# One epoch, batch by batch -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BatchStep:
    """One update of the mini-batch run's first epoch, recomputed from the weights ``fit`` recorded."""

    number: int  # 1, 2, ... within the epoch
    indices: np.ndarray  # the training samples (columns) this batch takes
    before: Params
    trace: Trace  # the forward pass over the batch
    cost: float  # J over the batch
    grads: Params  # the backward pass: ∂J/∂ every weight and bias
    grad_norm: float  # ‖∂J/∂W‖ over every weight (as fit records it)
    after: Params  # θ − η ∂J/∂θ
    cost_after: float  # the same batch's cost with the new weights


@dataclass(frozen=True, eq=False)
class Epoch:
    order: np.ndarray  # the shuffle: the training samples in the order the epoch takes them
    batch_size: int
    lr: float
    steps: tuple[BatchStep, ...]


def first_epoch(setup: Setup, run: Run) -> Epoch:
    train, _ = data(setup)
    x, t = train.X, targets(train)
    h = run.history
    steps = []
    for j in range(run.per_epoch):
        before = h.params.map(lambda a, j=j: a[j])  # recorded before update j
        cols = batch_indices(train.m, run.batch_size, setup.seed, j)
        trace = forward(NETWORK, before, x[:, cols], t[:, cols])
        grads = backward(NETWORK, before, trace, t[:, cols]).grads
        after = update(before, grads, setup.lr, update_biases=True)
        cost_after = forward(NETWORK, after, x[:, cols], t[:, cols]).cost
        norm = float(np.sqrt(sum(np.vdot(g, g) for g in grads.weights)))
        cost, cost_after = float(trace.cost), float(cost_after)
        steps.append(BatchStep(j + 1, cols, before, trace, cost, grads, norm, after, cost_after))
    order = epoch_order(train.m, run.batch_size, setup.seed, 0)
    return Epoch(order, run.batch_size, setup.lr, tuple(steps))


# What the teacher's questions cite ---------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    kind: str
    batch_size: int
    per_epoch: int
    updates: int
    diverged_at: int  # -1 if never
    train_cost: float  # after the last epoch, over the whole training set
    test_cost: float
    accuracy: float
    test_accuracy: float
    after_one_epoch: float  # training cost after the first epoch
    start_cost: float  # the training cost before the first update (the same for all three)
    rises: int  # updates whose batch cost was higher than the previous update's
    grad_mean: float  # ‖∂J/∂W‖ over the updates: mean and spread
    grad_spread: float  # standard deviation
    best_test_epoch: int  # the epoch with the lowest test cost
    best_test_cost: float
    train_at_best_test: float  # the training cost at that epoch


def summary(run: Run) -> Summary:
    h, e = run.history, run.history.evaluation
    norms = run.grad_norm
    best = int(np.nanargmin(e.test_cost))
    return Summary(
        run.kind,
        run.batch_size,
        run.per_epoch,
        len(h.steps),
        int(h.diverged_at),
        float(e.train_cost[-1]),
        float(e.test_cost[-1]),
        float(e.accuracy[-1]),
        float(e.test_accuracy[-1]),
        float(e.train_cost[1]) if len(e.train_cost) > 1 else float(e.train_cost[0]),
        float(e.train_cost[0]),
        int((np.diff(h.loss) > 0).sum()),
        float(norms.mean()),
        float(norms.std()),
        int(round(e.epochs[best])),
        float(e.test_cost[best]),
        float(e.train_cost[best]),
    )
