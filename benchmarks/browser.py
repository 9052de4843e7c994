"""Every page in a real browser: its cold load, and an edit of w5 until the page has redrawn.

    python -m benchmarks.browser                  # starts its own server (as the e2e tests do)
    python -m benchmarks.browser --url URL        # against a running server
    python -m benchmarks.browser --repeats 5 --pages "Loss surface,Training"

Headless Chromium (Debian's, as tests/e2e) at 1024×768, the projector's size. For each page
in app.py's navigation:

- **cold load**: a fresh browser context (no cache, no session) navigates to the page; the
  time runs until the first run has finished, nothing is left as a loading skeleton and every
  Plotly chart has drawn (WebGL scenes included).
- **edit w5**: a new value typed into the sidebar's w5 and committed with Enter; the time runs
  until the run has finished and the page's main content has changed: every chart redrawn (or,
  on a page without charts, the main column's text changed). Each value is new (the server's
  caches outlive this process), so every edit is a cache miss, as a student's first edit is.

Each figure is the median of ``--repeats`` runs, with the bytes the server sent over the
websocket for the edit, and the ratio to the Welcome page's edit measured in the same run:
the floor that app.py, the sidebar and the browser's own work cost any page.
"""

import argparse
import contextlib
import random
import statistics
import time

from playwright.sync_api import Page, sync_playwright

from tests.e2e.conftest import ARGS, CHROMIUM, DRAWN, PAGES, serve

VIEWPORT = {"width": 1024, "height": 768}
TIMEOUT = 120_000
MAIN = '[data-testid="stMain"]'
CHARTS = f'{MAIN} [data-testid="stPlotlyChart"]'
FINISHED = f"""() => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stSkeleton"]')
    && document.querySelector('{MAIN} h1') !== null"""
# "The page has redrawn": each chart now holds new data (Plotly replaces gd.data on a new
# figure; the old one is marked before the edit), or, on a page without charts, the text changed.
MARK = f"""() => {{
    const charts = [...document.querySelectorAll('{CHARTS} .js-plotly-plot')];
    charts.forEach(c => {{ c.__before = c.data; }});
    return [charts.length, document.querySelector('{MAIN}').innerText];
}}"""
CHANGED = f"""([count, text]) => {{
    if (!({FINISHED})()) return false;
    const charts = [...document.querySelectorAll('{CHARTS} .js-plotly-plot')];
    if (!count) return document.querySelector('{MAIN}').innerText !== text;
    return charts.length === count && charts.every(c => c.data && c.data !== c.__before);
}}"""


def _wait_drawn(page: Page) -> None:
    page.wait_for_function(FINISHED, timeout=TIMEOUT)
    page.wait_for_function(DRAWN, arg=CHARTS, timeout=TIMEOUT)


def cold_load(browser, url: str) -> float:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    began = time.perf_counter()
    page.goto(url)
    _wait_drawn(page)
    elapsed = time.perf_counter() - began
    context.close()
    return elapsed * 1000


class Received:
    """Bytes the server sends over the page's websocket."""

    def __init__(self, page: Page):
        self.bytes = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.bytes += len(payload)


def edits(browser, url: str, values: list[float]) -> tuple[list[float], list[int]]:
    """Open the page once, then commit each of ``values`` to w5; times (ms) and bytes received."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    received = Received(page)
    page.goto(url)
    _wait_drawn(page)
    field = page.locator('[data-testid="stSidebar"]').get_by_label("w5", exact=True)
    times, sizes = [], []
    for value in values:
        before = page.evaluate(MARK)
        field.fill(repr(value))
        received.bytes = 0
        began = time.perf_counter()
        field.press("Enter")
        page.wait_for_function(CHANGED, arg=before, timeout=TIMEOUT)
        page.wait_for_function(DRAWN, arg=CHARTS, timeout=TIMEOUT)
        times.append((time.perf_counter() - began) * 1000)
        page.wait_for_timeout(200)  # late frames (a fragment's own rerun) count to this edit
        sizes.append(received.bytes)
    context.close()
    return times, sizes


def measure(url: str, titles: list[str], repeats: int) -> dict[str, dict]:
    offset = random.random() * 1e-4  # new values each run: the server's caches outlive this process
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for title in titles:
            address = f"{url}/{PAGES[title]}"
            cold_load(browser, address)  # the first visit fills the server's caches for the article's values
            loads = [cold_load(browser, address) for _ in range(repeats)]
            values = [round(0.41 + 0.003 * i + offset, 9) for i in range(repeats)]
            times, sizes = edits(browser, address, values)
            results[title] = {"load": loads, "edit": times, "bytes": sizes}
        browser.close()
    return results


def report(results: dict[str, dict], repeats: int) -> str:
    base = statistics.median(results["Welcome"]["edit"]) if "Welcome" in results else None
    lines = [
        f"Browser (headless Chromium {VIEWPORT['width']}×{VIEWPORT['height']}), median of {repeats}:",
        f"  {'page':32s} {'cold load':>10s} {'edit w5':>10s} {'× Welcome':>10s} {'edit bytes':>11s}",
    ]
    for title, r in results.items():
        edit = statistics.median(r["edit"])
        ratio = f"{edit / base:9.2f}×" if base else "         -"
        kib = statistics.median(r["bytes"]) / 1024
        lines.append(
            f"  {title:32s} {statistics.median(r['load']):8.0f} ms {edit:7.0f} ms {ratio} {kib:8.1f} KiB"
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one, as the e2e tests do)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pages", help="comma-separated page titles (default: every page; Welcome always)")
    args = parser.parse_args(argv)
    titles = list(PAGES)
    if args.pages:
        wanted = {t.strip() for t in args.pages.split(",")}
        unknown = wanted - set(PAGES)
        if unknown:
            parser.error(f"unknown page(s) {sorted(unknown)}; app.py has {list(PAGES)}")
        titles = [t for t in PAGES if t in wanted or t == "Welcome"]
    server = contextlib.nullcontext(args.url.rstrip("/")) if args.url else serve("benchmark_browser")
    with server as url:
        print(report(measure(url, titles, args.repeats), args.repeats))


if __name__ == "__main__":
    main()
