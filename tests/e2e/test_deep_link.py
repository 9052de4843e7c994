"""A teacher's link to a lesson, opened as a freshly started server's very first request.

Streamlit 1.67 then takes pages/ for its legacy multipage folder and runs the
page file alone; ui.sidebar.current_state reruns it through app.py. This needs
a server of its own: the shared one has already served other pages.
"""

import pytest
from playwright.sync_api import Browser, expect

from backprop_core import solve
from ui.example_settings import from_query

from .conftest import assert_no_exception, main, number_input, serve


@pytest.fixture(scope="module")
def fresh_server():
    with serve("streamlit-deep-link") as url:
        yield url


def test_a_deep_link_on_a_fresh_server_keeps_the_sidebar_and_the_state(browser: Browser, fresh_server):
    page = browser.new_page()
    page.goto(f"{fresh_server}/forward_pass?w5=0.3&show_all=true")
    expect(number_input(page, "w5")).to_have_value("0.3", timeout=30_000)
    expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("Loss surface")
    net_o1 = solve(from_query({"w5": "0.3"})[0].example).forward["net_o1"]
    page.locator(".st-key-show_all").click()
    expect(main(page)).to_contain_text(f"{net_o1:.9g}", timeout=30_000)
    assert_no_exception(page)
    page.close()
