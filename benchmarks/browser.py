"""Every page in a real browser: its cold load, and an edit of w5 (or its own number) until it has redrawn.

    python -m benchmarks.browser                  # starts its own server (as the e2e tests do)
    python -m benchmarks.browser --url URL        # against a running server
    python -m benchmarks.browser --repeats 5 --pages "Loss surface,Training"

Headless Chromium (Debian's, as tests/e2e) at 1024×768, the projector's size. For each page
in app.py's navigation:

- **cold load**: a fresh browser context (no cache, no session) navigates to the page. Two times:
  until the **main content** is visible (the page's title and its main figure drawn, its first
  chart; on a page without charts, the first run finished), the issue's measure ("navigation ->
  main content visible"), and until **everything** is: the first run has finished, nothing is left
  as a loading skeleton and every Plotly chart has drawn (WebGL scenes included).
- **edit**: a new value typed into the sidebar's w5 (on a page that does not read the worked
  example, the page's own main number: ``EDITS``) and committed with Enter. Two times: until the
  page's **main figure** has been redrawn with new data (its first chart; on a page without charts,
  the main column's text changed), which is what the issue's target measures ("an edit of w5 ->
  the page's main number or figure updated"), and until **everything** is: the run finished and
  every chart redrawn. Each value is new (the server's caches outlive this process), so every edit
  is a cache miss, as a student's first edit is.

Each figure is the median of ``--repeats`` runs, with the bytes the server sent over the
websocket for the edit, and its ratio to the Welcome page's (the floor that app.py, the sidebar
and the browser's own work cost any page), measured in turns with the page: a Welcome load, a
page load, a Welcome edit, a page edit, and so on, so that both meet the same load on a shared
machine.
"""

import argparse
import contextlib
import random
import statistics
import sys
import time
from dataclasses import dataclass

from playwright.sync_api import Page, sync_playwright

from tests.e2e.conftest import ARGS, CHROMIUM, DRAWN, PAGES, SIZES, serve
from ui.navigation import CLASS, NOTATION

VIEWPORT = SIZES["1024"]  # the projector's
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
# The main content of a page being loaded: its title, and its first chart drawn (charts arrive in the
# script's order); on a page that has no chart once its run has finished, the title alone.
VISIBLE = f"""() => {{
    if (!document.querySelector('{MAIN} h1')) return false;
    const chart = document.querySelector('{CHARTS}');
    if (!chart) return ({FINISHED})();
    const plot = chart.querySelector('.js-plotly-plot');
    return !!plot && !!plot._fullLayout && !!chart.querySelector('.main-svg');
}}"""
TWO_FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
# The main figure: the first chart holds new data and has drawn, whether or not the run goes on.
MAIN_CHANGED = f"""([[count, text], byText]) => {{
    if (!count || byText) return document.querySelector('{MAIN}').innerText !== text;
    const chart = document.querySelector('{CHARTS}');
    const plot = chart?.querySelector('.js-plotly-plot');
    return !!plot && plot.data && plot.data !== plot.__before && !!plot._fullLayout
        && !!chart.querySelector('.main-svg');
}}"""


@dataclass(frozen=True)
class Edit:
    """The number a page's edit changes: its label, where it sits, and the values typed."""

    label: str
    start: float
    stride: float  # each edit adds one stride; a run starts at a random multiple, so values are new
    where: str = '[data-testid="stSidebar"]'
    text: bool = False  # the main number is in the text (the first chart does not show this field)

    def values(self, repeats: int) -> list[float]:
        first = random.randrange(100)
        return [round(self.start + self.stride * (first + i), 9) for i in range(repeats)]


W5 = Edit("w5", 0.41, 1.3e-5)
# Pages that do not read the sidebar's worked example: their own main number instead of w5.
EDITS = {
    "4 · The vectorised network": Edit("Seed", 1, 1, MAIN),  # η shows only at the update step
    "5 · Mini-batches and epochs": Edit("Learning rate η", 0.41, 0.01, MAIN),
    "6 · Recurrent networks": Edit("w", 0.41, 0.01, MAIN, text=True),  # in the first step's formula
    "Playground": Edit("Seed", 1, 1, MAIN),
}


def _wait_drawn(page: Page) -> None:
    page.wait_for_function(FINISHED, timeout=TIMEOUT)
    page.wait_for_function(DRAWN, arg=CHARTS, timeout=TIMEOUT)


def cold_load(browser, url: str) -> tuple[float, float]:
    """The time (ms) from navigation to the main content visible, and to everything drawn."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    began = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(VISIBLE, timeout=TIMEOUT, polling="raf")
    visible = time.perf_counter() - began
    _wait_drawn(page)
    everything = time.perf_counter() - began
    context.close()
    return visible * 1000, everything * 1000


class Received:
    """Bytes the server sends over the page's websocket."""

    def __init__(self, page: Page):
        self.bytes = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.bytes += len(payload)


