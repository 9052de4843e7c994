"""The recurrent lesson in a real browser: step through both parts, change T and w, follow a shared link."""

import math
import re

from playwright.sync_api import Browser, Page, expect

from backprop_core import numbers
from backprop_core.recurrent import RNN, Task, bptt, fixed_point, unroll

from .conftest import SIZES, TABLE, assert_no_exception, commit, main, open_app, settle, wait_for_run

STEP = '[data-testid="stMain"] h4'  # each shown step's numbered title
SLOW = 30_000  # ms: a rerun with three training runs, on a machine shared by several test sessions
FORMULA = ".katex-display"  # st.latex's display formulas (the prose has inline ones too)


def hidden_state(w: float, T: int, t: int) -> float:
    """h_t of the remember task's first sequence, by a plain loop."""
    xs = Task("remember", T, 0).data()[0][:, 0]
    h = 0.0
    for x in xs[:t]:
        h = math.tanh(w * h + x)
    return h


def click(page: Page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()
    wait_for_run(page)


def test_step_through_time_then_change_T_and_w(page: Page, screenshot):
    # at the projector's size: every page's layout at 1920×1080 is test_layout's and test_presenter's
    size = "1024"
    page.set_viewport_size(SIZES[size])
    open_app(page, "/recurrent")
    expect(page.locator(STEP).first).to_contain_text("1. h₁: hidden state at step 1", timeout=SLOW)
    expect(main(page)).to_contain_text(numbers.text(hidden_state(0.9, 8, 1)), timeout=SLOW)
    click(page, "rnn_next")
    expect(page.locator(STEP).first).to_contain_text("2. y₁: output at step 1", timeout=SLOW)
    expect(page).to_have_url(re.compile(r"[?&]rnn_step=y_1(&|$)"), timeout=SLOW)
    click(page, "rnn_prev")
    expect(page.locator(STEP).first).to_contain_text("1. h₁: hidden state at step 1", timeout=SLOW)
    # the first step is the default: not in the URL
    expect(page).not_to_have_url(re.compile(r"rnn_step="), timeout=SLOW)
    # The backward pass: the factor ∂h_8/∂h_7 with its numbers, one step after ∂L/∂h_8's term.
    page.goto(re.sub(r"[?].*", "", page.url) + "?rnn_step=dh_8_dh_7")
    wait_for_run(page)
    expect(page.locator(STEP).first).to_contain_text("∂h₈/∂h₇: how much h₈ moves with h₇", timeout=SLOW)
    h8 = hidden_state(0.9, 8, 8)
    factor = numbers.text(0.9 * (1 - h8**2))[:6]
    expect(main(page).locator(FORMULA).first).to_contain_text(factor, timeout=SLOW)
    settle(page)
    screenshot(page, f"recurrent_bptt_{size}")

    commit(page, "T, steps", "3")
    expect(page).to_have_url(re.compile(r"[?&]rnn_T=3(&|$)"), timeout=SLOW)
    # h_8 is gone: start again
    expect(page.locator(STEP).first).to_contain_text("1. h₁: hidden state at step 1", timeout=SLOW)
    expect(main(page)).to_contain_text("Unrolled over 3 steps", timeout=SLOW)
    commit(page, "w", "1.5")
    expect(page).to_have_url(re.compile(r"[?&]rnn_w=1\.5(&|$)"), timeout=SLOW)
    click(page, "rnn_next")
    # each press seen to land before the next (under CI's load a second press made mid-run was lost)
    expect(page.locator(STEP).first).to_contain_text("2. y₁: output at step 1", timeout=SLOW)
    click(page, "rnn_next")
    expect(page.locator(STEP).first).to_contain_text("3. h₂: hidden state at step 2", timeout=SLOW)
    h2 = numbers.text(hidden_state(1.5, 3, 2))
    expect(main(page).locator(FORMULA).first).to_contain_text(h2, timeout=SLOW)
    assert_no_exception(page)


def test_step_through_the_fixed_point(page: Page, screenshot):
    # at the projector's size: every page's layout at 1920×1080 is test_layout's and test_presenter's
    size = "1024"
    page.set_viewport_size(SIZES[size])
    open_app(page, "/recurrent")
    main(page).get_by_text("fixed point", exact=True).click()
    wait_for_run(page)
    expect(page).to_have_url(re.compile(r"[?&]rnn_part=fixed\+point(&|$)"), timeout=SLOW)
    expect(page.locator(STEP).first).to_contain_text("1. x₁: relaxation, iteration 1", timeout=SLOW)
    click(page, "fp_next")
    expect(page.locator(STEP).first).to_contain_text("2. x₂: relaxation, iteration 2", timeout=SLOW)
    # the answer is not shown before its step
    expect(main(page)).to_contain_text("Step on to the gradient", timeout=SLOW)
    page.locator(".st-key-fp_all").click()
    wait_for_run(page)
    fp = fixed_point([[0.1, -0.2], [0.3, 0.1]], [0.5, -0.5], [0.8, 0.2])
    table = main(page).locator(TABLE).first
    expect(table).to_contain_text("Almeida–Pineda", timeout=SLOW)
    expect(table).to_contain_text(numbers.text(fp.grad_W[0, 0]), timeout=SLOW)
    settle(page)
    screenshot(page, f"recurrent_fixed_point_{size}")
    assert_no_exception(page)


def test_a_shared_link_reproduces_the_step_and_the_settings(page: Page, browser: Browser, base_url: str):
    open_app(page, "/recurrent?rnn_T=5&rnn_w=1.2&rnn_loss=sum&rnn_step=dL_dh_3")
    expect(page.locator(STEP).first).to_contain_text("∂L/∂h₃ — back into h₃", timeout=SLOW)
    click(page, "rnn_next")  # on to step 3's term of ∂L/∂w
    expect(page.locator(STEP).first).to_contain_text("∂L/∂w at t = 3: step 3's term of ∂L/∂w", timeout=SLOW)
    link = page.url
    assert "rnn_step=dw_3" in link and "rnn_T=5" in link and "rnn_w=1.2" in link
    rnn = RNN(w=1.2)
    xs, targets = Task("remember", 5, 0).data()
    g = unroll(rnn, xs, targets, "sum")
    term = bptt(rnn, g).contributions[2]
    context = browser.new_context(base_url=base_url, viewport=SIZES["1024"])
    try:
        fresh = context.new_page()
        open_app(fresh, link)
        expect(fresh.locator(STEP).first).to_contain_text("step 3's term of ∂L/∂w", timeout=SLOW)
        expect(main(fresh).get_by_label("T, steps", exact=True)).to_have_value("5", timeout=SLOW)
        expect(main(fresh).locator(FORMULA).first).to_contain_text(numbers.text(term)[:6], timeout=SLOW)
        assert_no_exception(fresh)
    finally:
        context.close()


def test_a_bad_link_is_named_and_the_defaults_used(page: Page):
    open_app(page, "/recurrent?rnn_T=abc&rnn_step=nope&fp_W=1,2")
    alerts = main(page).locator('[data-testid="stAlert"]')
    expect(alerts.first).to_contain_text("rnn_T in the link is not a whole number from 1 to", timeout=SLOW)
    expect(main(page)).to_contain_text("rnn_step in the link is not one of the choices here; showing h_1.")
    expect(main(page)).not_to_contain_text("nope")  # the visitor's text is never echoed
    expect(page).not_to_have_url(re.compile("abc|nope"))
    expect(main(page).get_by_label("T, steps", exact=True)).to_have_value("8", timeout=SLOW)
    assert_no_exception(page)
