"""The Training page's settings."""

import math

from ui.settings import plain_number


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
