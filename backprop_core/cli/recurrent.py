"""``python -m backprop_core bptt`` and ``fixed-point``: recurrent backpropagation in a terminal.

``bptt`` unrolls h_t = tanh(w·h_(t−1) + u·x_t + b), y_t = v·h_t + c over the inputs and sends
the error back through time; ``fixed-point`` relaxes x ← f(W·x + I) and its adjoint network
(Almeida–Pineda). Bad input, numbers that overflow on the way, and work past
``limits.FIXED_POINT_WORK``: one line on stderr and exit status 2.
"""

import argparse

import numpy as np

from backprop_core import numbers
from backprop_core.cli.args import dumps, fail, finite, finite_float, overflow, positive, strict_floats, whole
from backprop_core.limits import FIXED_POINT_WORK
from backprop_core.recurrent import (
    FIXED_POINT_ACTIVATIONS,
    LOSS_KINDS,
    MAX_ITERATIONS,
    PARAMS,
    RNN,
    TOLERANCE,
    as_dict,
    bptt,
    clip,
    fixed_point,
    fixed_point_work,
    newton_fixed_point,
    parse_matrix,
    parse_vector,
    radius_at,
    train_fixed_point,
    unroll,
    unrolled_gradient,
)

MAX_INPUTS = 1000  # steps of the unrolled network on the command line
MAX_UNITS = 20
MAX_TRAINING = 10_000


def add_commands(subparsers) -> None:
    b = subparsers.add_parser("bptt", help="backpropagation through time on a one-unit recurrent network")
    defaults = RNN()
    for name in PARAMS:
        b.add_argument(f"--{name}", type=finite_float, default=getattr(defaults, name), metavar="X")
    b.add_argument("--xs", type=_vector("xs"), default="1,0,0,0,0", help="inputs x_1..x_T, e.g. 1,0,0")
    b.add_argument(
        "--target", type=_vector("target"), default="1", help="one number, or one per step (--loss sum)"
    )
    b.add_argument(
        "--loss", choices=LOSS_KINDS, default="last", help="the last step's error, or every step's"
    )
    b.add_argument(
        "--truncate", type=whole("truncate", 1, MAX_INPUTS), metavar="K", help="send errors back K steps"
    )
    b.add_argument(
        "--clip", type=positive("clip"), metavar="MAX", help="also give the gradient clipped to norm MAX"
    )
    b.add_argument("--json", action="store_true", help="print JSON, full float64 precision")
    b.set_defaults(run=run_bptt)

    f = subparsers.add_parser(
        "fixed-point", help="recurrent backpropagation to a fixed point (Almeida–Pineda)"
    )
    f.add_argument("--W", type=_matrix("W"), default="0.1,-0.2;0.3,0.1", help='rows by ";", entries by ","')
    f.add_argument("--I", type=_vector("I"), default="0.5,-0.5", help="the external input, one per unit")
    f.add_argument("--target", type=_vector("target"), default="0.8,0.2", help="the target fixed point")
    f.add_argument("--f", choices=FIXED_POINT_ACTIVATIONS, default="sigmoid", help="the activation")
    f.add_argument(
        "--tol",
        type=positive("tol"),
        default=TOLERANCE,
        help=f"stop when ‖Δx‖ < TOL ({numbers.text(TOLERANCE)})",
    )
    f.add_argument("--cap", type=whole("cap", 1, 100_000), default=MAX_ITERATIONS, help="iteration cap")
    f.add_argument("--steps", type=whole("steps", 0, MAX_TRAINING), default=0, help="also train W N steps")
    f.add_argument("--lr", type=positive("lr"), default=1.0, help="learning rate for --steps")
    f.add_argument("--json", action="store_true", help="print JSON, full float64 precision")
    f.set_defaults(run=run_fixed_point)


# Argument types: argparse turns their errors into one line and exit status 2.
def _vector(name):
    def parse(text):
        try:
            values = parse_vector(text, name)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
        if len(values) > MAX_INPUTS:
            raise argparse.ArgumentTypeError(f"{name}: at most {MAX_INPUTS} values")
        return values

    return parse


def _matrix(name):
    def parse(text):
        try:
            return parse_matrix(text, name)
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None

    return parse


