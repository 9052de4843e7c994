"""Lesson 5 in AppTest: the table and charts hold the core's runs, stepping through one epoch,
editing the learning rate and the batch size, a shared link, and bad link values."""

import numpy as np
import pytest

from backprop_core import names, numbers
from pages.sgd import maths as sgd
from tests.apptest import all_latex, array, chart, open_page, step_names
from tests.ui.plotly_checks import assert_page_draws_once
from ui import teaching

PAGE = "pages/sgd/page.py"


@pytest.fixture
def page(app):
    open_page(app, PAGE)
    assert not app.exception
    return app


def table(app) -> dict:
    [frame] = [t.value for t in app.table if "updates per epoch" in t.value.columns]
    return frame.to_dict(orient="list")


def warnings(app) -> str:
    return "\n".join(w.value for w in app.warning)


def highlighted(app) -> np.ndarray:
    """The training points drawn as this batch's, as (2, n) columns."""
    traces = [t for t in chart(app, "sgd_data")["data"] if t.get("name", "").endswith("in this batch")]
    return np.concatenate([np.stack([array(t["x"]), array(t["y"])]) for t in traces], axis=1)


def step(app) -> str:
    return app.select_slider(key="sgd_step").value


def test_the_table_holds_the_three_runs_of_the_default_setup(page):
    runs = sgd.three_runs(sgd.Setup())
    rows = table(page)
    assert rows["batch size"] == [r.batch_size for r in runs] == [1, 16, 150]
    assert rows["updates per epoch"] == [150, 10, 1]
    assert rows["training cost"] == [numbers.text(sgd.summary(r).train_cost, 4) for r in runs]
    assert rows["test cost"] == [numbers.text(sgd.summary(r).test_cost, 4) for r in runs]


def test_the_cost_chart_draws_every_update_against_epochs(page):
    runs = sgd.three_runs(sgd.Setup())
    data = chart(page, "sgd_cost")["data"]
    full_batch = [t for t in data if t["name"].startswith("full batch") and "each update" in t["name"]][0]
    epochs = sgd.Setup().epochs
    np.testing.assert_allclose(array(full_batch["x"]), np.arange(epochs))  # one update per epoch
    np.testing.assert_allclose(array(full_batch["y"]), runs[2].history.loss, rtol=1e-6)  # a chart's 7 digits
    mini = [t for t in data if t["name"].startswith("mini-batch") and "each update" in t["name"]][0]
    np.testing.assert_allclose(array(mini["x"]), np.arange(10 * epochs) / 10)  # ten updates share an epoch


def test_stepping_through_the_epoch_highlights_each_batch_and_ends_at_the_last_update(page):
    setup = sgd.Setup()
    train, _ = sgd.data(setup)
    epoch = sgd.first_epoch(setup, sgd.three_runs(setup)[1])
    assert step(page) == "shuffle" and "10" in all_latex(page)  # ⌈150 / 16⌉ batches
    page.button(key="next").click().run()
    assert step(page) == "b1-take"
    taken = highlighted(page)
    assert taken.shape == (2, 16)
    expected = train.X[:, epoch.steps[0].indices]
    assert {tuple(c) for c in taken.T} == {tuple(numbers.plotted(c)) for c in expected.T}  # as charts send
    page.button(key="next").click().run()
    assert numbers.latex(epoch.steps[0].cost) in all_latex(page)  # the batch's cost, forward
    for _ in range(38):
        page.button(key="next").click().run()
    assert step(page) == "b10-update" and not page.exception
    assert page.button(key="next").disabled
    assert highlighted(page).shape == (2, 150 - 9 * 16)  # the last batch is the rest: 6 samples
    shown = names.flat_index(sgd.NETWORK)["W2[0,0]"]  # the update step follows the first chosen weight
    assert numbers.latex(float(epoch.steps[-1].after.flat()[shown])) in all_latex(page)


def test_editing_the_learning_rate_retrains_all_three_runs(page):
    page.number_input(key="sgd_lr").set_value(0.1).run()
    assert not page.exception
    runs = sgd.three_runs(sgd.Setup(lr=0.1))
    assert table(page)["training cost"] == [numbers.text(sgd.summary(r).train_cost, 4) for r in runs]


def test_a_new_batch_size_changes_the_updates_and_the_epochs_steps(page):
    page.select_slider(key="sgd_step").set_value("b10-update").run()
    page.select_slider(key="sgd_batch").set_value(32).run()
    assert not page.exception
    assert table(page)["updates per epoch"] == [150, 5, 1]
    assert step(page) == "shuffle"  # b10 no longer exists: back to the start of the epoch
    assert step_names(page, "sgd_step")[-1] == "b5-update"


