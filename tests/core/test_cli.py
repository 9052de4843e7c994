"""``python -m backprop_core example``, run as a user would: in a subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backprop_core import ARTICLE, NETWORK, PARAMETERS, cli, solve, train
from backprop_core.example import FORWARD_NAMES, values_from_params
from backprop_core.limits import RANGES

ROOT = Path(__file__).parents[2]  # python -m finds backprop_core from here


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "backprop_core", "example", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def run_json(*args) -> dict:
    done = run("--json", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_json_has_exactly_the_lesson_keys_and_the_article_values():
    data = run_json()
    assert list(data) == ["forward", "factors", "gradients", "updated"]
    assert list(data["forward"]) == list(FORWARD_NAMES)
    assert list(data["gradients"]) == list(PARAMETERS) == list(data["updated"])
    s = solve(ARTICLE)
    # Full float64 precision: JSON floats round-trip exactly.
    tables = {"forward": s.forward, "factors": s.factors, "gradients": s.gradients, "updated": s.updated}
    assert data == tables
    assert round(data["forward"]["out_h1"], 9) == 0.593269992
    assert round(data["updated"]["w5"], 8) == 0.35891648
    assert data["gradients"]["b1"] == s.factors["dE_dnet_h1"] + s.factors["dE_dnet_h2"]


def test_trained_after_10000_steps_of_the_article_variant():
    data = run_json("--steps", "10000", "--article-variant")
    trained = data["trained"]
    assert list(trained) == ["steps", "E_total", "out_o1", "out_o2", *PARAMETERS, "diverged_at"]
    assert trained["steps"] == 10_000 and trained["diverged_at"] is None
    assert round(trained["out_o1"], 9) == 0.015912196
    assert round(trained["out_o2"], 9) == 0.984065734
    h = train(NETWORK, ARTICLE.params, ARTICLE.inputs, ARTICLE.targets, 0.5, 10_000, article_variant=True)
    assert trained["E_total"] == float(h.final_loss)


def test_flags_change_the_example():
    data = run_json("--w5", "0.1", "--lr", "0.25", "--update-biases")
    assert data["updated"]["w5"] == 0.1 - 0.25 * data["gradients"]["w5"]
    assert data["updated"]["b1"] == 0.35 - 0.25 * data["gradients"]["b1"]


def test_an_overflow_is_null_in_strict_json_and_reported_as_divergence():
    # x1*w1 + x2*w2 overflows: net_h1 is not finite, and training's first loss is nan. The command
    # line refuses such values now (ranges below), so the report is asked for directly.
    args = cli.parser().parse_args(["example", "--steps", "5"])
    vars(args).update(x1=1e308, w1=1e308, x2=1e308, w2=-1e308)
    with np.errstate(all="ignore"):
        data = json.loads(json.dumps(cli.report(args)), parse_constant=pytest.fail)
    assert data["forward"]["net_h1"] is None
    assert data["trained"]["diverged_at"] == 0


def test_text_report_prints_the_lessons_numbers():
    done = run("--steps", "3")
    assert done.returncode == 0 and done.stderr == ""
    for printed in ("0.593269992", "0.35891648", "dE_dout_o1", "E_total", "After 3 steps"):
        assert printed in done.stdout
    assert "0.5932699921" in run("--decimals", "10").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--w5", "abc"],
        ["--lr", "nan"],
        ["--lr", "inf"],
        ["--x1", "-inf"],
        ["--steps", "-1"],
        ["--steps", "20000000"],
        ["--steps", "2.5"],
        ["--decimals", "0"],
        ["--bogus"],
        ["--w5"],
        ["--t1", "7"],  # a sigmoid never gives 7
        ["--t2", "-0.5"],
        ["--lr", "-5"],
        ["--lr", "0"],
        ["--w5", "1e308"],
        ["--x1", "-100.5"],
        ["--steps", "10000001"],
    ],
)
def test_bad_input_is_one_line_and_status_2(args):
    done = run(*args)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_no_command_is_one_line_too():
    done = subprocess.run([sys.executable, "-m", "backprop_core"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1


def _sections(report: str) -> dict:
    """The text report as {section title: {name: printed number}}."""
    sections = {}
    for block in report.strip().split("\n\n"):
        title, *rows = block.splitlines()
        sections[title] = dict(row.split() for row in rows)
    return sections


def test_text_report_reproduces_every_number_the_article_prints():
    from .test_article import FACTORS, FORWARD, GRADIENTS, UPDATED

    report = _sections(run().stdout)
    tables = {
        "Forward pass": FORWARD,
        "Chain-rule factors": FACTORS,
        "Gradients dE_total/d parameter": GRADIENTS,
        "Parameters after one step": UPDATED,
    }
    # The article rounded this one's inputs first: it prints ...119 for the exact ...1183.
    rounded_upstream = {"dE_o2_dout_h1"}
    for title, published in tables.items():
        for name, printed in published.items():
            decimals = len(printed.split(".")[1])
            ours = round(float(report[title][name]), decimals)
            slack = 10.0**-decimals if name in rounded_upstream else 0.0
            assert abs(ours - float(printed)) <= slack * 1.000001, (name, report[title][name], printed)


def test_the_variant_flag_is_named_as_the_pages_name_it():
    from backprop_core.example import EARLIER_CODE

    done = run("--help")
    assert done.returncode == 0 and EARLIER_CODE in " ".join(done.stdout.split())


def test_the_ranges_are_the_apps():
    from ui.example_settings import EXAMPLE

    for s in EXAMPLE:  # in-process: thirty interpreters would cost half a minute
        low, high = RANGES[s.key]
        assert (s.low, s.high) == (low, high)
        assert cli.main(["example", "--json", f"--{s.key}", repr(low)]) == 0
        assert cli.main(["example", "--json", f"--{s.key}", repr(high)]) == 0
    assert RANGES["t1"] == (0.0, 1.0)  # the sigmoid's range, read off the activation


@pytest.mark.parametrize("args", [["--w5", "9" * 100_000], ["--" + "x" * 100_000], ["y" * 100_000]])
def test_a_long_argument_is_cut_in_the_message(args):
    done = run(*args)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert len(done.stderr) < 500, done.stderr[:600]


def test_a_full_disk_is_one_line_and_status_1():
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "backprop_core", "example"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "python -m backprop_core: error: cannot write the output: No space left on device"
    ]


def test_a_closed_pipe_is_one_line_and_status_1():
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a byte is written (like `| head -0`)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "backprop_core", "example", "--json"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
    finally:
        os.close(write)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "python -m backprop_core: error: cannot write the output: the reader closed the pipe"
    ]


def test_a_long_run_reports_progress_on_stderr_and_equals_one_run(monkeypatch, capsys):
    # The same rule at a tenth of the size (in-process): three pieces, then one uninterrupted run.
    monkeypatch.setattr(cli, "LONG_RUN", cli.LONG_RUN // 10)
    monkeypatch.setattr(cli, "PIECE", cli.PIECE // 10)
    steps = 150_000  # three pieces of 50,000
    assert cli.main(["example", "--steps", str(steps)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"training: {k:,} of {steps:,} steps ({k / steps:.0%})" for k in (50_000, 100_000, 150_000)
    ]
    assert cli.main(["example", "--json", "--steps", str(steps)]) == 0
    quiet = capsys.readouterr()
    assert quiet.err == ""  # --json: no progress
    trained = json.loads(quiet.out)["trained"]
    h = train(NETWORK, ARTICLE.params, ARTICLE.inputs, ARTICLE.targets, ARTICLE.lr, steps, record_every=steps)
    assert trained["E_total"] == float(h.final_loss)  # the pieces make one run, bit for bit
    assert trained["w5"] == float(values_from_params(h.final)["w5"])
