"""``fit`` against a plain NumPy loop (issue 26, item 3), the way the issue measured it.

One mini-batch update of 2-8-8-1 (tanh, a sigmoid output, binary cross-entropy) on 400 moons points
(320 to train, 80 held out: the command line's split) in batches of 10: the time of 101 epochs less
the time of 1 epoch, over the 3,200 updates between. Three contenders, timed in turns:

- a plain NumPy loop doing the same updates (the same shuffles, nothing recorded): the baseline;
- ``fit`` with its whole history (each update's cost and gradient norms, both sets evaluated
  after every epoch), as the pages call it;
- ``python -m backprop_core train --n 400`` itself, in this process, printing its table.

    python -m benchmarks.fit [--quick]
"""

import argparse
import contextlib
import io
import math
import time

import numpy as np

from backprop_core import datasets
from backprop_core.cli import main as cli
from backprop_core.network import Network, init_params
from backprop_core.training import fit

from .core import HEADER, Figure, row

NETWORK = Network((2, 8, 8, 1), ("tanh", "tanh", "sigmoid"), "binary_cross_entropy", shared_bias=False)
POINTS, BATCH, LR, SEED = 400, 10, 0.1, 0  # the command line's defaults but --n


def data():
    """The command line's training and held-out sets and initial weights for ``--n 400``."""
    train, test = datasets.split(datasets.make("moons", POINTS, 0.1, SEED), 0.2, SEED)
    start = init_params(NETWORK, np.random.default_rng(SEED), "xavier")
    targets = NETWORK.loss
    return (train.X, train.targets(targets)), (test.X, test.targets(targets)), start


def plain_loop(params, x, t, epochs: int):
    """The same updates written plainly, a mini-batch at a time: the final weights, flat."""
    (w1, w2, w3), (b1, b2, b3) = (w.copy() for w in params.weights), (b.copy() for b in params.biases)
    m = x.shape[1]
    for epoch in range(epochs):
        order = np.random.default_rng([SEED, epoch]).permutation(m)
        xe, te = x[:, order], t[:, order]
        for j in range(0, m, BATCH):
            a0, y = xe[:, j : j + BATCH], te[:, j : j + BATCH]
            k = a0.shape[1]
            a1 = np.tanh(w1 @ a0 + b1[:, None])
            a2 = np.tanh(w2 @ a1 + b2[:, None])
            a3 = 1.0 / (1.0 + np.exp(-(w3 @ a2 + b3[:, None])))
            d3 = a3 - y
            d2 = (w3.T @ d3) * (1.0 - a2 * a2)
            d1 = (w2.T @ d2) * (1.0 - a1 * a1)
            w3, b3 = w3 - LR * (d3 @ a2.T) / k, b3 - LR * d3.sum(axis=1) / k
            w2, b2 = w2 - LR * (d2 @ a1.T) / k, b2 - LR * d2.sum(axis=1) / k
            w1, b1 = w1 - LR * (d1 @ a0.T) / k, b1 - LR * d1.sum(axis=1) / k
    return np.concatenate([a.ravel() for a in (w1, w2, w3, b1, b2, b3)])


def contenders(epochs: int):
    """Name -> a function training ``epochs`` epochs and returning its final weights (None: not kept)."""
    (x, t), test, start = data()

    def command_line():
        with contextlib.redirect_stdout(io.StringIO()):
            cli(["train", "--n", str(POINTS), "--epochs", str(epochs), "--batch", str(BATCH)])

    return {
        "plain": lambda: plain_loop(start, x, t, epochs),
        "fit": lambda: fit(
            NETWORK, start, x, t, lr=LR, batch_size=BATCH, epochs=epochs, seed=SEED, test=test
        ).final.flat(),
        "command line": command_line,
    }


def per_update(repeats: int, epochs: int = 101) -> tuple[dict, dict]:
    """Each contender's seconds an update ((epochs) less (1 epoch), best of ``repeats`` each, all
    timed in turns so that they share whatever else the machine does), and its final weights."""
    long, short = contenders(epochs), contenders(1)
    best = {name: [np.inf, np.inf] for name in long}
    finals = {}
    for _ in range(repeats):
        for name in long:
            for i, fn in enumerate((short[name], long[name])):
                began = time.perf_counter()
                finals[name] = fn()
                best[name][i] = min(best[name][i], time.perf_counter() - began)
    updates = (epochs - 1) * -(-data()[0][0].shape[1] // BATCH)
    return {name: (b[1] - b[0]) / updates for name, b in best.items()}, finals


def figures(repeats: int, epochs: int = 101) -> list[Figure]:
    times, finals = per_update(repeats, epochs)
    gap = np.abs(finals["fit"] - finals["plain"]).max()

    def figure(name: str, what: str) -> Figure:
        ratio = times[name] / times["plain"] if times["plain"] > 0 else math.inf  # a tiny run: noise
        check = f"max |dW| {gap:.0e}" if name == "fit" else "the same updates"
        return Figure(what, times[name], times["plain"], "<= 1.0x", ratio <= 1.0, check)

    return [
        figure("fit", "j) fit 2-8-8-1, batch 10, an update vs plain NumPy"),
        figure("command line", "k) train --n 400 (the CLI), an update vs plain NumPy"),
    ]


def main(argv=None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.fit", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats")
    args = p.parse_args(argv)
    print(HEADER)
    for f in figures(3 if args.quick else 7):
        print(
            row(f), f"  ({f.measured * 1e6:.1f} us an update against {f.baseline * 1e6:.1f} us)", flush=True
        )


if __name__ == "__main__":
    main()
