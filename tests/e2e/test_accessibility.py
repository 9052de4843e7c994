"""Accessibility in Chromium (issue 27), beside the axe checks that test_layout.py and test_presenter.py
make on the pages they load anyway (tests/e2e/axe.py): the pages no lesson test opens in presenter mode,
checked by axe at both sizes; a lesson and the Playground walked with the keyboard alone (Tab, Shift+Tab,
Enter, Space, arrow keys: no mouse), every stop showing a focus ring, nothing trapped; and the Playground's
Play with the browser asking for reduced motion, and without it, nothing flashing."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from .axe import assert_accessible
from .conftest import PAGES, SIZES, main, open_app, settle, wait_for_run
from .test_pages import FORWARD, in_url
from .test_presenter import LESSONS

# The pages test_presenter.py does not walk as slides (a lesson's first slide is checked there).
SLIDES = {link.split("?")[0].strip("/") for link, _, _ in LESSONS.values()}
OTHERS = {title: path for title, path in PAGES.items() if path not in SLIDES}


# Every chart in view laid out at its box's width (test_layout's RELAID, leaving out those a slide folds away)
RELAID = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
    .filter(p => p.offsetParent !== null)
    .every(p => p._fullLayout && Math.abs(p._fullLayout.width - p.getBoundingClientRect().width) <= 1)"""


@pytest.mark.parametrize("title", OTHERS, ids=[path or "home" for path in OTHERS.values()])
def test_the_other_pages_in_presenter_mode_pass_axe(page: Page, title: str):
    """Each loaded once at 1024×768, then in a window grown to 1920×1080 (the server learns the size and
    draws the page again for it)."""
    page.set_viewport_size(SIZES["1024"])
    page.goto(f"/{OTHERS[title]}?present=1")
    expect(main(page).locator("h1").first).to_be_visible(timeout=30_000)
    for size, viewport in SIZES.items():
        runs = page.evaluate("window.__runs.finished")
        page.set_viewport_size(viewport)
        if viewport != SIZES["1024"]:  # the page's script reports the new size: a run draws it anew
            page.wait_for_function("n => window.__runs.finished > n", arg=runs, timeout=30_000)
        settle(page)
        page.wait_for_function(RELAID, timeout=30_000)
        assert_accessible(page, (title, "presenter", size))


