"""The Playground's model: a configuration (data, network, training) and the run it produces.

A ``Config`` is small, frozen and hashable: it is the page's cache key and, with the step
count, everything a shared link carries. The weights are never stored in a link: ``reach``
trains from the seeded initial weights to the step, and because ``fit`` draws each epoch's
shuffle from (seed, epoch), training in pieces (Play, Step) gives exactly the weights of
one long run (tests check every bit).

Every output layer here pairs with the loss that makes the output's δ = a − y:
sigmoid with binary cross-entropy, softmax with categorical cross-entropy, linear with ½(y − a)².
"""

from dataclasses import dataclass, field

import numpy as np

from backprop_core import datasets, work
from backprop_core.network import Network, Params, backward, forward, init_params
from backprop_core.training import batch_indices, batches_per_epoch, fit

OUTPUTS = {"sigmoid": "binary_cross_entropy", "softmax": "cross_entropy", "linear": "half_squared"}
HIDDEN_ACTIVATIONS = ("tanh", "sigmoid", "relu", "linear")
INITS = ("xavier", "he", "uniform", "zero")
UPLOAD = "csv"  # the data set name of an uploaded file (its data come separately)

MAX_HIDDEN_LAYERS = 6
MAX_NEURONS = 8
MAX_EPOCHS = 1_000  # per Play or per click
MAX_STEP = 200_000  # updates a link may ask to reproduce, if max_step allows that many
MAX_RECORDS = 2_000  # points kept per curve; older ones are thinned, every other dropped
GRID = 100  # the decision boundary's grid: GRID × GRID points
# ... while playing: a quarter of the points (a quarter of the bytes every tick), drawn smoothed
PLAY_GRID = 50
# Seconds between Play's updates (after the last one has arrived): at most 6.7 a second, so that a
# browser that keeps up shows 5 or more (at 0.2 s it showed 3.6-3.7, issue 26).
TICK = 0.15
TICK_WORK = work.PAGE / 5  # the most training one Play tick does (backprop_core.work): 20 ms of a core
# The same at full speed: three quarters of the page's budget (about 30 ms on the clock), the training
# a second that a whole budget every 0.2 s gave (about 75 epochs of 2-8-8-1 on 400 points).
FAST_WORK = work.PAGE * TICK / 0.2
# How much Play trains between two of its updates on screen (the Speed setting).
SPEEDS = {"fast": "Fast", "epoch": "One epoch a step", "update": "One batch a step"}
BUSY_RATE = 3.0  # Play's updates a second below which the page says that the server is busy


@dataclass(frozen=True)
class Config:
    """Everything a run depends on, besides an uploaded file's data."""

    dataset: str = "xor"
    n: int = 200
    noise: float = 0.1
    seed: int = 0
    test_fraction: float = 0.3
    classes: int = 3  # blobs only
    hidden: tuple[int, ...] = (4,)
    activations: tuple[str, ...] = ("tanh",)  # one per hidden layer
    output: str = "sigmoid"  # sigmoid, softmax or linear (and its loss, OUTPUTS)
    init: str = "xavier"
    l2: float = 0.0
    lr: float = 0.3
    batch: int = 10  # 0: the full batch
    epochs: int = 50  # per Play (or click of "Train")

    def __post_init__(self):
        if len(self.hidden) > MAX_HIDDEN_LAYERS or not all(1 <= h <= MAX_NEURONS for h in self.hidden):
            raise ValueError(f"0 to {MAX_HIDDEN_LAYERS} hidden layers of 1 to {MAX_NEURONS} neurons")
        if len(self.activations) != len(self.hidden):
            raise ValueError("one activation per hidden layer")
        if not set(self.activations) <= set(HIDDEN_ACTIVATIONS):
            raise ValueError(f"hidden activations are {', '.join(HIDDEN_ACTIVATIONS)}")
        if self.output not in OUTPUTS or self.init not in INITS:
            raise ValueError("unknown output or initialisation")
        if not (self.lr > 0 and self.l2 >= 0 and self.batch >= 0 and 1 <= self.epochs <= MAX_EPOCHS):
            raise ValueError("the learning rate must be positive, L2 and the batch size not negative")

    @property
    def loss(self) -> str:
        return OUTPUTS[self.output]

    def network(self, n_inputs: int, n_outputs: int) -> Network:
        sizes = (n_inputs, *self.hidden, n_outputs)
        return Network(sizes, (*self.activations, self.output), self.loss, shared_bias=False)

    def make_data(self) -> datasets.Dataset:
        """The generated data set (an upload's data come from ``datasets.load_csv`` instead)."""
        return datasets.make(self.dataset, self.n, self.noise, self.seed, classes=self.classes)


