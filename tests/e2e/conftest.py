"""Real-browser fixtures: Debian's chromium through Playwright, one Streamlit server per session.

Never `playwright install`: its browser download cannot reach the network here, and
Debian's /usr/bin/chromium works (see ../shared/TESTING.md). Wait for content, never
for Streamlit's status widget: it appears only after a delay, so waiting on it races.
"""

import pathlib
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
ARTIFACTS = ROOT / "artifacts"  # git-ignored
CHROMIUM = pathlib.Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",  # CI runs as root, where chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PAGES = {  # navigation title -> URL path, as in app.py
    "Welcome": "",
    "1 · Forward pass": "forward_pass",
    "2 · Backward pass": "backward_pass",
    "3 · Compare with the article": "compare",
    "Training": "training",
    "Loss surface": "loss_surface",
}
EXCEPTION = '[data-testid="stException"]'
CHART = '[data-testid="stPlotlyChart"]'


def pytest_collection_modifyitems(config, items):
    mine = [item for item in items if HERE in pathlib.Path(str(item.path)).parents]
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: apt-get install chromium (CI does)")
    for item in mine:
        item.add_marker(pytest.mark.e2e)
        if not CHROMIUM.exists():
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": ARGS}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        with opener.open(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


@pytest.fixture(scope="session")
def app_server():
    """`streamlit run app.py` on a free port; yields its base URL, stops that one process."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    with open(ARTIFACTS / "streamlit.log", "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if server.poll() is not None:
                pytest.fail(f"streamlit exited with {server.returncode}; see artifacts/streamlit.log")
            if time.monotonic() > deadline:
                pytest.fail("streamlit did not answer /_stcore/health within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def base_url(app_server):
    """So that `page.goto("/")` reaches the server above."""
    return app_server


@pytest.fixture(autouse=True)
def _no_exception_after(page: Page):
    """Every e2e test ends with no Python exception drawn anywhere on its page."""
    yield
    assert_no_exception(page)


@pytest.fixture
def screenshot():
    """`screenshot(page, "name")` saves a full-page PNG as artifacts/name.png and returns its path."""

    def take(page: Page, name: str) -> pathlib.Path:
        path = ARTIFACTS / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Streamlit scrolls inside its own panes, not the document, so full_page alone
        # stops at the viewport: grow the viewport to the tallest pane first.
        size = page.viewport_size
        height = page.evaluate(
            """() => Math.max(...['[data-testid="stMain"]', '[data-testid="stSidebarContent"]']
                .map(s => document.querySelector(s)?.scrollHeight ?? 0))"""
        )
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
        page.wait_for_timeout(300)  # let charts re-layout to the new size
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
        return path

    return take


# --- helpers the tests share ---------------------------------------------------------------


def assert_no_exception(page: Page) -> None:
    expect(page.locator(EXCEPTION)).to_have_count(0)


def main(page: Page):
    return page.locator('[data-testid="stMain"]')


def sidebar(page: Page):
    return page.locator('[data-testid="stSidebar"]')


def number_input(page: Page, name: str):
    """A sidebar number input by its label (exact: "Help for w6" also carries the name)."""
    return sidebar(page).get_by_label(name, exact=True)


def open_app(page: Page, path: str = "/") -> None:
    """Load `path` and wait until the sidebar is drawn and the first run has finished."""
    page.goto(path)
    expect(number_input(page, "w1")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=60_000
    )


def go_to(page: Page, title: str) -> None:
    """Click a page in the navigation sidebar and wait for its URL."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name=title, exact=True).click()  # the icon is aria-hidden
    path = PAGES[title]
    expect(page).to_have_url(re.compile(rf"127\.0\.0\.1:\d+/{path}(\?|$)"), timeout=30_000)
    expect(main(page).locator("h1").first).to_be_visible(timeout=30_000)


def set_number(page: Page, name: str, value: str) -> None:
    """Type `value` into a sidebar number input and commit it with Enter."""
    field = number_input(page, name)
    field.fill(value)
    field.press("Enter")


def settle(page: Page) -> None:
    """Wait until the run has finished and its charts have drawn (for screenshots)."""
    expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=60_000
    )
    wait_for_charts(page)


def wait_for_charts(page: Page, timeout: float = 60_000) -> int:
    """Wait until every Plotly chart on the page has drawn; returns how many there are."""
    charts = main(page).locator(CHART)
    count = charts.count()
    for i in range(count):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        # every Plotly figure draws an SVG; 3-D scenes draw into a WebGL canvas as well
        expect(chart.locator(".main-svg").first).to_be_attached(timeout=timeout)
        if chart.locator(".gl-container").count():
            expect(chart.locator("canvas").first).to_be_attached(timeout=timeout)
    return count
