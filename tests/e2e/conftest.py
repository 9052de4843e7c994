"""Real-browser fixtures: Debian's chromium through Playwright, one Streamlit server per session.

Never `playwright install`: its browser download cannot reach the network here, and
Debian's /usr/bin/chromium works (see ../shared/TESTING.md). Wait for content, never
for Streamlit's status widget: it appears only after a delay, so waiting on it races.
"""

import asyncio
import concurrent.futures
import contextlib
import itertools
import os
import pathlib
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from ui.example_settings import LABELS
from ui.navigation import ENTRIES, HOME

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


def app_pages() -> dict[str, str]:
    """Every page in the app's navigation (ui/navigation.py): title -> URL path.

    Read from the navigation, not typed in here, so a page added there is visited by every test
    that iterates over PAGES. The path is the one each Entry declares ("" for the default page).
    """
    return {e.title: "" if e is HOME else e.url_path for e in ENTRIES}


PAGES = app_pages()
EXCEPTION = '[data-testid="stException"]'
CHART = '[data-testid="stPlotlyChart"]'
# a page's own tables, not the charts' Data folds (ui/chart.py)
TABLE = '[data-testid="stTable"]:not([class*="st-key-data_"] [data-testid="stTable"])'


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


@contextlib.contextmanager
def serve(log_name: str = "streamlit", env: dict[str, str] | None = None):
    """`streamlit run app.py` on a free port (``env`` added to this process's environment); yields its
    base URL, then stops that one process."""
    ARTIFACTS.mkdir(exist_ok=True)
    log_name += os.environ.get("PYTEST_XDIST_WORKER", "")  # each worker's servers log apart (-n 2)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    command += ["--server.fileWatcherType", "none"]  # edits made during a run must not prompt reruns
    with open(ARTIFACTS / f"{log_name}.log", "w") as log:
        environment = {**os.environ, **(env or {})}
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=environment)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if server.poll() is not None:
                pytest.fail(f"streamlit exited with {server.returncode}; see artifacts/{log_name}.log")
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
def class_db(tmp_path_factory) -> str:
    """The session server's class database (ui/classroom/connection.py): an SQLite file of this run's
    own, never the repository's data/ nor a database the environment names."""
    return f"sqlite:///{tmp_path_factory.mktemp('classroom') / 'classroom.sqlite'}"


@pytest.fixture(scope="session")
def app_server(class_db):
    """One server for the session (a test that needs a fresh one uses `serve` itself)."""
    with serve(env={"BACKPROP_CLASS_DB": class_db}) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(app_server):
    """So that `page.goto("/")` reaches the server above."""
    return app_server


@pytest.fixture(autouse=True)
def _no_exception_after(page: Page):
    """Every e2e test ends with no Python exception drawn anywhere on its page."""
    yield
    assert_no_exception(page)


# Screenshots are for a person to look at; CI's fresh machine throws them away, so .ci/run turns them
# off (BACKPROP_SCREENSHOTS=0): each costs a viewport resize, a re-layout and a full-page PNG, about
# a second, over a hundred of them. The checks beside them run either way.
SCREENSHOTS = os.environ.get("BACKPROP_SCREENSHOTS", "1") != "0"


@pytest.fixture
def screenshot():
    """`screenshot(page, "name")` saves a full-page PNG as artifacts/name.png and returns its path
    (None when screenshots are off)."""

    def take(page: Page, name: str) -> pathlib.Path | None:
        if not SCREENSHOTS:
            return None
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


def in_thread(coroutine):
    """Run ``coroutine`` to its end in a thread of its own (Playwright's event loop owns this one)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def assert_no_exception(page: Page) -> None:
    expect(page.locator(EXCEPTION)).to_have_count(0)


def main(page: Page):
    return page.locator('[data-testid="stMain"]')


def sidebar(page: Page):
    return page.locator('[data-testid="stSidebar"]')


def number_input(page: Page, name: str):
    """A sidebar number input by its key, found by its label (exact: "Help for w6" also carries the
    name); the learning rate's key lr is labelled η."""
    return sidebar(page).get_by_label(LABELS.get(name, name), exact=True)


def open_app(page: Page, path: str = "/") -> None:
    """Load `path` and wait until the sidebar is drawn and the first run has finished drawing."""
    page.goto(path)
    # attached, not visible: pages with networks of their own fold the example away
    expect(number_input(page, "w1")).to_be_attached(timeout=30_000)
    wait_for_run(page)