# What has the keyboard's focus: where it is, what it is, and whether it shows a ring (an outline or a
# box shadow of its own: ui/style.py draws one on every :focus-visible).
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return {where: 'body', key: '', ring: true, text: '', tag: 'BODY'};
    const style = getComputedStyle(e);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== 'none';
    const keyed = e.closest('[class*="st-key-"]');
    const key = keyed ? [...keyed.classList].find(c => c.startsWith('st-key-')).slice(7) : '';
    const where = e.closest('[data-testid="stSidebar"]') ? 'sidebar' : 'main';
    const text = (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40);
    return {where, key, ring, text, tag: e.tagName};
}"""
STOPS = 200  # more Tab presses than any page has stops


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page: Page, key: str, seen: list | None = None, back: bool = False, tag: str = "") -> dict:
    """Press Tab (Shift+Tab: ``back``) until the control of widget key ``key`` (its element ``tag``, when
    given: a field's help button comes first) has the focus; each stop on the way must show a focus
    ring. ``seen`` collects the stops."""
    for _ in range(STOPS):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = focused(page)
        assert now["ring"], now
        if seen is not None:
            seen.append(now)
        if now["key"] == key and tag in ("", now["tag"]):
            return now
    raise AssertionError(f"{key} not reached with the keyboard in {STOPS} stops")


def test_the_keyboard_alone_walks_a_lesson(page: Page):
    """Lesson 1 from the page's top: Tab through the navigation and the sidebar's fields (w5 raised
    with ↑ and Enter) to Next, pressed with Enter; Shift+Tab back to the step slider, moved with →;
    then Tab on until the focus has left the main column and come round to the start again."""
    page.set_viewport_size(SIZES["1024"])
    open_app(page, "/forward_pass")
    seen = []
    tab_to(page, "w5", seen, tag="INPUT")
    page.keyboard.press("ArrowUp")  # the field's own step
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]w5=0\.41(&|$)"))
    wait_for_run(page)
    tab_to(page, "next", seen)
    page.keyboard.press("Enter")
    expect(page).to_have_url(in_url(fwd_step=FORWARD[1]))
    wait_for_run(page)
    assert focused(page)["key"] == "next"  # the focus stays where it was through the rerun
    tab_to(page, "fwd_step", back=True)  # the step slider, just before Next
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(in_url(fwd_step=FORWARD[2]))
    wait_for_run(page)
    places = [s["where"] for s in seen]
    # a sensible order: the navigation's pages, then the sidebar's fields, then the lesson
    assert places.index("main", places.index("sidebar")) > places.index("sidebar")
    links = [s["text"] for s in seen if s["tag"] == "A" and s["where"] == "sidebar"]
    assert len([t for t in links if any(title in t for title in PAGES)]) == len(PAGES)
    # nothing traps the focus: Tab leaves the main column and comes round to the page's first stop
    first = seen[0]
    for _ in range(STOPS):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["ring"], now
        if now == first:
            break
    else:
        raise AssertionError("Tab never came round to the page's first stop")


@pytest.mark.alone  # its flash check samples screenshots as fast as they come: a shared core slows them
def test_the_keyboard_alone_plays_and_steps_the_playground(page: Page):
    """Tab to the page's "Skip to main content" link, Enter, Tab on to Play, Enter: it plays, and
    flashes nothing meanwhile (``no_flashing``). The same button now says Pause and keeps the focus
    through every tick, so Space pauses at once; Tab on to Step one batch, Enter steps one batch. Then at
    a large zoom (1024×768 at 200 %: 512×384) the maths' formulas too wide for the column scroll, each a
    Tab stop (ui/style.py's WIDE), and axe finds nothing."""
    page.set_viewport_size(SIZES["1024"])
    open_app(page, "/playground?pg_speed=epoch&pg_epochs=1000")  # an epoch a tick: 200 s of Play
    skip_to_main(page)
    tab_to(page, "pg_play")
    page.keyboard.press("Enter")
    expect(play_button(page)).to_have_text(PAUSE, timeout=30_000)
    no_flashing(page)
    assert focused(page)["key"] == "pg_play"  # through Play's rerun and three seconds of ticks
    page.keyboard.press("Space")
    expect(play_button(page)).to_have_text("▶ Play", timeout=30_000)
    wait_for_run(page)
    assert focused(page)["key"] == "pg_play"
    step = int(re.search(r"[?&]pg_step=(\d+)", page.url).group(1))
    tab_to(page, "pg_step_batch")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]pg_step={step + 1}(&|$)"))
    wait_for_run(page)
    page.set_viewport_size(ZOOMED)
    page.wait_for_function(WIDE_REACHABLE, timeout=30_000)
    assert_accessible(page, ("playground", "200 %"))


ZOOMED = {"width": 512, "height": 384}
# Some formula scrolls sideways, and every one that does is a named Tab stop (none that fits is)
WIDE_REACHABLE = """() => {
    const formulas = [...document.querySelectorAll('[data-testid=stMain] .katex-display')];
    const wide = formulas.filter(e => e.scrollWidth > e.clientWidth + 1);
    const stop = e => e.getAttribute('tabindex') === '0' && Boolean(e.getAttribute('aria-label'));
    return wide.length > 0 && formulas.every(e => stop(e) === wide.includes(e));
}"""


def play_button(page: Page):
    """The Playground's Play button: one button under one key, "⏸ Pause" while it plays."""
    return main(page).locator(".st-key-pg_play button")


PAUSE = "⏸ Pause"


def skip_to_main(page: Page) -> None:
    """From wherever the focus is: Tab round to Streamlit's "Skip to main content" link and press it."""
    for _ in range(STOPS):
        page.keyboard.press("Tab")
        if focused(page)["text"] == "Skip to main content":
            page.keyboard.press("Enter")
            return
    raise AssertionError("no Skip to main content link")


def test_with_reduced_motion_play_steps_on_request(browser: Browser, base_url: str):
    """A browser that prefers reduced motion (Playwright emulates the media query): the page says why
    Play steps, and each press moves one step and stops (no Pause, nothing moving afterwards)."""
    context = browser.new_context(base_url=base_url, reduced_motion="reduce", viewport=SIZES["1024"])
    try:
        page = context.new_page()
        open_app(page, "/playground?pg_speed=epoch")
        note = "Your browser asks for reduced motion: Play moves one step a press instead of animating."
        expect(main(page).get_by_text(note)).to_be_visible(timeout=30_000)
        wait_for_run(page)
        play_button(page).click()
        expect(page).to_have_url(re.compile(r"[?&]pg_step=14(&|$)"))  # one epoch of 14 batches
        page.wait_for_timeout(1_000)  # Play's timer, were it running, would have ticked five times
        expect(page).to_have_url(re.compile(r"[?&]pg_step=14(&|$)"))
        expect(play_button(page)).to_have_text("▶ Play")  # never Pause: nothing plays
    finally:
        context.close()


# Every animation frame while Play plays: each element's opacity and visibility (Streamlit fades an element
# that waits for a rerun), counted as a toggle each time it crosses from shown to faded or back.
WATCH_TOGGLES = """() => {
    const seen = new Map(), toggles = new Map();
    const frame = () => {
        for (const e of document.querySelectorAll('[data-testid=stMain] [data-testid=stElementContainer]')) {
            const style = getComputedStyle(e);
            const shown = style.visibility !== 'hidden' && style.display !== 'none'
                && Number(style.opacity) > 0.9;
            if (seen.has(e) && seen.get(e) !== shown) toggles.set(e, (toggles.get(e) || 0) + 1);
            seen.set(e, shown);
        }
        if (!window.__stopToggles) requestAnimationFrame(frame);
    };
    window.__toggles = toggles;
    requestAnimationFrame(frame);
}"""
SECONDS = 3


def luminance(png: bytes) -> float:
    """The mean relative luminance (WCAG's, 0 to 1) of a screenshot."""
    grey = Image.open(io.BytesIO(png)).convert("RGB").resize((64, 48))
    linear = [(c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4) for c in range(256)]
    data = grey.tobytes()  # r, g, b, r, g, b, ...
    pixels = list(zip(data[0::3], data[1::3], data[2::3]))
    total = sum(0.2126 * linear[r] + 0.7152 * linear[g] + 0.0722 * linear[b] for r, g, b in pixels)
    return total / len(pixels)


def no_flashing(page: Page) -> None:
    """While Play trains (5 updates a second), for SECONDS: no element of the page fades or hides and
    comes back more than 3 times a second (WCAG 2.3.1), and the window's mean luminance, sampled as fast
    as screenshots go (4-10 a second here), never swings by 10 % or more from one sample to the next
    (a general flash needs two such swings)."""
    page.evaluate(WATCH_TOGGLES)
    samples = []
    start = page.evaluate("performance.now()")
    while page.evaluate("performance.now()") - start < SECONDS * 1000:
        samples.append(luminance(page.screenshot()))
    page.evaluate("window.__stopToggles = true")
    assert play_button(page).inner_text() == PAUSE  # it played throughout
    toggles = page.evaluate("Math.max(0, ...window.__toggles.values())")
    assert toggles <= 3 * SECONDS, toggles
    swings = [abs(b - a) for a, b in zip(samples, samples[1:])]
    assert len(samples) >= SECONDS and max(swings) < 0.1, (len(samples), swings)
