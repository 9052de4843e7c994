"""Speed of backprop_core, each figure against a plain baseline timed in the same run.

    python -m benchmarks            # best of several repeats
    python -m benchmarks --quick    # fewer repeats

A ratio is measured time / baseline time, so below 1 the core is faster. Each
benchmark also checks that both sides computed the same numbers: a fast wrong
answer is not a result. The report always exits 0.
"""

import argparse
import os
import platform
import time
from dataclasses import dataclass, replace
from math import exp, tanh

import numpy as np

from backprop_core import ARTICLE, NETWORK, datasets, forward, grid_axis, loss_over, train
from backprop_core.network import Network, init_params
from backprop_core.training import fit

E = ARTICLE


@dataclass(frozen=True)
class Figure:
    name: str
    measured: float  # seconds
    baseline: float  # seconds
    target: str
    passed: bool
    check: str  # how closely the two sides agreed


def best(fn, repeats: int):
    """The fastest of ``repeats`` calls (the least disturbed by whatever else runs), and fn's result."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return min(times), result


def scalar_loop(steps: int) -> float:
    """The worked example's gradient descent written out on floats; E_total after ``steps``."""
    x1, x2, t1, t2, lr, b1, b2 = E.x1, E.x2, E.t1, E.t2, E.lr, E.b1, E.b2
    w1, w2, w3, w4, w5, w6, w7, w8 = E.w1, E.w2, E.w3, E.w4, E.w5, E.w6, E.w7, E.w8
    for _ in range(steps):
        out_h1 = 1.0 / (1.0 + exp(-(w1 * x1 + w2 * x2 + b1)))
        out_h2 = 1.0 / (1.0 + exp(-(w3 * x1 + w4 * x2 + b1)))
        out_o1 = 1.0 / (1.0 + exp(-(w5 * out_h1 + w6 * out_h2 + b2)))
        out_o2 = 1.0 / (1.0 + exp(-(w7 * out_h1 + w8 * out_h2 + b2)))
        d_o1 = (out_o1 - t1) * out_o1 * (1.0 - out_o1)  # dE_total/dnet_o1
        d_o2 = (out_o2 - t2) * out_o2 * (1.0 - out_o2)
        d_h1 = (d_o1 * w5 + d_o2 * w7) * out_h1 * (1.0 - out_h1)
        d_h2 = (d_o1 * w6 + d_o2 * w8) * out_h2 * (1.0 - out_h2)
        w1, w2, w3, w4 = w1 - lr * d_h1 * x1, w2 - lr * d_h1 * x2, w3 - lr * d_h2 * x1, w4 - lr * d_h2 * x2
        w5, w6 = w5 - lr * d_o1 * out_h1, w6 - lr * d_o1 * out_h2
        w7, w8 = w7 - lr * d_o2 * out_h1, w8 - lr * d_o2 * out_h2
    out_h1 = 1.0 / (1.0 + exp(-(w1 * x1 + w2 * x2 + b1)))
    out_h2 = 1.0 / (1.0 + exp(-(w3 * x1 + w4 * x2 + b1)))
    out_o1 = 1.0 / (1.0 + exp(-(w5 * out_h1 + w6 * out_h2 + b2)))
    out_o2 = 1.0 / (1.0 + exp(-(w7 * out_h1 + w8 * out_h2 + b2)))
    return 0.5 * (t1 - out_o1) ** 2 + 0.5 * (t2 - out_o2) ** 2


def _train(lr, steps: int, engine: str = "auto"):
    return train(NETWORK, E.params, E.inputs, E.targets, lr, steps, record_every=steps, engine=engine)


def training(repeats: int, steps: int = 10_000) -> Figure:
    core, history = best(lambda: _train(E.lr, steps), repeats)
    plain, E_total = best(lambda: scalar_loop(steps), repeats)
    gap = abs(float(history.final_loss) - E_total)
    return Figure(
        f"a) train {steps:,} steps vs a plain Python loop",
        core,
        plain,
        "<= 4x",
        core <= 4 * plain,
        f"|dE_total| {gap:.0e}",
    )


def sweep(repeats: int, runs: int = 100, steps: int = 1_000) -> Figure:
    lrs = np.linspace(0.05, 5.0, runs)
    # The NumPy engine on both sides: batching is what is measured, not the engine.
    batched, together = best(lambda: _train(lrs, steps, "numpy"), repeats)
    alone, separately = best(lambda: [_train(lrs[i : i + 1], steps, "numpy") for i in range(runs)], 1)
    gap = np.abs(together.final_loss - np.concatenate([h.final_loss for h in separately])).max()
    return Figure(
        f"b) {runs}-lr sweep x {steps:,} steps vs one by one, per run",
        batched / runs,
        alone / runs,
        "<= 0.2 (5x)",
        alone >= 5 * batched,
        f"max |dE_total| {gap:.0e}",
    )


