"""Every page at a projector's size (1024×768) and a large screen (1920×1080): nothing cut off.

The pages come from app.py's navigation (``PAGES``), so a new page is checked as soon as it is
added there. The checks know nothing of any page's widgets: no widget label or value truncated
with an ellipsis, nothing wider than the window, no chart squeezed below a usable width. Each
page's screenshot is saved to artifacts/layout/ to be looked at. On the pages these tests load anyway,
axe-core checks WCAG 2.2 A and AA (tests/e2e/axe.py): every page at 1024×768 and, for the rules a layout
decides, at 1920×1080; every lesson with all its steps shown, lesson 2 stepped with Next.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from .axe import LAYOUT, assert_accessible
from .conftest import PAGES, SIZES, main, number_input, open_app, settle

NARROWEST_CHART = 300  # px: below this a figure's labels overlap and its plot is unreadable

# Each check returns a list of offenders, described for the failure message.
# A select box shows its choice in an <input>, which clips it without an ellipsis.
TRUNCATED = """() => [...document.querySelectorAll('[data-testid="stAppViewContainer"] *')]
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1
                 && (getComputedStyle(e).textOverflow === 'ellipsis'
                     || e.matches('[data-testid="stSelectbox"] input')))
    .map(e => `${e.tagName} "${(e.value || e.textContent).trim().slice(0, 40)}"`
              + ` ${e.clientWidth}/${e.scrollWidth}px`)"""
OVERFLOW = """() => {
    const out = [];
    const page = document.documentElement.scrollWidth - window.innerWidth;
    if (page > 1) out.push(`the page scrolls sideways by ${page}px`);
    const block = document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect();
    const main = '[data-testid="stMain"]';
    for (const e of document.querySelectorAll(
            `${main} table, ${main} .katex-display, ${main} [data-testid="stElementContainer"]`)) {
        const box = e.getBoundingClientRect();
        if (e.offsetParent !== null && box.right > block.right + 2)
            out.push(`${e.tagName} ${e.className} ends at ${box.right} > ${block.right}`);
        // a formula wider than its column is cut off (KaTeX's own boxes overhang it by 2px)
        if (e.classList.contains('katex-display') && e.scrollWidth > e.clientWidth + 4)
            out.push(`a formula needs ${e.scrollWidth}px of ${e.clientWidth}: ${e.textContent.slice(0, 30)}`);
        const scroller = e.parentElement;
        if (e.tagName === 'TABLE' && scroller.scrollWidth > scroller.clientWidth + 1)
            out.push(`a table needs ${scroller.scrollWidth}px in ${scroller.clientWidth}px`);
    }
    return out;
}"""
# The lesson diagram's labels (one text trace) against each other and against its nodes' circles:
# each pair whose boxes overlap, each label reaching more than ``depth`` px into a circle.
CROWDED = """([index, depth]) => {
    const chart = document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]')[index];
    const boxes = selector => [...chart.querySelectorAll(selector)]
        .map(e => [e, e.getBoundingClientRect()]).filter(([e, box]) => box.width > 0);
    const texts = boxes('.scatterlayer .textpoint text');
    const nodes = boxes('.scatterlayer .point')  // the labels' markers are invisible
        .filter(([e, box]) => box.width > 30 && e.style.opacity !== '0');
    const out = [];
    texts.forEach(([t, a], i) => texts.slice(i + 1).forEach(([u, b]) => {
        if (a.left + 1 < b.right && b.left + 1 < a.right && a.top + 1 < b.bottom && b.top + 1 < a.bottom)
            out.push(`"${t.textContent}" on "${u.textContent}"`);
    }));
    for (const [t, a] of texts) for (const [n, b] of nodes) {
        const x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
        const dx = Math.max(a.left - x, 0, x - a.right), dy = Math.max(a.top - y, 0, y - a.bottom);
        const into = b.width / 2 - Math.hypot(dx, dy);
        if (into > depth && (a.left < b.left || a.right > b.right))  // a node's own name sits inside it
            out.push(`"${t.textContent}" ${into}px into a node`);
    }
    return out;
}"""
NARROW = """least => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
    .map(e => Math.round(e.getBoundingClientRect().width)).filter(w => w < least)"""


# Plotly lays a chart out again a moment after its box has changed width (a window resized): until
# then the figure inside keeps its old width. Every chart's figure as wide as its box again.
RELAID = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
    .every(p => p._fullLayout && Math.abs(p._fullLayout.width - p.getBoundingClientRect().width) <= 1)"""


def each_size(page: Page):
    """Each of SIZES in turn, the page laid out at it: 1024×768 first, then the window grown to
    1920×1080 (the run finished, every chart drawn and laid out again at its new width)."""
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        settle(page)
        page.wait_for_function(RELAID, timeout=30_000)
        yield size