# bptt
def bptt_report(args) -> dict:
    rnn = RNN(**{p: getattr(args, p) for p in PARAMS})
    xs, target = args.xs, args.target
    if args.loss == "last" and len(target) != 1:
        raise ValueError(f"--loss last needs one target, got {len(target)}")
    if len(target) not in (1, len(xs)):
        raise ValueError(f"--target needs one value or one per input ({len(xs)}), got {len(target)}")
    run = unroll(rnn, xs, np.broadcast_to(target, xs.shape), args.loss)
    g = bptt(rnn, run, args.truncate)
    out = {
        "h": run.h[1:, 0].tolist(),
        "y": run.y[:, 0].tolist(),
        "loss": run.loss,
        "grad": as_dict(g.grad),
        "dL_dh": g.dL_dh[:, 0].tolist(),
        "dh_next_dh": g.dh_next_dh[:-1, 0].tolist(),
        "contributions_w": g.contributions.tolist(),
    }
    if args.clip is not None:
        clipped, was_clipped = clip(g.grad, args.clip)
        out |= {"grad_norm": g.norm, "clipped": was_clipped, "clipped_grad": as_dict(clipped)}
    return out


def run_bptt(args) -> int:
    return answer("bptt", bptt_report, bptt_text, args)


def answer(command: str, report, text, args) -> int:
    """Print ``report(args)`` as JSON or ``text``; every number finite, or one line and status 2."""
    try:
        with strict_floats():  # an overflow is refused, not printed as a warning and an inf
            data = report(args)
        if not finite(data):
            raise ValueError("a result is not a finite number: use smaller values")
    except FloatingPointError as e:
        return fail(command, overflow(e))
    except ValueError as e:
        return fail(command, e)
    print(dumps(data) if args.json else text(data))
    return 0


def bptt_text(d: dict) -> str:
    rows = [
        "Forward, step by step",
        "  t  h_t              y_t              ∂L/∂h_t          w-term of ∂L/∂w",
    ]
    for t, (h, y, dh, cw) in enumerate(zip(d["h"], d["y"], d["dL_dh"], d["contributions_w"]), 1):
        rows.append(f"{t:>3}  {_n(h):<16} {_n(y):<16} {_n(dh):<16} {_n(cw)}")
    rows += ["", f"Loss  {_n(d['loss'])}", "", "Gradients"]
    rows += [f"  ∂L/∂{p}  {_n(v)}" for p, v in d["grad"].items()]
    if "clipped_grad" in d:
        said = "clipped" if d["clipped"] else "not clipped (norm within the limit)"
        rows += ["", f"Gradient norm {_n(d['grad_norm'])}: {said}"]
        rows += [f"  {p}  {_n(v)}" for p, v in d["clipped_grad"].items()]
    return "\n".join(rows)


# fixed-point
def fixed_point_report(args) -> dict:
    W, I, target = args.W, args.I, args.target
    if len(W) > MAX_UNITS:
        raise ValueError(f"at most {MAX_UNITS} units")
    check_work(args.cap, args.steps)
    fp = fixed_point(W, I, target, args.f, args.tol, args.cap)
    out = {
        "x": fp.forward.x.tolist(),
        "iterations": fp.forward.iterations,
        "loss": fp.loss,
        "grad_W": fp.grad_W.tolist() if fp.converged else None,
        "converged": fp.converged,
        "forward_converged": fp.forward.converged,
        "last_change": float(fp.forward.changes[-1]),
        "y": fp.adjoint.x.tolist() if fp.converged else None,
        "adjoint_iterations": fp.adjoint.iterations,
        "grad_I": fp.grad_I.tolist() if fp.converged else None,
        "spectral_radius": fp.spectral_radius,
        "adjoint_converged": fp.adjoint.converged,
        "adjoint_blew_up": fp.adjoint.blew_up,
    }
    out["status"] = fixed_point_status(out, args.cap)
    if not fp.forward.converged:  # a fixed point relaxing missed (an unstable one), by Newton's method
        last = fp.forward.history[-2:]
        found = newton_fixed_point(W, I, args.f, (last.mean(axis=0), last[-1]))
        out["fixed_point"] = None if found is None else found.tolist()
        out["fixed_point_spectral_radius"] = None if found is None else radius_at(W, I, found, args.f)
    if fp.converged:  # the same gradient by backpropagation through the relaxation's iterations
        out["bptt_grad_W"] = unrolled_gradient(W, I, target, fp.forward.iterations, args.f)[1].tolist()
    if args.steps:
        h = train_fixed_point(W, I, target, args.lr, args.steps, args.f, args.tol, args.cap)
        out["trained"] = {
            "steps": len(h.losses) - 1 if h.stopped_at is None else h.stopped_at,
            "loss": float(h.losses[-1]),
            "W": h.weights[-1].tolist(),
            "stopped_at": h.stopped_at,
        }
    return out