def small_sweep(repeats: int, runs: int = 5, steps: int = 500) -> Figure:
    """The Training page's comparison: a few runs, where the compiled engine takes them one by one."""
    lrs = np.array([0.1, 0.5, 5.0, 50.0, 1000.0])[:runs]
    auto, fast = best(lambda: _train(lrs, steps), repeats)
    batched, slow = best(lambda: _train(lrs, steps, "numpy"), repeats)
    gap = np.abs(fast.final_loss - slow.final_loss).max()
    return Figure(
        f"c) {runs}-lr sweep x {steps} steps, auto vs the NumPy batch",
        auto,
        batched,
        "<= 0.5 (2x)",
        auto <= 0.5 * batched,
        f"max |dE_total| {gap:.0e}",
    )


def surface(repeats: int, points: int = 201) -> Figure:
    w5, w6 = grid_axis(E.w5, 2.0, points), grid_axis(E.w6, 2.0, points)
    batched, grid = best(lambda: loss_over(E, w5=w5[None, :], w6=w6[:, None]), repeats)

    def pointwise():
        grid = np.empty((points, points))
        for i, b in enumerate(w6):
            for j, a in enumerate(w5):
                e = replace(E, w5=float(a), w6=float(b))
                grid[i, j] = forward(NETWORK, e.params, e.inputs, e.targets).cost
        return grid

    loop, reference = best(pointwise, 1)
    gap = np.abs(grid - reference).max()
    return Figure(
        f"d) {points}x{points} loss surface vs a loop over forward",
        batched,
        loop,
        "< 20 ms",
        batched < 0.020,
        f"max |dE_total| {gap:.0e}",
    )


