"""Loss-surface page: the grid, the chosen parameters (and their link), the paths, the gradient."""

from dataclasses import replace

import numpy as np
import pytest

from backprop_core import ARTICLE, loss_over, solve
from tests.apptest import array, chart, open_page
from tests.ui.plotly_checks import assert_page_draws_once

PAGE = "pages/loss_surface/page.py"


def titles(app) -> tuple[str, str]:
    layout = chart(app, "surface_contour")["layout"]
    return layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]


def surface_trace(app) -> dict:
    if not app.toggle(key="surf_3d").value:
        app.toggle(key="surf_3d").set_value(True).run()
    [trace] = [t for t in chart(app, "surface_3d")["data"] if t["type"] == "surface"]
    return trace


@pytest.fixture
def page(app):
    open_page(app, PAGE)
    assert not app.exception
    return app


def test_the_default_surface_is_over_w5_and_w6_on_a_61_by_61_grid(page):
    assert titles(page) == ("w5", "w6")
    trace = surface_trace(page)
    z, x, y = array(trace["z"]), array(trace["x"]), array(trace["y"])
    assert z.shape == (61, 61)
    assert (x[30], y[30]) == pytest.approx((ARTICLE.w5, ARTICLE.w6), abs=1e-15)  # centred on now
    expected = loss_over(ARTICLE, w5=x[None, :], w6=y[:, None])
    np.testing.assert_allclose(z, expected, rtol=1e-6)  # sent as float32


def test_choosing_other_parameters_changes_the_data_and_the_axis_titles(page):
    before = array(surface_trace(page)["z"])
    page.selectbox(key="surf_x").set_value("w1").run()
    page.selectbox(key="surf_y").set_value("b2").run()
    assert not page.exception
    assert titles(page) == ("w1", "b2")
    after = array(surface_trace(page)["z"])  # the 3-D surface was on: it follows
    assert after.shape == before.shape and not np.allclose(after, before)
    scene = chart(page, "surface_3d")["layout"]["scene"]
    assert (scene["xaxis"]["title"]["text"], scene["yaxis"]["title"]["text"]) == ("w1", "b2")


def test_the_link_chooses_the_parameters(app):
    open_page(app, PAGE, p1="w3", p2="b1")
    assert not app.exception and titles(app) == ("w3", "b1")


@pytest.mark.parametrize("p1, p2, expected", [("zz", "w7", ("w5", "w7")), ("w6", "w6", ("w6", "w5"))])
def test_bad_names_in_the_link_fall_back(app, p1, p2, expected):
    open_page(app, PAGE, p1=p1, p2=p2)
    assert not app.exception and titles(app) == expected


def test_a_finer_grid_has_the_chosen_shape(page):
    page.select_slider(key="surface_points").set_value(201).run()
    assert not page.exception
    assert array(surface_trace(page)["z"]).shape == (201, 201)


def test_the_two_parameter_descent_stays_on_the_surface(app):
    example = replace(ARTICLE, w1=0.9)  # any example: the path follows the sidebar
    open_page(app, PAGE, p1="w1", p2="w7", w1="0.9")
    app.toggle(key="surf_3d").set_value(True).run()
    assert not app.exception
    [path] = [t for t in chart(app, "surface_3d")["data"] if t["type"] == "scatter3d" and "only" in t["name"]]
    x, y, z = (array(path[c]) for c in "xyz")
    assert len(z) > 100 and z[-1] < z[0]
    np.testing.assert_allclose(z, loss_over(example, w1=x, w7=y), rtol=1e-12)


def test_the_arrow_points_down_the_backprop_gradient(page):
    [arrow] = chart(page, "surface_contour")["layout"]["annotations"]
    step = np.array([arrow["x"] - arrow["ax"], arrow["y"] - arrow["ay"]])
    gradient = np.array([solve(ARTICLE).gradients[p] for p in ("w5", "w6")])
    np.testing.assert_allclose(step / np.linalg.norm(step), -gradient / np.linalg.norm(gradient), rtol=1e-9)


def test_the_tangent_has_the_backprop_slope(page):
    traces = chart(page, "surface_line_p1")["data"]
    [tangent] = [t for t in traces if t["name"].startswith("tangent")]
    x, y = array(tangent["x"]), array(tangent["y"])
    # its ends are sent to the 7 digits a chart shows (numbers.plotted), so the slope agrees to about 1e-7
    assert (y[1] - y[0]) / (x[1] - x[0]) == pytest.approx(solve(ARTICLE).gradients["w5"], rel=1e-6)


def test_the_contour_comes_first_and_the_3d_surface_only_on_demand(page):
    """A WebGL surface costs the browser seconds: the page opens with the contour map alone."""
    charts = [c.proto.id for c in page.get("plotly_chart")]
    assert any("surface_contour" in c for c in charts) and not any("surface_3d" in c for c in charts)
    page.toggle(key="surf_3d").set_value(True).run()
    assert any("surface_3d" in c.proto.id for c in page.get("plotly_chart"))


def test_each_path_has_a_light_casing_under_it(page):
    """Projector contrast: every path is drawn twice, a wide light line under the coloured one."""
    traces = chart(page, "surface_contour")["data"]
    lines = [t for t in traces if t["type"] == "scatter" and t.get("mode") == "lines" and "x" in t]
    casings = [t for t in lines if t.get("showlegend") is False]
    paths = [t for t in lines if t.get("showlegend") is not False and array(t["x"]).size > 1]
    assert len(paths) == 2 and len(casings) == 2
    for under, over in zip(casings, paths):
        np.testing.assert_array_equal(array(under["x"]), array(over["x"]))
        assert under["line"]["width"] > over["line"]["width"]


def test_the_2d_charts_are_drawn_once_without_streamlits_theme(app):
    """The contour map and both lines carry the theme's look themselves (ui/figures.py): a themed chart
    is drawn twice. The 3-D surface, drawn on demand, keeps the theme."""
    assert_page_draws_once(open_page(app, PAGE), 3)
