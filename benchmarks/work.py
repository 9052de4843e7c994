"""How well ``backprop_core.work`` estimates what a computation costs: each model against the clock.

    python -m benchmarks.work            # best of 3 for every case
    python -m benchmarks.work --quick    # best of 1

For each estimate (the compiled trainer, ``fit`` as the Playground and lesson 5 call it, the
recurrent lesson's BPTT training, fixed-point relaxations) it times computations of several
sizes and prints measured ÷ estimated: near 1 everywhere is a good model; the spread is how far
a page's budget can be off for one request. The constants in backprop_core/work.py are the
medians of these ratios times their previous values, on this project's machine.
"""

import argparse
import platform
import statistics
from functools import partial

import numpy as np

from backprop_core import ARTICLE, NETWORK, train, work
from backprop_core.recurrent import RNN, Task, fixed_point, train_rnn
from backprop_core.surface import descend
from pages.playground import maths as pg
from pages.sgd import maths as sgd
from pages.sgd.cached import GRID

from .core import best


def trainer_cases():
    e = ARTICLE
    for steps, runs in ((20_000, 1), (200_000, 1), (20_000, 5), (20_000, 8)):
        lr = e.lr if runs == 1 else np.linspace(0.1, 5, runs)
        run = partial(train, NETWORK, e.params, e.inputs, e.targets, lr, steps, record_every=steps // 10_000)
        yield f"train {steps:,} steps × {runs}", work.train(steps, runs), run
    yield "descend 100,000 steps", work.train(100_000), partial(descend, e, 100_000, record_every=50)


def fit_cases():
    for n, batch, hidden, split in (
        (200, 10, (4,), 0.3),  # the Playground's default
        (50, 0, (), 0.3),
        (200, 0, (8,) * 6, 0.3),
        (2000, 0, (8,) * 6, 0.3),
        (2000, 1, (), 0.0),
        (2000, 1, (8,) * 6, 0.3),
        (2000, 10, (8, 8), 0.0),
        (2000, 100, (8,) * 6, 0.3),
        (200, 100, (), 0.3),
    ):
        acts = ("tanh",) * len(hidden)
        config = pg.Config("moons", n, test_fraction=split, hidden=hidden, activations=acts, batch=batch)
        p = pg.problem(config, config.make_data())
        steps = max(20, pg.within(p, 200_000))
        yield (
            f"fit n={n} batch={batch} hidden={hidden}, {steps:,} updates",
            pg.cost(p, steps),
            partial(pg.reach, p, steps),
        )
    for setup in (sgd.Setup(), sgd.Setup(epochs=50, n=400, batch_size=2)):
        yield f"lesson 5's three runs, {setup}", sgd.cost(setup), partial(sgd.three_runs, setup)


def grid_cases():
    for setup in (sgd.Setup(), sgd.Setup(n=400)):
        runs = sgd.three_runs(setup)
        run = partial(sgd.projection, setup, runs, "W2[0,0]", "W2[0,1]", GRID)
        yield f"lesson 5's projection, {setup.n} points", sgd.projection_cost(setup, GRID), run


def rnn_cases():
    for T in (4, 20, 50):
        run = partial(train_rnn, RNN(), Task(T=T, sequences=32), 0.01, 300)
        yield f"BPTT training T={T}, 300 steps", work.rnn(300, [T]), run


def relaxation_cases():
    for n in (2, 5):
        a = 0.99 / 0.25  # a slow contraction: thousands of iterations
        W, I, target = np.eye(n) * a, np.full(n, -a / 2), np.full(n, 0.6)
        run = partial(fixed_point, W, I, target, "sigmoid", 1e-14, 5000)
        fp = run()
        iterations = fp.forward.iterations + len(fp.adjoint.changes)
        yield f"relaxations, {n} units, {iterations:,}", work.relaxations(iterations), run


MODELS = {
    "STEP": trainer_cases,
    "UPDATE, EVALUATION, PRODUCT": fit_cases,
    "GRID": grid_cases,
    "RNN_STEP, RNN_CALL": rnn_cases,
    "RELAXATION": relaxation_cases,
}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.work", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="best of 1 instead of 3")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else 3
    print(f"Work estimates against the clock: Python {platform.python_version()}, best of {repeats}")
    for constants, cases in MODELS.items():
        ratios = []
        for name, estimate, run in cases():
            seconds, _ = best(run, repeats)
            ratios.append(seconds * 1e6 / estimate)
            times = f"estimated {estimate / 1e3:8.1f} ms, measured {seconds * 1e3:8.1f} ms"
            print(f"  {name:<62} {times}: ×{ratios[-1]:.2f}")
        print(
            f"{constants}: measured ÷ estimated {min(ratios):.2f} to {max(ratios):.2f}, "
            f"median {statistics.median(ratios):.2f}\n"
        )


if __name__ == "__main__":
    main()
