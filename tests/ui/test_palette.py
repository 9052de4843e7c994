"""The palette (ui/palette.py), contrast computed, not eyeballed: text 4.5:1 and graphics 3:1 (WCAG 2.2
1.4.3 and 1.4.11), no colour declared anywhere else, and colours that tell things apart either stay
apart for a deuteranope or carry a second cue the figures really draw."""

import re

import numpy as np
import pytest

from tests.sources import APP
from ui import palette

# Machado, Oliveira and Fernandes (2009): deuteranopia, severity 1, on linear RGB
DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
)


def rgb(colour: str) -> np.ndarray:
    """sRGB in 0..1; an rgba() over white."""
    if colour.startswith("rgba"):
        r, g, b, a = (float(v) for v in re.findall(r"[\d.]+", colour))
        return (np.array([r, g, b]) / 255) * a + (1 - a)
    h = colour.lstrip("#")
    return np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)]) / 255


def linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(colour: str) -> float:
    return float(linear(rgb(colour)) @ [0.2126, 0.7152, 0.0722])


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_the_wcag_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the well-known 4.5:1 grey


@pytest.mark.parametrize("colour, background, what", palette.TEXT_PAIRS)
def test_text_is_at_least_4_5_to_1(colour, background, what):
    assert contrast(colour, background) >= 4.5, what


@pytest.mark.parametrize("colour, background, what", palette.GRAPHIC_PAIRS)
def test_graphics_are_at_least_3_to_1(colour, background, what):
    assert contrast(colour, background) >= 3.0, what


def deuteranope(colour: str) -> np.ndarray:
    """What a deuteranope sees, in linear RGB."""
    return np.clip(DEUTERANOPIA @ linear(rgb(colour)), 0, 1)


def apart(a: str, b: str) -> float:
    """How far apart two colours look to a deuteranope (the largest channel difference, linear RGB)."""
    return float(np.abs(deuteranope(a) - deuteranope(b)).max())


def test_the_simulation_confuses_green_with_orange_not_blue_with_red():
    assert apart(palette.GREEN, palette.ORANGE_LINE) < 0.08
    assert apart(palette.BLUE, palette.RED) > 0.15 and apart(palette.CLASS_0, palette.CLASS_1) > 0.15


def test_red_against_green_is_never_the_only_cue():
    """Every pair of palette colours a deuteranope sees as nearly one (red, orange, green) is declared
    with its second cue wherever both tell two things apart on one chart."""
    told = {frozenset((a, b)) for a, b, _ in palette.TOLD_APART}
    series = set(palette.SERIES)
    for a in series:
        for b in series:
            close = apart(a, b) < 0.08
            if a < b and close:  # on one chart, two series lines: each has its own dash as well
                assert palette.dash(palette.SERIES.index(a)) != palette.dash(palette.SERIES.index(b)) or (
                    frozenset((a, b)) in told
                ), (a, b)


def test_the_example_parameters_lines_sharing_a_dash_stay_apart_for_a_deuteranope():
    for start, end in palette.PARAMETER_GROUPS:
        group = palette.PARAMETERS[start:end]
        assert all(apart(a, b) > 0.08 for i, a in enumerate(group) for b in group[i + 1 :]), group


def test_no_colour_is_declared_outside_the_palette():
    colour = re.compile(r"""["'](#[0-9a-fA-F]{3,8}|rgba?\(\d[^)]*\)|white|black)["']""")
    found = [
        f"{path}: {m}"
        for path in APP
        if path.name != "palette.py" and path.suffix == ".py"
        for m in colour.findall(path.read_text())
    ]
    assert not found, "\n".join(found)


# --- the second cues, as the figures draw them ----------------------------------------------------


def test_the_playground_draws_negative_weights_dotted():
    from backprop_core import names
    from backprop_core.network import Network, init_params
    from pages.playground import figures

    net = Network((2, 3, 1), ("tanh", "sigmoid"))
    params = init_params(net, np.random.default_rng(0))
    fig = figures.diagram_figure(net, names.geometry(net), params, None, show="weights")
    dashes = {t.line.color: t.line.dash for t in fig.data if t.mode == "lines" and t.line.color}
    assert dashes[palette.BLUE] == "solid" and dashes[palette.RED] == "dot"


def test_lesson_0s_runs_differ_in_dash_and_marker():
    from pages.slope.figures import RUN_MARKERS, RUNS

    assert len(set(RUN_MARKERS)) == len(set(palette.dash(r) for r in range(len(RUNS)))) == len(RUNS)


def test_wrong_answers_are_hatched():
    from pages.classroom.figures import answers_chart
    from pages.classroom.tally import Bar

    fig = answers_chart([Bar("0.59", 0.59, 3, True), Bar("0.6", 0.6, 2, False)])
    assert list(fig.data[0].marker.pattern.shape) == ["", "/"]


def test_the_two_classes_differ_in_marker_too():
    from pages.sgd.figures import CLASS_SYMBOLS

    assert len(set(CLASS_SYMBOLS)) == 2 and len(set(palette.SYMBOLS)) == len(palette.SYMBOLS)
