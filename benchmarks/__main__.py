"""``python -m benchmarks [--quick] [--browser URL]``: the core's speed, then the pages' rerun latency."""

import argparse

from . import core, pages

parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
parser.add_argument("--quick", action="store_true", help="fewer repeats")
parser.add_argument("--browser", metavar="URL", help="also time a browser against this running server")
args = parser.parse_args()
core.main(["--quick"] if args.quick else [])
print()
pages.main(["--repeats", "3" if args.quick else "7"] + (["--browser", args.browser] if args.browser else []))
