"""``python -m backprop_core train``: a network learns a data set, with the engine the pages use.

The data set is generated from a seed (or read from a CSV file), split into training and
held-out samples, and learnt by mini-batch gradient descent (``training.fit``). The report is
the cost after every epoch; ``--json`` prints one JSON object with the trained network, which
``--save`` writes and ``--init-weights`` reads back. Bad input: one line on stderr, exit 2.
"""

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from backprop_core import datasets, numbers
from backprop_core.cli.args import fail, real, shorten, whole
from backprop_core.export import loads, to_json
from backprop_core.network import INITS, Network, init_params
from backprop_core.training import MAX_UPDATES, History, batches_per_epoch, fit

LOSS_NAMES = {"mse": "half_squared", "bce": "binary_cross_entropy", "ce": "cross_entropy"}
OUTPUT_FOR = {"mse": "linear", "bce": "sigmoid", "ce": "softmax"}  # the usual output layer per loss
HIDDEN_ACTIVATIONS = ("tanh", "sigmoid", "relu", "linear")
MAX_HIDDEN_LAYERS, MAX_NEURONS = 8, 64
MAX_EPOCHS = 10_000
PROGRESS_UPDATES = 50_000  # runs longer than this show their progress on stderr (unless --json)


def add_commands(subparsers) -> None:
    t = subparsers.add_parser("train", help="a network learns a data set (mini-batch gradient descent)")
    t.add_argument(
        "--data", default="moons", metavar="NAME", help=f"{', '.join(datasets.NAMES)}, or FILE.csv"
    )
    t.add_argument("--n", type=whole("n", datasets.MIN_POINTS, datasets.MAX_POINTS), default=200)
    t.add_argument("--noise", type=real("noise", 0.0, datasets.MAX_NOISE), default=0.1)
    t.add_argument("--classes", type=whole("classes", 2, datasets.MAX_CLASSES), default=3, help="for blobs")
    t.add_argument("--seed", type=whole("seed", 0, 2**32 - 1), default=0, help="data, weights and batches")
    t.add_argument(
        "--layers", type=_layers, default=(8, 8), help='hidden layer sizes, e.g. 8,8 ("" for none)'
    )
    t.add_argument("--activation", choices=HIDDEN_ACTIVATIONS, default="tanh", help="of the hidden layers")
    t.add_argument(
        "--output", choices=("sigmoid", "softmax", "linear", "tanh"), help="default: the loss's own"
    )
    t.add_argument("--loss", choices=tuple(LOSS_NAMES), help="default: bce for two classes, ce for more, mse")
    t.add_argument("--init", choices=tuple(i for i in INITS if i != "normal"), default="xavier")
    t.add_argument("--lr", type=real("lr", 0.0, 1e3, above=True), default=0.1)
    t.add_argument("--batch", type=_batch, default=10, help="1 (stochastic), k (mini-batch) or all")
    t.add_argument("--epochs", type=whole("epochs", 1, MAX_EPOCHS), default=100)
    t.add_argument("--l2", type=real("l2", 0.0, 10.0), default=0.0, help="L2 penalty λ")
    t.add_argument("--test-fraction", type=real("test-fraction", 0.0, 0.9), default=0.2)
    t.add_argument("--init-weights", metavar="W.json", help="start from this network (as --save writes)")
    t.add_argument("--save", metavar="W.json", help="write the trained network as JSON")
    t.add_argument("--json", action="store_true", help="print one JSON object, full float64 precision")
    t.set_defaults(run=run)


def run(args) -> int:
    try:
        data = _data(args)
        train_set, test_set = datasets.split(data, args.test_fraction, args.seed)
        network, params = _network(args, data)
    except (ValueError, OSError) as error:  # DatasetError is a ValueError; messages are one line
        return fail("train", error)
    x, t = train_set.X, train_set.targets(network.loss)
    test = (test_set.X, test_set.targets(network.loss)) if test_set.m else None
    size = None if args.batch == "all" else args.batch
    per_epoch = batches_per_epoch(train_set.m, min(size or train_set.m, train_set.m))
    updates = args.epochs * per_epoch
    if updates > MAX_UPDATES:
        return fail(
            "train",
            ValueError(f"{updates:,} updates is more than {MAX_UPDATES:,}: fewer epochs or larger batches"),
        )
    show = not args.json and updates > PROGRESS_UPDATES
    history = _fit(network, params, x, t, test, size, per_epoch, args, show)
    result = report(network, history)
    if args.save:
        try:
            Path(args.save).write_text(json.dumps(result["network"], indent=1) + "\n")
        except OSError as error:
            return fail("train", error)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(text(result, data, train_set.m, test_set.m))
    return 1 if result["diverged_at"] is not None else 0


def _fit(network, params, x, t, test, size, per_epoch: int, args, show: bool) -> History:
    kw = {"lr": args.lr, "batch_size": size, "seed": args.seed, "test": test, "l2": args.l2}
    if not show:
        return fit(network, params, x, t, epochs=args.epochs, **kw)
    # A long run in tenths, each continuing the last (the same batches as one run): progress on stderr.
    parts, done = [], 0
    for k in range(1, 11):
        epochs = args.epochs * k // 10 - done
        if epochs:
            part = fit(network, params, x, t, epochs=epochs, start_step=done * per_epoch, **kw)
            parts.append(part)
            params, done = part.final, done + epochs
            cost = numbers.text(part.evaluation.train_cost[-1], 6)
            print(f"train: epoch {done:,} of {args.epochs:,}, cost {cost}", file=sys.stderr)
            if part.diverged_at >= 0:
                break
    return _joined(parts)


