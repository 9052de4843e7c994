"""Hostile links and typed values: named and replaced, never executed, never echoed, never fatal."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from backprop_core import solve
from ui.example_settings import LABELS, from_query

from .conftest import main, number_input, open_app, set_number, sidebar

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
BOLD = "<b>bold</b>"

# Every short hostile value in one link (one page load): each parameter named once, the unknown
# ones counted. tests/ui/test_links.py and tests/ui/test_hostile_links.py hold each key to the
# same without a browser; here the browser shows that nothing runs, nothing is injected and the
# address bar is clean.
TOGETHER = "&".join(
    [
        "w5=abc",
        "lr=1e999",
        "x1=nan",
        "w1=-inf",
        "t1=2",
        f"w2={quote(BOLD)}&b1={quote(IMG)}",
        "digits=" + quote(BOLD),
        "update_biases=" + quote(IMG),
        f"{quote(SCRIPT)}=1&{quote(BOLD)}=1&{quote(IMG)}=2&color=red",
    ]
)
NAMED = ["w5", "lr", "x1", "w1", "t1", "w2", "b1", "digits", "update_biases"]
# (query string, the parameter the warning must name, or None for a count of unknown ones)
LINKS = {
    "together": (TOGETHER, NAMED),
    # 12 kB: a link far past any value's length that the server always reads. Streamlit's HTTP layer
    # (uvicorn on h11) holds at most 16 KiB of a request it has not finished reading, so a longer one
    # is turned away with 400 whenever it arrives in two reads: rare on loopback up to 60 kB, but seen
    # once in CI under load at 60 kB. That refusal is the server's, before the app; this test is the app's.
    "12_kB_number": ("w7=" + "1" * 12_000, ["w7"]),
    "12_kB_text": ("w8=" + "x" * 12_000, ["w8"]),
}


@pytest.fixture
def dialogs(page: Page):
    """Every alert() the page opens; an injected script would be one."""
    opened = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    yield opened
    assert opened == [], f"a script ran: {opened}"


def expect_nothing_injected(page: Page) -> None:
    # Streamlit's own markdown draws <strong>, never <b>; and no visitor image or script
    expect(page.locator("b")).to_have_count(0)
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(page.locator("script:not([src])").filter(has_text="alert(")).to_have_count(0)


def expect_still_working(page: Page, **shown: str) -> None:
    """After any link, editing a weight still reaches the page and the URL (`shown`: other values)."""
    set_number(page, "w6", "0.7")
    state, _ = from_query({**shown, "w6": "0.7"})
    expect(main(page)).to_contain_text(f"{solve(state.example).forward['E_total']:.9g}")
    expect(page).to_have_url(re.compile(r"[?&]w6=0\.7(&|$)"))


def test_a_hostile_link_is_reported_and_replaced(page: Page, dialogs):
    """Each link in turn in one browser page (a new page's first load fetches every script again)."""
    for link, (query, names) in LINKS.items():
        hostile_link(page, link, query, names)


def hostile_link(page: Page, link: str, query: str, names) -> None:
    open_app(page, f"/?{query}")
    warnings = sidebar(page).locator('[data-testid="stAlertContentWarning"]')
    for name in names:
        expect(warnings.filter(has_text=re.compile(rf"^\W*{name}\b"))).to_have_count(1)
    if query == TOGETHER:
        expect(warnings.filter(has_text="Ignored 4 unknown link parameter(s)")).to_have_count(1)
    # the rejected text is never echoed (only its name), and the page still shows the article
    expect(sidebar(page)).not_to_contain_text("alert(")
    expect(page.get_by_text("bold")).to_have_count(0)
    expect(main(page)).to_contain_text("0.298371109")
    expect_nothing_injected(page)
    # the URL is rewritten from the clean state: nothing hostile is passed on in a shared link
    expect(page).to_have_url(re.compile(r"[?&]w5=0\.4(&|$)"))
    assert "alert" not in page.url and "%3C" not in page.url.upper(), link
    expect_still_working(page)
    expect(warnings).to_have_count(0)  # notices about the link go once the user edits


def test_a_typed_value_out_of_range_is_named_and_reset(page: Page, dialogs):
    open_app(page)  # one page, one typing after another
    for name, typed in [("w5", "1e300"), ("w5", "-1e300"), ("lr", "0"), ("t1", "2"), ("b2", "101")]:
        default = number_input(page, name).input_value()
        set_number(page, name, typed)
        warning = sidebar(page).locator('[data-testid="stAlertContentWarning"]')
        # named as the field is labelled (lr: η), a whole word (JavaScript's \b knows no η; the alert's
        # icon may come right before it)
        said = re.compile(rf"(^|\W){re.escape(LABELS[name])}(\W|$)")
        expect(warning.filter(has_text=said)).to_have_count(1)
        expect(number_input(page, name)).to_have_value(default)
        expect(main(page)).to_contain_text("0.298371109")
    expect_still_working(page)


def test_a_number_too_big_for_the_browser_is_named_and_the_page_stays_consistent(page: Page, dialogs):
    # The browser cannot hold 1e309 in a number field; Streamlit would then send 0 (checked on
    # 1.67). The sidebar's number guard names it and the article's value stays.
    open_app(page)
    set_number(page, "x2", "1e309")
    expect(sidebar(page).locator('[data-testid="stAlertContentWarning"]')).to_contain_text(
        "x2: the number typed is too large"
    )
    expect(number_input(page, "x2")).to_have_value("0.1")
    shown = number_input(page, "x2").input_value()
    state, notices = from_query({"x2": shown})
    assert not notices
    expect(main(page)).to_contain_text(f"{solve(state.example).forward['E_total']:.9g}")
    expect_still_working(page, x2=shown)
