"""``python -m backprop_core train``: the JSON it promises, runs that continue from a saved network,
and one line on stderr with exit status 2 for every kind of bad input."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backprop_core import datasets
from backprop_core.cli import main
from backprop_core.export import loads
from backprop_core.network import init_params
from backprop_core.training import evaluate, fit

ROOT = Path(__file__).parents[2]


def run_json(capsys, *args) -> dict:
    assert main(["train", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_holds_per_epoch_costs_and_the_network(capsys):
    out = run_json(capsys, "--data", "xor", "--n", "80", "--layers", "4", "--epochs", "7", "--batch", "8")
    assert len(out["train_cost"]) == len(out["test_cost"]) == len(out["accuracy"]) == 7
    assert out["final_cost"] == out["train_cost"][-1]
    assert out["steps"] == 7 * 8  # 64 training samples in batches of 8
    net = out["network"]
    assert net["layers"] == [2, 4, 1] and net["activations"] == ["tanh", "sigmoid"]
    assert net["loss"] == "binary_cross_entropy"
    assert np.array(net["weights"][0]).shape == (4, 2) and np.array(net["biases"][1]).shape == (1,)
    # the reported cost is the saved network's own cost on the training samples
    data = datasets.make("xor", 80, 0.1, 0)
    train, _ = datasets.split(data, 0.2, 0)
    network, params = loads(json.dumps(net))
    cost, _ = evaluate(network, params, train.X, train.targets(network.loss))
    assert cost == pytest.approx(out["final_cost"], rel=1e-12)


def test_the_losses_choose_their_outputs(capsys):
    blobs = run_json(capsys, "--data", "blobs", "--classes", "3", "--epochs", "2", "--layers", "")
    assert blobs["network"]["layers"] == [2, 3] and blobs["network"]["activations"] == ["softmax"]
    curve = run_json(capsys, "--data", "curve", "--epochs", "2", "--layers", "5")
    assert curve["network"]["loss"] == "half_squared" and curve["accuracy"] is None


def test_full_batch_runs_are_deterministic_and_continue_from_a_saved_network(capsys, tmp_path):
    common = ["--data", "moons", "--n", "60", "--batch", "all", "--test-fraction", "0", "--lr", "0.5"]
    five = run_json(capsys, *common, "--epochs", "5")
    assert run_json(capsys, *common, "--epochs", "5") == five
    saved = tmp_path / "w.json"
    run_json(capsys, *common, "--epochs", "2", "--save", str(saved))
    rest = run_json(capsys, *common, "--epochs", "3", "--init-weights", str(saved))
    np.testing.assert_allclose(rest["network"]["weights"][0], five["network"]["weights"][0], rtol=1e-13)
    assert rest["final_cost"] == pytest.approx(five["final_cost"], rel=1e-13)
    assert five["test_cost"] is None


def test_the_cli_runs_fit_itself(capsys):
    """Same data, same initial weights, same batches: the numbers fit gives in a test."""
    out = run_json(capsys, "--data", "circles", "--n", "50", "--epochs", "3", "--layers", "3", "--seed", "4")
    network, first = loads(json.dumps(out["network"]))
    train, test = datasets.split(datasets.make("circles", 50, 0.1, 4), 0.2, 4)
    start = init_params(network, np.random.default_rng(4), "xavier")
    h = fit(
        network,
        start,
        train.X,
        train.targets(network.loss),
        lr=0.1,
        batch_size=10,
        epochs=3,
        seed=4,
        test=(test.X, test.targets(network.loss)),
    )
    np.testing.assert_array_equal(h.final.flat(), first.flat())
    assert out["test_cost"] == list(h.evaluation.test_cost[1:])


def test_a_csv_file(capsys, tmp_path):
    path = tmp_path / "points.csv"
    rows = ["x,y,label"] + [f"{i / 10},{(i * 7 % 10) / 10},{i % 2}" for i in range(20)]
    path.write_text("\n".join(rows))
    out = run_json(capsys, "--data", str(path), "--epochs", "2", "--layers", "3")
    assert out["network"]["layers"] == [2, 3, 1]


@pytest.mark.parametrize(
    "args, says",
    [
        (["--data", "spirals2"], "unknown data set"),
        (["--layers", "4,x"], "whole number"),
        (["--layers", "0"], "from 1"),
        (["--lr", "0"], "above 0"),
        (["--lr", "-5"], "above 0"),
        (["--lr", "nan"], "finite"),
        (["--epochs", "0"], "from 1"),
        (["--batch", "0"], "from 1"),
        (["--n", "3"], "from 4"),
        (["--loss", "ce", "--data", "curve"], "class"),
        (["--loss", "bce", "--data", "blobs"], "two classes"),
        (["--output", "tanh", "--loss", "bce"], "sigmoid"),
        (["--epochs", "10000", "--batch", "1", "--n", "2000"], "updates"),
    ],
)
def test_bad_input_is_one_line_and_status_2(capsys, args, says):
    assert status(["train", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and says in err and len(err) < 300


def status(argv) -> int:
    """The exit status, whether argparse (SystemExit) or the verb (a return value) refused."""
    try:
        return main(argv)
    except SystemExit as exit:
        return exit.code


def test_a_malformed_network_file(capsys, tmp_path):
    bad = tmp_path / "w.json"
    bad.write_text('{"layers": [2, 3, 1], "weights": []}')
    assert main(["train", "--init-weights", str(bad)]) == 2
    assert "lacks" in capsys.readouterr().err


def test_as_a_program(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "backprop_core", "train", "--data", "xor", "--epochs", "3", "--n", "40"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "final cost" in done.stdout and "xor" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "backprop_core", "train", "--lr", "-1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
