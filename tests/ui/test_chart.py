"""Every chart's text alternatives (ui/chart.py): its table read from the figure's own traces, and on every
page a description bound to each chart (its ``alt``) with a Data fold under it."""

import numpy as np
import plotly.graph_objects as go
import pytest

from backprop_core import numbers
from backprop_core.example import ARTICLE
from tests.apptest import open_page
from ui import chart
from ui.diagram import network_figure


def test_a_line_is_tabled_thinned_under_its_axes_titles_first_and_last_kept():
    x = np.arange(1000.0)
    y = 1 / (1 + x)
    fig = go.Figure(
        {
            "data": [dict(type="scatter", x=x, y=y, name="E_total")],
            "layout": dict(xaxis=dict(title=dict(text="step")), yaxis=dict(title=dict(text="E_total"))),
        }
    )
    t = chart.table(fig)
    assert list(t) == ["series", "step", "E_total"]
    assert len(t["step"]) == chart.POINTS and t["step"][0] == "0" and t["step"][-1] == "999"
    for s, e in zip(t["step"], t["E_total"]):  # each row is a point the line draws
        assert e == numbers.text(y[int(s)], chart.DIGITS)


def test_a_map_is_tabled_by_its_lowest_and_highest_points_and_a_coarse_grid():
    xs, ys = np.linspace(-1, 1, 41), np.linspace(0, 2, 31)
    z = (xs[None, :] - 0.3) ** 2 + (ys[:, None] - 1.2) ** 2
    fig = go.Figure({"data": [dict(type="contour", x=xs, y=ys, z=z.astype(np.float32))], "layout": {}})
    t = chart.table(fig)
    i, j = np.unravel_index(np.argmin(z), z.shape)
    assert t["value"][0].endswith("(lowest)") and (t["x"][0], t["y"][0]) == (
        numbers.text(xs[j], 6),
        numbers.text(ys[i], 6),
    )
    i, j = np.unravel_index(np.argmax(z), z.shape)
    assert t["value"][1].endswith("(highest)") and float(t["x"][1]) == pytest.approx(xs[j])
    assert len(t["value"]) == 2 + chart.GRID**2


def test_the_lesson_diagram_is_tabled_by_what_it_labels():
    fig = network_figure(ARTICLE, {"net_h1": 0.3775, "out_h1": 0.593269992})
    t = dict(zip(*chart.table(fig).values()))
    assert t["w5"] == "w5 = 0.4" and t["x1"] == "x1 = 0.05"
    assert t["h1"] == "net = 0.3775; out = 0.593269992"
    assert t["h2"] == "net = ?; out = ?"  # not reached yet: as the diagram says


def test_gaps_and_categories_do_not_break_a_table():
    fig = go.Figure(
        {
            "data": [
                dict(type="scatter", x=[0, 1, None, 2], y=[1, None, 3, 4]),
                dict(type="bar", x=["a", "b"], y=[1, 2]),
            ],
            "layout": {},
        }
    )
    t = chart.table(fig)
    assert t["x"][:2] == ["0", "2"] and t["y"][:2] == ["1", "4"]


def opened(at):
    """Every Data fold opened, as a reader would (a fold's table is built once it is open)."""
    keys = [e.proto.id.split("-", 2)[-1] for e in at.get("expander")]  # "$$ID-<hash>-<key>"
    for key in [k for k in keys if k.startswith(chart.OPEN)]:
        at.session_state[key] = True
    return at.run()


PAGES = [
    "slope",
    "forward_pass",
    "backward_pass",
    "training",
    "loss_surface",
    "sgd",
    "recurrent",
    "playground",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_a_description_and_a_data_fold(app, page):
    at = open_page(app, f"pages/{page}/page.py")
    assert not at.exception
    charts = at.get("plotly_chart")
    assert charts and all(len(c.proto.alt) > 20 for c in charts), [c.proto.alt for c in charts]
    folds = [e for e in at.get("expander") if e.label.startswith("Data")]
    assert len(folds) == len(charts)
    assert not any(f.get("table") or f.get("caption") for f in folds)  # nothing built while folded
    at = opened(at)
    folds = [e for e in at.get("expander") if e.label.startswith("Data")]
    tabled = [f for f in folds if f.get("table")]
    assert all(len(f.get("table")[0].value) for f in tabled)
    # what draws no number yet (the Playground's gradients before its first update) says so
    assert all(f.get("caption")[0].value == "No numbers drawn yet." for f in folds if f not in tabled)
    assert len(tabled) >= len(folds) - 1


def test_the_playground_tables_nothing_while_it_plays(app):
    """Play's tick stays cheap: the charts keep their descriptions, their tables wait for a pause."""
    at = open_page(app, "pages/playground/page.py", pg_speed="epoch")  # full speed would end in two ticks
    at = opened(at)
    at.button(key="pg_play").click().run()
    assert at.session_state["pg_playing"]
    folds = [e for e in at.get("expander") if e.label.startswith("Data")]
    assert folds and not any(f.get("table") for f in folds)
    assert {f.get("caption")[0].value for f in folds} == {"The numbers are tabled when Play stops."}
    assert all(c.proto.alt for c in at.get("plotly_chart"))
