"""axe-core in the page (issue 27): no serious or critical violation of the WCAG 2.0, 2.1 and 2.2 A and
AA rules. axe-core comes bundled with axe-playwright-python (pinned in requirements-dev.txt); it is put
into the page once per document and run on the page as it stands, so each test calls it right after a
load it makes anyway (one axe run is about 0.5-1 s here).

No rule is excluded: every violation the app had was fixed from the app (ui/style.py says how). A page
with a violation is checked again a second later before the test fails: once, lesson 2 stepped at
1920×1080 showed two faded texts that a second run (and a page loaded afresh) did not."""

import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from .conftest import ARTIFACTS

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
FAILING = ("serious", "critical")
# The rules whose verdict depends on the layout, not only the markup: what a document already checked at
# one window size needs at another (the same page resized: Streamlit's markup is the same outside a slide).
LAYOUT = ["color-contrast", "scrollable-region-focusable", "target-size"]
SCRIPT = Axe().axe_script  # axe.min.js from the package


def violations(page: Page, rules: list[str] | None = None) -> list[str]:
    """The page's serious and critical violations, one line each: rule, impact, what, where (``rules``:
    only these)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(SCRIPT)
    options = {**OPTIONS, "runOnly": {"type": "rule", "values": rules}} if rules else OPTIONS
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}; at {_first(v)} of {len(v['nodes'])}"
        for v in result["violations"]
        if v["impact"] in FAILING
    ]


def _first(violation: dict) -> list:
    """Where the first three of a violation's elements are (axe's CSS selectors)."""
    return [node["target"] for node in violation["nodes"][:3]]


def assert_accessible(page: Page, where, rules: list[str] | None = None) -> None:
    """No serious or critical violation on the page (``rules``: of these only); each run's time goes to
    artifacts/axe.log (CI's budget: the log says what the checks cost)."""
    start = time.monotonic()
    found = violations(page, rules)
    if found:  # once more a moment later: a page caught mid-draw (a rerun's faded elements) is not judged
        page.wait_for_timeout(1_000)
        found = violations(page, rules)
    with open(ARTIFACTS / "axe.log", "a") as log:
        log.write(f"{time.monotonic() - start:.2f} s {where}\n")
    assert found == [], (where, found)
