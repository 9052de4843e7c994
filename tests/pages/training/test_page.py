"""Training page: the run's numbers come from the core, the scrubber, the article's figures, the sweep."""

import numpy as np
import pytest

from backprop_core import ARTICLE, NETWORK, numbers, train
from pages.training import figures as training_figures
from tests.apptest import array, chart, open_page
from tests.ui.plotly_checks import assert_page_draws_once

PAGE = "pages/training/page.py"


def text(app) -> str:
    return "\n".join(m.value for m in app.main.markdown)


def core_run(steps: int, **kw):
    e = ARTICLE
    return train(NETWORK, e.params, e.inputs, e.targets, e.lr, steps, **kw)


@pytest.fixture
def page(app):
    open_page(app, PAGE)
    assert not app.exception
    return app


def test_the_final_error_shown_is_the_cores(page):
    h = core_run(10_000)
    assert f"After **10,000** steps: $E_{{total}} = {numbers.latex(h.final_loss, 9)}$" in text(page)
    assert f"$out_{{o1}} = {numbers.latex(h.outputs[-1][0], 9)}$" in text(page)


def test_the_variant_toggle_reproduces_the_articles_outputs(page):
    page.toggle(key="train_variant").set_value(True).run()
    assert not page.exception
    assert f"$out_{{o1}} = {numbers.latex(0.015912196, 8)}" in text(page)  # the article prints 0.015912196
    assert f"$out_{{o2}} = {numbers.latex(0.984065734, 8)}" in text(page)


def test_the_article_table_flags_each_method_and_explains_the_erratum(page):
    table = text(page)
    assert "| `0.291027924` | 0.291027773694 ✗ | 0.291027923905 ✓ |" in table  # E_total after 1 step
    assert "| `0.015912196` | 0.0159136204436 ✗ | 0.015912196326 ✓ |" in table  # out_o1 after 10,000
    erratum = page.info[0].value
    assert "0.0000350848" in erratum and "**9,999**" in erratum and "0.0000351085" in erratum


def test_the_scrubber_shows_the_network_at_step_k(page):
    page.slider(key="train_k").set_value(0).run()
    assert not page.exception
    assert f"after 0 steps**, $E_{{total}} = {numbers.latex(0.29837110876000272, 9)}$" in text(page)
    marker = chart(page, "train_loss")["data"][-1]
    assert array(marker["x"]).tolist() == [0]


def test_a_long_run_is_recorded_every_kth_step_and_ends_where_the_core_does(page):
    page.number_input(key="train_steps").set_value(300_000).run()
    assert not page.exception
    h = core_run(300_000, record_every=30)
    assert f"After **300,000** steps: $E_{{total}} = {numbers.latex(h.final_loss, 9)}$" in text(page)
    thinned = array(chart(page, "train_outputs")["data"][0]["x"])
    assert len(thinned) <= training_figures.POINTS  # thinned for the browser


def test_a_huge_learning_rate_shows_the_divergence_message_never_a_nan_line(page):
    page.toggle(key="train_variant").set_value(True)
    page.text_input(key="train_etas").set_value("0.5, 1e200").run()
    assert not page.exception
    assert [e.value for e in page.error] == [
        "η = 1e+200 diverged at step 1: a number overflowed, so the run stops there."
    ]
    traces = chart(page, "train_sweep")["data"]
    assert any("diverged at step 1" in t.get("name", "") for t in traces)
    assert all(np.isfinite(array(t["y"])).all() for t in traces)


def test_with_the_described_method_a_huge_learning_rate_only_stalls(page):
    page.text_input(key="train_etas").set_value("1e300").run()
    assert not page.exception and not page.error
    [trace] = chart(page, "train_sweep")["data"]
    assert np.isfinite(array(trace["y"])).all()


def test_bad_learning_rates_are_named_and_skipped(page):
    page.text_input(key="train_etas").set_value("0.5, abc, -1, 1e400, nan, 2").run()
    assert not page.exception
    [warning] = page.warning
    for bad in ("`abc`", "`-1`", "`1e400`", "`nan`"):
        assert bad in warning.value
    names = [t["name"] for t in chart(page, "train_sweep")["data"]]
    assert names == ["η = 0.5", "η = 2"]


def test_update_biases_from_the_sidebar_applies(app):
    open_page(app, PAGE, update_biases="1")
    assert not app.exception
    h = core_run(10_000, update_biases=True)
    assert f"$E_{{total}} = {numbers.latex(h.final_loss, 9)}$" in text(app)
    names = [t["name"] for t in chart(app, "train_params")["data"]]
    assert "b1" in names and "b2" in names


def test_the_articles_earlier_code_has_one_name_everywhere(page, app):
    """Training and Compare call it by the same name as the command line; "variant" is not shown."""
    from backprop_core.example import EARLIER_CODE
    from tests.apptest import open_page as reopen

    assert page.toggle(key="train_variant").label == EARLIER_CODE.capitalize()
    assert EARLIER_CODE in text(page) and "variant" not in text(page).lower()
    compare = reopen(app, "pages/compare/page.py")
    assert EARLIER_CODE in text(compare).lower() and "variant" not in text(compare).lower()


def test_every_chart_is_drawn_once_without_streamlits_theme(app):
    """Each chart carries the theme's look itself (ui/figures.py): a themed chart is drawn twice."""
    assert_page_draws_once(open_page(app, PAGE), 5)


@pytest.mark.parametrize(("end", "labels"), [(0.2, None), (0.01, None), (1e-5, 1)])
def test_the_log_axis_of_e_total_is_labelled_however_little_it_falls(end, labels):
    """With ticks only at powers of ten, a run that stays within one decade (a small η) would have a
    y axis with no number on it: within a decade or two, ticks of their own, each labelled with its
    whole value (tests/ui/test_log_axes.py); over more, the powers of ten."""
    steps, loss = np.arange(100), np.geomspace(0.298, end, 100)
    for fig in (
        training_figures.loss_figure(steps, loss, log_y=True),
        training_figures.sweep_figure([0.5], steps, loss[:, None], np.array([-1]), log_y=True),
    ):
        assert (fig.layout.yaxis.type, fig.layout.yaxis.dtick) == ("log", labels)
        assert (fig.layout.yaxis.tickmode == "array") == (labels is None)
    assert training_figures.loss_figure(steps, loss, log_y=False).layout.yaxis.type is None
