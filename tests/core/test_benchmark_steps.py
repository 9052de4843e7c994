"""The core benchmark's figures still run (its cold build once called caches that had been
renamed): it builds every step of lessons 1-2, warm and cold, and counts them. No time is asserted."""

from backprop_core import ARTICLE, symbolic
from benchmarks.core import Figure, steps_latex


def test_the_steps_figure_builds_every_step_warm_and_cold():
    figure = steps_latex(1)
    assert isinstance(figure, Figure)  # a string would say SymPy was missing
    count = len(symbolic.forward_steps(ARTICLE)) + sum(map(len, symbolic.backward_steps(ARTICLE).values()))
    assert figure.name.startswith(f"e) all {count} LaTeX steps")
    assert figure.measured > 0 and figure.baseline > 0


def test_the_recurrent_figure_runs_and_agrees_with_its_float_loop():
    """It imported lesson 6's T lengths from a module that no longer held them, and raised."""
    from benchmarks.core import recurrent_lesson

    figure = recurrent_lesson(1)
    assert isinstance(figure, Figure) and figure.passed is not None
    assert float(figure.check.split()[-1]) < 1e-12  # the core's BPTT training equals the plain loop's
