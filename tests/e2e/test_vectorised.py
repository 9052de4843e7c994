"""Lesson 4 in the browser: step to the end, edit a size and a cell, follow the shared link,
screenshots at a projector's 1024×768 and at 1920×1080. Expected numbers come from the core."""

from playwright.sync_api import Page, expect

from backprop_core import numbers
from pages.vectorised import maths as v

from .conftest import assert_no_exception, main, open_app, shots, wait_for_run
from .test_pages import button, in_url

DIGITS = 4


def entry(batch: v.Batch, name: str) -> str:
    """The top-left entry of a matrix as the page prints it."""
    return numbers.latex(v.lesson(batch)[name].ravel()[0], DIGITS)


def maths(page: Page):
    return main(page).locator(".katex-display")


def test_stepping_through_to_the_update(page: Page, screenshot):
    open_app(page, "/vectorised")
    expect(maths(page).first).to_contain_text(entry(v.Batch(), "X"))
    shots(page, screenshot, "vectorised_batch")
    for stage in v.STAGES[1:]:
        button(page, "next").click()
        expect(page).to_have_url(in_url(vec_step=stage.name))
        expect(maths(page).first).to_contain_text(entry(v.Batch(), stage.matrices[0]))
    expect(button(page, "next")).to_be_disabled()
    expect(main(page)).to_contain_text("Gradient check")
    shots(page, screenshot, "vectorised_update")
    button(page, "prev").click()
    expect(page).to_have_url(in_url(vec_step="db1"))


def test_the_derivation_of_dz2(page: Page, screenshot):
    open_app(page, "/vectorised?vec_step=dZ2")
    expect(main(page)).to_contain_text("Why dZ2 = A2 − Y")
    expect(maths(page)).to_have_count(3)  # dZ2, then cross-entropy and squared error by SymPy
    shots(page, screenshot, "vectorised_dZ2")


def test_editing_a_size_and_a_cell_then_sharing_the_link(page: Page, browser, base_url):
    open_app(page, "/vectorised?vec_step=Z2")
    samples = main(page).get_by_label("Samples m", exact=True)
    samples.fill("2")
    samples.press("Enter")
    expect(page).to_have_url(in_url(vec_m="2", vec_step="Z2"))
    batch = v.Batch(m=2)
    expect(maths(page).first).to_contain_text(entry(batch, "Z2"))

    wait_for_run(page)
    main(page).get_by_text("Edit a cell").click()
    main(page).locator(".st-key-vec_edit_matrix").get_by_text("W2", exact=True).click()
    wait_for_run(page)
    value = main(page).get_by_label("Value", exact=True)
    value.fill("3")
    value.press("Enter")
    button(page, "vec_edit_set").click()
    batch = v.with_cell(batch, "W2", 0, 0, 3.0)
    expect(page).to_have_url(in_url(vec_cells="W2%5B0%2C0%5D%3D3"))
    expect(maths(page).first).to_contain_text(entry(batch, "Z2"))

    context = browser.new_context(base_url=base_url)  # a fresh browser: no session, only the link
    try:
        fresh = context.new_page()
        open_app(fresh, page.url)
        expect(maths(fresh).first).to_contain_text(entry(batch, "Z2"))
        expect(main(fresh).get_by_label("Samples m", exact=True)).to_have_value("2")
        assert_no_exception(fresh)
    finally:
        context.close()


def test_a_bad_link_is_named_on_the_page(page: Page):
    open_app(page, "/vectorised?vec_h=99&vec_cells=Q[0,0]=1")
    alerts = main(page).locator('[data-testid="stAlertContentWarning"]')
    expect(alerts.first).to_contain_text("vec_h")
    expect(alerts.nth(1)).to_contain_text("vec_cells")
    expect(maths(page).first).to_contain_text(entry(v.Batch(), "X"))
