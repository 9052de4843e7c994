"""A Playground run as a Jupyter notebook (nbformat v4, written as plain JSON) that rebuilds the
data set and trains the same network to the same step with NumPy alone, and prints the cost.

The data set's generator is the core's own source (``inspect.getsource`` of datasets.py), so
the notebook draws exactly the points the page drew; an uploaded file's numbers are written in
as literals (its header text is not: only numbers go into the code). Everything else in the
notebook is a short, plain NumPy re-statement of ``network.py`` and ``training.fit``; a test
executes it and compares its final cost with the page's.
"""

import inspect
import json
import textwrap

from backprop_core import datasets
from pages.playground.maths import UPLOAD, Config

_GENERATORS = {
    "xor": ("_counts", "_xor"),
    "circles": ("_counts", "_circle_points", "_circles"),
    "moons": ("_counts", "_moons"),
    "spirals": ("_counts", "_spirals"),
    "blobs": ("_counts", "blob_centres", "_blobs"),
    "curve": ("curve",),
}
_CONSTANTS = ("XOR_CENTRE", "CIRCLE_RADII", "MOON_RADIUS", "MOON_CENTRES", "SPIRAL_TURNS", "BLOB_RADIUS")


def _cell(kind: str, source: str) -> dict:
    cell = {"cell_type": kind, "metadata": {}, "source": source.strip("\n").splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _data_code(config: Config, upload: datasets.Dataset | None) -> str:
    if config.dataset == UPLOAD:
        if upload is None:
            raise ValueError("an uploaded data set needs its data")
        return (
            "# The uploaded file's numbers (features as rows, one sample per column), and its labels\n"
            f"X = np.array({upload.X.tolist()!r})\n"
            f"y = np.array({upload.y.tolist()!r})\n"
            f"K = {upload.n_classes}  # classes (0: regression)\n"
        )
    source = "\n\n".join(inspect.getsource(getattr(datasets, f)) for f in _GENERATORS[config.dataset])
    constants = "\n".join(f"{c} = {getattr(datasets, c)!r}" for c in _CONSTANTS)
    k = config.classes if config.dataset == "blobs" else 2
    make = (
        "rng = np.random.default_rng(SEED)\n"
        "x = rng.uniform(-1, 1, N)\n"
        "y = curve(x) + NOISE * rng.standard_normal(N)\n"
        "X, K = x[np.newaxis, :], 0\n"
        if config.dataset == "curve"
        else f"K = {k}\n"
        "rng = np.random.default_rng(SEED)\n"
        f"parts = _{config.dataset}(rng, N, K)\n"
        "X = np.concatenate([points for points, _ in parts], axis=1)\n"
        "y = np.concatenate([labels for _, labels in parts])\n"
        "X = X + NOISE * rng.standard_normal(X.shape)\n"
        "order = rng.permutation(N)\n"
        "X, y = X[:, order], y[order]\n"
    )
    return f"# The generator, as backprop_core/datasets.py draws it\n{constants}\n\n\n{source}\n\n{make}"


_SPLIT = """
# A seeded, stratified train/test split (backprop_core/datasets.py: split)
def test_counts(sizes, n_test):
    total = sum(sizes)
    quotas = [n_test * s / total for s in sizes]
    counts = [math.floor(q) for q in quotas]
    for j in sorted(range(len(sizes)), key=lambda j: (counts[j] - quotas[j], j))[: n_test - sum(counts)]:
        counts[j] += 1
    return counts


m = X.shape[1]
if TEST_FRACTION == 0:
    train, test = np.arange(m), np.arange(0)
else:
    n_test = max(1, math.floor(TEST_FRACTION * m + 0.5))
    rng = np.random.default_rng(SEED)
    groups = [np.flatnonzero(y == j) for j in range(K)] if K else [np.arange(m)]
    parts_test, parts_train = [], []
    for group, count in zip(groups, test_counts([len(g) for g in groups], n_test)):
        shuffled = rng.permutation(group)
        parts_test.append(shuffled[:count])
        parts_train.append(shuffled[count:])
    train = rng.permutation(np.concatenate(parts_train))
    test = rng.permutation(np.concatenate(parts_test))


def targets(labels):
    if OUTPUT == "linear" and K == 0:
        return labels[np.newaxis, :].astype(float)  # regression: the value itself
    if OUTPUT != "softmax" and K == 2:
        return labels[np.newaxis, :].astype(float)  # one output: 0 or 1
    return (np.arange(K)[:, np.newaxis] == labels).astype(float)  # one-hot columns


x_train, t_train = X[:, train], targets(y[train])
x_test, t_test = X[:, test], targets(y[test])
print(x_train.shape[1], "training and", x_test.shape[1], "test samples")
"""

_NETWORK = """
# The network: Z = W·A + b, A = g(Z), samples as columns
def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


G = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0),
     "linear": lambda z: z * 1.0, "softmax": softmax}
G_PRIME = {"sigmoid": lambda z, a: a * (1.0 - a), "tanh": lambda z, a: 1.0 - a * a,
           "relu": lambda z, a: (z > 0) * 1.0, "linear": lambda z, a: np.ones_like(z)}
EPS = 1e-15


def losses(a, t):
    # each output's loss, per sample
    if OUTPUT == "sigmoid":  # binary cross-entropy
        o = np.clip(a, EPS, 1.0 - EPS)
        return -(t * np.log(o) + (1.0 - t) * np.log1p(-o))
    if OUTPUT == "softmax":  # categorical cross-entropy
        return -t * np.log(np.clip(a, EPS, 1.0))
    return 0.5 * (t - a) ** 2  # squared error


def forward(W, b, x):
    A, Z = [x], []
    for g, w, c in zip(ACTIVATIONS, W, b):
        Z.append(w @ A[-1] + c[:, None])
        A.append(G[g](Z[-1]))
    return A, Z


def cost(W, b, x, t):
    A, Z = forward(W, b, x)
    penalty = 0.5 * L2 * sum(float(np.vdot(w, w)) for w in W) if L2 else 0.0
    return float(losses(A[-1], t).sum(axis=0).mean()) + penalty, A, Z


# Seeded initial weights (biases start at 0)
rng = np.random.default_rng(SEED)
W, b = [], []
for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
    if INIT == "xavier":
        limit = np.sqrt(6.0 / (n_in + n_out))
        W.append(rng.uniform(-limit, limit, (n_out, n_in)))
    elif INIT == "he":
        W.append(rng.normal(0.0, np.sqrt(2.0 / n_in), (n_out, n_in)))
    elif INIT == "uniform":
        W.append(rng.uniform(-0.5, 0.5, (n_out, n_in)))
    else:
        W.append(np.zeros((n_out, n_in)))
    b.append(np.zeros(n_out))
"""

_TRAIN = """
# Mini-batch gradient descent; each epoch's order is drawn from (SEED, epoch), as the page does
m = x_train.shape[1]
size = m if BATCH == 0 else min(BATCH, m)
per_epoch = -(-m // size)
for step in range(STEPS):
    epoch, j = divmod(step, per_epoch)
    order = np.arange(m) if size >= m else np.random.default_rng([SEED, epoch]).permutation(m)
    cols = order[j * size : (j + 1) * size]
    xb, tb = x_train[:, cols], t_train[:, cols]
    J, A, Z = cost(W, b, xb, tb)
    if not (np.isfinite(J) and all(np.isfinite(z).all() for z in Z)):
        print("diverged at step", step)
        break
    delta = A[-1] - tb  # the output's δ = a − y, for each of the three output/loss pairs
    for l in range(len(W) - 1, -1, -1):
        dW = delta @ A[l].T / xb.shape[1] + L2 * W[l]
        db = delta.mean(axis=1)
        if l > 0:
            delta = (W[l].T @ delta) * G_PRIME[ACTIVATIONS[l - 1]](Z[l - 1], A[l])  # the chain rule
        W[l], b[l] = W[l] - LR * dW, b[l] - LR * db

final_cost = cost(W, b, x_train, t_train)[0]
print("training cost after", STEPS, "steps:", repr(final_cost))
if x_test.shape[1]:
    print("test cost:", repr(cost(W, b, x_test, t_test)[0]))
"""


def notebook(
    config: Config, steps: int, sizes: tuple[int, ...], upload: datasets.Dataset | None = None
) -> dict:
    """The notebook (a JSON-ready dict) training ``config``'s network of ``sizes`` for ``steps`` updates."""
    settings = {
        "SEED": config.seed,
        "N": config.n,
        "NOISE": config.noise,
        "TEST_FRACTION": config.test_fraction,
        "SIZES": tuple(sizes),
        "ACTIVATIONS": (*config.activations, config.output),
        "OUTPUT": config.output,
        "INIT": config.init,
        "L2": config.l2,
        "LR": config.lr,
        "BATCH": config.batch,
        "STEPS": int(steps),
    }
    header = "import math\n\nimport numpy as np\n\n" + "\n".join(f"{k} = {v!r}" for k, v in settings.items())
    what = "an uploaded file" if config.dataset == UPLOAD else f"`{config.dataset}`"
    intro = textwrap.dedent(f"""
        # Backprop Lab Playground: the run, in NumPy alone

        Data: {what}. Network: {" → ".join(map(str, sizes))}, hidden activations
        {", ".join(config.activations) or "none"}, a {config.output} output with its loss.
        Run all cells: the last prints the training cost after {int(steps):,} steps,
        the number the page showed.
        """)
    cells = [
        _cell("markdown", intro),
        _cell("code", header),
        _cell("code", _data_code(config, upload)),
        _cell("code", _SPLIT),
        _cell("code", _NETWORK),
        _cell("code", _TRAIN),
    ]
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": [dict(c, id=f"cell-{i}") for i, c in enumerate(cells)],
    }


def dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1)


def code(nb: dict) -> str:
    """The notebook's code cells joined, in order (what running all cells runs)."""
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
