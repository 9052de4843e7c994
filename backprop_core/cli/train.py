"""``python -m backprop_core train``: a network learns a data set, with the engine the pages use.

The data set is generated from a seed (or read from a CSV file), split into training and
held-out samples, and learnt by mini-batch gradient descent (``training.fit``). The report is
the cost after every epoch; ``--json`` prints one JSON object with the trained network, which
``--save`` writes and ``--init-weights`` reads back. Bad input: one line on stderr, exit 2
(1 when the system cannot read or write a file); a run whose cost overflows: a one-line warning,
``null`` for what is not finite, exit 1.
"""

import argparse
import os
import sys
from dataclasses import replace

import numpy as np

from backprop_core import datasets, export, numbers
from backprop_core.cli.args import dumps, fail, real, shorten, warn, whole
from backprop_core.cli.files import check_target, read_capped, write_text
from backprop_core.export import to_json
from backprop_core.losses import canonical
from backprop_core.network import INITS, Network, init_params
from backprop_core.training import MAX_UPDATES, History, batches_per_epoch, fit

# The usual output layer per loss
OUTPUT_FOR = {"half_squared": "linear", "binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}
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
    t.add_argument(
        "--loss", type=_loss, metavar="{mse,bce,ce}", help="default: bce for two classes, ce for more, mse"
    )
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
        per_epoch = _per_epoch(args, train_set.m)
        if args.save:
            check_target(args.save)  # before a long run, not after it
    except (ValueError, OSError) as error:  # DatasetError is a ValueError; messages are one line
        return fail("train", error)
    x, t = train_set.X, train_set.targets(network.loss)
    test = (test_set.X, test_set.targets(network.loss)) if test_set.m else None
    show = not args.json and args.epochs * per_epoch > PROGRESS_UPDATES
    # The table evaluates the epochs it prints; JSON, every epoch. A diverged run's rows depend on
    # where it stopped: it is taken again, the same run, with every epoch evaluated.
    printed = None if args.json else {e + 1 for e in shown_epochs(args.epochs)}
    history = _fit(network, params, x, t, test, per_epoch, args, show, printed)
    if printed is not None and history.diverged_at >= 0:
        history = _fit(network, params, x, t, test, per_epoch, args, False, None)
    result = report(network, history)
    diverged = result["diverged_at"] is not None
    if args.save and not diverged:
        try:
            write_text(args.save, dumps(result["network"], indent=1) + "\n")
        except (ValueError, OSError) as error:
            return fail("train", error)
    if args.json:
        print(dumps(result, indent=1))
    else:  # each per-epoch value's epoch
        epochs = history.evaluation.epochs[1:].astype(int).tolist()
        print(text(result, network, data, train_set.m, test_set.m, epochs))
    if diverged:
        warn("train", _divergence(result["diverged_at"], per_epoch, args.save))
    return 1 if diverged else 0


def _per_epoch(args, m: int) -> int:
    """Updates per epoch; ValueError when the run would take more than MAX_UPDATES updates."""
    per_epoch = batches_per_epoch(m, min(_size(args) or m, m))
    updates = args.epochs * per_epoch
    if updates > MAX_UPDATES:
        raise ValueError(f"{updates:,} updates is more than {MAX_UPDATES:,}: fewer epochs or larger batches")
    return per_epoch


def _size(args) -> int | None:
    return None if args.batch == "all" else args.batch


def _divergence(update: int, per_epoch: int, save) -> str:
    saved = f"; nothing saved to {shorten(save)}" if save else ""
    epoch = update // per_epoch + 1
    where = f"update {update:,} (epoch {epoch:,})"
    return f"the cost overflowed at {where}: the run stopped there{saved}; try a smaller --lr"


def _fit(network, params, x, t, test, per_epoch: int, args, show: bool, evaluated) -> History:
    kw = {"lr": args.lr, "batch_size": _size(args), "seed": args.seed, "test": test, "l2": args.l2}
    kw["evaluate_epochs"] = evaluated
    if not show:
        return fit(network, params, x, t, epochs=args.epochs, **kw)
    # A long run in tenths, each continuing the last (the same batches as one run): progress on stderr.
    parts, done = [], 0
    for k in range(1, 11):
        epochs = args.epochs * k // 10 - done
        if epochs:
            part = fit(network, params, x, t, epochs=epochs, start_step=done * per_epoch, **kw)
            parts.append(part)
            if part.diverged_at >= 0:  # the warning after the report says where
                break
            params, done = part.final, done + epochs
            cost = numbers.text(part.evaluation.train_cost[-1], 6)
            print(f"train: epoch {done:,} of {args.epochs:,}, cost {cost}", file=sys.stderr)
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
    """The JSON object: per-epoch costs (after each epoch), the final cost, and the network
    (``null`` for what is not finite: a diverged run's cost, and its weights if they overflowed)."""
    ev = history.evaluation
    diverged = int(history.diverged_at)

    def per_epoch(values):
        return None if values is None else [_finite(v) for v in values[1:]]

    return {
        "train_cost": per_epoch(ev.train_cost),
        "test_cost": per_epoch(ev.test_cost),
        "accuracy": per_epoch(ev.accuracy),
        "test_accuracy": per_epoch(ev.test_accuracy),
        "final_cost": _finite(ev.train_cost[-1]) if diverged < 0 else None,
        "steps": int(ev.steps[-1]) if diverged < 0 else diverged,
        "diverged_at": None if diverged < 0 else diverged,
        "network": to_json(network, history.final) if np.isfinite(history.final.flat()).all() else None,
    }


def shown_epochs(n: int) -> list[int]:
    """The table's rows for a run of ``n`` epochs: about ten, the first and the last (from 0)."""
    return sorted({*range(0, n, max(1, n // 10)), n - 1} - {-1})


def text(
    result: dict, network: Network, data: datasets.Dataset, n_train: int, n_test: int, epochs=None
) -> str:
    """The report as a table; ``epochs``: the epoch (from 1) of each per-epoch value in ``result``
    (None: one value an epoch, 1, 2, ...), the last being the epochs the run completed."""
    lines = [
        f"{data.name}: {n_train} training and {n_test} held-out samples; network "
        f"{'-'.join(map(str, network.sizes))} ({', '.join(network.activations)}), loss {network.loss}",
        f"{'epoch':>6}  {'train cost':>12}  {'test cost':>12}  {'accuracy':>9}  {'test acc.':>9}",
    ]
    epochs = list(range(1, len(result["train_cost"]) + 1)) if epochs is None else epochs
    row = {epoch: i for i, epoch in enumerate(epochs)}
    for e in shown_epochs(epochs[-1] if epochs else 0):
        keys = ("train_cost", "test_cost", "accuracy", "test_accuracy")
        cells = [_cell(result[k], row[e + 1], 6) for k in keys]
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
        data = read_capped(args.data, datasets.MAX_CSV_BYTES, "a CSV file")
        return datasets.load_csv(data, os.path.basename(args.data))
    if args.data not in datasets.NAMES:
        raise ValueError(
            f"unknown data set {shorten(args.data)}: choose {', '.join(datasets.NAMES)} or a .csv file"
        )
    return datasets.make(args.data, args.n, args.noise, args.seed, classes=args.classes)


def _network(args, data: datasets.Dataset):
    """The network to train: read from --init-weights, or built from the flags and initialised."""
    if args.init_weights:
        return _read_network(args.init_weights, data)
    loss = args.loss or _default_loss(data)
    regression = loss == "half_squared" and data.task == datasets.REGRESSION
    outputs = 1 if regression else data.targets(loss).shape[0]  # or a one-line error
    sizes = (data.n_features, *args.layers, outputs)
    activations = (args.activation,) * len(args.layers) + (args.output or OUTPUT_FOR[loss],)
    network = Network(sizes, activations, loss, shared_bias=False)
    return network, init_params(network, np.random.default_rng(args.seed), args.init)


def _default_loss(data: datasets.Dataset) -> str:
    if data.task == datasets.REGRESSION:
        return "half_squared"
    return "binary_cross_entropy" if data.n_classes == 2 else "cross_entropy"


def _read_network(path: str, data: datasets.Dataset):
    """A network file, under the same limits as --layers, that fits the data's inputs and targets."""

    def within_limits(sizes):
        try:
            _hidden(sizes[1:-1])
        except ValueError as error:
            raise ValueError(f"the network in {shorten(path)} is too large: {error} (as --layers)") from None

    network, params = export.loads(read_capped(path, export.MAX_BYTES, "a network file"), within_limits)
    if network.sizes[0] != data.n_features:
        raise ValueError(f"the network takes {network.sizes[0]} inputs; the data has {data.n_features}")
    outputs = data.targets(network.loss).shape[0]  # the data fits the network's loss, or a one-line error
    if network.sizes[-1] != outputs:
        raise ValueError(f"the network gives {network.sizes[-1]} outputs; the data needs {outputs}")
    return network, params


def _finite(v):
    v = float(v)
    return v if np.isfinite(v) else None  # strict JSON has no inf or nan


def _layers(text: str) -> tuple[int, ...]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    sizes = tuple(whole("a layer's size", 1, MAX_NEURONS)(p) for p in parts)
    try:
        return _hidden(sizes)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _hidden(sizes: tuple[int, ...]) -> tuple[int, ...]:
    """Hidden layer sizes within the command line's limits, whether from --layers or a file."""
    if len(sizes) > MAX_HIDDEN_LAYERS or not all(1 <= n <= MAX_NEURONS for n in sizes):
        raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers of 1 to {MAX_NEURONS} neurons")
    return sizes


def _loss(text: str) -> str:
    try:
        return canonical(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _batch(text: str):
    return "all" if text.strip().lower() == "all" else whole("batch", 1, datasets.MAX_CSV_ROWS)(text)
