"""How long a worksheet takes, from the lesson's numbers to the PDF's bytes (what a download costs).

    python -m benchmarks.worksheet            # median of 7 runs per sheet
    python -m benchmarks.worksheet --repeats 3

Each sheet (lessons 1, 2, 4 and 5, worksheet and key, A4) is built from new numbers every run (a fresh
seed: no cache helps) and typeset; its ratio is against the lesson's own steps for the same numbers
(``symbolic.backward_steps``, what lesson 2 computes on a rerun), timed in turns with it, so that both
meet the same load on a shared machine. Lesson 5's sheet starts from its first epoch (the page has it
cached); its three training runs are not counted.
"""

import argparse
import statistics
import time

from backprop_core.example import random_example
from backprop_core.symbolic import backward_steps
from pages.sgd import maths as sgd
from pages.sgd import sheet as sgd_sheet
from pages.vectorised import maths as vec
from pages.vectorised import sheet as vec_sheet
from ui.worksheet import typeset, worked


def sheets(seed: int, epoch) -> dict:
    example = random_example(seed)
    setup, first, m = epoch
    return {
        "1 · forward": lambda: worked.forward(example, seed),
        "2 · backward": lambda: worked.backward(example, seed),
        "4 · vectorised": lambda: vec_sheet.sheet(vec.Batch(seed=seed), vec.DIGITS),
        "5 · mini-batches": lambda: sgd_sheet.sheet(setup, first, m, sgd.FIRST_WEIGHT, 9),
    }


def _time(work, *args, **kwargs) -> float:
    start = time.perf_counter()
    work(*args, **kwargs)
    return time.perf_counter() - start


def _pdf(build, key: bool) -> bytes:
    return typeset.pdf(build(), key=key)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.worksheet", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    setup = sgd.Setup()
    train, _ = sgd.data(setup)
    epoch = (setup, sgd.first_epoch(setup, sgd.three_runs(setup)[1]), train.m)
    typeset.pdf(worked.forward(random_example(0), 0))  # Typst's fonts load once per process
    names = list(sheets(0, epoch))
    times = {(name, key): [] for name in names for key in (False, True)}
    baseline = []
    for run in range(args.repeats):
        seed = 100 + run
        baseline.append(_time(backward_steps, random_example(seed)))
        for name, build in sheets(seed, epoch).items():
            for key in (False, True):
                times[name, key].append(_time(_pdf, build, key))
    base = statistics.median(baseline)
    print(f"baseline: lesson 2's steps for new numbers {base * 1000:.0f} ms (median of {args.repeats})")
    for (name, key), runs in times.items():
        median = statistics.median(runs)
        sheet = "key" if key else "worksheet"
        print(f"{name:17} {sheet:9}  {median * 1000:5.0f} ms  {median / base:4.1f}× the baseline")


if __name__ == "__main__":
    main()
