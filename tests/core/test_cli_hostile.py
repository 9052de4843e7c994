"""Hostile input to ``python -m backprop_core``: every case gets exactly one line on stderr, no
traceback, exit status 2 for bad input and 1 when the system cannot read or write a file (or a
run diverged, with a one-line warning), and strict JSON wherever ``--json`` prints.

Cases that would hang or eat memory if the guard broke (a named pipe, /dev/zero, a 90-minute
relaxation) run in a subprocess with a timeout; the rest call ``main`` in-process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_core import datasets, export
from backprop_core.cli import main
from backprop_core.cli.train import MAX_HIDDEN_LAYERS, MAX_NEURONS
from backprop_core.limits import FIXED_POINT_WORK

ROOT = Path(__file__).parents[2]
BIG_NUMBER = "1" + "0" * 400  # a whole number past float64


def network(sizes, weight=0.1, loss="binary_cross_entropy", output="sigmoid") -> dict:
    """A network object as --save writes it, every weight ``weight``."""
    return {
        "layers": sizes,
        "activations": ["tanh"] * (len(sizes) - 2) + [output],
        "loss": loss,
        "weights": [[[weight] * n_in for _ in range(n_out)] for n_in, n_out in zip(sizes, sizes[1:])],
        "biases": [[0.0] * n for n in sizes[1:]],
    }


def compact(obj) -> str:
    return json.dumps(obj, separators=(",", ":"))


FILES = {  # name -> text (or bytes) of a regular file in the test's folder
    "empty.csv": "",
    "binary.csv": b"\x00\xff\xfe" * 100,
    "big.csv": "0,0,0\n" * (datasets.MAX_CSV_BYTES // 6 + 1),
    "empty.json": "",
    "deep.json": "[" * 100_000 + "]" * 100_000,
    # Closing brackets inside a string must not hide the real nesting after it.
    "string-deep.json": '["' + "]" * 50_000 + '",' + "[" * 50_000 + "]" * 50_001,
    "not.json": "layers: 2, 4, 1",
    "large.json": " " * (export.MAX_BYTES + 1),
    "wide.json": compact(network([2, 1200, 1200, 1200, 1], 0)),  # the audit's 2-1200-1200-1200-1
    "deep-net.json": compact(network([2] + [3] * 9 + [1])),
    "bce.json": compact(network([2, 4, 1], loss="bce")),
    "unknown-loss.json": compact(network([2, 4, 1], loss="hinge")),
    "outputs.json": compact(network([2, 4, 3], loss="ce", output="softmax")),
    "inputs.json": compact(network([3, 4, 1])),
    "nan.json": json.dumps(network([2, 4, 1], float("nan"))),
    "big-int.json": compact(network([2, 4, 1])).replace("0.1", BIG_NUMBER, 1),
    "latin1.json": b'{"layers": "\xff\xfe"}',
    "huge-weights.json": compact(network([2, 4, 1], 1e308)),
}

DIVERGES = ["train", "--data", "moons", "--lr", "1000", "--activation", "linear", "--loss", "mse"]
DIVERGES += ["--output", "linear", "--epochs", "3"]
UNITS_21 = ";".join(",".join(["0.01"] * 21) for _ in range(21))
I_21 = ",".join(["0"] * 21)

# (argv with {d} for the test's folder, exit status, text the one line holds)
CASES = [
    # no verb, a wrong verb, and the worked example
    ([], 2, "required"),
    (["teach"], 2, "invalid choice"),
    (["example", "--w5", "abc"], 2, "not a number"),
    (["example", "--lr", "nan"], 2, "finite"),
    (["example", "--x1", "1e400"], 2, "finite"),
    (["example", "--w5", "1e308"], 2, "-100 to 100"),
    (["example", "--steps", "-1"], 2, "steps"),
    (["example", "--steps", "1e400"], 2, "whole number"),
    (["example", "--decimals", "99"], 2, "invalid choice"),
    (["example", "--w5", "9" * 5000], 2, "characters"),
    (["example", "--bogus"], 2, "unrecognized"),
    # train: numbers
    (["train", "--layers", "65"], 2, "from 1 to 64"),
    (["train", "--layers", ",".join(["1"] * 9)], 2, "at most 8 hidden layers"),
    (["train", "--layers=-1"], 2, "from 1 to 64"),
    (["train", "--epochs", "1e400"], 2, "whole number"),
    (["train", "--n", "1000000000"], 2, "n must be"),
    (["train", "--seed=-1"], 2, "seed must be"),
    (["train", "--batch", "0"], 2, "batch must be"),
    (["train", "--noise", "inf"], 2, "finite"),
    (["train", "--test-fraction", "1"], 2, "test-fraction must be"),
    (["train", "--classes", "1000"], 2, "classes must be"),
    (["train", "--lr", "1e400"], 2, "finite"),
    (["train", "--loss", "hinge"], 2, "bce (binary_cross_entropy)"),
    (["train", "--epochs", "10000", "--batch", "1", "--n", "2000"], 2, "updates"),
    # train: files the system cannot open (status 1) and files that are refused (status 2)
    (["train", "--data", "{d}/missing.csv"], 1, "No such file"),
    (["train", "--data", "x" * 5000 + ".csv"], 1, "characters"),
    (["train", "--data", "{d}/folder.csv"], 2, "not a regular file (a directory)"),
    (["train", "--data", "{d}/empty.csv"], 2, "empty"),
    (["train", "--data", "{d}/binary.csv"], 2, "binary.csv"),
    (["train", "--data", "{d}/big.csv"], 2, f"larger than {datasets.MAX_CSV_BYTES:,} bytes"),
    (["train", "--init-weights", "{d}/missing.json"], 1, "No such file"),
    (["train", "--init-weights", "{d}/folder.csv"], 2, "a directory"),
    (["train", "--init-weights", "{d}/empty.json"], 2, "not a JSON network file"),
    (["train", "--init-weights", "{d}/deep.json"], 2, f"deeper than {export.MAX_DEPTH} levels"),
    (["train", "--init-weights", "{d}/string-deep.json"], 2, "deeper than"),
    (["train", "--init-weights", "{d}/not.json"], 2, "not a JSON network file"),
    (["train", "--init-weights", "{d}/large.json"], 2, f"larger than {export.MAX_BYTES:,} bytes"),
    (["train", "--init-weights", "{d}/wide.json"], 2, "at most 8 hidden layers of 1 to 64 neurons"),
    (["train", "--init-weights", "{d}/deep-net.json"], 2, "(as --layers)"),
    (["train", "--init-weights", "{d}/bce.json", "--epochs", "2", "--json"], 0, ""),
    (["train", "--init-weights", "{d}/unknown-loss.json"], 2, "unknown loss 'hinge'"),
    (["train", "--init-weights", "{d}/outputs.json"], 2, "3 outputs; the data needs 2"),
    (["train", "--init-weights", "{d}/inputs.json"], 2, "3 inputs"),
    (["train", "--init-weights", "{d}/nan.json"], 2, "not finite"),
    (["train", "--init-weights", "{d}/big-int.json"], 2, "not finite"),
    (["train", "--init-weights", "{d}/latin1.json"], 2, "utf-8"),
    (["train", "--save", "{d}/folder.csv"], 2, "a directory"),
    (["train", "--save", "{d}/no/such/folder/w.json", "--epochs", "1"], 1, "No such file"),
    # train: runs that diverge in their first epoch (the audit's IndexError)
    ([*DIVERGES], 1, "overflowed at update 3 (epoch 1)"),
    ([*DIVERGES, "--json", "--save", "{d}/w.json"], 1, "nothing saved"),
    (["train", "--init-weights", "{d}/huge-weights.json", "--json"], 1, "overflowed at update 0"),
    # bptt
    (["bptt", "--v", "1e308", "--c", "1e308", "--json"], 2, "overflow"),
    (["bptt", "--w", "1e308", "--b", "1e308"], 2, "overflow"),
    (["bptt", "--u", "1e308", "--xs", "1e308", "--json"], 2, "overflow"),
    (["bptt", "--w", "1e308", "--json"], 0, ""),  # tanh saturates: every number finite
    (["bptt", "--w", "inf"], 2, "finite"),
    (["bptt", "--xs", ",".join(["1"] * 1001)], 2, "at most 1000"),
    (["bptt", "--xs", ""], 2, "not a number"),
    (["bptt", "--clip", "0"], 2, "above 0"),
    (["bptt", "--truncate", "1e400"], 2, "whole number"),
    # fixed-point
    (["fixed-point", "--W=1e308,1e308;1e308,1e308", "--json"], 2, "overflow"),
    (["fixed-point", "--W", UNITS_21, "--I", I_21, "--target", I_21], 2, "at most 20 units"),
    (["fixed-point", "--cap", "5000", "--steps", "1000"], 2, f"limit of {FIXED_POINT_WORK:,}"),
    (["fixed-point", "--tol", "0"], 2, "above 0"),
    (["fixed-point", "--tol", "nan"], 2, "finite"),
    (["fixed-point", "--cap", "1e400"], 2, "whole number"),
    (["fixed-point", "--lr", "inf"], 2, "finite"),
    (["fixed-point", "--W", ""], 2, "not a number"),
    (["fixed-point", "--steps=-1"], 2, "steps must be"),
    (["fixed-point", "--W", "0.5", "--I", "0", "--target", "0.5", "--steps", "3", "--json"], 0, ""),
]

# A broken guard would block or read forever here: a subprocess with a timeout.
FIFO_DEVICE_SLOW = [
    (["train", "--data", "{d}/pipe.csv"], 2, "not a regular file (a named pipe)"),
    (["train", "--init-weights", "{d}/pipe.json"], 2, "a named pipe"),
    (["train", "--save", "{d}/pipe.json"], 2, "a named pipe"),
    (["train", "--data", "{d}/zero.csv"], 2, "not a regular file (a device)"),
    (["train", "--init-weights", "{d}/zero.json"], 2, "a device"),
    (
        ["fixed-point", "--W", "0.9995", "--I", "0", "--target", "0.5", "--f", "tanh"]
        + ["--cap", "100000", "--tol", "1e-300", "--steps", "10000"],
        2,
        f"more than the limit of {FIXED_POINT_WORK:,}",
    ),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    for name, content in FILES.items():
        path = d / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
    (d / "folder.csv").mkdir()
    for name in ("pipe.csv", "pipe.json"):
        os.mkfifo(d / name)
    for name in ("zero.csv", "zero.json"):
        (d / name).symlink_to("/dev/zero")
    return d


def check(argv, code, out, err, expected_code, says) -> None:
    lines = err.strip().splitlines()
    assert code == expected_code, (argv[:4], err)
    assert "Traceback" not in err and "Warning:" not in err
    if code == 0:
        assert err == ""
    else:
        assert len(lines) == 1 and says in lines[0], err
    if code == 2:
        assert out == ""
    if "--json" in argv and code in (0, 1):
        json.loads(out, parse_constant=pytest.fail)  # strict JSON: no Infinity, no NaN


@pytest.mark.filterwarnings("error")  # a RuntimeWarning would be a second line on stderr
@pytest.mark.parametrize("argv, expected_code, says", CASES, ids=lambda v: str(v)[:50])
def test_one_line_and_the_right_status(capsys, folder, argv, expected_code, says):
    argv = [a.replace("{d}", str(folder)) for a in argv]
    try:
        code = main(argv)
    except SystemExit as exit:  # argparse's own refusals
        code = exit.code
    out, err = capsys.readouterr()
    check(argv, code, out, err, expected_code, says)


@pytest.mark.parametrize("argv, expected_code, says", FIFO_DEVICE_SLOW, ids=lambda v: str(v)[:50])
def test_pipes_devices_and_endless_runs_never_hang(folder, argv, expected_code, says):
    argv = [a.replace("{d}", str(folder)) for a in argv]
    done = subprocess.run(
        [sys.executable, "-m", "backprop_core", *argv], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    check(argv, done.returncode, done.stdout, done.stderr, expected_code, says)


def test_a_diverged_run_reports_nulls_and_keeps_no_file(capsys, folder):
    saved = folder / "diverged.json"
    assert main([*DIVERGES, "--json", "--save", str(saved)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["diverged_at"] == 3 and result["final_cost"] is None and result["train_cost"] == []
    assert not saved.exists()
    assert main(DIVERGES) == 1
    assert "diverged at update 3" in capsys.readouterr().out


def test_one_loss_vocabulary_for_flags_and_files(capsys, folder):
    """--loss takes the file's names too, and a file may use the flag's: the same network either way."""
    common = ["train", "--data", "xor", "--n", "40", "--epochs", "2", "--layers", "3", "--json"]

    def run(*argv) -> dict:
        assert main([*common, *argv]) == 0
        return json.loads(capsys.readouterr().out)

    short = run("--loss", "bce")
    assert run("--loss", "binary_cross_entropy") == short
    assert short["network"]["loss"] == "binary_cross_entropy"
    path = folder / "short-name.json"
    path.write_text(json.dumps(short["network"] | {"loss": "bce"}))
    assert run("--init-weights", str(path))["network"]["loss"] == "binary_cross_entropy"


def test_the_documented_limits_are_the_codes():
    doc = " ".join((ROOT / "docs" / "cli.md").read_text().split())
    for limit in (FIXED_POINT_WORK, export.MAX_BYTES, datasets.MAX_CSV_BYTES):
        assert f"{limit:,}" in doc
    assert f"at most {export.MAX_DEPTH} brackets deep" in doc
    assert f"at most {MAX_HIDDEN_LAYERS} hidden layers of 1 to {MAX_NEURONS} neurons" in doc
