"""Every link is bounded (issue 23): whatever a page's settings ask for, at their extremes, costs its
process at most ``work.PAGE`` per computation or goes through the worker's turns, and no request asks
the worker for more than ``work.WORKER`` (backprop_core/work.py); where a link could ask for more, the
page cuts it and names the limit.

Lessons 0-4, the Welcome page and Compare compute the worked example or a batch of at most five
samples: their ranges (slope_steps ≤ 40, slope_depth ≤ 12 layers of 16, vec_m ≤ 5) keep every rerun
within milliseconds, with nothing for a link to grow.
"""

import itertools

import numpy as np
import pytest

from backprop_core import work
from backprop_core.chunked import PIECE
from backprop_core.recurrent import MAX_UNITS, fixed_point, fixed_point_work
from pages.loss_surface import settings as surface
from pages.playground import maths as pg
from pages.recurrent import maths as rl
from pages.recurrent import settings as recurrent
from pages.sgd import maths as sgd
from pages.sgd import settings as lesson5
from pages.sgd.cached import GRID
from pages.training import settings as training
from tests.apptest import open_page


def test_training_computes_its_longest_run_a_piece_a_turn_and_its_sweep_in_one():
    assert work.train(training.LONGEST) <= work.WORKER and work.train(PIECE) <= work.WORKER
    assert work.train(training.SWEEP_STEPS.high, training.MAX_LRS) <= work.WORKER


def test_the_loss_surface_descends_its_two_paths_within_one_request():
    assert 2 * work.train(max(surface.STEPS.options)) <= work.WORKER


def test_lesson_5_trains_and_projects_any_choice_within_one_request():
    for lr, batch, epochs, n, seed in itertools.product(
        [lesson5.LR.default], lesson5.BATCH.options, lesson5.EPOCHS.options, lesson5.POINTS.options, [0]
    ):
        setup = sgd.Setup(lr, batch, epochs, n, seed)
        assert sgd.cost(setup) <= work.WORKER and sgd.projection_cost(setup, GRID) <= work.WORKER


def test_lesson_6_part_a_trains_its_longest_runs_within_one_request():
    lengths = rl.training_lengths(recurrent.RNN_T.high)
    assert work.rnn(recurrent.RNN_STEPS.high, lengths) <= work.WORKER


@pytest.mark.parametrize("n", range(2, MAX_UNITS + 1))
def test_lesson_6_part_b_relaxes_within_one_request_whatever_the_cap(n):
    for cap in range(recurrent.FP_CAP.low, recurrent.FP_CAP.high + 1, 7):
        # every relaxation of the lesson at its cap: the first, the training step's two, BPTT's
        # forward and back, and the finite differences' 2n² networks relaxed forward and back
        lesson = work.relaxations(8 * cap + 4 * n * n * rl.numeric_cap(n, cap))
        steps = rl.max_training_steps(cap)
        training_ = work.relaxations(fixed_point_work(cap, steps))
        assert lesson <= work.WORKER and training_ <= work.WORKER < work.relaxations(
            fixed_point_work(cap, steps + 1)
        )
        assert steps >= 1
    assert work.relaxations(2 * recurrent.FP_CAP.high) <= work.WORKER  # the first relaxation


def test_the_lessons_estimate_follows_its_first_relaxation():
    """A network that settles in a few iterations is a light lesson; a slow one goes to the worker."""
    quick = fixed_point(np.eye(2) * 0.1, np.zeros(2), np.full(2, 0.6), "sigmoid", 1e-10, 1000)
    a = 0.99 / 0.25
    slow = fixed_point(np.eye(5) * a, np.full(5, -a / 2), np.full(5, 0.6), "sigmoid", 1e-10, 5000)
    assert rl.lesson_cost(quick, 2, 1e-10, 1000) <= work.PAGE < rl.lesson_cost(slow, 5, 1e-10, 5000)
    assert rl.training_cost(quick, 50) < rl.training_cost(slow, 50)


CONFIGS = [
    pg.Config(),
    pg.Config("moons", 2000, hidden=(8,) * 6, activations=("tanh",) * 6, batch=1),
    pg.Config("moons", 2000, hidden=(8,) * 6, activations=("tanh",) * 6, batch=0),
    pg.Config(
        "blobs", 2000, classes=6, output="softmax", hidden=(8,) * 6, activations=("relu",) * 6, batch=3
    ),
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.n}-{c.batch}-{len(c.hidden)}")
def test_a_playground_link_reproduces_at_most_one_request_and_a_play_tick_stays_light(config):
    p = pg.problem(config, config.make_data())
    limit = pg.max_step(p)
    assert 0 < limit <= pg.MAX_STEP
    assert pg.cost(p, limit) <= work.WORKER and (limit == pg.MAX_STEP or pg.cost(p, limit + 1) > work.WORKER)
    assert pg.cost(p, max(1, pg.within(p, pg.TICK_WORK))) <= work.PAGE


def test_the_auditors_link_is_cut_to_the_limit_and_says_so(app, monkeypatch):
    """The link that cost 13–29 s: its step becomes the most this network and data reproduce, named
    in the app's wording (a smaller budget here keeps the test quick)."""
    monkeypatch.setattr(work, "WORKER", 50_000)
    link = {"pg_n": "2000", "pg_batch": "1", "pg_layers": "8,8,8,8,8,8", "pg_act": ",".join(["tanh"] * 6)}
    open_page(app, "pages/playground/page.py", pg_step="200000", pg_seed="7", **link)
    assert not app.exception
    config = pg.Config(n=2000, seed=7, batch=1, hidden=(8,) * 6, activations=("tanh",) * 6)
    limit = pg.max_step(pg.problem(config, config.make_data()))
    said = "\n".join(w.value for w in app.warning)
    assert (
        "pg_step in the link asks for more updates than a link reproduces for this network and data " in said
    )
    assert f"(up to {limit:,}: about 0.05 s of the server's work); showing step {limit:,}." in said
    assert app.session_state["pg_run"].step == limit and app.query_params["pg_step"] == str(limit)


def test_part_b_trains_at_most_what_its_cap_allows_and_says_so(app):
    open_page(app, "pages/recurrent/page.py", rnn_part="fixed point", fp_cap="5000", fp_steps="500")
    assert not app.exception
    most = rl.max_training_steps(5000)
    [said] = [i.value for i in app.info if "training here takes at most" in i.value]
    assert f"With an iteration cap of 5,000, training here takes at most {most:,} steps" in said
    assert f"showing {most:,}" in said
