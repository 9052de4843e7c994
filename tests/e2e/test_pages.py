"""Each page in the browser: its numbers, its controls, its charts, and a screenshot of it.

Expected numbers always come from backprop_core, never typed in.
"""

import re

from playwright.sync_api import Page, expect

from backprop_core import ARTICLE, solve
from backprop_core.symbolic import backward_steps, forward_steps

from .conftest import PAGES, TABLE, main, open_app, scenes, set_number, settle, wait_for_charts

SOLUTION = solve(ARTICLE)
FORWARD = [s.name for s in forward_steps(ARTICLE, 9)]
BACKWARD = {p: [s.name for s in chain] for p, chain in backward_steps(ARTICLE, 9).items()}


def nine(value: float) -> str:
    return f"{value:.9g}"


def button(page: Page, key: str):
    """A widget's button by its key: a key becomes the CSS class st-key-<key>."""
    return main(page).locator(f".st-key-{key} button")


def formula(page: Page):
    """The current step's display formula (formula = numbers = value)."""
    return main(page).locator(".katex-display").first


def switch(page: Page, key: str, on: bool) -> None:
    """Flip a toggle by its key (its label takes the click, not the hidden input)."""
    toggle = main(page).locator(f".st-key-{key}")
    if toggle.get_by_role("switch").is_checked() != on:
        toggle.locator("label").first.click()
    expect(toggle.get_by_role("switch")).to_be_checked(checked=on)


def in_url(**params: str) -> re.Pattern:
    return re.compile("".join(rf"(?=.*[?&]{k}={re.escape(v)}(&|$))" for k, v in params.items()))


def test_welcome(page: Page, screenshot):
    open_app(page)
    expect(formula(page)).to_contain_text(nine(SOLUTION.forward["E_total"]))
    links = main(page).locator('[data-testid="stPageLink-NavLink"]')
    expect(links).to_have_count(len(PAGES) - 1)  # every page but this one
    settle(page)
    screenshot(page, "home")
    links.filter(has_text="Playground").click()  # the last link: the Welcome page once forgot it
    # the Playground's first run trains and draws five charts: longer than expect's 5 s beside another worker
    expect(main(page).locator("h1")).to_contain_text("Playground", timeout=30_000)


def test_forward_lesson_steps_with_next_and_previous(page: Page, screenshot):
    open_app(page, "/forward_pass")
    wait_for_charts(page, at_least=1)  # the network diagram
    expect(button(page, "prev")).to_be_disabled()
    expect(formula(page)).to_contain_text(nine(SOLUTION.forward[FORWARD[0]]))
    settle(page)
    screenshot(page, "forward_pass")
    for name in FORWARD[1:]:
        button(page, "next").click()
        expect(page).to_have_url(in_url(fwd_step=name))
        expect(formula(page)).to_contain_text(nine(SOLUTION.forward[name]))
    expect(button(page, "next")).to_be_disabled()  # E_total is the last step
    button(page, "prev").click()
    expect(page).to_have_url(in_url(fwd_step=FORWARD[-2]))
    expect(formula(page)).to_contain_text(nine(SOLUTION.forward[FORWARD[-2]]))
    wait_for_charts(page)


def test_forward_lesson_follows_the_sidebar_and_opens_at_a_linked_step(page: Page):
    open_app(page, "/forward_pass?step=out_o1&w5=0.3")
    expect(formula(page)).to_contain_text(nine(solve(ARTICLE.__class__(w5=0.3)).forward["out_o1"]))
    set_number(page, "w5", "0.9")
    expect(formula(page)).to_contain_text(nine(solve(ARTICLE.__class__(w5=0.9)).forward["out_o1"]))
    expect(page).to_have_url(in_url(fwd_step="out_o1", w5="0.9"))


def test_forward_practice_mode_hides_the_value_until_answered(page: Page, screenshot):
    open_app(page, "/forward_pass?step=out_h1")
    value = SOLUTION.forward["out_h1"]
    switch(page, "fwd_practice", True)
    expect(page).to_have_url(in_url(fwd_practice="1"))  # practice mode is in the link
    answer = main(page).get_by_label("Your value for out_h1")
    expect(answer).to_be_visible()
    expect(main(page)).not_to_contain_text(nine(value))  # not in the formula, table or diagram
    answer.fill("0.7")
    answer.press("Enter")
    button(page, "check_out_h1").click()
    expect(main(page).locator('[data-testid="stAlertContentWarning"]')).to_contain_text("Not yet")
    answer.fill(f"{value:.3g}")  # right to the 3 digits given
    answer.press("Enter")
    button(page, "check_out_h1").click()
    expect(formula(page)).to_contain_text(nine(value))
    expect(main(page).locator("h4").filter(has_text="✅")).to_have_count(1)
    settle(page)
    screenshot(page, "forward_pass_practice")


