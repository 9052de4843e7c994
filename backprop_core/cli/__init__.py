"""``python -m backprop_core example``: the worked example, every number, in a terminal.

A plain report (or ``--json``) of the forward pass, every chain-rule factor, the
gradients and the updated weights; ``--steps N`` also trains. Bad input gets one
line on stderr and exit status 2, never a traceback.
"""

import argparse
import errno
import math
import os
import re
import sys
from dataclasses import replace

import numpy as np

from backprop_core import names, numbers
from backprop_core.chunked import pieces
from backprop_core.cli import recurrent as cli_recurrent
from backprop_core.cli import train as cli_train
from backprop_core.cli import worksheet as cli_worksheet
from backprop_core.cli.args import dumps, real
from backprop_core.example import (
    ARTICLE,
    EARLIER_CODE,
    EARLIER_CODE_DOES,
    FIELDS,
    NETWORK,
    OUTPUTS,
    PARAMETERS,
    alias,
    named_forward,
    solve,
    values_from_params,
)
from backprop_core.limits import RANGES
from backprop_core.network import forward
from backprop_core.training import MAX_STEPS, train

MESSAGE_CHARS = 300  # argparse quotes a bad argument whole ("unrecognized arguments: ..."): cut it
LONG_RUN = 1_000_000  # steps above which --steps shows its progress on stderr (about a second)
PIECE = 500_000  # steps between two progress reports


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # argparse prints usage and the error on two lines; scripts want one, and short.
        message = " ".join(message.split())
        if len(message) > MESSAGE_CHARS:
            message = f"{message[:MESSAGE_CHARS]}… ({len(message):,} characters)"
        self.exit(2, f"{self.prog}: error: {message}\n")


def step_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= MAX_STEPS:
        raise argparse.ArgumentTypeError(f"steps must be between 0 and {MAX_STEPS:,}: {text!r}")
    return value


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m backprop_core", description=__doc__.splitlines()[0])
    commands = p.add_subparsers(dest="command", required=True)
    ex = commands.add_parser("example", help="the 2-2-2 worked example, one step (or --steps N)")
    for name in FIELDS:  # the ranges the app's sidebar and links accept
        low, high = RANGES[name]
        ex.add_argument(
            f"--{name}",
            type=real(name, low, high),
            default=getattr(ARTICLE, name),
            metavar="X",
            help=f"from {numbers.text(low)} to {numbers.text(high)}",
        )
    ex.add_argument("--steps", type=step_count, default=None, metavar="N", help="also train N steps")
    ex.add_argument("--update-biases", action="store_true", help="update b1 and b2 too")
    ex.add_argument("--article-variant", action="store_true", help=f"{EARLIER_CODE}: it {EARLIER_CODE_DOES}")
    ex.add_argument(
        "--decimals", type=int, default=9, choices=range(1, 18), metavar="D", help="like the article: 9"
    )
    ex.add_argument("--json", action="store_true", help="print JSON, full float64 precision")
    cli_recurrent.add_commands(commands)
    cli_train.add_commands(commands)
    cli_worksheet.add_commands(commands)
    return p


def report(args, progress=None) -> dict:
    """Everything the command prints, by the lesson's names, as floats (or None if not finite).

    ``progress(done, steps)`` is told after each piece of a long training run."""
    example = replace(ARTICLE, **{name: getattr(args, name) for name in FIELDS})
    kw = {"update_biases": args.update_biases, "article_variant": args.article_variant}
    s = solve(example, **kw)
    out = {"forward": s.forward, "factors": s.factors, "gradients": s.gradients, "updated": s.updated}
    if args.steps is not None:
        out["trained"] = trained(example, args.steps, kw, progress)
    return {table: {k: _finite(v) for k, v in values.items()} for table, values in out.items()}


