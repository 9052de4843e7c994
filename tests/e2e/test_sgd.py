"""Lesson 5 in a real browser: step through the whole epoch, edit the learning rate and the batch
size, follow a shared link (and a bad one), and the layout at a projector's and a desktop's size."""

import re

from playwright.sync_api import Page, expect

from backprop_core import numbers
from pages.sgd import maths as sgd
from pages.sgd.steps import step_names

from .conftest import CHART, SIZES, TABLE, commit, main, open_app, wait_for_run
from .test_layout import each_size

PATH = "/sgd"
TITLE = "5 · Stochastic, mini-batch and full-batch gradient descent"


def step_value(page: Page):
    """The step slider's label: the step's number and title in words (the link keeps its name)."""
    return main(page).locator('.st-key-sgd_step [data-testid="stSliderThumbValue"]')


def numbered(name: str) -> re.Pattern:
    """The label of the step ``name``: its number in the epoch's steps, then its title."""
    return re.compile(rf"^{step_names(10).index(name) + 1}\. ")


def training_costs(setup: sgd.Setup) -> list[str]:
    return [numbers.text(sgd.summary(r).train_cost, 4) for r in sgd.three_runs(setup)]


def test_stepping_through_the_whole_epoch(page: Page):
    open_app(page, PATH)
    expect(main(page).locator("h1").first).to_have_text(TITLE)
    expect(step_value(page)).to_have_text(numbered("shuffle"))
    following = page.locator(".st-key-next button")
    names = step_names(10)  # ⌈150 / 16⌉ batches, four steps each, after the shuffle
    # each click moves exactly one step: through the first two batches, then from a link to the last
    # but one, onto the last (all 40 clicks cost CI about 18 s, and every batch's steps are alike)
    for name in names[1:10]:
        following.click()
        expect(step_value(page)).to_have_text(numbered(name))
        expect(step_value(page)).not_to_contain_text(name)  # said in words, not by its name
        if name == "b1-take":
            expect(main(page)).to_contain_text("Batch 1 takes samples")
    open_app(page, f"{PATH}?sgd_step={names[-2]}")
    expect(step_value(page)).to_have_text(numbered(names[-2]))
    following.click()
    expect(step_value(page)).to_have_text(numbered(names[-1]))
    assert names[-1] == "b10-update"
    expect(following).to_be_disabled()
    expect(page).to_have_url(re.compile(r"[?&]sgd_step=b10-update(&|$)"))
    expect(main(page)).to_contain_text("Batch 10 of 10")
    expect(main(page).locator(".katex").first).to_be_visible()


def test_editing_the_learning_rate_and_the_batch_size(page: Page):
    open_app(page, f"{PATH}?sgd_step=b10-update")
    commit(page, "Learning rate η", "0.1")
    expect(page).to_have_url(re.compile(r"[?&]sgd_lr=0\.1(&|$)"))
    for cost in training_costs(sgd.Setup(lr=0.1)):
        expect(main(page).locator(TABLE)).to_contain_text(cost)
    batch = main(page).get_by_role("slider", name="Mini-batch size B")
    batch.focus()
    batch.press("ArrowRight")  # 16 -> 32
    expect(page).to_have_url(re.compile(r"[?&]sgd_batch=32(&|$)"))
    wait_for_run(page)
    for cost in training_costs(sgd.Setup(lr=0.1, batch_size=32)):
        expect(main(page).locator(TABLE)).to_contain_text(cost)
    expect(step_value(page)).to_have_text(numbered("shuffle"))  # five batches: b10 is gone, back to the start
    expect(main(page).locator('[data-testid="stAlert"]')).to_have_count(0)  # the learner's edit: no notice


def test_a_shared_link_opens_the_same_runs_and_step(page: Page):
    open_app(page, f"{PATH}?sgd_lr=0.2&sgd_batch=8&sgd_epochs=5&sgd_seed=3&sgd_step=b2-forward")
    expect(step_value(page)).to_have_text(numbered("b2-forward"))
    setup = sgd.Setup(lr=0.2, batch_size=8, epochs=5, seed=3)
    for cost in training_costs(setup):
        expect(main(page).locator(TABLE)).to_contain_text(cost)
    expect(main(page)).to_contain_text("Batch 2 takes samples")
    expect(main(page).locator('[data-testid="stAlert"]')).to_have_count(0)


def test_a_bad_link_is_named_and_replaced_by_the_defaults(page: Page):
    open_app(page, f"{PATH}?sgd_lr=abc&sgd_batch=7&sgd_step=nope")
    alerts = main(page).locator('[data-testid="stAlert"]')
    for key in ("sgd_lr", "sgd_batch", "sgd_step"):
        expect(alerts.filter(has_text=key)).to_have_count(1)
    expect(main(page).get_by_label("Learning rate η", exact=True)).to_have_value("0.5")
    expect(step_value(page)).to_have_text(numbered("shuffle"))
    for cost in training_costs(sgd.Setup()):
        expect(main(page).locator(TABLE)).to_contain_text(cost)


def test_a_number_python_would_read_is_named_once_and_leaves_the_address_bar(page: Page):
    open_app(page, f"{PATH}?sgd_lr=1_0&sgd_seed=3&sgd_seed=4")
    alerts = main(page).locator('[data-testid="stAlert"]')
    for said in (
        "sgd_lr in the link is not a number from 0.001 to 10; showing 0.5.",
        "sgd_seed appears 2 times in the link; using the last one.",
    ):
        expect(alerts.filter(has_text=said)).to_have_count(1)
    expect(main(page).get_by_label("Learning rate η", exact=True)).to_have_value("0.5")
    expect(page).not_to_have_url(re.compile("1_0"))
    expect(page.locator('.st-key-sgd_seed [data-testid="stSliderThumbValue"]')).to_have_text("4")
    expect(page).not_to_have_url(re.compile(r"sgd_seed=3"))


def test_the_layout_at_both_sizes(page: Page, screenshot):
    page.set_viewport_size(SIZES["1024"])
    open_app(page, f"{PATH}?sgd_step=b3-update")
    for size in each_size(page):  # loaded once, then the window grown (test_layout.py)
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") == 0, (
            size
        )  # nothing off the side
        charts = f"[...document.querySelectorAll('{CHART} .js-plotly-plot')]"
        widths = page.evaluate(f"{charts}.map(e => e.clientWidth)")
        assert len(widths) == 4 and min(widths) >= 300, (size, widths)
        screenshot(page, f"sgd_{size}")
