"""In the browser's accessibility tree (issue 27): each chart named by its description, each step's
formula in KaTeX's MathML and in words. One lesson page: cheap."""

from playwright.sync_api import Page, expect

from backprop_core import ARTICLE, reading
from backprop_core.steps import equation
from backprop_core.symbolic import forward_steps

from .conftest import main, open_app, wait_for_charts


def test_a_lessons_chart_and_formula_are_in_the_accessibility_tree(page: Page):
    open_app(page, "/forward_pass")
    wait_for_charts(page, at_least=1)
    tree = main(page).aria_snapshot()
    # the diagram: role figure, named by its description
    named = "The network from the inputs to E_total with the values reached so far; lit: what net_h1 reads"
    expect(main(page).get_by_role("figure")).to_have_accessible_name(named + " and writes.")
    assert f'figure "{named}' in tree
    # the formula: KaTeX keeps its MathML (the visual spans are hidden from the tree)
    math = main(page).locator(".katex-display .katex-mathml math")
    expect(math.first).to_be_attached()
    assert "- math: n e t h 1 = w 1" in tree  # how MathML reads to the tree: why the words below help
    # and in words, hidden from sight but read
    said = "In words: " + reading.read(equation(forward_steps(ARTICLE, 9)[0]))
    assert said in tree
    box = main(page).locator('[class*="st-key-said_"]').first.bounding_box()
    assert box and box["width"] <= 1 and box["height"] <= 1  # not seen: its 1-px box clips it
    # the chart's numbers, one click away
    fold = main(page).locator('[data-testid="stExpander"]').filter(has=page.get_by_text("Data", exact=True))
    fold.get_by_text("Data", exact=True).click()
    expect(fold.get_by_role("table")).to_contain_text("w5 = 0.4")
