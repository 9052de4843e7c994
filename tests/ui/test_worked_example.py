"""The 2-2-2 worked example's shared pieces: the gradient check's three ways, the core's code on demand."""

from dataclasses import replace

from backprop_core import ARTICLE
from tests.apptest import open_page
from ui.worked_example import CODE, gradient_check, relative_difference


def test_the_three_gradients_agree():
    for backprop, finite_difference, sympy in gradient_check(replace(ARTICLE, w5=-2.0)).values():
        assert relative_difference(backprop, finite_difference) < 1e-5
        assert relative_difference(backprop, sympy) < 1e-12


def test_the_core_code_is_sent_only_once_its_expander_is_opened(app):
    """A closed expander sends nothing (the browser's highlighter cost every cold load ~190 ms);
    opened, it holds the core's own forward and backward."""
    open_page(app, "pages/forward_pass/page.py")
    assert not app.code
    app.session_state[CODE] = True  # what opening it in the browser sets
    app.run()
    code = "\n".join(c.value for c in app.code)
    assert "def forward(network" in code and "def backward(" in code
