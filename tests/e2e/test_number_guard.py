"""Numbers a float64 cannot hold, typed into the sidebar: Streamlit's field would make them 0 silently."""

import re

import pytest
from playwright.sync_api import Page, expect

from backprop_core import ARTICLE, numbers
from pages.playground.settings import CONFIG

from .conftest import main, number_input, open_app, set_number, sidebar

WARNING = '[data-testid="stAlertContentWarning"]'


# Counts the number guard's reports from here on (it posts them to the app's window).
SENT_COUNTER = """() => { window.__guardSent = 0; window.addEventListener("message", (e) => {
  if (e.data && e.data.type === "streamlit:setComponentValue") window.__guardSent += 1; }); }"""

CASES = [("1e400", "too large"), ("-1e400", "too large"), ("1e-400", "too small")]


@pytest.mark.parametrize("typed, size", CASES)
def test_a_number_too_large_or_small_is_named_and_replaced(page: Page, typed: str, size: str):
    open_app(page)
    set_number(page, "w5", "0.3")
    expect(page).to_have_url(re.compile(r"[?&]w5=0\.3(&|$)"))
    set_number(page, "w5", typed)
    expect(sidebar(page).locator(WARNING)).to_contain_text(f"w5: the number typed is {size}")
    expect(number_input(page, "w5")).to_have_value(f"{ARTICLE.w5:g}")  # the article's, not 0
    expect(page).to_have_url(re.compile(rf"[?&]w5={ARTICLE.w5!r}(&|$)"))


def test_leaving_the_field_with_tab_is_caught_too(page: Page):
    open_app(page)
    field = number_input(page, "w7")
    field.fill("1e999")
    field.press("Tab")
    expect(sidebar(page).locator(WARNING)).to_contain_text("w7: the number typed is too large")
    expect(number_input(page, "w7")).to_have_value(f"{ARTICLE.w7:g}")


def test_a_sidebar_field_left_empty_is_named_not_made_0(page: Page):
    open_app(page)
    set_number(page, "w5", "")
    expect(sidebar(page).locator(WARNING)).to_contain_text("w5: the field was left empty")
    expect(number_input(page, "w5")).to_have_value(f"{ARTICLE.w5:g}")


def test_a_page_field_that_cannot_take_what_was_typed_names_it_beside_the_field(page: Page):
    """Too large to hold, left empty, outside the field's range: Streamlit's field keeps its last
    value (with at most a red mark); each is named with the value used."""
    n, lr = CONFIG["n"], CONFIG["lr"]
    open_app(page, "/playground")
    points = main(page).get_by_label(n.label, exact=True)
    for typed, said in [("1e400", "the number typed is too large"), ("", "the field was left empty")]:
        points.fill(typed)
        points.press("Enter")
        named = f"{n.label}: {said}"
        expect(main(page).locator(WARNING).filter(has_text=named)).to_contain_text(
            f"; using {n.shown(n.default)}."
        )
        expect(points).to_have_value(n.shown(n.default))
    field = main(page).get_by_label(lr.label, exact=True)
    field.fill(numbers.text(lr.high * 10))
    field.press("Enter")
    said = f"{lr.label}: the number typed {lr.rule}; using {lr.shown(lr.default)}."
    expect(main(page).locator(WARNING).filter(has_text=said)).to_have_count(1)
    # a decimal between the +/- buttons' steps is a value Streamlit takes: nothing to report, and no
    # second rerun racing the field's own (it once undid the next slider press under CI's load)
    page.evaluate(SENT_COUNTER)
    off_grid = numbers.text(lr.low + lr.step / 3)
    field.fill(off_grid)
    field.press("Enter")
    field.press("Tab")
    expect(page).to_have_url(re.compile(rf"[?&]{lr.key}={re.escape(off_grid)}(&|$)"))
    # a whole number between a whole field's steps (epochs go by 10 from 1) is one it takes too: it
    # was once named "not a whole number" when the field lost the focus
    epochs = CONFIG["epochs"]
    field = main(page).get_by_label(epochs.label, exact=True)
    between = str(epochs.default + epochs.step // 2)
    field.fill(between)
    field.press("Enter")
    field.press("Tab")
    expect(page).to_have_url(re.compile(rf"[?&]{epochs.key}={between}(&|$)"))
    assert page.evaluate("window.__guardSent") == 0
    field.fill(f"{between}.5")  # not a whole number: named, the last value kept
    field.press("Enter")
    said = f"{epochs.label}: the number typed {epochs.rule}; using {between}."
    expect(main(page).locator(WARNING).filter(has_text=said)).to_have_count(1)
    # from another value, Streamlit's field takes the whole part (55.5 -> 55) and reruns only the page's
    # fragment, not the sidebar that draws the guard: it was once taken without a word
    other = str(epochs.default + epochs.step * 7)
    field.fill(other)
    field.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]{epochs.key}={other}(&|$)"))
    expect(main(page).locator(WARNING).filter(has_text=said)).to_have_count(0)
    field.fill(f"{between}.5")
    field.press("Enter")
    expect(main(page).locator(WARNING).filter(has_text=said)).to_have_count(1)
    expect(field).to_have_value(between)
