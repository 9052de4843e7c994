"""Lesson 2's diagram at every step: no label runs into another label or into a bias node.

The audit saw h2's grown caption (its ∂E/∂out sum and δ) drawn under the b1 and b2 boxes and into o2's
label. Each label's box is computed from the figure's own data (place, text position, font size, the
marker it keeps clear of, its lines' lengths at a little over a digit's width), at the narrowest width
the diagram is drawn (a 1024-pixel projector with the sidebar open) and a wide one.
"""

import itertools

import pytest

from backprop_core import ARTICLE, solve
from backprop_core.symbolic import backward_steps
from pages.backward_pass import diagram as backward_diagram
from tests.ui.diagram_reading import label_boxes, node_boxes, overlap
from ui.diagram import NARROWEST, network_figure
from ui.stepper import Controls, reached

SOLUTION = solve(ARTICLE)
WIDTHS = (NARROWEST, 1100)


def every_step(update_biases: bool):
    """Each step of the lesson as the page draws it: what has been reached, the element lit."""
    chains = backward_steps(ARTICLE, 9, update_biases=update_biases)
    for chain, steps in chains.items():
        for s in steps:
            known = reached(chains, Controls(chain, s.name, False, False))
            yield f"{chain}.{s.name}", known, backward_diagram.focus(s.name)
    yield "show all", reached(chains, Controls(chain, s.name, True, False)), ()


def clashes(figure, width: float) -> list[str]:
    labels = label_boxes(figure, width)
    biases = node_boxes(figure, width, "square")
    found = [f"{a} / {b}" for (a, p), (b, q) in itertools.combinations(labels.items(), 2) if overlap(p, q)]
    found += [f"{a} / node {b}" for a, p in labels.items() for b, q in biases.items() if overlap(p, q)]
    return found


@pytest.mark.parametrize("update_biases", [False, True])
def test_no_label_overlaps_another_or_a_bias_at_any_step(update_biases):
    solution = solve(ARTICLE, update_biases=update_biases)
    seen = 0
    for where, known, lit in every_step(update_biases):
        notes = backward_diagram.notes(known, solution.factors)
        figure = network_figure(ARTICLE, solution.forward, lit, 9, notes)
        for width in WIDTHS:
            assert not clashes(figure, width), (where, width, clashes(figure, width))
        seen += 1
    assert seen == 1 + sum(len(c) for c in backward_steps(ARTICLE, 9).values())


def test_the_audits_step_hangs_h2s_caption_clear_of_b1_and_b2():
    """w4's update reached: h2's caption has five lines (net, out, the two parts' sum, δ)."""
    chains = backward_steps(ARTICLE, 9)
    known = reached(chains, Controls("w4", "w4_new", False, False))
    notes = backward_diagram.notes(known, SOLUTION.factors)
    assert "− 0.02095 = 0.04137" in notes["h2"]  # the audit's line, the core's numbers to 4 digits
    figure = network_figure(ARTICLE, SOLUTION.forward, backward_diagram.focus("w4_new"), 9, notes)
    caption = label_boxes(figure, NARROWEST)["h2 values"]
    for bias in ("b1", "b2"):
        assert not overlap(caption, node_boxes(figure, NARROWEST, "square")[bias])
    assert not overlap(caption, label_boxes(figure, NARROWEST)["o2 values"])