def _joined(parts: list[History]) -> History:
    """The per-epoch evaluations of consecutive runs as one (each run's first repeats the last's end)."""
    if len(parts) == 1:
        return parts[0]
    first, last = parts[0].evaluation, parts[-1]

    def cat(field):
        values = [getattr(p.evaluation, field) for p in parts]
        return None if values[0] is None else np.concatenate([values[0]] + [v[1:] for v in values[1:]])

    evaluation = replace(
        first,
        **{f: cat(f) for f in ("steps", "epochs", "train_cost", "test_cost", "accuracy", "test_accuracy")},
    )
    return replace(
        last,
        evaluation=evaluation,
        steps=np.concatenate([p.steps for p in parts]),
        loss=np.concatenate([p.loss for p in parts]),
    )


def report(network: Network, history: History) -> dict:
    """The JSON object: per-epoch costs (after each epoch), the final cost, and the network."""
    ev = history.evaluation
    diverged = int(history.diverged_at)

    def per_epoch(values):
        return None if values is None else [_finite(v) for v in values[1:]]

    return {
        "train_cost": per_epoch(ev.train_cost),
        "test_cost": per_epoch(ev.test_cost),
        "accuracy": per_epoch(ev.accuracy),
        "test_accuracy": per_epoch(ev.test_accuracy),
        "final_cost": _finite(ev.train_cost[-1]),
        "steps": int(ev.steps[-1]) if diverged < 0 else diverged,
        "diverged_at": None if diverged < 0 else diverged,
        "network": to_json(network, history.final),
    }


def text(result: dict, data: datasets.Dataset, n_train: int, n_test: int) -> str:
    net = result["network"]
    lines = [
        f"{data.name}: {n_train} training and {n_test} held-out samples; "
        f"network {'-'.join(map(str, net['layers']))} ({', '.join(net['activations'])}), loss {net['loss']}",
        f"{'epoch':>6}  {'train cost':>12}  {'test cost':>12}  {'accuracy':>9}  {'test acc.':>9}",
    ]
    costs = result["train_cost"]
    shown = sorted({*range(0, len(costs), max(1, len(costs) // 10)), len(costs) - 1})
    for e in shown:
        cells = [_cell(result[k], e, 6) for k in ("train_cost", "test_cost", "accuracy", "test_accuracy")]
        lines.append(f"{e + 1:>6}  {cells[0]:>12}  {cells[1]:>12}  {cells[2]:>9}  {cells[3]:>9}")
    if result["diverged_at"] is not None:
        lines.append(
            f"diverged at update {result['diverged_at']:,}: the cost overflowed; the run stopped there"
        )
    lines.append(f"final cost {_cell([result['final_cost']], 0, 9)} after {result['steps']:,} updates")
    return "\n".join(lines)


def _cell(values, i: int, digits: int) -> str:
    if values is None:
        return "-"
    return "not finite" if values[i] is None else numbers.text(values[i], digits)


def _data(args) -> datasets.Dataset:
    if args.data.lower().endswith(".csv"):
        path = Path(args.data)
        if path.stat().st_size > datasets.MAX_CSV_BYTES:
            raise ValueError(f"{shorten(args.data)}: larger than {datasets.MAX_CSV_BYTES // 1_000_000} MB")
        return datasets.load_csv(path.read_bytes(), path.name)
    if args.data not in datasets.NAMES:
        raise ValueError(
            f"unknown data set {shorten(args.data)}: choose {', '.join(datasets.NAMES)} or a .csv file"
        )
    return datasets.make(args.data, args.n, args.noise, args.seed, classes=args.classes)


def _network(args, data: datasets.Dataset):
    """The network to train: read from --init-weights, or built from the flags and initialised."""
    if args.init_weights:
        network, params = loads(Path(args.init_weights).read_bytes())
        if network.sizes[0] != data.n_features:
            raise ValueError(f"the network takes {network.sizes[0]} inputs; the data has {data.n_features}")
        data.targets(network.loss)  # the data fits the network's loss, or a one-line error
        return network, params
    loss = args.loss or (
        "mse" if data.task == datasets.REGRESSION else "bce" if data.n_classes == 2 else "ce"
    )
    outputs = (
        1 if loss == "mse" and data.task == datasets.REGRESSION else data.targets(LOSS_NAMES[loss]).shape[0]
    )
    sizes = (data.n_features, *args.layers, outputs)
    activations = (args.activation,) * len(args.layers) + (args.output or OUTPUT_FOR[loss],)
    network = Network(sizes, activations, LOSS_NAMES[loss], shared_bias=False)
    return network, init_params(network, np.random.default_rng(args.seed), args.init)


def _finite(v):
    v = float(v)
    return v if np.isfinite(v) else None  # strict JSON has no inf or nan


def _layers(text: str) -> tuple[int, ...]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) > MAX_HIDDEN_LAYERS:
        raise argparse.ArgumentTypeError(f"at most {MAX_HIDDEN_LAYERS} hidden layers")
    return tuple(whole("a layer's size", 1, MAX_NEURONS)(p) for p in parts)


def _batch(text: str):
    return "all" if text.strip().lower() == "all" else whole("batch", 1, datasets.MAX_CSV_ROWS)(text)