def check_work(cap: int, steps: int) -> None:
    """Refuse a run that could take more than the limit's iterations × cost (a 90-minute run)."""
    work = fixed_point_work(cap, steps)
    if work > FIXED_POINT_WORK:
        raise ValueError(
            f"--cap {cap:,} with --steps {steps:,} may take {work:,} iterations × cost, more than the "
            f"limit of {FIXED_POINT_WORK:,}: lower --cap or --steps"
        )


def run_fixed_point(args) -> int:
    return answer("fixed-point", fixed_point_report, lambda d: fixed_point_text(d, args.cap), args)


def _times(n: int) -> str:
    return f"{n:,} iteration" + ("" if n == 1 else "s")


def fixed_point_status(d: dict, cap: int) -> str:
    """Which relaxation settled and which did not, in one line: the forward one (x) and the error's (y)."""
    if not d["forward_converged"]:
        not_run = "the error's (y) was not run: no gradient"
        return f"the relaxation of x did NOT settle within {_times(cap)}; {not_run}"
    settled = f"the relaxation of x settled after {_times(d['iterations'])}"
    if d["adjoint_converged"]:
        return f"{settled}, the error's (y) after {_times(d['adjoint_iterations'])}: gradient found"
    how = (
        f"grew without bound (stopped after {_times(d['adjoint_iterations'])})"
        if d["adjoint_blew_up"]
        else f"did NOT settle within {_times(cap)}"
    )
    return f"{settled}; the error's (y) {how}: no gradient"


def fixed_point_text(d: dict, cap: int) -> str:
    said = "settled" if d["forward_converged"] else f"did NOT settle (last change {_n(d['last_change'])})"
    x = "x*" if d["forward_converged"] else "x (the last iterate, not a fixed point)"
    rows = [f"Status: {d['status']}", f"Relaxation x ← f(W·x + I): {said}", f"  {x} = " + _v(d["x"])]
    rows.append(f"  loss = {_n(d['loss'])}")
    if d["forward_converged"]:
        rows.append(f"  spectral radius of diag(f′(u))·W there = {_n(d['spectral_radius'])}")
    elif d["fixed_point"] is None:
        rows.append("  Newton's method from the last iterates finds no fixed point either")
    else:
        rho = d["fixed_point_spectral_radius"]
        kind = "unstable: relaxing moves away from it" if rho >= 1 else "stable, but not reached"
        rows += [f"  a fixed point (Newton's method): x* = {_v(d['fixed_point'])}"]
        rows += [f"  spectral radius of diag(f′(u))·W there = {_n(rho)} ({kind})"]
    if d["converged"]:
        rows += [f"Adjoint relaxation: {_times(d['adjoint_iterations'])}", "  y = " + _v(d["y"])]
        rows += ["∂E/∂W = (f′(u) ⊙ y)·xᵀ", *("  " + _v(r) for r in d["grad_W"])]
        rows += ["BPTT through the same iterations", *("  " + _v(r) for r in d["bptt_grad_W"])]
    if "trained" in d:
        t = d["trained"]
        stop = "" if t["stopped_at"] is None else f" (stopped at step {t['stopped_at']}: no convergence)"
        rows += [f"After {t['steps']} training steps{stop}: loss {_n(t['loss'])}", "  W ="]
        rows += ["  " + _v(r) for r in t["W"]]
    return "\n".join(rows)


def _n(value) -> str:
    return numbers.text(value)


def _v(values) -> str:
    return "[" + ", ".join(map(_n, values)) + "]"
