"""Training a chosen subset of the parameters, and divergence by overflowed parameters."""

import numpy as np
import pytest

from backprop_core import ARTICLE, FLAT_INDEX, NETWORK, PARAMETERS, loss_over, train
from backprop_core.example import values_from_params

E = ARTICLE


def mask(*names):
    keep = np.zeros(len(PARAMETERS), dtype=bool)
    keep[[FLAT_INDEX[n] for n in names]] = True
    return keep


def run(lr, steps, **kw):
    return train(NETWORK, E.params, E.inputs, E.targets, lr, steps, **kw)


@pytest.mark.parametrize("names", [("w5", "w6"), ("w1", "b2"), ("b1", "b2"), ("w3",)])
@pytest.mark.parametrize("update_biases", [False, True])
def test_only_the_chosen_parameters_move_in_both_engines(names, update_biases):
    kw = {"trainable": mask(*names), "update_biases": update_biases, "record_every": 10}
    fast, slow = run(0.5, 300, **kw), run(np.array([0.5]), 300, engine="numpy", **kw)
    np.testing.assert_allclose(fast.loss, slow.loss[:, 0], rtol=1e-12)
    np.testing.assert_allclose(fast.final.flat(), slow.final.flat()[0], rtol=1e-12)  # run 0 of a batch of 1
    moved = {n for n, v in values_from_params(fast.final).items() if v != getattr(E, n)}
    expected = {n for n in names if update_biases or n.startswith("w")}
    assert moved == expected


def test_every_parameter_trainable_is_plain_training():
    everything = run(0.5, 200, trainable=np.ones(len(PARAMETERS), dtype=bool), update_biases=True)
    plain = run(0.5, 200, update_biases=True)
    np.testing.assert_array_equal(everything.loss, plain.loss)


def test_descent_on_two_parameters_stays_on_their_loss_surface():
    h = run(0.5, 1000, trainable=mask("w5", "w7"), record_every=50)
    named = values_from_params(h.params)
    np.testing.assert_allclose(loss_over(E, w5=named["w5"], w7=named["w7"]), h.loss, rtol=1e-12)
    assert np.all(np.diff(h.loss) < 0)  # a small enough step only goes downhill


def test_a_subset_cannot_be_combined_with_the_article_variant():
    with pytest.raises(ValueError, match="variant"):
        run(0.5, 10, trainable=mask("w5"), article_variant=True)


@pytest.mark.parametrize("lr", [1e200, np.array([0.5, 1e200])])
def test_overflowed_parameters_count_as_divergence(lr):
    """The article's variant squares the step (eta * eta * ...) in the hidden layer.

    From about eta = 1e156 that overflows w1..w4 to infinity on the first step while
    E_total stays finite (saturated sigmoids): still a divergence, at step 1.
    """
    h = run(lr, 50, article_variant=True)
    assert np.isfinite(h.loss).all()
    expected = 1 if np.ndim(lr) == 0 else [-1, 1]
    np.testing.assert_array_equal(h.diverged_at, expected)
    if np.ndim(lr):  # the healthy run is untouched by its neighbour's overflow
        np.testing.assert_allclose(h.final_loss[0], run(0.5, 50, article_variant=True).final_loss)


def test_the_described_method_never_overflows_on_the_article():
    # Its hidden update is linear in eta: even the largest float stays finite.
    for update_biases in (False, True):
        h = run(np.finfo(float).max, 200, update_biases=update_biases)
        assert int(h.diverged_at) == -1 and np.isfinite(h.final.flat()).all()