def test_backward_lesson_runs_on_from_one_parameter_to_the_next(page: Page, screenshot):
    w5 = BACKWARD["w5"]
    open_app(page, f"/backward_pass?p1=w5&step={w5[-1]}")
    expect(formula(page)).to_contain_text(nine(SOLUTION.updated["w5"]))
    button(page, "next").click()
    expect(page).to_have_url(in_url(bwd_param="w6"))  # at the chain's first step (a default: not in the URL)
    expect(formula(page)).to_contain_text(nine(SOLUTION.factors[BACKWARD["w6"][0]]))
    button(page, "prev").click()
    expect(page).to_have_url(in_url(bwd_step=w5[-1]))  # w5, the default parameter, leaves the URL
    expect(formula(page)).to_contain_text(nine(SOLUTION.updated["w5"]))
    wait_for_charts(page, at_least=1)


def test_backward_lesson_through_a_hidden_weight(page: Page, screenshot):
    open_app(page, "/backward_pass")
    main(page).locator(".st-key-bwd_param").get_by_text("w1", exact=True).click()
    chain = BACKWARD["w1"]
    expect(page).to_have_url(in_url(bwd_param="w1"))
    expect(formula(page)).to_contain_text(nine(SOLUTION.factors[chain[0]]))
    for name in chain[1:]:
        button(page, "next").click()
        expect(page).to_have_url(in_url(bwd_step=name))
    expect(formula(page)).to_contain_text(nine(SOLUTION.updated["w1"]))
    button(page, "prev").click()
    expect(formula(page)).to_contain_text(nine(SOLUTION.gradients["w1"]))
    # the summary table holds every gradient; the gradient check agrees with it
    expect(main(page)).to_contain_text("Gradient check")
    expect(main(page).locator(TABLE).first).to_contain_text(nine(SOLUTION.gradients["w8"]))
    wait_for_charts(page)
    settle(page)
    screenshot(page, "backward_pass")


def test_backward_practice_mode_hides_the_answers(page: Page):
    open_app(page, "/backward_pass?p1=w5&step=dE_dw5")
    switch(page, "bwd_practice", True)
    expect(main(page).get_by_label("Your value for ∂E_total/∂w₅")).to_be_visible()
    expect(main(page)).not_to_contain_text("Gradient check")  # it would give the answers away
    expect(main(page)).not_to_contain_text(nine(SOLUTION.gradients["w5"]))
    switch(page, "bwd_practice", False)
    expect(formula(page)).to_contain_text(nine(SOLUTION.gradients["w5"]))


def test_compare_with_the_article(page: Page, screenshot):
    open_app(page, "/compare")
    expect(main(page)).to_contain_text(nine(SOLUTION.forward["E_total"]))
    expect(main(page)).to_contain_text("Errata")
    expect(main(page).locator('[data-testid="stAlertContentInfo"]')).to_have_count(0)
    settle(page)
    screenshot(page, "compare")
    set_number(page, "w6", "0.7")  # the article's figures hold only at its values: the page says so
    expect(main(page).locator('[data-testid="stAlertContentInfo"]')).to_contain_text("w6")
    expect(main(page)).to_contain_text(nine(SOLUTION.forward["E_total"]))


def test_training_draws_every_chart(page: Page, screenshot):
    open_app(page, "/training")
    expect(main(page)).to_contain_text("After 10,000 steps")
    wait_for_charts(page, at_least=4)  # loss, diagram, outputs, parameters (+ learning rates)
    settle(page)
    screenshot(page, "training")
    set_number(page, "w6", "0.7")  # a new example retrains: the starting error follows the sidebar
    expect(main(page)).to_contain_text(nine(solve(ARTICLE.__class__(w6=0.7)).forward["E_total"]))
    wait_for_charts(page)


def test_loss_surface_opens_on_contours_draws_in_3d_on_demand_and_follows_a_link(page: Page, screenshot):
    open_app(page, "/loss_surface")
    wait_for_charts(page, at_least=3)  # contours, two slices
    assert scenes(page) == 0  # no WebGL until asked for
    switch(page, "surf_3d", True)
    wait_for_charts(page, at_least=4)
    page.wait_for_function("() => document.querySelectorAll('.gl-container canvas').length > 0")
    assert scenes(page) >= 1  # the 3-D surface drew into WebGL
    settle(page)
    screenshot(page, "loss_surface")
    open_app(page, "/loss_surface?p1=w1&p2=b2")  # an old link: p1 and p2 mean this page's pair
    expect(main(page)).to_contain_text("E_total over w1 and b2")
    expect(page).to_have_url(in_url(surf_x="w1", surf_y="b2"))
    wait_for_charts(page, at_least=3)


def test_the_code_expander_fetches_the_code_when_opened(page: Page):
    """The lessons' code is sent only when asked for (it cost every cold load its highlighter)."""
    open_app(page, "/backward_pass")
    wait_for_charts(page, at_least=1)
    expander = main(page).locator(".st-key-show_code")
    expect(main(page).locator('[data-testid="stCode"]')).to_have_count(0)
    expander.get_by_text("Show the code").click()
    expect(expander.locator('[data-testid="stCode"]').first).to_contain_text("def forward(network")
    expect(expander.locator('[data-testid="stCode"]').nth(1)).to_contain_text("def backward(")
