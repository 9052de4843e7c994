"""Every log axis of the app labels each tick with its whole value: never "5" for 0.5 or "2" for 0.2.

Plotly's own ticks across a decade or two (dtick "D1"/"D2") print only the leading digit between the
powers of ten. Each figure with a log axis is built here over less than a decade, one to two decades
and many decades, and every log axis is read: explicit ticks whose texts are their values, or powers
of ten alone (dtick 1, written as powers). A source check keeps any new log axis going through
ui.figures.log_scale.
"""

import pathlib
import re

import numpy as np
import pytest

from pages.playground import figures as playground
from pages.recurrent import figures as recurrent
from pages.slope import figures as slope_figures
from pages.slope import maths as slope
from pages.training import figures as training

ROOT = pathlib.Path(__file__).resolve().parents[2]
RANGES = {  # less than a decade, one to two decades (where "5" and "2" were), many decades
    "narrow": np.array([0.74, 0.71, 0.69, 0.66]),
    "two decades": np.array([0.9, 0.5, 0.2, 0.03]),
    "many decades": np.array([3.0, 0.2, 1e-3, 2e-6]),
}


def _figures(y):
    steps = np.arange(len(y))
    yield "training loss", training.loss_figure(steps, y, log_y=True)
    yield (
        "training sweep",
        training.sweep_figure([0.5, 1.0], steps, np.stack([y, y * 0.9], 1), [-1, -1], log_y=True),
    )
    yield "recurrent dependence", recurrent.dependence_figure({"w = 0.9": y})
    yield "recurrent training", recurrent.training_figure({"T = 4": y})
    yield "recurrent relaxation", recurrent.relaxation_figure({"forward": y}, float(y.min()))
    yield "playground cost", playground.cost_figure(steps, y, y * 1.05, log_y=True)
    yield "playground health", playground.health_figure(steps, np.stack([y, y * 1.1], 1))


def _log_axes(fig) -> dict:
    layout = fig.to_dict()["layout"]
    return {k: v for k, v in layout.items() if k.startswith(("xaxis", "yaxis")) and v.get("type") == "log"}


def _assert_unambiguous(name: str, axis: dict) -> None:
    assert axis.get("dtick") not in ("D1", "D2"), name  # digit-only labels between the powers
    if axis.get("tickmode") == "array":
        values, texts = axis["tickvals"], axis["ticktext"]
        assert len(values) == len(texts) >= 3, name
        for value, text in zip(values, texts):
            assert float(text) == pytest.approx(value, rel=1e-12), (name, value, text)
        assert len(set(texts)) == len(texts), name
    else:  # the powers of ten alone, which Plotly writes as powers (10⁻³): nothing between them
        assert axis.get("dtick") == 1 and axis.get("exponentformat") == "power", name


@pytest.mark.parametrize("spread", RANGES)
def test_every_log_axis_labels_its_ticks_with_their_whole_values(spread):
    y = RANGES[spread]
    seen = 0
    for name, fig in _figures(y):
        axes = _log_axes(fig)
        assert axes, name  # each of these has a log axis
        for axis in axes.values():
            _assert_unambiguous(f"{name}, {spread}", axis)
            seen += 1
    assert seen == 7


def test_the_audits_case_labels_half_and_a_fifth_as_such():
    """A cost from 0.9 down to 0.03: the ticks at 0.5 and 0.2 say "0.5" and "0.2"."""
    axis = _log_axes(training.loss_figure(np.arange(4), RANGES["two decades"], log_y=True))["yaxis"]
    labels = dict(zip(axis["tickvals"], axis["ticktext"]))
    assert labels[0.5] == "0.5" and labels[0.2] == "0.2" and labels[1.0] == "1"


def test_the_slope_lessons_counts_axis_too():
    fig = slope_figures.counts_figure(slope.deeper(2, 8, 1, range(1, 6)))
    [axis] = _log_axes(fig).values()
    _assert_unambiguous("slope counts", axis)


def test_every_log_axis_in_the_app_goes_through_log_scale():
    """A log axis made anywhere else would get Plotly's digit labels back."""
    made_here = []
    for path in [*ROOT.glob("ui/*.py"), *ROOT.glob("pages/*/*.py")]:
        text = path.read_text()
        if re.search(r"""type\s*=\s*["']log["']|["']type["']\s*:\s*["']log["']|_type\s*=\s*["']log""", text):
            made_here.append(path.relative_to(ROOT).as_posix())
    assert made_here == ["ui/figures.py"]
