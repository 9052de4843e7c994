"""Presenter mode in Chromium: a link opens it, the keyboard steps the lesson, a text field keeps its keys,
and every lesson's steps are slides that fit a projector (1024×768) and a large screen (1920×1080), a slide
of each lesson at each size (and lesson 2 stepped to a hidden weight's gradient) passing axe's WCAG 2.2 AA
checks (tests/e2e/axe.py)."""

import pytest
from playwright.sync_api import Page, expect

from backprop_core import ARTICLE, solve
from ui import presenter

from .axe import assert_accessible
from .conftest import SIZES, main, sidebar, wait_for_charts, wait_for_run
from .test_layout import CROWDED, OVERFLOW, TRUNCATED
from .test_pages import FORWARD, formula, in_url, nine

SOLUTION = solve(ARTICLE)
STEP = "fwd_step"

# Each lesson in presenter mode, and the keys of its stepper: (link, step slider's key, Next's key).
LESSONS = {
    "0 · slope": ("/slope?present=1", "slope_step", "next"),
    "1 · forward": ("/forward_pass?present=1", "fwd_step", "next"),
    "2 · backward, an output weight": ("/backward_pass?present=1", "bwd_step", "next"),
    "2 · backward, a hidden weight": ("/backward_pass?present=1&bwd_param=w1", "bwd_step", "next"),
    "4 · vectorised": ("/vectorised?present=1", "vec_step", "next"),
    "5 · mini-batches": ("/sgd?present=1", "sgd_step", "next"),
    "6 · through time": ("/recurrent?present=1", "rnn_step", "rnn_next"),
    "6 · to a fixed point": ("/recurrent?present=1&rnn_part=fixed+point", "fp_step", "fp_next"),
}
# A slide fits when nothing scrolls (Streamlit scrolls its main pane, not the document) and the step's
# formulas and figure lie inside the window, each formula whole (none cut at its column's edge).
FITS = """() => {
    const out = [], main = document.querySelector('[data-testid="stMain"]');
    const [width, height] = [window.innerWidth, window.innerHeight];
    if (document.documentElement.scrollHeight > height + 1)
        out.push(`the document scrolls: ${document.documentElement.scrollHeight} > ${height}`);
    if (main.scrollHeight > main.clientHeight + 1)
        out.push(`the page scrolls: ${main.scrollHeight} > ${main.clientHeight}`);
    const inside = (e, what) => {
        const box = e.getBoundingClientRect();
        if (box.top < -1 || box.left < -1 || box.bottom > height + 1 || box.right > width + 1)
            out.push(`${what} is not all in view: ${Math.round(box.top)}-${Math.round(box.bottom)} px`);
    };
    const formulas = [...main.querySelectorAll('.katex-display')].filter(f => f.offsetParent !== null);
    if (!formulas.length) out.push('no formula in view');
    for (const f of formulas) {
        inside(f, `the formula "${f.textContent.slice(0, 30)}"`);
        if (f.scrollWidth > f.clientWidth + 4) out.push(`a formula is cut: ${f.textContent.slice(0, 30)}`);
    }
    const figure = main.querySelector('.st-key-present_figure');
    if (figure) inside(figure, 'the figure');
    return out;
}"""


# On a large screen a slide's figure grows with the window: its height a good part of the window's (it is
# about 60-70 % at 1920x1080 beside the formula, 48 % under a wide one; at 768 px high, 40-70 %).
SCALED = """share => {
    const figure = document.querySelector('[data-testid="stMain"] .st-key-present_figure');
    return !figure || figure.getBoundingClientRect().height >= share * window.innerHeight;
}"""
# A formula too wide to sit beside the figure lies above it, at its own size (not shrunk to fit a column).
ABOVE = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const formula = main.querySelector('.katex-display');
    const figure = main.querySelector('.st-key-present_figure');
    const out = [];
    if (formula.style.fontSize) out.push(`the formula is shrunk to ${formula.style.fontSize}`);
    if (formula.getBoundingClientRect().bottom > figure.getBoundingClientRect().top + 1)
        out.push('the formula is not above the figure');
    return out;
}"""


def open_presenting(page: Page, path: str, button: str = "next") -> None:
    page.goto(path)
    expect(main(page).locator(f".st-key-{button} button")).to_be_visible(timeout=30_000)
    wait_for_run(page)


def focus_the_page(page: Page) -> None:
    """Click the title's start (the tools sit at its end): the page has the keys, not a field."""
    main(page).locator("h1").first.click(position={"x": 4, "y": 4})


