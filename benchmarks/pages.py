"""Rerun latency of the Training, Loss-surface and lesson 5 pages, on the server (AppTest) and in a browser.

    python -m benchmarks.pages                    # server side: AppTest, median of --repeats
    python -m benchmarks.pages --browser URL      # also a real browser against a running server

Server side, each interaction is a widget change followed by ``AppTest.run()``,
timed end to end (script, caches, figures, protobuf), with fresh values each
repeat so that cache misses are measured where a user would meet them. The
baseline is a rerun of the Welcome page in the same session: the floor that
app.py and the sidebar cost every page. In the browser, the time runs from
committing a sidebar weight to the page showing the new numbers and the
E_total chart redrawn.
"""

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MS = 150.0


def _navigation_mode() -> None:
    """As tests/conftest.py: make AppTest run app.py's st.navigation like the real server."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


def _app(page: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    app.switch_page(page).run()
    app.run()  # warm: imports, compiled trainer, first cache fills
    return app


def _timed(app: AppTest, change: Callable[[AppTest, int], None], repeats: int) -> list[float]:
    times = []
    for i in range(repeats):
        change(app, i)
        began = time.perf_counter()
        app.run()
        times.append((time.perf_counter() - began) * 1000)
        if app.exception:
            raise RuntimeError(app.exception[0].message)
    return times


def _nothing(app, i):
    pass


def _w5(app, i):
    app.number_input(key="w5").set_value(0.40 + 0.001 * (i + 1))


TRAINING = {
    "rerun, nothing changed": _nothing,
    "scrubber moved (new k)": lambda app, i: app.slider(key="train_k").set_value(500 * (i + 1)),
    "log scale toggled": lambda app, i: app.toggle(key="train_log").set_value(i % 2 == 0),
    "variant toggled": lambda app, i: app.toggle(key="train_variant").set_value(i % 2 == 0),
    "learning rates edited (new list)": lambda app, i: app.text_input(key="train_etas").set_value(
        f"0.1, 0.5, 5, 50, {1000 + i}"
    ),
    "sidebar w5 edited (new run)": _w5,
}
SURFACE = {
    "rerun, nothing changed": _nothing,
    "surf_x changed": lambda app, i: app.selectbox(key="surf_x").set_value(
        ("w1", "w2", "w3", "w4", "w7", "b1")[i % 6]
    ),
    "half-range changed": lambda app, i: app.select_slider(key="surface_half").set_value(
        (1.0, 2.0, 3.0)[i % 3]
    ),
    "resolution 61 <-> 101": lambda app, i: app.select_slider(key="surface_points").set_value(
        (101, 61)[i % 2]
    ),
    "sidebar w5 edited (new surface)": _w5,
}

SGD = {
    "rerun, nothing changed": _nothing,
    "Next step (new batch shown)": lambda app, i: app.button(key="next").click(),
    "learning rate edited (three new runs)": lambda app, i: app.number_input(key="sgd_lr").set_value(
        round(0.3 + 0.01 * (i + 1), 2)
    ),
    "batch size 16 <-> 32": lambda app, i: app.select_slider(key="sgd_batch").set_value((32, 16)[i % 2]),
    "weights shown changed (new slice)": lambda app, i: app.selectbox(key="sgd_w1").set_value(
        ("W2[0,2]", "W2[0,3]", "W2[0,4]", "W2[0,5]", "W2[0,6]", "W2[0,7]", "W1[0,0]")[i % 7]
    ),
}


def server_side(repeats: int) -> dict[str, dict[str, list[float]]]:
    _navigation_mode()
    results = {
        "Welcome (baseline)": {
            "rerun, nothing changed": _timed(_app("pages/home/page.py"), _nothing, repeats)
        }
    }
    for title, page, interactions in (
        ("Training", "pages/training/page.py", TRAINING),
        ("Loss surface", "pages/loss_surface/page.py", SURFACE),
        ("5 · Stochastic, mini-batch and full batch", "pages/sgd/page.py", SGD),
    ):
        results[title] = {name: _timed(_app(page), change, repeats) for name, change in interactions.items()}
    return results


def browser_side(url: str, repeats: int) -> dict[str, list[float]]:
    """Edit w5 in a real Chromium; time from Enter until the page's first 2-D chart has redrawn.

    Values are new on every run (the server's caches outlive this process), so each edit is a miss.
    """
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.conftest import ARGS, CHROMIUM

    offset = random.random() * 1e-4
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        for title, path, chart_index in (("Training", "training", 0), ("Loss surface", "loss_surface", 1)):
            page.goto(f"{url}/{path}")
            field = page.locator('[data-testid="stSidebar"]').get_by_label("w5", exact=True)
            field.wait_for(timeout=60_000)
            chart = page.locator('[data-testid="stPlotlyChart"]').nth(chart_index)  # SVG, not WebGL
            expect(chart.locator(".main-svg").first).to_be_attached(timeout=60_000)
            times = []
            for i in range(repeats):
                before = chart.inner_html()
                field.fill(repr(round(0.41 + 0.001 * i + offset, 9)))
                began = time.perf_counter()
                field.press("Enter")
                page.wait_for_function(
                    "([el, old]) => el.innerHTML !== old",
                    arg=[chart.element_handle(), before],
                    timeout=60_000,
                )
                times.append((time.perf_counter() - began) * 1000)
                page.wait_for_timeout(300)  # let the rest of the page settle before the next edit
            results[title] = times
        browser.close()
    return results


def _row(name: str, times: list[float]) -> str:
    median = statistics.median(times)
    flag = "" if median <= BUDGET_MS else f"  over the {BUDGET_MS:.0f} ms budget"
    return f"  {name:40s} median {median:7.1f} ms   max {max(times):7.1f} ms{flag}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--browser", metavar="URL", help="also time a browser against this server")
    args = parser.parse_args(argv)
    print(f"Server side (AppTest.run() after the change), median of {args.repeats}:")
    for title, interactions in server_side(args.repeats).items():
        print(title)
        for name, times in interactions.items():
            print(_row(name, times))
    if args.browser:
        print(f"Browser (sidebar w5 committed -> chart redrawn), median of {args.repeats}:")
        for title, times in browser_side(args.browser.rstrip("/"), args.repeats).items():
            print(_row(title, times))


if __name__ == "__main__":
    main()
