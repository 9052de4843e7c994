"""The worked example as files to take away: Markdown with LaTeX, and CSV of every named value.

Pure functions returning ``str``: the steps come from ``backprop_core.symbolic``
and the numbers from ``solve``, so a download always matches the screen.
"""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import asdict

from backprop_core import numbers
from backprop_core.example import Example, Solution
from backprop_core.steps import Step, equation


def values(example: Example, solution: Solution) -> dict[str, float]:
    """Every named value: the example's numbers, the forward pass, each factor, gradient and update."""
    named = asdict(example) | solution.forward | solution.factors
    named |= {f"dE_d{p}": g for p, g in solution.gradients.items()}
    return named | {f"{p}_new": v for p, v in solution.updated.items()}


def to_csv(example: Example, solution: Solution) -> str:
    """name,value rows; ``repr`` keeps every float exact, so the file reads back to the same numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "value"])
    writer.writerows((name, repr(value)) for name, value in values(example, solution).items())
    return out.getvalue()


def to_markdown(
    example: Example,
    solution: Solution,
    forward: Sequence[Step],
    backward: Mapping[str, Sequence[Step]],
    *,
    update_biases: bool,
    digits: int,
) -> str:
    """The whole lesson: the example, every forward step, every parameter's chain, and a summary."""
    lines = [
        "# Backprop Lab: the worked example",
        "",
        "A 2-2-2 network with sigmoid neurons, E_total = Σ ½ (t − out)², one step of gradient descent.",
        f"Biases are {'updated' if update_biases else 'kept fixed, as in the article'}.",
        "",
        "| name | value |",
        "| --- | --- |",
        *(f"| {name} | {numbers.text(value, digits)} |" for name, value in asdict(example).items()),
        "",
        "## Forward pass",
    ]
    for i, step in enumerate(forward, 1):
        lines += _step(f"### {i}. {step.name}", step)
    lines += ["", "## Backward pass"]
    for parameter, chain in backward.items():
        lines += ["", f"### {parameter}"]
        for i, step in enumerate(chain, 1):
            lines += _step(f"#### {parameter}.{i} {step.name}", step)
    lines += ["", "## Summary", "", "| parameter | old | gradient | new |", "| --- | --- | --- | --- |"]
    for p, gradient in solution.gradients.items():
        old, new = getattr(example, p), solution.updated[p]
        cells = (numbers.text(v, digits) for v in (old, gradient, new))
        lines.append(f"| {p} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def _step(heading: str, step: Step) -> list[str]:
    return ["", heading, "", step.title + ".", "", "$$", equation(step), "$$"]
