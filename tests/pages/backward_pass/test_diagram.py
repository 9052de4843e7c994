"""The Backward pass diagram teaches: the factor's element lit, and only the numbers reached shown."""

import json

import pytest

from backprop_core import ARTICLE, solve
from backprop_core.symbolic import backward_steps
from pages.backward_pass import diagram as backward_diagram
from tests.apptest import open_page, show_all
from tests.ui.diagram_reading import halos, labels
from ui.diagram import LESSON

PAGE = "pages/backward_pass/page.py"
SOLUTION = solve(ARTICLE)
CHAINS = {p: [s.name for s in chain] for p, chain in backward_steps(ARTICLE, 9).items()}
ELEMENTS = set(LESSON.nodes) | {e.name for e in LESSON.edges}


def notes_shown(app) -> str:
    """The diagram's labels, a value broken under its name (``_fit``, for a projector) read as one line."""
    notes = labels(json.loads(app.get("plotly_chart")[0].proto.spec)).values()
    return "\n".join(notes).replace(" =<br>", " = ")


@pytest.mark.parametrize("step", sorted({s for chain in CHAINS.values() for s in chain}))
def test_every_step_lights_an_element_of_the_diagram(step):
    lit = backward_diagram.focus(step)
    assert lit and lit <= ELEMENTS, (step, lit)


def test_a_weights_gradient_and_update_appear_on_its_edge_when_reached(app):
    open_page(app, PAGE, bwd_param="w5", bwd_step="dnet_o1_dw5")
    text = notes_shown(app)
    assert "δ = 0.1385" in text  # δ_o1: both of its factors have been reached
    assert "∂E/∂w5" not in text and "→" not in text
    app.button(key="next").click().run()
    assert "∂E/∂w5 = 0.08217" in notes_shown(app) and "→" not in notes_shown(app)
    app.button(key="next").click().run()
    assert "<b>w5</b> = 0.4<br>→ 0.3589" in notes_shown(app)  # the update replaces the gradient
    assert f"{SOLUTION.factors['dE_dnet_o1']:.4g}" == "0.1385"  # the core's δ_o1, rounded as shown


def test_the_first_step_shows_no_answer_ahead(app):
    open_page(app, PAGE)
    text = notes_shown(app)
    assert "δ" not in text and "∂E/∂w" not in text and "→" not in text


def test_the_hidden_step_sums_both_paths(app):
    open_page(app, PAGE, bwd_param="w1", bwd_step="dE_dout_h1")
    parts = [SOLUTION.factors[f"dE_{o}_dout_h1"] for o in ("o1", "o2")]
    total = SOLUTION.factors["dE_dout_h1"]
    assert abs(parts[0] + parts[1] - total) < 1e-15  # the sum shown is the chain rule's own
    assert parts[1] < 0  # o2's part pulls the other way: shown as a subtraction
    expected = f"∂E/∂out = {parts[0]:.4g}<br> − {-parts[1]:.4g} = {total:.4g}"
    assert expected in notes_shown(app)
    lit = halos(json.loads(app.get("plotly_chart")[0].proto.spec))
    assert {"w5", "w7"} <= lit  # both paths, through o1 and through o2


def test_show_all_reveals_every_number(app):
    open_page(app, PAGE)
    show_all(app)
    text = notes_shown(app)
    for p in ("w1", "w5", "w8"):
        assert f"<b>{p}</b> = {getattr(ARTICLE, p):.4g}<br>→ {SOLUTION.updated[p]:.4g}" in text
    assert text.count("δ = ") == 4  # o1, o2, h1, h2
