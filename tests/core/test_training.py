"""Gradient descent: the compiled single-run trainer against the NumPy engine,
batched sweeps against single runs, and how divergence is reported."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import ARTICLE, MAX_STEPS, NETWORK, Network, compiled, train
from backprop_core.network import Params
from backprop_core.training import COMPILED_BATCH
from tests.core.test_network import example_for, networks

E = ARTICLE
LINEAR = Network((2, 2, 2), ("linear", "linear"))  # nothing saturates: a large lr overflows
DIVERGES_AT = 5  # LINEAR from the article's parameters with lr = 1e3 (pinned below)


def numpy_run(network, params, x, t, lr, steps, **kw):
    """The NumPy engine on one run: a one-element lr array skips the compiled trainer."""
    return train(network, params, x, t, np.array([lr]), steps, engine="numpy", **kw)


def one_run(h, i=None):
    """Loss, outputs, final flat parameters and diverged_at of run ``i`` (None: unbatched)."""
    if i is None:
        return h.loss, h.outputs, h.final.flat(), int(h.diverged_at)
    final = np.concatenate([a[i].ravel() for a in h.final.weights + h.final.biases])
    return h.loss[:, i], h.outputs[:, i], final, int(h.diverged_at[i])


def assert_same_run(a, b, rtol=1e-12):
    """Equal to ``rtol`` of each array's largest entry (a parameter that grew to 100
    carries rounding of that size into the small ones it feeds)."""
    *arrays_a, diverged_a = a
    *arrays_b, diverged_b = b
    for x, y in zip(arrays_a, arrays_b):
        scale = np.abs(y[np.isfinite(y)]).max(initial=0.0)  # a diverged run holds inf, nan
        np.testing.assert_allclose(x, y, rtol=rtol, atol=rtol * scale)
    assert diverged_a == diverged_b


@settings(max_examples=60, deadline=None)
@given(
    networks().filter(compiled.fits),
    st.integers(0, 2**32 - 1),
    st.floats(0.01, 1.0),
    st.booleans(),
    st.booleans(),
)
def test_compiled_trainer_matches_the_numpy_engine(network, seed, lr, update_biases, article_variant):
    # A few steps: a formula wrong anywhere shows at once, while over many steps some
    # ill-conditioned nets amplify last-bit differences (math.exp vs np.exp, matmul's
    # summation) to ~1e-9; in 5 steps they stay below 1e-10, typically 1e-16.
    params, x, t = example_for(network, seed)
    kw = {"update_biases": update_biases, "article_variant": article_variant, "record_every": 2}
    fast = train(network, params, x, t, lr, 5, **kw)
    slow = numpy_run(network, params, x, t, lr, 5, **kw)
    np.testing.assert_array_equal(fast.steps, slow.steps)
    assert_same_run(one_run(fast), one_run(slow, 0), rtol=1e-10)


@pytest.mark.parametrize("batched", [False, True])
def test_nan_parameters_are_divergence_in_both_engines(batched):
    # A relu used to map nan to 0 in the compiled trainer, hiding nan weights behind a finite loss.
    network = Network((1, 1), ("relu",))
    params = Params((np.array([[np.nan]]),), (np.array([0.0]),))
    h = (numpy_run if batched else train)(network, params, [1.0], [0.5], 0.1, 10)
    assert one_run(h, 0 if batched else None)[-1] == 0 and h.steps.size == 0


@pytest.mark.parametrize("update_biases", [False, True])
@pytest.mark.parametrize("article_variant", [False, True])
def test_compiled_trainer_on_the_article_with_per_neuron_biases(update_biases, article_variant):
    network = Network((2, 2, 2), ("sigmoid", "sigmoid"), shared_bias=False)
    params = Params(E.params.weights, (np.array([0.35, 0.3]), np.array([0.6, 0.65])))
    kw = {"update_biases": update_biases, "article_variant": article_variant}
    fast = train(network, params, E.inputs, E.targets, E.lr, 1000, **kw)
    slow = numpy_run(network, params, E.inputs, E.targets, E.lr, 1000, **kw)
    assert_same_run(one_run(fast), one_run(slow, 0))
    assert (fast.final.biases[0] != params.biases[0]).all() == update_biases


def test_a_batched_sweep_equals_separate_runs():
    lrs = np.array([0.05, 0.5, 2.0, 8.0])
    kw = {"update_biases": True, "record_every": 10}
    batch = train(NETWORK, E.params, E.inputs, E.targets, lrs, 200, engine="numpy", **kw)
    assert batch.loss.shape == (21, 4) and batch.final.weights[0].shape == (4, 2, 2)
    for i, lr in enumerate(lrs):
        alone = numpy_run(NETWORK, E.params, E.inputs, E.targets, lr, 200, **kw)
        assert_same_run(one_run(alone, 0), one_run(batch, i), rtol=0)  # the same arithmetic
        compiled_run = train(NETWORK, E.params, E.inputs, E.targets, lr, 200, **kw)
        assert_same_run(one_run(compiled_run), one_run(batch, i))


def test_a_divergent_run_in_a_sweep_is_reported_and_leaves_the_others_alone():
    lrs = np.array([0.1, 1e3, 0.01])
    batch = train(LINEAR, E.params, E.inputs, E.targets, lrs, 50, engine="numpy")
    np.testing.assert_array_equal(batch.diverged_at, [-1, DIVERGES_AT, -1])
    assert not np.isfinite(batch.loss[DIVERGES_AT, 1]) and np.isfinite(batch.loss[:DIVERGES_AT, 1]).all()
    for i in (0, 2):
        alone = train(LINEAR, E.params, E.inputs, E.targets, lrs[i], 50)
        assert_same_run(one_run(alone), one_run(batch, i))
    assert np.isfinite(batch.final_loss[[0, 2]]).all()


@pytest.mark.parametrize("batched", [False, True])
def test_a_single_divergent_run_stops_its_history_where_it_broke(batched):
    engine = numpy_run if batched else train
    h = engine(LINEAR, E.params, E.inputs, E.targets, 1e3, 100)
    loss, outputs, final, diverged_at = one_run(h, 0 if batched else None)
    assert diverged_at == DIVERGES_AT
    np.testing.assert_array_equal(h.steps, np.arange(DIVERGES_AT))  # loss[k] is before step k
    assert np.isfinite(loss).all() and loss[-1] > 1e200
    assert np.isfinite(final).all()  # frozen at the parameters whose loss overflowed


def test_sigmoid_network_survives_an_absurd_learning_rate():
    # Saturated sigmoids stop the gradient: even lr = 1e308 keeps the loss finite.
    h = train(NETWORK, E.params, E.inputs, E.targets, 1e308, 100, update_biases=True)
    assert int(h.diverged_at) == -1 and np.isfinite(h.loss).all()


@pytest.mark.parametrize("steps", [-1, MAX_STEPS + 1])
@pytest.mark.parametrize("lr", [0.5, np.array([0.5, 0.1])])
def test_steps_out_of_range_raise(steps, lr):
    with pytest.raises(ValueError, match="steps"):
        train(NETWORK, E.params, E.inputs, E.targets, lr, steps)


def test_zero_steps_records_only_the_start():
    for lr in (0.5, np.array([0.5])):
        h = train(NETWORK, E.params, E.inputs, E.targets, lr, 0)
        np.testing.assert_array_equal(h.steps, [0])
        assert float(np.ravel(h.loss[0])[0]) == pytest.approx(0.2983711087600027, rel=1e-15)


def assert_same_batch(a, b, rtol):
    """Two batched histories, row by row: steps, losses, outputs, trajectories, finals, divergence."""
    np.testing.assert_array_equal(a.steps, b.steps)
    np.testing.assert_array_equal(a.diverged_at, b.diverged_at)
    pairs = [(a.loss, b.loss), (a.outputs, b.outputs)]
    pairs += list(zip(a.params.weights + a.params.biases, b.params.weights + b.params.biases))
    pairs += list(zip(a.final.weights + a.final.biases, b.final.weights + b.final.biases))
    for x, y in pairs:
        assert x.shape == y.shape
        scale = np.abs(y[np.isfinite(y)]).max(initial=0.0)
        np.testing.assert_allclose(x, y, rtol=rtol, atol=rtol * scale, equal_nan=True)


BATCHES = {
    "a sweep": (NETWORK, [0.05, 0.5, 2.0, 8.0], {"update_biases": True, "record_every": 10}),
    "one run diverges": (LINEAR, [0.1, 1e3, 0.01], {}),
    "every run diverges": (LINEAR, [1e3, 1e4], {"record_every": 2}),
    "infinite weights, finite loss": (NETWORK, [0.5, 1e200], {"article_variant": True}),
    "a 2-D batch": (NETWORK, [[0.1, 0.2], [0.3, 0.4]], {"record_every": 7}),
    "a trainable subset": (NETWORK, [0.5, 5.0], {"trainable": np.arange(10) % 3 == 0}),
}


@pytest.mark.parametrize("case", BATCHES)
def test_a_small_batch_run_by_run_equals_the_numpy_batch(case):
    network, lrs, kw = BATCHES[case]
    fast = train(network, E.params, E.inputs, E.targets, np.array(lrs), 50, engine="compiled", **kw)
    slow = train(network, E.params, E.inputs, E.targets, np.array(lrs), 50, engine="numpy", **kw)
    assert_same_batch(fast, slow, rtol=1e-12)


@pytest.mark.parametrize("lrs", [[0.1, 0.5], [[0.1], [0.5]]])
def test_a_batch_whose_runs_diverge_at_once_is_empty_in_both_engines(lrs):
    network = Network((1, 1), ("relu",))
    params = Params((np.array([[np.nan]]),), (np.array([0.0]),))
    fast = train(network, params, [1.0], [0.5], np.array(lrs), 10, engine="compiled")
    slow = train(network, params, [1.0], [0.5], np.array(lrs), 10, engine="numpy")
    assert fast.steps.size == 0 and (fast.diverged_at == 0).all()
    assert_same_batch(fast, slow, rtol=0)


@settings(max_examples=30, deadline=None)
@given(
    networks().filter(compiled.fits),
    st.integers(0, 2**32 - 1),
    st.lists(st.floats(0.01, 1.0), min_size=1, max_size=4),
)
def test_the_engines_agree_on_random_batches(network, seed, lrs):
    params, x, t = example_for(network, seed)
    fast = train(network, params, x, t, np.array(lrs), 5, engine="compiled", record_every=2)
    slow = train(network, params, x, t, np.array(lrs), 5, engine="numpy", record_every=2)
    assert_same_batch(fast, slow, rtol=1e-9)  # a linear chain grown to 1e75 carries 3e-10 of rounding


def test_auto_takes_the_compiled_engine_for_a_small_batch_only():
    small = np.full(COMPILED_BATCH, 0.5)
    auto = train(NETWORK, E.params, E.inputs, E.targets, small, 20)
    assert_same_batch(auto, train(NETWORK, E.params, E.inputs, E.targets, small, 20, engine="compiled"), 0)
    large = np.full(COMPILED_BATCH + 1, 0.5)
    auto = train(NETWORK, E.params, E.inputs, E.targets, large, 20)
    assert_same_batch(auto, train(NETWORK, E.params, E.inputs, E.targets, large, 20, engine="numpy"), 0)


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine"):
        train(NETWORK, E.params, E.inputs, E.targets, 0.5, 10, engine="gpu")
