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


def test_the_recurrent_and_playground_steps_are_read_too(app):
    assert readings(open_page(app, "pages/recurrent/page.py"))
    assert readings(open_page(app, "pages/playground/page.py"))
