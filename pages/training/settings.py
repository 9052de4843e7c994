"""The Training page's settings, declared once (ui/settings draws, binds and checks them): the run's
length and method, the log axis, and the learning rates compared."""

import math

from backprop_core.example import EARLIER_CODE, EARLIER_CODE_DOES
from ui import article
from ui.settings import Flag, Text, Whole, plain_number

LONGEST = 1_000_000  # steps on this page (the core allows more)
MAX_LRS = 8

STEPS = Whole(
    "train_steps",
    "Steps",
    1,
    LONGEST,
    article.STEPS,
    f"Up to {LONGEST:,}. Long runs keep every k-th step, about 10,000 rows.",
    step=1000,
)
VARIANT = Flag(
    "train_variant",
    EARLIER_CODE.capitalize(),
    False,
    f"Train as {EARLIER_CODE} did: it {EARLIER_CODE_DOES}. That code printed the article's post-training "
    "figures. Off: the method the article describes.",
)
LOG = Flag("train_log", "Log scale for E_total", True)


def parse_lrs(text: str) -> tuple[list[float], list[str]]:
    """Comma-separated learning rates: the good ones (positive, finite, distinct, in order) and the
    entries rejected."""
    good, bad = [], []
    for entry in filter(None, (e.strip() for e in text.split(","))):
        lr = plain_number(entry)
        if lr is not None and math.isfinite(lr) and lr > 0:
            good += [] if lr in good else [lr]
        else:
            bad.append(entry)
    return good, bad


def _every_rate(text: str) -> None:
    """A link's learning rates: every entry one (a typed list names its bad entries; a link's is not
    echoed, so it is taken whole or not at all)."""
    if parse_lrs(text)[1]:
        raise ValueError(text)


ETAS = Text(
    "train_etas",
    "Learning rates η, separated by commas",
    "0.1, 0.5, 5, 50, 1000",
    f"Up to {MAX_LRS}, each a positive number such as 0.5 or 1e-3. All are trained together.",
    parse=_every_rate,
    rule="is not positive numbers separated by commas",
)
SWEEP_STEPS = Whole("train_sweep_steps", "Steps", 1, 100_000, 500, step=100)
SETTINGS = (STEPS, VARIANT, LOG, ETAS, SWEEP_STEPS)