def outputs_for(ds: datasets.Dataset, output: str) -> int:
    """How many output neurons ``output`` needs for ``ds``; DatasetError when they do not fit."""
    return ds.targets(OUTPUTS[output]).shape[0]


@dataclass(frozen=True, eq=False)
class Problem:
    """A configuration applied to its data: the network, the split and the targets."""

    config: Config
    network: Network
    x: np.ndarray  # training inputs, samples as columns
    t: np.ndarray  # training targets
    x_test: np.ndarray
    t_test: np.ndarray
    train: datasets.Dataset
    test: datasets.Dataset

    @property
    def batch_size(self) -> int:
        m = self.x.shape[1]
        return m if self.config.batch == 0 else min(self.config.batch, m)

    @property
    def per_epoch(self) -> int:
        return batches_per_epoch(self.x.shape[1], self.batch_size)

    def batch(self, step: int) -> np.ndarray:
        """The training samples update ``step`` learns from (the next batch, seen from there)."""
        return batch_indices(self.x.shape[1], self.batch_size, self.config.seed, step)


def problem(config: Config, ds: datasets.Dataset) -> Problem:
    """Split ``ds`` as ``config`` says and build the network that fits it (DatasetError if none does)."""
    train, test = datasets.split(ds, config.test_fraction, config.seed)
    t, t_test = train.targets(config.loss), test.targets(config.loss)
    network = config.network(ds.n_features, t.shape[0])
    return Problem(config, network, train.X, t, test.X, t_test, train, test)


@dataclass(frozen=True, eq=False)
class Run:
    """A run so far: the parameters after ``step`` updates and what was recorded on the way."""

    step: int
    params: Params
    eval_steps: np.ndarray  # when the whole sets were evaluated (every epoch, and at each pause)
    train_cost: np.ndarray
    test_cost: np.ndarray  # NaN without a test set
    accuracy: np.ndarray  # NaN for regression
    test_accuracy: np.ndarray
    norm_steps: np.ndarray  # the updates whose gradient norms are kept
    grad_norm: np.ndarray  # (len(norm_steps), layers) ‖∂J/∂W_l‖ of that update
    diverged_at: int = -1  # the update whose cost was not finite; the run stops there
    epochs_done: float = field(default=0.0)


def start(p: Problem) -> Run:
    """Step 0: the seeded initial weights, evaluated."""
    params = init_params(p.network, np.random.default_rng(p.config.seed), p.config.init)
    empty = np.empty(0)
    run = Run(
        0, params, empty, empty, empty, empty, empty, np.empty(0, int), np.empty((0, len(params.weights)))
    )
    return advance(p, run, 0)


def advance(p: Problem, run: Run, updates: int) -> Run:
    """``updates`` more updates (none after a divergence), exactly as one long run would take them."""
    if run.diverged_at >= 0 or (updates == 0 and run.eval_steps.size):
        return run
    c = p.config
    test = (p.x_test, p.t_test) if p.x_test.shape[1] else None
    h = fit(
        p.network,
        run.params,
        p.x,
        p.t,
        lr=c.lr,
        batch_size=p.batch_size,
        epochs=updates / p.per_epoch,
        seed=c.seed,
        test=test,
        l2=c.l2,
        start_step=run.step,
    )
    e = h.evaluation
    new = slice(1, None) if run.eval_steps.size else slice(None)  # fit re-evaluates its start
    nan = np.full(e.steps.shape, np.nan)

    def more(old, values):
        return np.concatenate([old, (nan if values is None else values)[new]])

    eval_steps = np.concatenate([run.eval_steps, e.steps[new]])
    columns_ = [
        more(run.train_cost, e.train_cost),
        more(run.test_cost, e.test_cost),
        more(run.accuracy, e.accuracy),
        more(run.test_accuracy, e.test_accuracy),
    ]
    eval_steps, *columns_ = _thin(eval_steps, *columns_)
    norm_steps, grad_norm = _thin(
        np.concatenate([run.norm_steps, h.steps]), np.concatenate([run.grad_norm, h.grad_norm])
    )
    step = int(h.diverged_at) if h.diverged_at >= 0 else run.step + len(h.steps)
    return Run(
        step, h.final, eval_steps, *columns_, norm_steps, grad_norm, int(h.diverged_at), step / p.per_epoch
    )


def _thin(steps: np.ndarray, *values: np.ndarray):
    """Keep at most MAX_RECORDS rows: drop every other old one (the latest is always kept)."""
    while steps.size > MAX_RECORDS:
        keep = np.ones(steps.size, bool)
        keep[: steps.size - 1 : 2] = False
        keep[0] = True  # the start stays
        steps, values = steps[keep], tuple(v[keep] for v in values)
    return (steps, *values)