def steps_latex(repeats: int) -> Figure | str:
    try:  # imported here: SymPy is slow to load and the other figures do not need it
        from backprop_core import symbolic
    except ImportError as error:
        return f"e) chain-rule LaTeX steps: skipped, backprop_core.symbolic missing ({error})"
    examples = iter(replace(E, w5=0.3 + k / 1000) for k in range(10**6))

    def build():  # a fresh example each time: nothing per-number is cached
        e = next(examples)
        return symbolic.forward_steps(e), symbolic.backward_steps(e)

    def cold():  # the first request: SymPy builds and prints every formula (and the mistakes' variants)
        from backprop_core import mistakes

        for cached in (symbolic._formulas, symbolic._template, mistakes._formulas):
            cached.cache_clear()
        return build()

    warm, (forward_steps, chains) = best(build, repeats * 2)
    first, _ = best(cold, max(1, repeats // 2))
    count = len(forward_steps) + sum(map(len, chains.values()))
    return Figure(
        f"e) all {count} LaTeX steps vs their first build",
        warm,
        first,
        "< 50 ms",
        warm < 0.050,
        "values from solve()",
    )


# Learning from data: the reference case, a 2-8-8-1 tanh network with a sigmoid output and
# binary cross-entropy on 400 two-moons points.
MOONS_NET = Network((2, 8, 8, 1), ("tanh", "tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False)


def _moons():
    data = datasets.make("moons", 400, 0.1, 0)
    return data.X, data.targets(MOONS_NET.loss), init_params(MOONS_NET, np.random.default_rng(0), "xavier")


def per_sample_loop(params, x, t, lr: float, batch: int, epochs: int, seed: int):
    """The same training written plainly: each sample's gradient in turn, averaged per batch."""
    (w1, w2, w3), (b1, b2, b3) = (w.copy() for w in params.weights), (b.copy() for b in params.biases)
    m = x.shape[1]
    for epoch in range(epochs):
        order = np.arange(m) if batch >= m else np.random.default_rng([seed, epoch]).permutation(m)
        for j in range(0, m, batch):
            cols = order[j : j + batch]
            g = [np.zeros_like(a) for a in (w1, w2, w3, b1, b2, b3)]
            for s in cols:
                a0 = x[:, s]
                a1 = np.tanh(w1 @ a0 + b1)
                a2 = np.tanh(w2 @ a1 + b2)
                a3 = 1.0 / (1.0 + np.exp(-(w3 @ a2 + b3)))
                d3 = a3 - t[:, s]
                d2 = (w3.T @ d3) * (1.0 - a2 * a2)
                d1 = (w2.T @ d2) * (1.0 - a1 * a1)
                for acc, v in zip(g, (np.outer(d1, a0), np.outer(d2, a1), np.outer(d3, a2), d1, d2, d3)):
                    acc += v
            k = len(cols)
            w1, w2, w3 = w1 - lr * g[0] / k, w2 - lr * g[1] / k, w3 - lr * g[2] / k
            b1, b2, b3 = b1 - lr * g[3] / k, b2 - lr * g[4] / k, b3 - lr * g[5] / k
    return np.concatenate([a.ravel() for a in (w1, w2, w3, b1, b2, b3)])


def _fit_figure(label: str, batch: int, epochs: int, repeats: int, target_us: float) -> Figure:
    x, t, start = _moons()
    updates = epochs * -(-400 // batch)
    core, h = best(
        lambda: fit(MOONS_NET, start, x, t, lr=0.1, batch_size=batch, epochs=epochs, seed=0), repeats
    )
    plain, reference = best(lambda: per_sample_loop(start, x, t, 0.1, batch, epochs, 0), 1)
    gap = np.abs(h.final.flat() - reference).max()
    per_update = core / updates
    return Figure(
        f"{label} ({updates:,} updates), per update",
        per_update,
        plain / updates,
        f"< {target_us:g} us",
        per_update < target_us * 1e-6,
        f"max |dW| {gap:.0e}",
    )


def minibatch(repeats: int) -> Figure:
    return _fit_figure(
        "f) fit 2-8-8-1, 400 moons, batch 10, 100 epochs vs per-sample loop", 10, 100, repeats, 50
    )


def full_batch(repeats: int) -> Figure:
    return _fit_figure(
        "g) fit 2-8-8-1, 400 moons, full batch, 300 epochs vs per-sample loop", 400, 300, repeats, 200
    )


def one_hidden_loop(params, x, t, lr: float, batch: int, epochs: int, seed: int):
    """Lesson 5's 2-8-1 trained plainly, one sample's gradient at a time (the same shuffles)."""
    (w1, w2), (b1, b2) = (w.copy() for w in params.weights), (b.copy() for b in params.biases)
    m = x.shape[1]
    for epoch in range(epochs):
        order = np.arange(m) if batch >= m else np.random.default_rng([seed, epoch]).permutation(m)
        for j in range(0, m, batch):
            cols = order[j : j + batch]
            g = [np.zeros_like(a) for a in (w1, w2, b1, b2)]
            for s in cols:
                a1 = np.tanh(w1 @ x[:, s] + b1)
                d2 = 1.0 / (1.0 + np.exp(-(w2 @ a1 + b2))) - t[:, s]
                d1 = (w2.T @ d2) * (1.0 - a1 * a1)
                for acc, v in zip(g, (np.outer(d1, x[:, s]), np.outer(d2, a1), d1, d2)):
                    acc += v
            k = len(cols)
            w1, w2, b1, b2 = w1 - lr * g[0] / k, w2 - lr * g[1] / k, b1 - lr * g[2] / k, b2 - lr * g[3] / k
    return np.concatenate([a.ravel() for a in (w1, w2, b1, b2)])


def sgd_lesson(repeats: int) -> Figure:
    """Everything lesson 5 computes for its default page (uncached) against the three runs trained plainly."""
    from pages.sgd import maths as sgd

    setup = sgd.Setup()

    def lesson():
        runs = sgd.three_runs(setup)
        sgd.projection(setup, runs, "W2[0,0]", "W2[0,1]", 51)
        sgd.first_epoch(setup, runs[1])
        return runs

    measured, runs = best(lesson, repeats)
    train, _ = sgd.data(setup)
    x, t, start = train.X, sgd.targets(train), sgd.initial_params(setup)

    def plain():
        return [one_hidden_loop(start, x, t, setup.lr, r.batch_size, setup.epochs, setup.seed) for r in runs]

    baseline, finals = best(plain, 1)
    gap = max(np.abs(r.history.final.flat() - f).max() for r, f in zip(runs, finals))
    updates = sum(len(r.history.steps) for r in runs)
    return Figure(
        f"h) lesson 5 default: 3 runs ({updates:,} updates), 51x51 slice, 1 epoch vs plain loop",
        measured,
        baseline,
        "< 250 ms",
        measured < 0.25,
        f"max |dW| {gap:.0e}",
    )


def rnn_loop(params, xs, targets, lr: float, steps: int) -> list[float]:
    """BPTT training of the one-unit RNN written out on floats, sequence by sequence (last-step loss)."""
    w, u, b, v, c = params
    T, n = xs.shape
    for _ in range(steps):
        gw = gu = gb = gv = gc = 0.0
        for s in range(n):
            h = [0.0]
            for t in range(T):
                h.append(tanh(w * h[-1] + u * xs[t, s] + b))
            e = (v * h[-1] + c - targets[-1, s]) / n
            gv, gc = gv + e * h[-1], gc + e
            back = e * v  # dL/dh_T, then carried back one step at a time
            for t in range(T, 0, -1):
                dnet = back * (1.0 - h[t] * h[t])
                gw, gu, gb = gw + dnet * h[t - 1], gu + dnet * xs[t - 1, s], gb + dnet
                back = dnet * w
        w, u, b, v, c = w - lr * gw, u - lr * gu, b - lr * gb, v - lr * gv, c - lr * gc
    return [w, u, b, v, c]


def recurrent_lesson(repeats: int) -> Figure:
    """Lesson 6 Part A's default page (uncached): the steps, the analysis, three training runs."""
    from backprop_core import recurrent as r
    from pages.recurrent.maths import LONG_T, SHORT_T, TRAIN_SEQUENCES
    from pages.recurrent.steps import bptt_steps

    rnn, task, lr, steps = r.RNN(), r.Task("remember", 8, 0), 0.1, 300
    lengths = (SHORT_T, task.T, LONG_T)

    def lesson():
        xs, targets = task.data()
        run = r.unroll(rnn, xs, targets)
        bptt_steps(rnn, run, r.bptt(rnn, run), 9)
        r.dependence(rnn, xs), r.dependence(replace(rnn, w=1.5), xs), r.contribution_by_length(rnn, task)
        batch = replace(task, sequences=TRAIN_SEQUENCES)
        return [r.train_rnn(rnn, replace(batch, T=T), lr, steps).final.vector() for T in lengths]

    measured, finals = best(lesson, repeats)

    def plain():
        data = [replace(task, sequences=TRAIN_SEQUENCES, T=T).data() for T in lengths]
        return [rnn_loop(list(rnn.vector()), xs, targets, lr, steps) for xs, targets in data]

    baseline, _ = best(plain, 1)
    # Agreement over the first 100 steps: T = 8 meets an exploding gradient near step 270, where
    # the order of a sum (NumPy's or the loop's) decides the rest of the run.
    batches = [replace(task, sequences=TRAIN_SEQUENCES, T=T) for T in lengths]
    start = list(rnn.vector())
    gaps = [
        r.train_rnn(rnn, b, lr, 100).final.vector() - rnn_loop(start, *b.data(), lr, 100) for b in batches
    ]
    gap = np.abs(gaps).max()
    return Figure(
        f"i) lesson 6 Part A default: steps, analysis, 3 BPTT runs of {steps} steps vs float loop",
        measured,
        baseline,
        "< 500 ms",
        measured < 0.5,
        f"max |dp| {gap:.0e}",
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:9.3f} ms"


HEADER = f"{'':<56} {'measured':>12} {'baseline':>12} {'ratio':>7}  {'target':<12} verdict  agreement"


def _ratio(f: Figure) -> float:
    return f.measured / f.baseline if f.baseline > 0 else float("inf")


def row(f: Figure) -> str:
    verdict = "PASS" if f.passed else "MISS"
    return (
        f"{f.name:<56} {_ms(f.measured)} {_ms(f.baseline)} {_ratio(f):7.3f}  "
        f"{f.target:<12} {verdict:<7}  {f.check}"
    )


def main(argv=None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats")
    args = p.parse_args(argv)
    repeats = 2 if args.quick else 5
    print(
        f"backprop_core benchmarks: Python {platform.python_version()}, NumPy {np.__version__}, "
        f"{os.cpu_count()} CPUs, best of {repeats} (fewer for slow baselines)"
    )
    print(HEADER)
    benches = (training, sweep, small_sweep, surface, steps_latex, minibatch, full_batch, sgd_lesson)
    for bench in benches:
        figure = bench(repeats)
        print(figure if isinstance(figure, str) else row(figure), flush=True)
    from . import fit as against_numpy  # it builds on this module's Figure

    for figure in against_numpy.figures(max(3, repeats)):
        print(row(figure), flush=True)
    print(row(recurrent_lesson(repeats)), flush=True)