def trained(example, steps: int, kw: dict, progress=None) -> dict:
    """``steps`` steps of training; a long run goes in pieces (one run continued) to report progress."""
    e, params, diverged_at = example, example.params, -1
    for start, n in pieces(steps, 1, PIECE if steps > LONG_RUN else max(1, steps)):
        h = train(NETWORK, params, e.inputs, e.targets, e.lr, n, record_every=max(1, n), **kw)
        params = h.final
        if h.diverged_at >= 0:
            diverged_at = start + int(h.diverged_at)
            break
        if progress and steps > LONG_RUN:
            progress(start + n, steps)
    cost, outputs = alias(names.COST), OUTPUTS
    if diverged_at < 0:
        values = {cost: h.final_loss} | dict(zip(outputs, np.ravel(h.outputs[-1])))
    else:  # nothing finite was recorded there: show the state where the loss broke
        v = named_forward(forward(NETWORK, h.final, e.inputs, e.targets))
        values = {name: v[name] for name in (cost, *outputs)}
    params = values_from_params(h.final)
    return {
        "steps": steps,
        **{name: float(value) for name, value in values.items()},
        **{name: float(params[name]) for name in PARAMETERS},
        "diverged_at": None if diverged_at < 0 else diverged_at,
    }


def _finite(v):
    # Strict JSON has no inf or nan: a value that overflowed is printed as null.
    return None if isinstance(v, float) and not math.isfinite(v) else v


TITLES = {
    "inputs": "Inputs, parameters, targets, learning rate",
    "forward": "Forward pass",
    "factors": "Chain-rule factors",
    "gradients": "Gradients dE_total/d parameter",
    "updated": "Parameters after one step",
}


def text(data: dict, decimals: int) -> str:
    sections = [_table(TITLES[name], data[name], decimals) for name in TITLES if name in data]
    if "trained" in data:
        values = dict(data["trained"])
        steps, broke = values.pop("steps"), values.pop("diverged_at")
        title = f"After {steps:,} steps" + ("" if broke is None else f" (diverged at step {broke:,})")
        sections.append(_table(title, values, decimals))
    return "\n\n".join(sections)


def _table(title: str, values: dict, decimals: int) -> str:
    """One section, names padded and numbers lined up on their decimal points."""
    shown = {k: _number(v, decimals) for k, v in values.items()}
    point = max(_point(s) for s in shown.values())
    width = max(map(len, shown))
    rows = (f"  {k:<{width}}  {' ' * (point - _point(s))}{s}" for k, s in shown.items())
    return "\n".join([title, *rows])


def _number(v, decimals: int) -> str:
    """As the article prints (numbers.fixed); a value that overflowed (null in JSON) says so."""
    return "not finite" if v is None else numbers.fixed(v, decimals)


def _point(s: str) -> int:
    """Where the integer part of a printed number ends (0 for text)."""
    digits = re.match(r"-?\d*", s)
    return digits.end()


def main(argv=None) -> int:
    """Every verb; output that cannot be written (a closed pipe, a full disk) is one line, status 1."""
    try:
        status = _run(parser().parse_args(argv))
        sys.stdout.flush()  # a full disk shows here, not as a traceback at exit
    except OSError as error:  # a user's file the verbs open is theirs to report: only stdout's own here
        if error.errno not in (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise
        _silence_stdout()
        reason = "the reader closed the pipe" if error.errno == errno.EPIPE else error.strerror
        print(f"python -m backprop_core: error: cannot write the output: {reason}", file=sys.stderr)
        return 1
    return status


def _run(args) -> int:
    if getattr(args, "run", None):
        return args.run(args)
    with np.errstate(all="ignore"):  # overflow shows as a null/"-" value, not a warning
        data = report(args, progress=None if args.json else progress_on_stderr)
    if args.json:
        print(dumps(data))  # strict: report() printed what is not finite as null
    else:
        print(text({"inputs": {name: getattr(args, name) for name in FIELDS}} | data, args.decimals))
    return 0


def progress_on_stderr(done: int, steps: int) -> None:
    """One line that redraws itself on a terminal; otherwise a line per piece (a log, a pipe)."""
    line = f"training: {done:,} of {steps:,} steps ({done / steps:.0%})"
    if sys.stderr.isatty():
        print(f"\r{line}", end="\n" if done == steps else "", file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so Python's own flush at exit does not fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