def cost(p: Problem, updates: int) -> float:
    """What ``updates`` more updates of ``p`` cost the server (``backprop_core.work``)."""
    return work.fit(p.network.sizes, p.x.shape[1], p.batch_size, updates, p.x_test.shape[1])


def pause_before_tick(last: tuple[float, float] | None, now: float) -> float:
    """How long a Play tick waits first, after the last one's (start, end): TICK after it started,
    and at least half of TICK after it ended. The browser asks for a tick every TICK seconds
    whether the last has arrived or not: alone on the server a student gets every one of them, but
    on a busy server ticks would follow one another with no pause, and a class playing would leave
    no time to the students who edit."""
    if last is None:
        return 0.0
    start, end = last
    return min(TICK, max(0.0, start + TICK - now, end + TICK / 2 - now))


def tick_updates(p: Problem, step: int, last: int, speed: str) -> int:
    """How many updates a Play tick takes from ``step`` (Play stops at ``last``): at full speed as
    many as ``FAST_WORK`` buys, across epochs; one epoch (the rest of the current one, at most
    ``TICK_WORK``: a large data set in small batches takes a few ticks an epoch); or one batch."""
    left = max(0, last - step)
    if speed == "update":
        return min(1, left)
    if speed == "epoch":
        return min(p.per_epoch - step % p.per_epoch, left, max(1, within(p, TICK_WORK)))
    return min(left, max(1, within(p, FAST_WORK)))


def within(p: Problem, budget: float) -> int:
    """The most updates of ``p`` that cost at most ``budget``."""
    return work.fit_steps(p.network.sizes, p.x.shape[1], p.batch_size, p.x_test.shape[1], budget)


def max_step(p: Problem) -> int:
    """The most updates a link reproduces for ``p``: what the worker computes for one request."""
    return min(MAX_STEP, within(p, work.WORKER))


def reach(p: Problem, step: int) -> Run:
    """The run after ``step`` updates from the start: what a shared link reproduces."""
    if not 0 <= step <= MAX_STEP:
        raise ValueError(f"the step must be from 0 to {MAX_STEP:,}")
    return advance(p, start(p), step)


# --- what the figures show -------------------------------------------------------------------


def extent(p: Problem, pad: float = 0.15) -> tuple[tuple[float, float], ...]:
    """The input box the figures cover: every point (train and test) with a margin."""
    x = np.concatenate([p.x, p.x_test], axis=1)
    low, high = x.min(axis=1), x.max(axis=1)
    margin = pad * np.maximum(high - low, 1e-9)
    return tuple((float(a - d), float(b + d)) for a, b, d in zip(low, high, margin))


def plane(p: Problem, params: Params, resolution: int = GRID):
    """The network over a grid of the input plane: (axes, Trace) with every neuron's activation,
    each of shape (resolution², ) per neuron, row-major in (x2, x1); a 1-D input gives a line."""
    axes = [np.linspace(lo, hi, resolution) for lo, hi in extent(p)]
    if len(axes) == 1:
        x = axes[0][None, :]
    else:
        g1, g2 = np.meshgrid(axes[0], axes[1])
        x = np.stack([g1.ravel(), g2.ravel()])
    with np.errstate(all="ignore"):
        trace = forward(p.network, params, x, np.zeros((p.network.sizes[-1], x.shape[1])))
    return axes, trace


def batch_gradients(p: Problem, params: Params, step: int):
    """(trace, gradients) of the batch update ``step`` learns from; the L2 term is not in them
    (``symbolic.weight_chain`` adds it as a step of its own, as ``fit`` adds it to the update)."""
    cols = p.batch(step)
    xb, tb = p.x[:, cols], p.t[:, cols]
    with np.errstate(all="ignore"):
        trace = forward(p.network, params, xb, tb)
        grads = backward(p.network, params, trace, tb)
    return trace, grads


def symmetric_layers(params: Params, tol: float = 1e-12) -> list[int]:
    """Hidden layers (numbered from 1) of several neurons whose incoming weights are all the same:
    those neurons compute one function and get one gradient, so training can never tell them apart."""
    out = []
    for l, w in enumerate(params.weights[:-1], 1):
        if w.shape[0] > 1 and np.all(np.abs(w - w[:1]) <= tol):
            out.append(l)
    return out


def dead_neurons(p: Problem, params: Params) -> list[tuple[int, int]]:
    """(layer, neuron) of ReLU neurons whose input is ≤ 0 for every training sample: g′ = 0 for all,
    so no gradient reaches their weights again."""
    with np.errstate(all="ignore"):
        trace = forward(p.network, params, p.x, p.t)
    dead = []
    for l, name in enumerate(p.network.activations[:-1], 1):
        if name == "relu":
            dead += [(l, i) for i in np.flatnonzero((trace.nets[l - 1] <= 0).all(axis=1))]
    return [(l, int(i)) for l, i in dead]
