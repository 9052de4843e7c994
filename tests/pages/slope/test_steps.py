"""Lesson 0's steps, pure: seven, in order, each value the core's and typeset with it."""

from backprop_core import numbers
from backprop_core.example import ARTICLE, NETWORK
from backprop_core.steps import equation
from pages.slope import maths as slope
from pages.slope.steps import lesson_steps, tex


def test_seven_steps_each_with_the_cores_number():
    curve = slope.curve(ARTICLE, "w5", (0.5, 5.0, 20.0), 12, 2.0)
    steepest = slope.steepest(ARTICLE, "w5", "w1", lr=5.0)
    steps = lesson_steps("w5", "w1", curve, steepest, 9)
    assert [s.name for s in steps] == ["curve", "tangent", "step", "rates", "gradient", "steepest", "why"]
    along = (curve.cost, curve.slope, curve.paths[1][1], curve.paths[2][1])
    assert [s.value for s in steps[:6]] == [float(v) for v in (*along, steepest.norm, steepest.predicted)]
    assert steps[6].value == slope.count(NETWORK.sizes).path_by_path
    for step in steps:
        assert step.value_latex == numbers.latex(step.value, 9) and step.value_latex in equation(step)
    assert "w_{5}" in steps[2].symbol and "w_{1}" in steps[4].formula


def test_a_parameters_name_in_a_formula():
    assert (tex("w5"), tex("b2"), tex("lr")) == ("w_{5}", "b_{2}", "lr")