def test_a_shared_link_opens_the_same_runs_and_step(app):
    open_page(app, PAGE, sgd_lr="0.2", sgd_batch="8", sgd_epochs="5", sgd_seed="3", sgd_step="b2-forward")
    assert not app.exception and not app.warning
    setup = sgd.Setup(lr=0.2, batch_size=8, epochs=5, seed=3)
    runs = sgd.three_runs(setup)
    assert table(app)["training cost"] == [numbers.text(sgd.summary(r).train_cost, 4) for r in runs]
    assert step(app) == "b2-forward"
    assert numbers.latex(sgd.first_epoch(setup, runs[1]).steps[1].cost) in all_latex(app)


# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
BAD = {
    "sgd_lr": "abc", "sgd_batch": "7", "sgd_epochs": "2.5", "sgd_n": "1e9", "sgd_seed": "-1",
    "sgd_w1": "W9[0,0]", "sgd_step": "b99-update",
}  # fmt: skip


def test_every_bad_link_value_is_named_and_replaced_by_its_default(app):
    open_page(app, PAGE, **BAD, sgd_nonsense="1")
    assert not app.exception
    said = warnings(app)
    for key in BAD:
        assert f"{key} in the link" in said
    assert "unknown link parameter" in said
    assert "abc" not in said and "nonsense" not in said  # the visitor's text is never echoed
    assert app.number_input(key="sgd_lr").value == 0.5
    assert app.select_slider(key="sgd_batch").value == 16
    assert app.select_slider(key="sgd_epochs").value == sgd.Setup().epochs
    assert app.select_slider(key="sgd_n").value == 200
    assert app.select_slider(key="sgd_seed").value == 0
    assert app.selectbox(key="sgd_w1").value == "W2[0,0]"
    assert step(app) == "shuffle"
    assert table(app)["updates per epoch"] == [150, 10, 1]
    app.button(key="next").click().run()
    assert "sgd_lr in the link" in warnings(app)  # kept while the learner steps
    app.number_input(key="sgd_lr").set_value(0.3).run()
    assert "sgd_lr in the link" not in warnings(app)  # answered once a setting changes


def test_the_questions_answers_cite_this_runs_numbers(page):
    shown = [e.label for e in page.main.expander if e.label != teaching.LABEL]
    labels = [label for label in shown if not label.startswith("Data")][
        1:
    ]  # a chart's numbers; the prediction
    assert len(labels) == 4 and labels[0].startswith("Why does batch size 1 need a smaller learning rate")
    one, mini, full = (sgd.summary(r) for r in sgd.three_runs(sgd.Setup()))
    answers = {e.label: "\n".join(m.value for m in e.markdown) for e in page.main.expander}
    smooth = answers[labels[1]]
    assert f"**{full.rises}** of its {full.updates - 1} steps" in smooth
    assert f"**{one.rises:,}** of {one.updates - 1:,} updates" in smooth
    assert numbers.text(one.grad_spread, 3) in answers[labels[0]]
    page.number_input(key="sgd_lr").set_value(0.05).run()
    slower = sgd.summary(sgd.three_runs(sgd.Setup(lr=0.05))[0])
    answers = {e.label: "\n".join(m.value for m in e.markdown) for e in page.main.expander}
    assert f"**{slower.rises:,}** of" in answers[labels[1]]  # follows the run on screen


def test_the_largest_settings_and_learning_rate_run_without_an_error(app):
    open_page(app, PAGE, sgd_lr="10", sgd_batch="2", sgd_epochs="50", sgd_n="400", sgd_seed="99")
    assert not app.exception and not app.warning
    assert table(app)["updates per epoch"] == [300, 150, 1]
    app.select_slider(key="sgd_step").set_value("b150-update").run()
    assert not app.exception
    assert highlighted(app).shape == (2, 2)


def test_practice_mode_asks_for_the_batch_cost_before_showing_it(page):
    setup = sgd.Setup()
    cost = sgd.first_epoch(setup, sgd.three_runs(setup)[1]).steps[0].cost
    page.select_slider(key="sgd_step").set_value("b1-forward").run()
    page.toggle(key="sgd_practice").set_value(True).run()
    assert numbers.latex(cost) not in all_latex(page)
    page.text_input(key="answer_b1-forward").input(numbers.text(cost)).run()
    page.button(key="check_b1-forward").click().run()
    assert numbers.latex(cost) in all_latex(page)


def captions(app) -> str:
    return "\n".join(c.value for c in app.caption)


