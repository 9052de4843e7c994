"""Lesson 0 in the browser: step to the end, edit a learning rate, follow the shared link,
screenshots at 1024×768 and 1920×1080. Expected numbers come from pages.slope.maths."""

from playwright.sync_api import Page, expect

from backprop_core import ARTICLE, numbers
from backprop_core.example import NETWORK
from pages.slope import maths as slope
from pages.slope.settings import MORE, SETTINGS
from pages.slope.settings import RATES as RATE_KEYS

from .conftest import CHART, assert_no_exception, main, open_app, shots, wait_for_charts
from .test_pages import button, in_url

DEFAULT = {s.key: s.default for s in SETTINGS}  # the lesson's defaults, from its one declaration
P, OTHER, RATES = DEFAULT["slope_param"], DEFAULT["slope_other"], tuple(DEFAULT[k] for k in RATE_KEYS)
STEPS, HALF = DEFAULT["slope_steps"], DEFAULT["slope_half"]
CURVE = slope.curve(ARTICLE, P, RATES, STEPS, HALF)
STEEP = slope.steepest(ARTICLE, P, OTHER, lr=DEFAULT["slope_lr"])
LARGER = next(s for s in SETTINGS if s.key == "slope_large")
VALUES = {
    "curve": CURVE.cost,
    "tangent": CURVE.slope,
    "step": CURVE.paths[1][1],
    "rates": CURVE.paths[2][1],
    "gradient": STEEP.norm,
    "steepest": STEEP.predicted,
    "why": slope.count(NETWORK.sizes).path_by_path,
}


def nine(value) -> str:
    return numbers.latex(value, 9)


def formula(page: Page):
    return main(page).locator(".katex-display").first


def test_stepping_through_every_stage(page: Page, screenshot):
    open_app(page, "/slope")
    expect(formula(page)).to_contain_text(nine(VALUES["curve"]))
    wait_for_charts(page, at_least=1)
    for name in list(VALUES)[1:]:
        button(page, "next").click()
        expect(page).to_have_url(in_url(slope_step=name))
        expect(formula(page)).to_contain_text(nine(VALUES[name]))
        if name in ("tangent", "rates", "gradient", "why"):
            wait_for_charts(page, at_least=1)
            shots(page, screenshot, f"slope_{name}")
    expect(button(page, "next")).to_be_disabled()


def test_a_larger_rate_then_the_shared_link(page: Page, browser, base_url):
    open_app(page, "/slope?slope_step=rates")
    main(page).get_by_text(MORE).click()  # the other learning rates are folded away
    large = main(page).get_by_label(LARGER.label, exact=True)
    large.fill("50")
    large.press("Enter")
    expect(page).to_have_url(in_url(slope_large="50", slope_step="rates"))
    moved = slope.curve(ARTICLE, P, (*RATES[:2], 50.0), STEPS, HALF)
    expect(formula(page)).to_contain_text(nine(moved.paths[2][1]))
    expect(main(page).locator(CHART)).to_have_count(1)

    context = browser.new_context(base_url=base_url)
    try:
        fresh = context.new_page()
        open_app(fresh, page.url)
        expect(formula(fresh)).to_contain_text(nine(moved.paths[2][1]))
        main(fresh).get_by_text(MORE).click()
        expect(main(fresh).get_by_label(LARGER.label, exact=True)).to_have_value("50")
        assert_no_exception(fresh)
    finally:
        context.close()


def test_a_bad_link_is_named(page: Page):
    open_app(page, "/slope?slope_param=w99&slope_step=gradient")
    expect(main(page).locator('[data-testid="stAlertContentWarning"]').first).to_contain_text("slope_param")
    expect(formula(page)).to_contain_text(nine(VALUES["gradient"]))
