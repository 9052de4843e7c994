"""Downloads: Markdown holds every step's LaTeX; CSV reads back to exactly the core's numbers."""

import csv
import io
from dataclasses import replace

from backprop_core import ARTICLE, solve
from backprop_core.steps import equation
from backprop_core.symbolic import backward_steps, forward_steps
from ui.export import to_csv, to_markdown


def _markdown(example=ARTICLE, update_biases=False, digits=9):
    return to_markdown(
        example,
        solve(example, update_biases=update_biases),
        forward_steps(example, digits),
        backward_steps(example, digits, update_biases=update_biases),
        update_biases=update_biases,
        digits=digits,
    )


def test_markdown_holds_the_latex_of_every_step():
    text = _markdown()
    for step in forward_steps(ARTICLE):
        assert equation(step) in text
    for parameter, chain in backward_steps(ARTICLE).items():
        assert f"### {parameter}\n" in text
        for step in chain:
            assert equation(step) in text
    for number in ("0.593269992", "0.74136507", "0.35891648", "0.298371109"):
        assert number in text


def test_markdown_follows_the_example_and_the_bias_setting():
    text = _markdown(replace(ARTICLE, w5=0.3), update_biases=True)
    assert "| w5 | 0.3 |" in text and "Biases are updated" in text
    fixed = _markdown()
    assert "| b1 | 0.35 | 0.0187256094 | 0.35 |" in fixed  # the article keeps b1


def test_csv_reads_back_to_the_core_values():
    example = replace(ARTICLE, w5=0.3)
    solution = solve(example, update_biases=True)
    rows = list(csv.DictReader(io.StringIO(to_csv(example, solution))))
    values = {row["name"]: float(row["value"]) for row in rows}
    assert len(values) == len(rows)  # every name once
    assert all(values[name] == v for name, v in solution.forward.items())
    assert all(values[name] == v for name, v in solution.factors.items())
    assert all(values[f"dE_d{p}"] == g for p, g in solution.gradients.items())
    assert all(values[f"{p}_new"] == v for p, v in solution.updated.items())
    assert values["w5"] == 0.3 and values["lr"] == 0.5