class Tab:
    """One page open in its own browser context, edited again and again."""

    def __init__(self, browser, url: str, edit: Edit):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page, self.edit = self.context.new_page(), edit
        self.received = Received(self.page)
        self.page.goto(url)
        _wait_drawn(self.page)
        self.field = self.page.locator(edit.where).get_by_label(edit.label, exact=True)

    def commit(self, value: float) -> tuple[float, float, int]:
        """The time (ms) to the main figure redrawn and to everything, and the bytes received."""
        page = self.page
        before = page.evaluate(MARK)
        self.field.fill(repr(value))
        self.received.bytes = 0
        began = time.perf_counter()
        self.field.press("Enter")
        page.wait_for_function(MAIN_CHANGED, arg=[before, self.edit.text], timeout=TIMEOUT, polling="raf")
        main = (time.perf_counter() - began) * 1000
        page.wait_for_function(FINISHED, timeout=TIMEOUT)
        page.evaluate(TWO_FRAMES)  # the last deltas' elements mounted
        page.wait_for_function(DRAWN, arg=CHARTS, timeout=TIMEOUT)
        everything = (time.perf_counter() - began) * 1000
        page.wait_for_timeout(200)  # late frames (a fragment's own rerun) count to this edit
        return main, everything, self.received.bytes


def measure(url: str, titles: list[str], repeats: int) -> dict[str, dict]:
    """Each page measured in turn with the Welcome page: a cold load and an edit of one, then of the
    other, so both meet the same load on a shared machine and each ratio compares like with like."""
    results = {}
    home = f"{url}/{PAGES['Welcome']}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        welcome = Tab(browser, home, W5)
        for title in titles:
            address, edit = f"{url}/{PAGES[title]}", EDITS.get(title, W5)
            cold_load(browser, address)  # the first visit fills the server's caches for the article's values
            tab = Tab(browser, address, edit)
            rows = {"page": [], "welcome": []}
            for value, floor in zip(edit.values(repeats), W5.values(repeats)):
                rows["welcome"].append((*cold_load(browser, home), *welcome.commit(floor)))
                rows["page"].append((*cold_load(browser, address), *tab.commit(value)))
            tab.context.close()
            keys = ("visible", "load", "main", "edit", "bytes")
            results[title] = {"field": edit.label} | {
                who: dict(zip(keys, map(list, zip(*r)))) for who, r in rows.items()
            }
            print(f"measured {title}", file=sys.stderr)
        browser.close()
    return results


def report(results: dict[str, dict], repeats: int) -> str:
    """One row a page, each time beside the Welcome page's measured alongside it: the main content's
    (a load) and the main figure's (an edit) are the issue's measures, everything's the stricter one."""
    lines = [
        f"Browser (headless Chromium {VIEWPORT['width']}×{VIEWPORT['height']}), median of {repeats}; "
        "× Welcome: against the Welcome page measured alternately with the page",
        f"  {'':47s} {'cold load: main content':>19s} {'all drawn':>19s} {'edit: main figure':>19s}"
        f" {'all drawn':>19s}",
        f"  {'page':30s} {'field':>16s}" + f" {'ms':>10s} {'× Welc.':>8s}" * 4 + f" {'bytes':>9s}",
    ]
    for title, r in results.items():
        row = f"  {title:30s} {r['field'][:16]:>16s}"
        for key in ("visible", "load", "main", "edit"):
            t, floor = statistics.median(r["page"][key]), statistics.median(r["welcome"][key])
            row += f" {t:7.0f} ms {t / floor:7.2f}×"
        lines.append(row + f" {statistics.median(r['page']['bytes']) / 1024:5.1f} KiB")
    every = {k: [v for r in results.values() for v in r["welcome"][k]] for k in ("visible", "main")}
    floor = {k: statistics.median(v) for k, v in every.items()}
    welcome = f"cold load {floor['visible']:.0f} ms, edit {floor['main']:.0f} ms"
    lines.append(f"  Welcome, all its turns: {welcome} (main content, main figure)")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one, as the e2e tests do)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pages", help="comma-separated page titles (default: every page)")
    args = parser.parse_args(argv)
    # Notation is a table of symbols, Class a form to join or run a class: no number of their own to edit
    titles = [t for t in PAGES if t not in (NOTATION.title, CLASS.title)]
    if args.pages:
        wanted = {t.strip() for t in args.pages.split(",")}
        unknown = wanted - set(PAGES)
        if unknown:
            parser.error(f"unknown page(s) {sorted(unknown)}; app.py has {list(PAGES)}")
        titles = [t for t in PAGES if t in wanted]
    server = contextlib.nullcontext(args.url.rstrip("/")) if args.url else serve("benchmark_browser")
    with server as url:
        print(report(measure(url, titles, args.repeats), args.repeats))


if __name__ == "__main__":
    main()
