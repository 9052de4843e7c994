"""The Playground's figures are built unvalidated (for speed): validate every one here."""

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from backprop_core import names
from backprop_core import playground as pg
from ui import playground_figures as figures

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
    validated = go.Figure(fig.to_dict())  # raises on any invalid property
    sent, checked = (json.loads(pio.to_json(f, validate=False)) for f in (fig, validated))
    assert sent["layout"].pop("template") == "none"  # no template: validation spells out "none" in full
    assert checked["layout"].pop("template") == pio.templates["none"].to_plotly_json()
    assert sent == checked


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


def _arrays(spec, path=""):
    """(path, value) of every array in a figure's JSON: a list of numbers or a base64 typed array."""
    if isinstance(spec, dict) and "bdata" in spec:
        yield path, spec
    elif isinstance(spec, dict):
        for key, value in spec.items():
            yield from _arrays(value, f"{path}.{key}")
    elif isinstance(spec, list) and spec and all(isinstance(v, int | float) for v in spec):
        yield path, spec
    elif isinstance(spec, list):
        for i, value in enumerate(spec):
            yield from _arrays(value, f"{path}[{i}]")


@pytest.mark.parametrize(("label", "fig"), list(_figures()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_figure_is_one_plotly_can_redraw_once(label, fig):
    """What spares the second full draw of every remounted chart (the comment in ui/playground_figures.py):
    no template object, fixed margins, a constant datarevision, and no one-dimensional base64 array."""
    spec = json.loads(pio.to_json(fig, validate=False))
    layout = spec["layout"]
    assert layout["template"] == "none" and "datarevision" in layout
    assert not any(layout[axis].get("automargin") for axis in ("xaxis", "yaxis"))
    for path, array in _arrays(spec["data"]):
        if isinstance(array, dict):  # base64: only a heatmap's grid of colours, two-dimensional
            assert path.endswith(".z") and "," in str(array["shape"]), path
