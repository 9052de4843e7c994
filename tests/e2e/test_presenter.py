"""Presenter mode in Chromium: a link opens it, the keyboard steps the lesson, a text field keeps its keys."""

import re

import pytest
from playwright.sync_api import Page, expect

from backprop_core import ARTICLE, solve

from .conftest import SIZES, main, settle, sidebar, wait_for_run
from .test_layout import NARROW, OVERFLOW, TRUNCATED
from .test_pages import FORWARD, formula, in_url, nine

SOLUTION = solve(ARTICLE)
STEP = "fwd_step"


def open_presenting(page: Page, path: str, button: str = "next") -> None:
    page.goto(path)
    expect(main(page).locator(f".st-key-{button} button")).to_be_visible(timeout=30_000)
    wait_for_run(page)


def at_step(page: Page, i: int) -> None:
    """At step ``i``, and that run finished (a key pressed during a rerun may be lost)."""
    expect(page).to_have_url(in_url(**{STEP: FORWARD[i]}) if i else in_url(present="1"), timeout=30_000)
    expect(formula(page)).to_contain_text(nine(SOLUTION.forward[FORWARD[i]]), timeout=30_000)
    wait_for_run(page)


def test_the_keyboard_steps_a_lesson(page: Page):
    open_presenting(page, "/forward_pass?present=1")
    expect(sidebar(page)).to_be_hidden()
    at_step(page, 0)
    main(page).locator("h1").first.click()  # focus on the page, not in a field
    page.keyboard.press("ArrowRight")
    at_step(page, 1)
    page.keyboard.press("Space")
    at_step(page, 2)
    page.keyboard.press("ArrowLeft")
    at_step(page, 1)


def test_keys_typed_into_a_text_field_stay_there(page: Page):
    open_presenting(page, "/forward_pass?present=1")
    page.evaluate("""() => {
        const field = document.createElement('input');
        field.id = 'typing-here';
        document.querySelector('[data-testid="stMain"] h1').after(field);
    }""")
    page.locator("#typing-here").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    page.wait_for_timeout(1000)  # a rerun, if one had been started, would have begun by now
    at_step(page, 0)


def test_leaving_brings_the_sidebar_back(page: Page):
    open_presenting(page, "/forward_pass?present=1")
    main(page).locator(".st-key-leave_presenter button").click()
    expect(sidebar(page)).to_be_visible()
    expect(page).not_to_have_url(in_url(present="1"))
    expect(main(page).locator(".st-key-show_all")).to_be_visible()


@pytest.mark.parametrize("size", SIZES)
def test_presenter_mode_fits_and_is_large(page: Page, size: str, screenshot):
    page.set_viewport_size(SIZES[size])
    open_presenting(page, "/backward_pass?present=1")
    main(page).locator("h1").first.click()
    page.keyboard.press("ArrowRight")
    expect(formula(page)).to_be_visible()
    settle(page)
    screenshot(page, f"layout/{size}_presenter_backward")
    assert page.evaluate(TRUNCATED) == [] and page.evaluate(OVERFLOW) == []
    assert page.evaluate(NARROW, 300) == []
    next_button = main(page).locator(".st-key-next button").bounding_box()
    assert next_button["height"] >= 60  # large enough to hit from across a room


def test_the_keyboard_steps_the_recurrent_lesson_too(page: Page):
    """A page with two lessons (rnn_, fp_): the keys drive the first one on screen."""
    open_presenting(page, "/recurrent?present=1", "rnn_next")
    main(page).locator("h1").first.click()
    first = page.url
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"[?&]rnn_step="))
    assert page.url != first
