"""The Playground's figures are built unvalidated (for speed): validate every one here."""

import numpy as np
import pytest

from backprop_core import names
from pages.playground import figures
from pages.playground import maths as pg
from tests.ui.plotly_checks import assert_draws_once, assert_valid_unchanged

CASES = {
    "xor": pg.Config(),
    "blobs": pg.Config(dataset="blobs", output="softmax", hidden=(5, 3), activations=("relu", "tanh")),
    "curve": pg.Config(dataset="curve", output="linear", hidden=(6,), lr=0.1),
    "circles-linear": pg.Config(dataset="circles", output="linear", hidden=(), activations=()),
}


def _figures():
    for label, config in CASES.items():
        p = pg.problem(config, config.make_data())
        run = pg.reach(p, 2 * p.per_epoch)
        axes, trace = pg.plane(p, run.params, 30)
        train, test = (p.train.X, p.train.y, p.train.n_classes), (p.test.X, p.test.y, p.test.n_classes)
        features = p.train.feature_names
        yield label, figures.boundary_figure(axes, trace.outs[-1], config.output, train, test, features)
        smooth = figures.boundary_figure(axes, trace.outs[-1], config.output, train, test, features, True)
        yield f"{label} playing", smooth
        yield (
            label,
            figures.neuron_figure(axes, trace.outs[1][0], "a1[0]", p.network.activations[0], features),
        )
        epochs = run.eval_steps / p.per_epoch
        yield label, figures.cost_figure(epochs, run.train_cost, run.test_cost, log_y=True)
        yield label, figures.health_figure(run.norm_steps / p.per_epoch, run.grad_norm)
        _, grads = pg.batch_gradients(p, run.params, run.step)
        geometry = names.geometry(p.network)
        for show in ("weights", "gradients"):
            yield (
                label,
                figures.diagram_figure(
                    p.network,
                    geometry,
                    run.params,
                    grads.grads,
                    show=show,
                    selected="W1[0,0]",
                    neuron="a1[0]",
                ),
            )


@pytest.mark.parametrize(("label", "fig"), list(_figures()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_figure_passes_plotlys_validation_unchanged(label, fig):
    assert_valid_unchanged(fig)


def test_the_diagram_names_every_weight_for_clicks():
    config = pg.Config(hidden=(3, 2), activations=("tanh", "relu"))
    p = pg.problem(config, config.make_data())
    run = pg.start(p)
    fig = figures.diagram_figure(p.network, names.geometry(p.network), run.params)
    clickable = [t for t in fig.data if t.name == "weights"][0]
    assert sorted(clickable.customdata) == sorted(w for l in (1, 2, 3) for w in names.weights(p.network, l))
    neurons = [t for t in fig.data if t.name == "neurons"][0]
    assert "a2[1]" in neurons.customdata and "x[0]" in neurons.customdata


def test_no_two_weights_share_a_click_point():
    hidden = (pg.MAX_NEURONS,) * pg.MAX_HIDDEN_LAYERS
    config = pg.Config(hidden=hidden, activations=("tanh",) * len(hidden))
    p = pg.problem(config, config.make_data())
    fig = figures.diagram_figure(p.network, names.geometry(p.network), pg.start(p).params)
    points = [t for t in fig.data if t.name == "weights"][0]
    xy = np.array([points.x, points.y]).T
    gaps = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1)) + np.eye(len(xy)) * 9
    assert gaps.min() > 0.05


@pytest.mark.parametrize(("label", "fig"), list(_figures()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_figure_is_one_plotly_can_redraw_once(label, fig):
    assert_draws_once(fig)


def test_a_run_not_trained_yet_shows_its_first_cost_and_says_where_the_gradients_will_be():
    p = pg.problem(pg.Config(), pg.Config().make_data())
    run = pg.reach(p, 0)
    cost = figures.cost_figure(run.eval_steps / p.per_epoch, run.train_cost, run.test_cost, log_y=True)
    assert [t.mode for t in cost.data] == ["markers", "markers"]  # one point each: a line would not show
    assert [t.y[0] for t in cost.data] == pytest.approx([run.train_cost[0], run.test_cost[0]], rel=1e-6)
    health = figures.health_figure(run.norm_steps / p.per_epoch, run.grad_norm)
    assert len(run.grad_norm) == 0
    assert "press Play" in health.layout.annotations[0].text
    trained = pg.reach(p, 3)
    assert {t.mode for t in figures.health_figure(trained.norm_steps, trained.grad_norm).data} == {"lines"}
    assert not figures.health_figure(trained.norm_steps, trained.grad_norm).layout.annotations


def test_log_axes_label_powers_of_ten_or_also_2_and_5_never_every_digit():
    """Plotly's default labels 1, 2, ... 9 in every decade: a column of digits too close to read (and
    0.5 printed as "5": tests/ui/test_log_axes.py reads every log axis's labels)."""
    narrow, few = np.array([0.71, 0.62, 0.6]), np.array([0.7, 0.1, 0.03])
    wide = np.array([[3.0, 1e-4], [0.5, 2e-6]])
    cost = figures.cost_figure(np.arange(3), narrow, narrow * 1.1, log_y=True)  # within a decade
    assert cost.layout.yaxis.type == "log" and len(cost.layout.yaxis.tickvals) <= 8
    cost = figures.cost_figure(np.arange(3), few, few * 1.1, log_y=True)
    assert cost.layout.yaxis.tickvals == (0.02, 0.05, 0.1, 0.2, 0.5, 1.0)  # 1, 2 and 5 in each decade
    health = figures.health_figure(np.arange(2), wide)
    assert (health.layout.yaxis.type, health.layout.yaxis.dtick) == ("log", 1)
    assert figures.cost_figure(np.arange(3), narrow, narrow, log_y=False).layout.yaxis.type is None


def test_while_playing_the_boundary_is_smoothed_but_never_blends_classes():
    for label, config in CASES.items():
        p = pg.problem(config, config.make_data())
        axes, trace = pg.plane(p, pg.start(p).params, pg.PLAY_GRID)
        train, test = (p.train.X, p.train.y, p.train.n_classes), (p.test.X, p.test.y, p.test.n_classes)
        fig = figures.boundary_figure(axes, trace.outs[-1], config.output, train, test, smooth=True)
        shading = fig.data[0]
        if len(axes) == 2:  # a 1-D input draws a curve
            assert shading.zsmooth == (None if config.output == "softmax" else "best"), label


def test_the_curves_keep_at_most_their_points_with_the_first_and_the_last():
    epochs = np.arange(2_000) / 14
    cost = figures.cost_figure(epochs, np.linspace(1, 0.1, 2_000), np.linspace(1.1, 0.2, 2_000), log_y=True)
    health = figures.health_figure(epochs, np.linspace(1, 2, 4_000).reshape(2_000, 2))
    for trace in (*cost.data, *health.data):
        assert len(trace.x) == len(trace.y) == figures.POINTS
        assert (trace.x[0], trace.x[-1]) == pytest.approx((epochs[0], epochs[-1]), rel=1e-6)
