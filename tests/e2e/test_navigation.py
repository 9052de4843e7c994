"""Every page through the navigation sidebar; edits reach the page and the URL; links reproduce them.
(A link straight to each page, carrying its values, is opened by test_layout.py's check of that page.)"""

import re

from playwright.sync_api import Page, expect

from backprop_core import solve
from ui.example_settings import from_query

from .conftest import PAGES, assert_no_exception, go_to, main, number_input, open_app, set_number, settle


def total_for(**query: str) -> str:
    """E_total as the Welcome page prints it (9 significant digits), for a link's values."""
    state, notices = from_query(query)
    assert not notices
    return f"{solve(state.example).forward['E_total']:.9g}"


def test_welcome_shows_the_articles_numbers(page: Page):
    open_app(page)
    expect(main(page)).to_contain_text("0.298371109")
    expect(page).to_have_url(re.compile(r"w6=0\.45"))  # the URL holds the example on screen


def test_every_page_opens_from_the_sidebar(page: Page, screenshot):
    open_app(page, "/?w6=0.7")  # one visit, every page in turn, as a learner clicks through
    for title in [*list(PAGES)[1:], next(iter(PAGES))]:
        go_to(page, title)
        settle(page)
        assert_no_exception(page)
        screenshot(page, f"nav_{PAGES[title] or 'home'}")
        # a shared link keeps working on every page: the sidebar writes the state back each run
        expect(page).to_have_url(re.compile(r"[?&]w6=0\.7(&|$)"))
        expect(number_input(page, "w6")).to_have_value("0.7")


def test_editing_a_weight_updates_the_page_and_the_url(page: Page, browser, base_url):
    open_app(page)
    set_number(page, "w6", "0.7")
    expected = total_for(w6="0.7")
    assert expected != "0.298371109"
    expect(main(page)).to_contain_text(expected)
    expect(page).to_have_url(re.compile(r"[?&]w6=0\.7(&|$)"))

    # the same link in a fresh browser (no cookies, no session) shows the same numbers
    context = browser.new_context(base_url=base_url)
    try:
        fresh = context.new_page()
        open_app(fresh, page.url)
        expect(number_input(fresh, "w6")).to_have_value("0.7")
        expect(main(fresh)).to_contain_text(expected)
        assert_no_exception(fresh)
    finally:
        context.close()


def test_an_edit_survives_moving_between_pages(page: Page):
    open_app(page)
    set_number(page, "w5", "0.3")
    expect(page).to_have_url(re.compile(r"[?&]w5=0\.3(&|$)"))
    go_to(page, "1 · Forward pass")
    expect(number_input(page, "w5")).to_have_value("0.3")
    expect(page).to_have_url(re.compile(r"[?&]w5=0\.3(&|$)"))
    go_to(page, "Welcome")
    expect(main(page)).to_contain_text(total_for(w5="0.3"))
