"""``python -m backprop_core worksheet``: a lesson's worksheet or answer key as PDF, the same file the
page's Worksheet block downloads.

The sheets are typeset in ``ui/worksheet`` (Typst) from the lessons' own steps (``pages/<lesson>/``);
they are imported only when this verb runs, inside ``run``: importing ``backprop_core`` and its command
line stays pure (no Typst, no Streamlit, no SymPy; tests/core/test_purity.py)."""

from backprop_core import numbers
from backprop_core.cli.args import fail, whole
from backprop_core.cli.files import write_bytes
from backprop_core.example import SEEDS

LESSONS = ("forward", "backward", "vectorised", "sgd")
SGD_SEEDS = (0, 99)  # lesson 5's seed setting offers these (pages/sgd/settings.py)


def add_commands(subparsers) -> None:
    w = subparsers.add_parser("worksheet", help="a lesson's worksheet or answer key as PDF")
    w.add_argument("--lesson", choices=LESSONS, required=True)
    w.add_argument(
        "--seed", type=whole("seed", *SEEDS), default=None, help="new numbers (default: the lesson's own)"
    )
    w.add_argument("--out", required=True, metavar="FILE.pdf", help="the PDF to write")
    w.add_argument("--key", action="store_true", help="the answer key instead of the worksheet")
    w.add_argument("--paper", choices=("a4", "letter"), default="a4")
    w.add_argument("--update-biases", action="store_true", help="backward: update b1 and b2 too")
    w.set_defaults(run=run)


def run(args) -> int:
    try:
        if args.lesson == "sgd" and args.seed is not None and not SGD_SEEDS[0] <= args.seed <= SGD_SEEDS[1]:
            raise ValueError(f"seed must be from {SGD_SEEDS[0]} to {SGD_SEEDS[1]} for --lesson sgd")
        from ui.worksheet import typeset  # here, not at the top: see the module's docstring

        data = typeset.pdf(sheet(args), key=args.key, paper=args.paper)
        write_bytes(args.out, data)
    except (ValueError, OSError) as error:
        return fail("worksheet", error)
    return 0


def sheet(args):
    """The lesson's sheet for the arguments (each lesson's default numbers without --seed)."""
    seed = args.seed
    if args.lesson in ("forward", "backward"):
        from backprop_core.example import ARTICLE, random_example
        from ui.worksheet import worked

        example = ARTICLE if seed is None else random_example(seed)
        if args.lesson == "forward":
            return worked.forward(example, seed, numbers.DIGITS)
        return worked.backward(example, seed, numbers.DIGITS, args.update_biases)
    if args.lesson == "vectorised":
        from pages.vectorised import maths
        from pages.vectorised.sheet import sheet as vectorised

        return vectorised(maths.Batch(seed=seed or 0), maths.DIGITS)
    from pages.sgd import maths
    from pages.sgd.sheet import sheet as sgd

    setup = maths.Setup(seed=seed or 0)
    train, _ = maths.data(setup)
    epoch = maths.first_epoch(setup, maths.three_runs(setup)[1])
    return sgd(setup, epoch, train.m, maths.FIRST_WEIGHT, numbers.DIGITS)
