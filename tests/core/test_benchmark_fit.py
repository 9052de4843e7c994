"""The benchmark of fit against a plain NumPy loop runs (a small run: 3 epochs, once each) and its
baseline does the same updates as fit. No time is asserted."""

import math

from benchmarks.core import row
from benchmarks.fit import figures


def test_fit_and_the_command_line_are_timed_against_a_plain_loop_that_agrees_with_fit():
    fit_figure, cli_figure = figures(repeats=1, epochs=3)
    for f in (fit_figure, cli_figure):  # a time each (3 epochs less 1, once: even its sign is noise)
        assert math.isfinite(f.measured) and math.isfinite(f.baseline) and f.target == "<= 1.0x"
        assert row(f).startswith(f.name)  # the report's line
    assert fit_figure.baseline == cli_figure.baseline  # one baseline, timed in the same run
    gap = float(fit_figure.check.removeprefix("max |dW| "))
    assert gap < 1e-12  # the plain loop's weights after 3 epochs are fit's, to rounding
