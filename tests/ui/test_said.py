"""Every step's formula has its reading in words on the page (ui/said.py), hidden from sight, with no
LaTeX left in it; every lesson's steps, all shown at once."""

import re

import pytest

from backprop_core.reading import read
from tests.apptest import open_page, show_all

LESSONS = ["slope", "forward_pass", "backward_pass", "vectorised", "sgd"]


def readings(at) -> list[str]:
    return [t.value for t in at.get("text") if t.value.startswith("In words: ")]


@pytest.mark.parametrize("page", LESSONS)
def test_every_formula_shown_has_its_reading(app, page):
    at = show_all(open_page(app, f"pages/{page}/page.py"))
    said = readings(at)
    # each reading is of a formula on the page (its size command is silent)
    formulas = {"In words: " + read(f.value.strip("$\n")) for f in at.latex}
    assert said and set(said) <= formulas
    for text in said:
        assert not re.search(r"[\\{}^&]", text), text


def unread(at) -> list[str]:
    """The formulas on the page without their reading in words (from the same LaTeX)."""
    said = set(readings(at))
    return [f.value for f in at.latex if "In words: " + read(f.value.strip("$\n")) not in said]


@pytest.mark.parametrize("page", LESSONS)
def test_no_formula_goes_unread_with_every_step_shown(app, page):
    """Beside each step's: lesson 4's derivation (SymPy's) among them."""
    at = show_all(open_page(app, f"pages/{page}/page.py"))
    assert at.latex and not unread(at)


OTHERS = [("home", {}), ("recurrent", {}), ("recurrent", {"rnn_part": "fixed point"}), ("playground", {})]


@pytest.mark.parametrize("page, query", OTHERS)
def test_no_formula_goes_unread_on_the_other_pages(app, page, query):
    """Welcome's E_total, Recurrent's steps (part A) and its trained W (part B), the Playground's maths of
    one weight."""
    at = open_page(app, f"pages/{page}/page.py", **query)
    assert at.latex and not unread(at)
    if query:
        assert any(f.value.strip("$\n").startswith("W = ") for f in at.latex)


def test_practice_reads_its_question_and_its_hint(app):
    """Practice mode's question (symbol = ?) and, after a wrong answer, the hint's formula."""
    at = open_page(app, "pages/forward_pass/page.py", fwd_practice="1")
    [asked] = [t for t in at.text_input if t.key.startswith("answer_")]
    asked.input("12345").run()
    at.button(key="check_" + asked.key.removeprefix("answer_")).click().run()
    assert any("Hint" in w.value for w in at.warning)
    assert len(at.latex) >= 2 and not unread(at)