@pytest.mark.parametrize("title", PAGES, ids=[path or "home" for path in PAGES.values()])
def test_nothing_is_cut_off(page: Page, screenshot, title: str):
    """Each page loaded once (CI's time), from a link that carries two of the example's values (the
    sidebar shows them, the address keeps the page): at 1024×768, then in a window grown to 1920×1080.
    Outside presenter mode the server knows nothing of the window's size, so a page's layout there is
    the browser's alone, the same as a page opened in a window that size. At 1024×768 each lesson (and
    the Playground) then shows every step, so the longest formulas it writes are checked too, on the
    page already open."""
    path = PAGES[title]
    page.set_viewport_size(SIZES["1024"])
    open_app(page, f"/{path}?w6=0.7&lr=0.25")
    expect(number_input(page, "w6")).to_have_value("0.7")
    expect(number_input(page, "lr")).to_have_value("0.25")
    expect(page).to_have_url(re.compile(rf"/{path}\?"))
    for size in each_size(page):
        expect(main(page).locator("h1").first).to_be_visible()
        screenshot(page, f"layout/{size}_{path or 'home'}")
        assert page.evaluate(TRUNCATED) == [], (title, size)
        assert page.evaluate(OVERFLOW) == [], (title, size)
        assert page.evaluate(NARROW, NARROWEST_CHART) == [], (title, size)
        # the markup was checked whole at 1024×768; resized, what the layout decides
        assert_accessible(page, (title, size), rules=None if size == "1024" else LAYOUT)
        # toolbarMode = "viewer": no Deploy button, even on localhost
        expect(page.locator('[data-testid="stAppDeployButton"]')).to_have_count(0)
    if title[0].isdigit() or title == "Playground":
        page.set_viewport_size(SIZES["1024"])
        settle(page)
        page.wait_for_function(RELAID, timeout=30_000)
        every_formula_fits(page, title, screenshot)


def every_formula_fits(page: Page, title: str, screenshot) -> None:
    """With every step shown (each lesson's Show all steps), at 1024×768 with the sidebar: the longest
    formulas a lesson writes. The Playground writes the chain rule of a weight with a mean over its
    batch. Presenter mode's slides are walked in test_presenter.py (a slide shrinks a formula wider
    than its column)."""
    toggles = main(page).locator("label").filter(has_text=re.compile(r"^Show all steps$"))
    for i in range(toggles.count()):
        toggles.nth(i).click()
        settle(page)
    screenshot(page, f"layout/1024_all_steps_{PAGES[title]}")
    assert page.evaluate(OVERFLOW) == [], title
    assert_accessible(page, (title, "every step shown"))


DIAGRAMS = [  # a link, and which of its charts is the network diagram
    ("/forward_pass?fwd_step=E_total", 0),  # every value
    ("/backward_pass?bwd_param=w5&bwd_step=dE_dw5", 0),  # a gradient on its edge
    ("/backward_pass?bwd_param=w1&bwd_step=dE_dout_h1", 0),  # a hidden neuron's sum, more lines
    ("/backward_pass?bwd_param=w1&bwd_step=w1_new", 0),  # every update on its edge, two lines each
    ("/training", 1),  # trained weights, long numbers (w5 = -3.89298, E_o1 = 1.74855e-05)
]


def test_the_network_diagrams_labels_stay_apart_on_a_projector(page: Page, screenshot):
    """At 1024×768 a layer is 149 px from the next (an output 126 px from its error): a long number
    breaks under its name rather than run into the next caption or across a node, and a diagonal's label
    sits as far along its edge as it takes to clear the circle it starts from. One browser page, each
    link in turn (a new page's first load fetches every script again)."""
    page.set_viewport_size(SIZES["1024"])
    for path, chart in DIAGRAMS:
        open_app(page, path)
        settle(page)
        screenshot(page, f"layout/1024_diagram_{path.strip('/').split('?')[0]}_{len(path)}")
        assert page.evaluate(CROWDED, [chart, 1]) == [], path  # 1 px: the browser's rounding


def test_a_lesson_stepped_through_fits(page: Page, screenshot):
    """Lesson 2 stepped with Next, then a link to a hidden neuron's sum: each state at both SIZES."""
    page.set_viewport_size(SIZES["1024"])
    open_app(page, "/backward_pass")
    for n in range(1, 4):
        main(page).locator(".st-key-next button").click()
        for size in each_size(page):
            screenshot(page, f"layout/{size}_backward_step{n + 1}")
            assert page.evaluate(TRUNCATED) == [], size
            assert page.evaluate(OVERFLOW) == [], size
            assert page.evaluate(NARROW, NARROWEST_CHART) == [], size
            if n == 3:
                assert_accessible(page, ("lesson 2 stepped", size))
    page.set_viewport_size(SIZES["1024"])
    open_app(page, "/backward_pass?bwd_param=w1&bwd_step=dE_dout_h1")  # both paths summed
    diagram = main(page).locator('[data-testid="stPlotlyChart"]').first
    for size in each_size(page):
        expect(diagram).to_contain_text("∂E/∂out = ")  # the sum, drawn on h1
        expect(diagram).to_contain_text("δ = ")
        expect(diagram).not_to_contain_text("∂E/∂w1")  # not reached yet
        screenshot(page, f"layout/{size}_backward_hidden_sum")
        assert page.evaluate(TRUNCATED) == [] and page.evaluate(OVERFLOW) == [], size
    main(page).locator(".st-key-show_all label").first.click()  # every number on the diagram
    for size in each_size(page):
        screenshot(page, f"layout/{size}_backward_all")
        assert_accessible(page, ("lesson 2, every step shown", size))
