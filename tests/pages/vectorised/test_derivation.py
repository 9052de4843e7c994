"""The derivation of dZ2 = A2 − Y, checked symbolically and against the core's numbers."""

import numpy as np
import pytest
import sympy as sp

from backprop_core.network import Network, backward, forward, init_params
from backprop_core.reading import read
from pages.vectorised import derivation as s
from pages.vectorised import maths as v


def test_cross_entropy_through_a_sigmoid_simplifies_to_a_minus_y():
    d = s.derive("binary_cross_entropy")
    assert sp.simplify(d.simplified - (s.a - s.y)) == 0
    assert d.dL_dz == "a - y"


def test_squared_error_does_not_simplify_that_far():
    d = s.derive("half_squared")
    assert sp.simplify(d.simplified - (s.a - s.y)) != 0
    assert sp.simplify(d.simplified - (s.a - s.y) * s.a * (1 - s.a)) == 0  # it keeps σ' = a(1 − a)


@pytest.mark.parametrize("loss", s.LOSSES)
def test_differentiating_directly_in_z_gives_the_same(loss):
    assert s.through_z(loss) == 0


def test_the_sigmoids_slope_is_a_times_one_minus_a():
    assert sp.simplify(sp.diff(s.SIGMOID, s.z) - (s.SIGMOID * (1 - s.SIGMOID))) == 0
    assert s.sigmoid_slope() == s.SLOPE


@pytest.mark.parametrize("loss", s.LOSSES)
def test_the_cores_output_error_matches_the_derivation(loss):
    """The core's δ at a sigmoid output, sample by sample, against SymPy's formula evaluated."""
    net = Network((3, 4, 1), ("tanh", "sigmoid"), loss, shared_bias=False)
    rng = np.random.default_rng(1)
    params = init_params(net, rng, "normal")
    x, y = rng.normal(size=(3, 5)), rng.integers(0, 2, (1, 5)).astype(float)
    trace = forward(net, params, x, y)
    delta = backward(net, params, trace, y).deltas[-1]
    formula = sp.lambdify((s.a, s.y), s.derive(loss).simplified)
    np.testing.assert_allclose(delta, formula(trace.outs[-1], y), rtol=1e-12)


def test_the_lessons_dz2_is_a2_minus_y():
    lesson = v.lesson(v.Batch())
    np.testing.assert_array_equal(lesson["dZ2"], lesson["A2"] - lesson["Y"])


def test_lesson_4s_derivation_is_read_from_the_latex_it_typesets():
    """SymPy's own LaTeX (log, fractions, the product before simplifying), read line by line."""
    said = read(s.derive("binary_cross_entropy").latex)
    assert said.startswith("L equals minus y log (a) minus (1 minus y) log (1 minus a), d L by d a equals ")
    product = "((1 minus y) over (1 minus a) minus y over a) times a times (1 minus a)"
    assert said.endswith(f"d L by d z equals d L by d a times d a by d z equals {product}, equals a minus y")
