"""The Playground's runs: the defaults learn XOR, zero weights never break symmetry, a link's
step is reproduced bit for bit, and the exported notebook (a second, plain implementation)
reaches the page's cost."""

import json
import subprocess
import sys

import numpy as np
import pytest

from backprop_core import datasets
from backprop_core.network import Params, init_params
from pages.playground import maths as pg
from pages.playground import notebook


def final_cost(nb: dict, tmp_path) -> float:
    """Run the notebook's code cells with plain Python (the core's own generated code, never user text)."""
    script = tmp_path / "notebook.py"
    script.write_text(notebook.code(nb))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("training cost after"))
    return float(line.rsplit(" ", 1)[1])


def run_of(config, epochs=None):
    p = pg.problem(config, config.make_data())
    return p, pg.reach(p, (config.epochs if epochs is None else epochs) * p.per_epoch)


def bits(params: Params) -> bytes:
    return params.flat().tobytes()


def test_xor_2_4_1_tanh_learns_from_the_defaults():
    config = pg.Config()
    assert (config.dataset, config.hidden, config.activations) == ("xor", (4,), ("tanh",))
    p, run = run_of(config)
    assert p.network.sizes == (2, 4, 1)
    assert run.test_accuracy[-1] > 0.95 and run.accuracy[-1] > 0.95
    assert run.eval_steps[-1] == run.step == config.epochs * p.per_epoch


def test_zero_initialisation_never_breaks_symmetry():
    p, run = run_of(pg.Config(init="zero", hidden=(4, 3), activations=("tanh", "tanh")))
    assert pg.symmetric_layers(run.params) == [1, 2]
    w1 = run.params.weights[0]
    assert np.all(w1 == w1[0])  # every hidden neuron still computes the same function
    assert run.test_accuracy[-1] <= 0.6  # XOR needs two different hidden features
    assert pg.symmetric_layers(init_params(p.network, np.random.default_rng(0), "xavier")) == []


def test_a_run_in_pieces_is_the_run_in_one_go():
    config = pg.Config(dataset="moons", hidden=(5, 3), activations=("relu", "tanh"), batch=7, l2=1e-3)
    p = pg.problem(config, config.make_data())
    whole = pg.reach(p, 3 * p.per_epoch + 5)
    pieces = pg.start(p)
    for n in (1, 4, p.per_epoch, 0, 2 * p.per_epoch):
        pieces = pg.advance(p, pieces, n)
    assert pieces.step == whole.step and bits(pieces.params) == bits(whole.params)
    assert bits(pg.reach(p, whole.step).params) == bits(whole.params)  # a link reproduces it
    again = pg.problem(config, config.make_data())  # a fresh session: data drawn again
    assert bits(pg.reach(again, whole.step).params) == bits(whole.params)


def test_records_are_thinned_but_keep_the_start_and_the_latest():
    config = pg.Config(batch=1, n=40)
    p = pg.problem(config, config.make_data())
    run = pg.reach(p, pg.MAX_RECORDS + 700)
    assert run.norm_steps.size <= pg.MAX_RECORDS
    assert run.norm_steps[0] == 0 and run.norm_steps[-1] == run.step - 1
    assert np.all(np.diff(run.norm_steps) > 0)


def test_a_diverging_run_stops_at_the_step():
    config = pg.Config(
        dataset="curve", output="linear", lr=10.0, hidden=(8, 8), activations=("linear",) * 2, init="he"
    )
    p, run = run_of(config, epochs=20)
    assert run.diverged_at >= 0 and run.step == run.diverged_at
    assert np.isfinite(run.params.flat()).all()
    assert pg.advance(p, run, 10) is run  # nothing more happens


def test_a_dead_relu_is_found():
    config = pg.Config(hidden=(3,), activations=("relu",))
    p = pg.problem(config, config.make_data())
    params = init_params(p.network, np.random.default_rng(0), "xavier")
    biases = (np.array([-100.0, 0.0, 0.0]), params.biases[1])
    assert pg.dead_neurons(p, Params(params.weights, biases)) == [(1, 0)]


def test_the_plane_covers_every_point():
    config = pg.Config(dataset="circles")
    p, run = run_of(config, epochs=1)
    axes, trace = pg.plane(p, run.params, 50)
    assert [a.size for a in axes] == [50, 50] and trace.outs[-1].shape == (1, 2500)
    x = np.concatenate([p.x, p.x_test], axis=1)
    assert axes[0][0] < x[0].min() and axes[1][-1] > x[1].max()


@pytest.mark.parametrize(
    "config",
    [
        pg.Config(),
        pg.Config(
            dataset="blobs",
            classes=4,
            output="softmax",
            hidden=(5, 3),
            activations=("relu", "sigmoid"),
            init="he",
            l2=0.01,
            batch=0,
        ),
        pg.Config(dataset="curve", output="linear", hidden=(8,), lr=0.1, noise=0.2),
        pg.Config(dataset="spirals", test_fraction=0.0, init="uniform", batch=1, epochs=2),
        pg.Config(dataset="moons", hidden=(), activations=(), seed=12),
    ],
)
def test_the_notebook_reproduces_the_pages_cost(config, tmp_path):
    p, run = run_of(config, epochs=2)
    nb = json.loads(notebook.dumps(notebook.notebook(config, run.step, p.network.sizes)))
    assert nb["nbformat"] == 4 and [c["cell_type"] for c in nb["cells"]][0] == "markdown"
    assert final_cost(nb, tmp_path) == pytest.approx(run.train_cost[-1], rel=1e-12)


def test_the_notebook_of_an_upload_carries_its_numbers(tmp_path):
    text = "alpha,beta,gamma\n" + "\n".join(
        f"{i % 7 / 7},{i % 5 / 5},{int(i % 7 > i % 5)}" for i in range(60)
    )
    ds = datasets.load_csv(text.encode(), "mine.csv")
    config = pg.Config(dataset=pg.UPLOAD, hidden=(3,), activations=("tanh",))
    p = pg.problem(config, ds)
    run = pg.reach(p, 2 * p.per_epoch)
    nb = notebook.notebook(config, run.step, p.network.sizes, upload=ds)
    source = notebook.code(nb)
    assert "gamma" not in source and "mine.csv" not in source  # the user's text stays out of the code
    assert final_cost(nb, tmp_path) == pytest.approx(run.train_cost[-1], rel=1e-12)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hidden": (9,), "activations": ("tanh",)},
        {"hidden": (2,) * 7, "activations": ("tanh",) * 7},
        {"activations": ()},
        {"activations": ("softmax",)},
        {"output": "relu"},
        {"lr": 0.0},
        {"epochs": 0},
    ],
)
def test_configs_out_of_the_limits_are_refused(kwargs):
    with pytest.raises(ValueError):
        pg.Config(**kwargs)


def test_a_play_tick_waits_until_tick_seconds_after_the_last_began_and_half_that_after_it_ended():
    t = pg.TICK
    assert pg.pause_before_tick(None, 100.0) == 0.0  # the first tick of a Play
    assert pg.pause_before_tick((100.0, 100.0 + t / 5), 100.0 + t / 2) == pytest.approx(t / 2)  # a quick tick
    assert pg.pause_before_tick((100.0, 100.0 + 2 * t), 100.0 + 2 * t) == pytest.approx(t / 2)  # a slow one
    assert pg.pause_before_tick((100.0, 100.0 + 2 * t), 100.0 + 3 * t) == 0.0  # asked for late: none
    assert pg.pause_before_tick((100.0, 100.0), 99.0) == t  # never more than one TICK
