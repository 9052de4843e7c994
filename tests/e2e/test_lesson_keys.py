"""Each lesson keeps its own place across page changes, and a shared link opens each page where it says."""

import re

from playwright.sync_api import Page, expect

from backprop_core import ARTICLE, solve

from .conftest import go_to, main, open_app, wait_for_run
from .test_pages import BACKWARD, FORWARD, formula, in_url, nine

SOLUTION = solve(ARTICLE)


def next_step(page: Page, key: str, steps) -> None:
    """Next once per name in ``steps``, each time waiting until the URL shows it: a click during the
    previous rerun can be lost, and the running indicator alone is racy (it appears late)."""
    for name in steps:
        main(page).locator(".st-key-next button").click()
        expect(page).to_have_url(in_url(**{key: name}), timeout=30_000)
        wait_for_run(page)


def surface_title(x: str, y: str) -> re.Pattern:
    return re.compile(f"Contours of E_total over {x} and {y}")


def test_forward_backward_surface_forward_each_where_it_was_left(page: Page, browser, base_url):
    open_app(page, "/forward_pass")
    next_step(page, "fwd_step", FORWARD[1:4])
    expect(page).to_have_url(in_url(fwd_step=FORWARD[3]))

    go_to(page, "2 · Backward pass")
    expect(formula(page)).to_contain_text(nine(SOLUTION.factors[BACKWARD["w5"][0]]))  # not Forward's step
    main(page).locator(".st-key-bwd_param").get_by_text("w1", exact=True).click()
    wait_for_run(page)
    next_step(page, "bwd_step", BACKWARD["w1"][1:3])
    expect(page).to_have_url(in_url(bwd_param="w1", bwd_step=BACKWARD["w1"][2]))

    go_to(page, "Loss surface")
    expect(main(page)).to_contain_text(surface_title("w5", "w6"))  # Backward's parameter is not the surface's
    wait_for_run(page)  # a select box clicked while the page still draws can miss the click (seen under load)
    main(page).locator(".st-key-surf_x").click()
    page.get_by_role("option", name="b2", exact=True).click()
    expect(main(page)).to_contain_text(surface_title("b2", "w6"))
    expect(page).to_have_url(in_url(surf_x="b2"))

    go_to(page, "1 · Forward pass")
    expect(page).to_have_url(in_url(fwd_step=FORWARD[3]))
    expect(formula(page)).to_contain_text(nine(SOLUTION.forward[FORWARD[3]]))
    go_to(page, "2 · Backward pass")
    expect(page).to_have_url(in_url(bwd_param="w1", bwd_step=BACKWARD["w1"][2]))
    go_to(page, "Loss surface")
    expect(main(page)).to_contain_text(surface_title("b2", "w6"))

    # a shared link opens each page where it says, in a fresh browser
    context = browser.new_context(base_url=base_url)
    try:
        fresh = context.new_page()
        open_app(fresh, f"/forward_pass?fwd_step={FORWARD[3]}")
        expect(formula(fresh)).to_contain_text(nine(SOLUTION.forward[FORWARD[3]]))
        open_app(fresh, f"/backward_pass?bwd_param=w1&bwd_step={BACKWARD['w1'][2]}")
        expect(formula(fresh)).to_contain_text(nine(SOLUTION.factors[BACKWARD["w1"][2]]))
        open_app(fresh, "/loss_surface?surf_x=b2&surf_y=w6")
        expect(main(fresh)).to_contain_text(surface_title("b2", "w6"))
        open_app(fresh, "/backward_pass?step=dE_dw1")  # an old link: the step names its lesson and chain
        expect(fresh).to_have_url(in_url(bwd_param="w1", bwd_step="dE_dw1"))
        expect(formula(fresh)).to_contain_text(nine(SOLUTION.gradients["w1"]))
    finally:
        context.close()
