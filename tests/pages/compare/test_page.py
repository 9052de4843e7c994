"""Compare with the article: each published figure flagged, both training methods, errata from the core."""

from dataclasses import replace

import pytest

from backprop_core import ARTICLE, NETWORK, solve, train
from tests.apptest import open_page
from ui.article import FIGURES, PRINTED, TRAINED, matches_print, shown

PAGE = "pages/compare/page.py"


def _text(app) -> str:
    return "\n".join(m.value for m in app.main.markdown)


def _row(text: str, figure) -> str:
    start = f"| ${figure.symbol}$ | {figure.printed} |"
    [row] = [line for line in text.splitlines() if line.startswith(start)]
    return row


def _train(steps: int, variant: bool):
    e = ARTICLE
    return train(NETWORK, e.params, e.inputs, e.targets, e.lr, steps, article_variant=variant)


@pytest.fixture
def markdown(app):
    open_page(app, PAGE)
    assert not app.exception
    return _text(app)


def test_every_published_figure_is_shown_with_its_flag(markdown):
    described = solve(ARTICLE)
    tables = {"forward": described.forward, "factors": described.factors}
    tables |= {"gradients": described.gradients, "updated": described.updated}
    for f in FIGURES:
        row = _row(markdown, f)
        if f.section != TRAINED:
            value = tables[f.source[0]][f.source[1]]
            text = shown(value, f.printed)
            assert f"{text[:-2]}:gray[{text[-2:]}]" in row
            assert ("✓ matches" if matches_print(value, f.printed) else "✗ differs") in row, row
    assert len(FIGURES) == 31


def test_one_step_figures_all_match_the_described_method(markdown):
    rows = [_row(markdown, f) for f in FIGURES if f.section != TRAINED]
    assert all("✓ matches" in r and "✗" not in r for r in rows)


def test_training_rows_show_the_variant_and_the_described_method(markdown):
    """Each training row: the described method first, then the article's earlier code."""
    described, variant = _train(10_000, False), _train(10_000, True)
    values = {
        "E_1": (described.loss[1], variant.loss[1]),
        "E": (described.final_loss, variant.final_loss),
        "out_o1": (described.outputs[-1][0], variant.outputs[-1][0]),
        "out_o2": (described.outputs[-1][1], variant.outputs[-1][1]),
    }
    expected_variant_flags = {"E_1": "✓", "E": "✗", "out_o1": "✓", "out_o2": "✓"}
    for f in FIGURES:
        if f.section == TRAINED:
            described_cell, variant_cell = _row(markdown, f).split("|")[3:5]
            d, v = values[f.source[1]]
            assert shown(d, f.printed)[:-2] in described_cell and "✗" in described_cell
            assert shown(v, f.printed)[:-2] in variant_cell
            assert expected_variant_flags[f.source[1]] in variant_cell


def test_errata_numbers_are_the_cores(markdown):
    e, e1 = PRINTED["train", "E"], PRINTED["train", "E_1"]
    described, variant = _train(10_000, False), _train(10_000, True)
    right = solve(ARTICLE)
    expected = [
        shown(variant.loss[1], e1, 0),  # 0.291027924
        shown(described.loss[1], e1, 0),  # 0.291027774
        shown(variant.final_loss, e, 0),  # 0.0000350848
        shown(described.loss[-2], e, 0),  # 0.0000351085, after 9,999 steps
        f"{solve(replace(ARTICLE, w2=ARTICLE.w3)).forward['net_h1']:.9g}",  # the slip: 0.3825
        f"{right.forward['net_h1']:.9g}",
        f"{solve(replace(ARTICLE, t2=0.22)).updated['w7']:.9g}",  # 0.471213204
        f"{right.updated['w7']:.9g}",
        f"{right.updated['w5']:.9g}",  # 0.35891648
    ]
    for number in expected:
        assert f"**{number}**" in markdown, number
    assert shown(described.loss[-2], e, 0) == e  # the printed E is the described method's at 9,999
    assert "**0.0000350848**" in markdown and "**0.291027774**" in markdown and "**0.3825**" in markdown


def test_edited_sidebar_is_named_and_the_comparison_stays_at_the_article(app):
    open_page(app, PAGE, w5="0.3")
    assert not app.exception
    notice = " ".join(i.value for i in app.info)
    assert "w5 = 0.3" in notice and "article's values" in notice
    row = _row(_text(app), FIGURES[-1])
    assert "✓" in row  # still the article's run, not one from w5 = 0.3


def test_the_article_is_named_with_its_link(markdown):
    from ui.article import AUTHOR, CITATION, TITLE, URL

    assert CITATION in markdown and f"[*{TITLE}*]({URL})" in CITATION and AUTHOR in CITATION


def test_erratum_2_says_where_the_slip_is_and_that_it_changes_no_number(markdown):
    """A copy of the article (mltrees/document, see erratum_slip) prints w_3 in net_h1 only where the
    hidden layer's backward pass differentiates it by w_1: the slope there is i_1 whichever weight."""
    [erratum] = [part for part in markdown.split("####") if part.startswith(" 2 ·")]
    assert "backward pass through the hidden layer" in erratum and "forward pass wrote $w_{2}$" in erratum
    slope = solve(ARTICLE).factors["dnet_h1_dw1"]
    assert slope == ARTICLE.x1 and f"**{slope:.9g}** either way" in erratum
