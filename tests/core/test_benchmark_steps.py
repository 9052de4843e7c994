"""The core benchmark's LaTeX-steps figure still runs (its cold build once called caches that had been
renamed): it builds every step of lessons 1-2, warm and cold, and counts them. No time is asserted."""

from backprop_core import ARTICLE, symbolic
from benchmarks.core import Figure, steps_latex


def test_the_steps_figure_builds_every_step_warm_and_cold():
    figure = steps_latex(1)
    assert isinstance(figure, Figure)  # a string would say SymPy was missing
    count = len(symbolic.forward_steps(ARTICLE)) + sum(map(len, symbolic.backward_steps(ARTICLE).values()))
    assert figure.name.startswith(f"e) all {count} LaTeX steps")
    assert figure.measured > 0 and figure.baseline > 0
