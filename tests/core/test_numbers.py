"""The one formatter: the article's spellings, and every awkward float spelled out."""

import json
import math

import numpy as np
import pytest

from backprop_core import numbers


@pytest.mark.parametrize(
    "value, digits, expected",
    [
        (0.593269992110, 9, "0.593269992"),
        (0.3775, 9, "0.3775"),
        (1.5e-7, 9, "1.5e-07"),
        (123456789012.0, 9, "1.23456789e+11"),
        (-0.0, 9, "0"),
        (-1e-20, 3, "-1e-20"),
        (math.nan, 9, "NaN"),
        (math.inf, 9, "inf"),
        (-math.inf, 9, "-inf"),
    ],
)
def test_text(value, digits, expected):
    assert numbers.text(value, digits) == expected


def test_text_round_trips_at_17_digits():
    x = 0.1 + 0.2
    assert float(numbers.text(x, 17)) == x


def test_latex():
    assert numbers.latex(1.5e-7) == r"1.5 \times 10^{-7}"
    assert numbers.latex(-0.0) == "0"
    assert numbers.latex(math.nan) == r"\mathrm{NaN}"
    assert numbers.latex(-math.inf) == r"-\infty"
    assert numbers.latex(0.74136507, 9) == "0.74136507"


def test_fixed_prints_like_the_article():
    assert numbers.fixed(0.3775, 9) == "0.3775"
    assert numbers.fixed(1.1059059670807, 9) == "1.105905967"
    assert numbers.fixed(-1e-12, 9) == "-1e-12"  # too small for 9 places: significant digits
    assert numbers.fixed(-1e-10, 4) == "-1e-10"
    assert numbers.fixed(-0.00001, 2) == "-1e-05"
    assert numbers.fixed(-0.0, 4) == "0"


def test_places_keeps_zeros_and_no_minus_zero():
    assert numbers.places(0.35891648, 4) == "0.3589"
    assert numbers.places(-0.00001, 2) == "0.00"
    assert numbers.places(0.5, 3) == "0.500"


@pytest.mark.parametrize("digits", [0, 18])
def test_digits_out_of_range(digits):
    with pytest.raises(ValueError):
        numbers.text(1.0, digits)


@pytest.mark.parametrize(
    "value, digits, text",
    [
        (0.5932699921071872, 9, "0.593269992"),
        (0.5932699921071872, 3, "0.593"),
        (-0.019049118258278114, 4, "-0.01905"),
        (0.35, 9, "0.35"),
        (1.0, 9, "1"),
        (-0.0, 9, "0"),
        (1.5e-7, 9, r"1.5 \times 10^{-7}"),
        (-2.5e-12, 3, r"-2.5 \times 10^{-12}"),
        (1.23456e15, 4, r"1.235 \times 10^{15}"),
        (float("nan"), 9, r"\mathrm{NaN}"),
        (float("-inf"), 9, r"-\infty"),
    ],
)
def test_latex_cases(value, digits, text):
    assert numbers.latex(value, digits) == text


@pytest.mark.parametrize("value", [1e-300, 5e-324, 1.7976931348623157e308, -1e200, 123456789.0, 0.0])
def test_latex_never_nan_for_finite_input(value):
    assert "nan" not in numbers.latex(value).lower()
    assert (
        float(numbers.latex(value, 17).replace(r" \times 10^", "e").replace("{", "").replace("}", ""))
        == value
    )


def test_latex_rejects_zero_digits():
    with pytest.raises(ValueError):
        numbers.latex(1.0, 0)


def test_plotted_rounds_to_a_charts_digits_as_python_spells_them():
    """Each float as Python's own %g rounding to 7 digits reads it back (an independent spelling)."""
    rng = np.random.default_rng(0)
    values = rng.standard_normal(2000) * 10.0 ** rng.integers(-12, 12, 2000)
    sent = numbers.plotted(values)
    assert sent == [float(format(v, ".7g")) for v in values]
    assert len(json.dumps(sent)) < 0.6 * len(json.dumps(values.tolist()))  # what the rounding is for


def test_plotted_leaves_integers_zeros_and_non_finite_values_alone():
    assert numbers.plotted(np.arange(3)) == [0, 1, 2]
    assert numbers.plotted(np.array([12_345_678], dtype=np.int64)) == [12_345_678]  # steps are not rounded
    out = numbers.plotted([0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324])
    assert out[:4] == [0.0, -0.0, math.inf, -math.inf] and math.isnan(out[4]) and out[5] == 5e-324
    assert numbers.plotted(np.float32([0.1])) == [0.1]  # not float32's 0.10000000149011612


def test_a_sum_of_printed_terms_carries_each_sign_once_and_adds_up():
    values = [-0.5, 0.25, -1.5e-7, 0.0, -3.0]
    pieces = numbers.signed_terms([numbers.text(v) for v in values])
    written = "".join(pieces)
    assert written == "-0.5 + 0.25 - 1.5e-07 + 0 - 3"
    assert "+ -" not in written and all(p[:3] in (" + ", " - ") for p in pieces[1:])
    total = float(pieces[0]) + sum(float(p.replace(" ", "")) for p in pieces[1:])  # "- 3" reads back as -3
    assert total == pytest.approx(sum(values))
