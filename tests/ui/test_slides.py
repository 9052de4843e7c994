"""Slides at any size: figures grow with the window (the 1024×768 layout unchanged), a formula too wide for
its column goes above the figure, and the step slider says what the heading says."""

import re

import pytest

from backprop_core import ARTICLE
from backprop_core.steps import equation
from tests.apptest import open_page
from ui import figures, presenter, worked_example
from ui.latex import breadth

PROJECTOR, LARGE = (1024, 768), (1920, 1080)
TALLEST = 550  # lesson 2's diagram of a hidden weight with its δ and ∂E/∂w (the tallest slide figure)


def test_a_projector_keeps_the_slides_layout_and_a_large_screen_grows_it():
    assert presenter.growth(PROJECTOR) == 1.0 and presenter.growth((800, 600)) == 1.0  # never smaller
    k = presenter.growth(LARGE)
    assert k > 1.4  # the figures take the taller window: more than 1.4 times their 768-px height
    # and the slide still fits: the tallest figure grown, and the rest grown with the root font
    assert TALLEST * k + presenter.CHROME * presenter.GROWN <= LARGE[1]
    assert presenter.growth((1024, 1400)) == 1.0  # a tall narrow window: no wider room, nothing grows


def test_a_teachers_class_counter_above_a_slide_makes_its_figures_smaller_to_fit():
    """At 1024×768 the counter's line would push the tallest slide 22 px past the screen (measured)."""
    k = presenter.growth(PROJECTOR, presenter.COUNTER)
    assert k < 1.0 and TALLEST * k + presenter.CHROME + presenter.COUNTER <= PROJECTOR[1]
    k_large = presenter.growth(LARGE, presenter.COUNTER)
    assert 1.0 < k_large < presenter.growth(LARGE)
    assert TALLEST * k_large + (presenter.CHROME + presenter.COUNTER) * presenter.GROWN <= LARGE[1]


def test_the_next_page_knows_the_window_from_the_browsers_cookie():
    assert presenter.kept_size("1920x1080") == (1920, 1080)
    for bad in (None, "", "1920x", "1e9x1080", "1920x1080; x=1", "<b>1920x1080</b>", "99999999x1"):
        assert presenter.kept_size(bad) is None


def test_a_diagram_grows_whole():
    solution = worked_example.solution(ARTICLE, False)
    fig = worked_example.diagram(ARTICLE, solution.forward, ("h1", "w1"), 9)
    before = fig.to_dict()
    big = figures.scaled(fig, 1.5)
    assert fig.to_dict() == before and figures.scaled(fig, 1) is fig  # the cached figure is never changed
    assert big.layout.height == pytest.approx(1.5 * fig.layout.height)
    assert big.layout.yaxis.range == fig.layout.yaxis.range  # laid out in axis units: the same layout
    for small, grown in zip(fig.data, big.data):
        assert list(grown.x) == list(small.x) and list(grown.y) == list(small.y)
        for was, now in ((small.textfont.size, grown.textfont.size), (small.marker.size, grown.marker.size)):
            assert now == pytest.approx(1.5 * was if isinstance(was, int | float) else [1.5 * v for v in was])
    boxes = [(s, g) for s, g in zip(fig.layout.shapes, big.layout.shapes) if s.xsizemode == "pixel"]
    assert boxes and all(
        g.x1 == pytest.approx(1.5 * s.x1) and g.y0 == pytest.approx(1.5 * s.y0) for s, g in boxes
    )


def test_the_widest_formulas_go_above_the_diagram():
    """Decided from each formula's typeset width: lesson 2's gradients of every weight and bias, lesson 1's
    net_o1 and net_o2 (each shrank to 45 % or less beside the diagram at 1024×768)."""
    backward = worked_example.backward_lesson(ARTICLE, 9, False)
    forward = worked_example.forward_lesson(ARTICLE, 9)
    steps = [*forward, *(s for chain in backward.values() for s in chain)]
    wide = {s.name for s in steps if breadth(equation(s)) > presenter.WIDE}
    assert wide == {"net_o1", "net_o2", *(f"dE_dw{i}" for i in range(1, 9)), "dE_db1", "dE_db2"}
    assert all(equation(s).count(r"\\") < presenter.LINES for s in steps if s.name in wide)  # 3 lines


def test_a_folded_chain_stays_beside_the_diagram(app):
    """Its one step shows every factor, the gradient and the update: eight lines, too tall to go above."""
    open_page(app, "pages/backward_pass/page.py", present="1", bwd_param="w2")
    assert app.session_state["bwd_step"] == "dE_dw2" and [c for c in app.main.columns if c.latex]


def test_a_wide_formula_is_above_the_diagram_on_a_slide(app):
    open_page(app, "pages/backward_pass/page.py", present="1", bwd_param="w1", bwd_step="dE_dw1")
    assert not app.exception and app.main.latex  # the formula, in no column: full width
    assert not [c for c in app.main.columns if c.latex]
    open_page(app, "pages/backward_pass/page.py", present="1", bwd_param="w1", bwd_step="dE_dout_h1")
    assert [c for c in app.main.columns if c.latex]  # a narrower one beside the diagram


def test_lesson_4s_step_slider_says_what_its_heading_says(app):
    open_page(app, "pages/vectorised/page.py")
    slider = app.select_slider(key="vec_step")
    heading = next(m.value for m in app.main.markdown if m.value.startswith("#### "))
    assert heading.removeprefix("#### ") == slider.options[0]


def test_a_folded_chains_one_step_slider_does_not_slide(app):
    open_page(app, "pages/backward_pass/page.py", bwd_param="w2")
    slider = app.select_slider(key="bwd_step")
    assert len(slider.options) == 1 and slider.disabled
    app.toggle(key="bwd_fold").set_value(False).run()
    assert not app.select_slider(key="bwd_step").disabled


def test_lesson_0_counts_layers_with_a_letter_lesson_6s_loss_does_not_use(app):
    open_page(app, "pages/slope/page.py", slope_step="why")
    formulas = "\n".join(e.value for e in app.latex)
    assert r"\sum_{l=1}^{D}" in formulas and not re.search(r"(?<![A-Za-z\\])L(?![A-Za-z])", formulas)