def test_the_first_step_shows_no_batch_yet(page):
    epoch = sgd.first_epoch(sgd.Setup(), sgd.three_runs(sgd.Setup())[1])
    assert step(page) == "shuffle"
    assert highlighted(page).shape == (2, 0)
    assert chart(page, "sgd_data")["layout"]["title"]["text"] == "The training data"
    assert "Batch 1 takes" not in captions(page)
    assert numbers.latex(epoch.steps[0].cost) not in all_latex(page)


def test_practice_mode_keeps_a_batch_and_its_update_until_answered(page):
    setup = sgd.Setup()
    first = sgd.first_epoch(setup, sgd.three_runs(setup)[1]).steps[0]
    page.select_slider(key="sgd_step").set_value("b1-take").run()
    page.toggle(key="sgd_practice").set_value(True).run()
    [title] = [m.value for m in page.markdown if m.value.startswith("#### 2.")]
    assert "16" not in title  # the title asks; it does not answer
    assert highlighted(page).shape == (2, 0) and "Batch 1 takes" not in captions(page)
    page.text_input(key="answer_b1-take").input("16").run()
    page.button(key="check_b1-take").click().run()
    assert highlighted(page).shape == (2, 16) and "Batch 1 takes" in captions(page)

    page.select_slider(key="sgd_step").set_value("b1-update").run()
    after = numbers.text(first.cost_after)
    assert after not in captions(page)  # the cost after the update waits for the new weight
    i = names.flat_index(sgd.NETWORK)["W2[0,0]"]
    new = float(first.before.flat()[i]) - setup.lr * float(first.grads.flat()[i])  # by hand
    page.text_input(key="answer_b1-update").input(repr(new)).run()
    page.button(key="check_b1-update").click().run()
    assert not page.exception and after in captions(page)


def test_show_all_steps_lists_the_whole_epoch(page):
    page.toggle(key="show_all").set_value(True).run()
    assert not page.exception
    assert all_latex(page).count(r"\begin{aligned}") == 1 + 4 * 10
    assert highlighted(page).shape == (2, 150 - 9 * 16)  # the plot is the last step's: batch 10 of 10


def test_a_link_naming_one_weight_twice_is_named_too(app):
    open_page(app, PAGE, sgd_w1="W2[0,1]", sgd_w2="W2[0,1]")
    assert "sgd_w2 in the link" in warnings(app)
    assert (app.selectbox(key="sgd_w1").value, app.selectbox(key="sgd_w2").value) == ("W2[0,1]", "W2[0,0]")


@pytest.mark.parametrize("text", ["1_0", "٣", "infinity", "0x1", "1e400"])
def test_a_number_python_would_read_is_named_and_replaced(app, text):
    """The page's numbers follow the app's one rule for links (ui/settings.plain_number), as the sidebar's."""
    open_page(app, PAGE, sgd_lr=text)
    assert not app.exception
    assert app.number_input(key="sgd_lr").value == sgd.Setup().lr
    assert "sgd_lr in the link is not a number from 0.001 to 10; showing 0.5." in warnings(app)
    assert text not in warnings(app)


def test_a_repeated_key_is_named_and_its_last_value_used(app):
    open_page(app, PAGE, sgd_lr=["0.3", "0.2"], sgd_batch=["4", "8"])
    assert (app.number_input(key="sgd_lr").value, app.select_slider(key="sgd_batch").value) == (0.2, 8)
    said = warnings(app)
    assert "sgd_lr appears 2 times in the link; using the last one." in said
    assert "sgd_batch appears 2 times in the link; using the last one." in said


def test_every_chart_is_drawn_once_without_streamlits_theme(app):
    """Each chart carries the theme's look itself (ui/figures.py): a themed chart is drawn twice."""
    assert_page_draws_once(open_page(app, PAGE), 4)


def test_practice_mode_does_not_ask_for_the_batch_count_the_page_already_states(page):
    """⌈m / B⌉ is in the table and in the step slider's last name: a question about it would have its
    answer on screen, so practice mode shows it worked and asks from the first batch on."""
    per_epoch = table(page)["updates per epoch"][1]
    assert step_names(page, "sgd_step")[-1] == f"b{per_epoch}-update"
    page.toggle(key="sgd_practice").set_value(True).run()
    assert step(page) == "shuffle" and not page.exception
    assert not [t for t in page.text_input if t.key == "answer_shuffle"]
    assert rf"&= {per_epoch} \end{{aligned}}" in all_latex(page)  # shown worked, not asked
    [progress] = page.get("progress")
    assert progress.proto.text == f"Practice: 0 of {4 * per_epoch} steps answered correctly"
    page.button(key="next").click().run()
    assert [t.key for t in page.text_input if t.key.startswith("answer_")] == ["answer_b1-take"]
