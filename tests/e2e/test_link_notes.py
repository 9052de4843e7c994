"""A link's bad or repeated page choice, in a real browser: named on the page, and the address bar
rewritten to what is shown (a bad p2 used to stay there), -0 shown as 0."""

import re

from playwright.sync_api import Page, expect

from .conftest import SIZES, main, number_input, open_app, settle
from .test_layout import each_size


def test_a_bad_surface_parameter_is_named_and_leaves_the_address_bar(page: Page, screenshot):
    page.set_viewport_size(SIZES["1024"])
    open_app(page, "/loss_surface?surf_x=w6&surf_y=w6")
    for size in each_size(page):  # loaded once, then the window grown (test_layout.py)
        expect(main(page)).to_contain_text("surf_y in the link is not one of the choices here; showing w5.")
        expect(page).not_to_have_url(re.compile(r"surf_y=w6"))
        expect(page).to_have_url(re.compile(r"surf_x=w6"))
        screenshot(page, f"link_note_surface_{size}")


def test_a_bad_step_is_named_and_minus_zero_is_zero(page: Page, screenshot):
    page.set_viewport_size(SIZES["1024"])
    open_app(page, "/forward_pass?fwd_step=%3Cb%3Ezz%3C%2Fb%3E&w5=-0")
    expect(main(page)).to_contain_text("fwd_step in the link is not one of the choices here; showing net_h1.")
    expect(main(page).locator("b", has_text="zz")).to_have_count(0)  # never echoed, never markup
    expect(page).not_to_have_url(re.compile(r"fwd_step=%3Cb"))
    expect(number_input(page, "w5")).to_have_value("0")
    expect(page).to_have_url(re.compile(r"w5=0\.0(&|$)"))
    settle(page)
    screenshot(page, "link_note_forward_1024")
    page.locator(".st-key-next").click()
    expect(main(page)).not_to_contain_text("in the link is not one of the choices")


def test_a_repeated_key_is_named_and_the_last_one_used(page: Page):
    open_app(page, "/backward_pass?bwd_param=w6&bwd_param=w7")
    expect(main(page)).to_contain_text("bwd_param appears 2 times in the link; using the last one.")
    expect(main(page).get_by_role("radio", name="w7")).to_be_checked()
    expect(page).not_to_have_url(re.compile(r"bwd_param=w6"))
