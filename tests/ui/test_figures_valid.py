"""The training, surface and diagram figures are built unvalidated (for speed): validate every one here.

Each is rebuilt through Plotly's full validation; it must pass and serialise to the same JSON.
"""

import numpy as np
import pytest

from backprop_core import ARTICLE, NETWORK, solve, train
from backprop_core.example import PARAMETERS, TARGETS, values_from_params
from backprop_core.surface import descend, line, surface
from pages.loss_surface import figures as surface_figures
from pages.sgd import figures as sgd_figures
from pages.sgd import maths as sgd
from pages.slope import figures as slope_figures
from pages.slope import maths as slope
from pages.training import cached as cache
from pages.training import figures as training_figures
from tests.ui.plotly_checks import assert_valid_unchanged
from ui import diagram

E = ARTICLE


def _training_figures():
    h = train(NETWORK, E.params, E.inputs, E.targets, E.lr, 1000)
    sweep = train(NETWORK, E.params, E.inputs, E.targets, np.array([0.5, 1e200]), 50, article_variant=True)
    yield training_figures.loss_figure(h.steps, h.loss, log_y=True, at=(10, float(h.loss[10])))
    yield training_figures.loss_figure(h.steps, h.loss, log_y=False)
    yield training_figures.outputs_figure(h.steps, h.outputs, E.targets, cache.OUTPUTS, TARGETS)
    yield training_figures.parameters_figure(
        h.steps, values_from_params(h.params), PARAMETERS, cache.FIRST_LAYER
    )
    yield training_figures.sweep_figure([0.5, 1e200], sweep.steps, sweep.loss, sweep.diverged_at, log_y=True)


def _surface_figures():
    s = surface(E, "w1", "b2", 2.0, 31)
    path, projected = descend(E, 200, only=("w1", "b2")), descend(E, 200)
    solution = solve(E)
    yield surface_figures.surface_figure(s, (E.w1, E.b2, solution.forward["E_total"]), path)
    yield surface_figures.contour_figure(s, (E.w1, E.b2), (0.1, -0.2), path, projected)
    yield surface_figures.contour_figure(s, (E.w1, E.b2), (0.0, 0.0), path, projected)  # no arrow
    axis, loss = line(E, "w1", 2.0, 51)
    yield surface_figures.line_figure("w1", axis, loss, (E.w1, solution.forward["E_total"]), 0.1)


def _sgd_figures():
    setup = sgd.Setup(epochs=2, n=100)
    runs = sgd.three_runs(setup)
    train, _ = sgd.data(setup)
    projected = sgd.projection(setup, runs, "W2[0,0]", "W1[1,0]", points=11)
    paths = {(sgd_figures.label(r), r.kind): sgd.path(r, "W2[0,0]", "W1[1,0]") for r in runs}
    x1, x2 = np.linspace(-1, 1, 5), np.linspace(-1, 1, 4)
    grid = (x1, x2, sgd.probabilities(runs[1].history.final, x1, x2))
    yield sgd_figures.cost_figure(runs)
    yield sgd_figures.generalisation_figure(runs)
    yield sgd_figures.paths_figure(projected, paths)
    yield sgd_figures.data_figure(train.X, train.y, [0, 3, 5], grid, "a batch")
    yield sgd_figures.data_figure(train.X, train.y, [])


def _slope_figures():
    c = slope.curve(E, "b2", (0.5, 5.0, 20.0), 6, 2.0, points=41)
    yield slope_figures.curve_figure(c, tangent=True, runs=(1,), steps=1)
    yield slope_figures.curve_figure(c, tangent=False, runs=(0, 1, 2))
    f = slope.field(E, "b2", "w5", 2.0, points=21, arrows=5)
    for step in (False, True):
        yield slope_figures.field_figure(f, slope.steepest(E, "b2", "w5", lr=5.0), (E.b2, E.w5), step=step)
    yield slope_figures.counts_figure(slope.deeper(2, 8, 1, range(1, 6)))


def _diagrams():
    forward = solve(E).forward
    yield diagram.network_figure(E, forward, diagram.gradient_path("w1"), 9)
    yield diagram.network_figure(E, {"net_h1": forward["net_h1"]}, diagram.step_highlight("net_h1"))
    yield diagram.network_figure(E, {}, ())


@pytest.mark.parametrize(
    "fig",
    [*_training_figures(), *_surface_figures(), *_sgd_figures(), *_slope_figures(), *_diagrams()],
    ids=lambda f: f.layout.title.text,
)
def test_every_figure_passes_plotlys_validation_unchanged(fig):
    assert_valid_unchanged(fig)
