"""Each page in the browser: its numbers, its controls, its charts, and a screenshot of it."""

from playwright.sync_api import Page, expect

from .conftest import main, open_app, settle


def test_welcome(page: Page, screenshot):
    open_app(page)
    expect(main(page).locator(".katex").first).to_contain_text("0.298371109")
    expect(main(page).locator('[data-testid="stPageLink-NavLink"]')).to_have_count(5)  # every lesson
    settle(page)
    screenshot(page, "home")
