"""Settings a page has only just put in its link, in a real browser: a bound number and a flag the app
writes itself (1 or 0) reach the address bar, and another visitor's session opens where it says."""

import re

from playwright.sync_api import Page, expect

from backprop_core.example import EARLIER_CODE

from .conftest import main, open_app, wait_for_run

VARIANT = EARLIER_CODE.capitalize()  # the toggle's label


def steps(page: Page):
    return main(page).locator(".st-key-train_steps input")


def test_a_link_to_training_reproduces_its_run(page: Page):
    open_app(page, "/training")
    steps(page).fill("2000")
    steps(page).press("Enter")
    wait_for_run(page)
    main(page).get_by_text(VARIANT, exact=True).click()
    expect(page).to_have_url(re.compile(r"train_steps=2000(&|$)"))
    expect(page).to_have_url(re.compile(r"train_variant=1(&|$)"))
    expect(main(page)).to_contain_text("After 2,000 steps")

    other = page.context.browser.new_page()  # another visitor: a session of its own
    try:
        open_app(other, page.url)
        expect(main(other)).to_contain_text("After 2,000 steps")
        expect(steps(other)).to_have_value("2000")
        expect(main(other).get_by_role("switch", name=VARIANT)).to_be_checked()
    finally:
        other.close()


def test_a_link_with_a_flag_spelled_otherwise_is_read_and_written_back_as_1(page: Page):
    open_app(page, "/loss_surface?surf_3d=true&surface_steps=1000")
    expect(main(page).get_by_role("switch", name="3-D surface too")).to_be_checked()
    expect(page).to_have_url(re.compile(r"surf_3d=1(&|$)"))
    expect(main(page)).to_contain_text("(1,000 steps,")
    expect(page).to_have_url(re.compile(r"surface_steps=1000(&|$)"))
