"""``python -m backprop_core example``, run as a user would: in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backprop_core import ARTICLE, NETWORK, PARAMETERS, solve, train
from backprop_core.example import FORWARD_NAMES

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
    # x1*w1 + x2*w2 overflows: net_h1 is not finite, and training's first loss is nan.
    done = run("--json", "--steps", "5", "--x1", "1e308", "--w1", "1e308", "--x2", "1e308", "--w2=-1e308")
    data = json.loads(done.stdout, parse_constant=pytest.fail)
    assert data["forward"]["net_h1"] is None
    assert data["trained"]["diverged_at"] == 0
    assert done.stderr == ""


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