# Streamlit shows a run in the app's ``data-test-script-state`` only once the server says it has started:
# right after a click the state still says "notRunning" from the run before. So each page counts the
# changes of that state and the runs the server says have ended (its session status with no script
# running, a ForwardMsg of the two bytes 0x4a 0x00, sent after each run's script_finished), and notes both
# counts at each of the tester's own (trusted) input events. A quick run can end before React has drawn
# it as running: then only the server's message tells (see DONE).
WATCH = """(() => {
    if (window.__runs) return;
    const runs = window.__runs = {changes: 0, finished: 0, finishedAt: 0, acted: false};
    new MutationObserver(records => { runs.changes += records.length; }).observe(
        document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
    for (const type of ['pointerdown', 'click', 'keydown', 'input', 'change'])
        document.addEventListener(type, event => {
            if (!event.isTrusted) return;
            Object.assign(runs, {acted: true, changesThen: runs.changes, finishedThen: runs.finished});
        }, true);
    const Socket = window.WebSocket;
    window.WebSocket = class extends Socket {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', event => {
                const bytes = event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : [];
                if (bytes.length === 2 && bytes[0] === 0x4a && bytes[1] === 0x00) {
                    runs.finished += 1;
                    runs.finishedAt = performance.now();
                }
            });
        }
    };
})()"""
# Done once the state is "notRunning" and, after an action: the state has changed since (the run was
# seen to start), or a run has finished since and had DRAW ms to be drawn, or GRACE went by with neither
# (an action that asks for no run). The wait's call number starts its own GRACE.
DONE = """([call, grace, draw]) => {
    const runs = window.__runs, now = performance.now();
    if (runs.call !== call) { runs.call = call; runs.since = now; }
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const done = !runs.acted || runs.changes > runs.changesThen
        || (runs.finished > runs.finishedThen ? now - runs.finishedAt > draw : now - runs.since > grace);
    if (done) runs.acted = false;
    return done;
}"""
GRACE = 2_000  # ms: how long an action's run may take to start before the wait takes it that none will
DRAW = 250  # ms: for the page to draw a run that finished before the state showed it running
_calls = itertools.count()


@pytest.fixture(scope="session")
def _warm_context(browser, browser_context_args):
    """One browser context for the session's tests (each gets a page of its own in it): Streamlit's
    scripts, Plotly's among them, are fetched and compiled once, not at every test's first load (the
    files are immutable, cached for a year). Its pages are watched from their first script (WATCH)."""
    warm = browser.new_context(**browser_context_args)
    warm.add_init_script(WATCH)
    yield warm
    warm.close()


@pytest.fixture
def context(_warm_context):
    """The session's context, left as a fresh one would be: no page of an earlier test, no cookie
    (presenter mode keeps the window's size in one, a load balancer its process)."""
    yield _warm_context
    for page in _warm_context.pages:
        page.close()
    _warm_context.clear_cookies()


@pytest.fixture
def page(context):
    return context.new_page()


def wait_for_run(page: Page) -> None:
    """The run the last action asked for has started and finished, and every element has drawn
    (with no action since the last wait: the run in progress, if any, has finished).

    Streamlit loads each kind of element's code on first use (Plotly's is large) and shows
    a skeleton meanwhile, so "notRunning" alone can leave skeletons for seconds. A page from a
    context of the test's own is watched from its first wait on (the action before that one is
    not seen: it was a page load, whose run the state shows from the start).
    """
    page.evaluate(WATCH)
    page.wait_for_function(DONE, arg=[next(_calls), GRACE, DRAW], polling=50, timeout=60_000)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=60_000)


def go_to(page: Page, title: str) -> None:
    """Click a page in the navigation sidebar and wait until that page has replaced the old one."""
    path = rf"127\.0\.0\.1:\d+/{PAGES[title]}(\?|$)"
    heading = main(page).locator("h1").first
    before, moving = heading.inner_text(), not re.search(path, page.url)
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name=title, exact=True).click()  # the icon is aria-hidden
    expect(page).to_have_url(re.compile(path), timeout=30_000)
    if moving:  # the old page stays on screen until the new one draws its own title
        expect(heading).not_to_have_text(before, timeout=30_000)


def set_number(page: Page, name: str, value: str) -> None:
    """Type `value` into a sidebar number input and commit it with Enter."""
    field = number_input(page, name)
    field.fill(value)
    field.press("Enter")


# The two screens every page is looked at on: a classroom projector, and a large monitor.
SIZES = {"1024": {"width": 1024, "height": 768}, "1920": {"width": 1920, "height": 1080}}


def shots(page: Page, screenshot, name: str) -> None:
    """The page at both SIZES, settled, saved as ``name``_1024 and ``name``_1920."""
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        settle(page)
        screenshot(page, f"{name}_{size}")


def commit(page: Page, label: str, value: str) -> None:
    """Type ``value`` into the main column's number field ``label``, commit it, wait for the run."""
    field = main(page).get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")
    wait_for_run(page)


def settle(page: Page) -> None:
    """Wait until the run has finished and its charts have drawn (for screenshots)."""
    wait_for_run(page)
    wait_for_charts(page)


# Every chart has drawn once Plotly has laid it out and, for each 3-D scene, made its WebGL
# canvas (every 2-D chart also carries an empty .gl-container, so that alone says nothing).
DRAWN = """selector => [...document.querySelectorAll(selector)].every(chart => {
    const plot = chart.querySelector('.js-plotly-plot');
    if (!plot || !plot._fullLayout || !chart.querySelector('.main-svg')) return false;
    const scenes = Object.keys(plot._fullLayout).filter(key => /^scene\\d*$/.test(key));
    return chart.querySelectorAll('.gl-container canvas').length >= scenes.length;
})"""


def wait_for_charts(page: Page, at_least: int = 0, timeout: float = 60_000) -> int:
    """Wait for `at_least` charts, then until every Plotly chart has drawn; returns how many."""
    charts = main(page).locator(CHART)
    if at_least:
        expect(charts.nth(at_least - 1)).to_be_attached(timeout=timeout)
    page.wait_for_function(DRAWN, arg=f'[data-testid="stMain"] {CHART}', timeout=timeout)
    return charts.count()


def scenes(page: Page) -> int:
    """How many 3-D scenes (WebGL canvases) the page's charts drew."""
    return main(page).locator(f"{CHART} .gl-container canvas").count()