def at_step(page: Page, i: int) -> None:
    """At step ``i``, and that run finished (a key pressed during a rerun may be lost)."""
    expect(page).to_have_url(in_url(**{STEP: FORWARD[i]}) if i else in_url(present="1"), timeout=30_000)
    expect(formula(page)).to_contain_text(nine(SOLUTION.forward[FORWARD[i]]), timeout=30_000)
    wait_for_run(page)


def test_the_keyboard_steps_a_lesson(page: Page):
    open_presenting(page, "/forward_pass?present=1")
    expect(sidebar(page)).to_be_hidden()
    at_step(page, 0)
    focus_the_page(page)
    page.keyboard.press("ArrowRight")
    at_step(page, 1)
    page.keyboard.press("Space")
    at_step(page, 2)
    page.keyboard.press("ArrowLeft")
    at_step(page, 1)


def test_keys_typed_into_a_text_field_stay_there(page: Page):
    open_presenting(page, "/forward_pass?present=1")
    page.evaluate("""() => {
        const field = document.createElement('input');
        field.id = 'typing-here';
        document.querySelector('[data-testid="stMain"] h1').after(field);
    }""")
    page.locator("#typing-here").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    page.wait_for_timeout(1000)  # a rerun, if one had been started, would have begun by now
    at_step(page, 0)


def test_one_toggle_unfolds_the_page_and_leaving_brings_the_sidebar_back(page: Page):
    open_presenting(page, "/forward_pass?present=1")
    intro = main(page).locator(".st-key-present_fold_intro")
    expect(intro).to_be_hidden()  # folded away on a slide, behind one toggle
    main(page).locator(f".st-key-{presenter.FOLD} label").click()
    expect(intro).to_be_visible()
    main(page).locator(f".st-key-{presenter.FOLD} label").click()
    expect(intro).to_be_hidden()
    main(page).locator(".st-key-leave_presenter button").click()
    expect(sidebar(page)).to_be_visible()
    expect(page).not_to_have_url(in_url(present="1"))
    expect(main(page).locator(".st-key-show_all")).to_be_visible()


def moved(page: Page, press) -> None:
    """Press a key (``press()``) and wait until the step in the link has changed and the slide is drawn."""
    before = page.url
    press()
    page.wait_for_function("url => location.href !== url", arg=before, timeout=30_000)
    wait_for_run(page)
    wait_for_charts(page)


def fits(page: Page, where: str) -> None:
    if page.viewport_size["height"] > 768:  # the window's size reaches the server after the first run
        page.wait_for_function(SCALED, arg=0.45, timeout=30_000)  # and the figures grow on the next
        wait_for_run(page)
        wait_for_charts(page)
    assert page.evaluate(FITS) == [], where
    if where.startswith(("1 ", "2 ")):  # the network diagram beside the formula: its labels stay apart
        assert page.evaluate(CROWDED, [0, 1]) == [], where


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_is_slides_that_fit(page: Page, lesson: str, screenshot):
    """Each lesson walked with the keyboard alone, at 1024×768 and then in the same page with the window
    grown to 1920×1080 (one load a lesson: CI's time): → (the page's key), then the step slider's own keys
    (End, ←). Walking every step of every lesson takes about 80 s a size (mini-batches and recurrent have
    40 steps each), more than CI has, so this samples: at 1024×768 the first step, the next, the last and
    one in the middle; at 1920×1080, where a slide has more room, that middle one and the last. Between
    them they hold every kind of step of a lesson (its kinds follow each other: mini-batches' shuffle, then
    take, forward, backward and update for each batch; backward's output weight and its hidden weight,
    whose sum over both outputs is its tallest slide; both parts of recurrent). The hidden weight's
    gradient, the widest formula, lies above the diagram at its own size. At 1920×1080 every figure has
    grown to a good part of the window. The page's ← and Space are walked above."""
    link, step, next_key = LESSONS[lesson]
    name = f"presenter/{lesson.replace(' · ', '_').replace(', ', '_').replace(' ', '_')}"
    hidden = "hidden" in lesson
    page.set_viewport_size(SIZES["1024"])
    open_presenting(page, link, next_key)
    wait_for_charts(page)
    fits(page, f"{lesson}, first step")
    screenshot(page, f"{name}_1024_first")  # to be looked at, one a lesson and size (each about a second)
    assert_accessible(page, (lesson, "1024", "first step"))
    assert page.evaluate(TRUNCATED) == [] and page.evaluate(OVERFLOW) == [], lesson
    assert main(page).locator(f".st-key-{next_key} button").bounding_box()["height"] >= 60
    focus_the_page(page)
    moved(page, lambda: page.keyboard.press("ArrowRight"))
    fits(page, f"{lesson}, second step")
    slider = main(page).locator(f".st-key-{step} input[type=range]")
    last = int(slider.get_attribute("max"))
    slider.focus()  # the slider answers its own keys; the page's listener leaves them to it
    moved(page, lambda: page.keyboard.press("End"))
    fits(page, f"{lesson}, last step")
    if hidden:  # one back: its gradient, whose formula goes above the diagram
        moved(page, lambda: page.keyboard.press("ArrowLeft"))
        fits(page, f"{lesson}, its gradient")
        assert page.evaluate(ABOVE) == [], lesson
        assert_accessible(page, (lesson, "1024", "stepped to its gradient"))
        screenshot(page, f"{name}_1024_gradient")
    for _ in range(last - last // 2 - 1 - hidden):
        page.keyboard.press("ArrowLeft")  # its value alone moves until the rerun the last one starts
    moved(page, lambda: page.keyboard.press("ArrowLeft"))
    expect(slider).to_have_attribute("value", str(last // 2))
    fits(page, f"{lesson}, middle step")
    grown(page)
    fits(page, f"{lesson}, middle step at 1920×1080")
    screenshot(page, f"{name}_1920_middle")
    assert_accessible(page, (lesson, "1920", "middle step"))
    slider.focus()
    moved(page, lambda: page.keyboard.press("End"))
    fits(page, f"{lesson}, last step at 1920×1080")


def grown(page: Page) -> None:
    """The window grown to 1920×1080, and the run that its new size asks for (ui/presenter.py's MEASURE
    reports a resize once it settles) finished and drawn."""
    finished = page.evaluate("() => window.__runs.finished")
    page.set_viewport_size(SIZES["1920"])
    page.wait_for_function("n => window.__runs.finished > n", arg=finished, timeout=30_000)
    wait_for_run(page)
    wait_for_charts(page)


# The title's lines as drawn (its glyphs, descenders too) and the top of the first warning under it.
UNDER_TITLE = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const lines = document.createRange();
    lines.selectNodeContents(main.querySelector('h1'));
    const bottom = Math.max(...[...lines.getClientRects()].map(r => r.bottom));
    return [bottom, main.querySelector('[data-testid="stAlert"]').getBoundingClientRect().top];
}"""


@pytest.mark.parametrize("link", ["/sgd?present=1&sgd_lr=abc", "/playground?present=1&pg_epochs=abc"])
def test_a_links_warning_lies_under_the_title(page: Page, link: str):
    """A slide's title wraps at 1024 px (the tools stand beside it); the warning that names a link's bad
    value used to cover its last line, pulled up by Streamlit's margin under a heading."""
    for size in ("1024", "1920"):
        page.set_viewport_size(SIZES[size])
        page.goto(link)
        wait_for_run(page)
        expect(main(page).locator('[data-testid="stAlert"]').first).to_contain_text("in the link")
        title_bottom, warning_top = page.evaluate(UNDER_TITLE)
        assert warning_top >= title_bottom, (link, size)
