"""Slices of the loss landscape, descent paths by name, and long runs trained in pieces."""

import numpy as np
import pytest

from backprop_core import ARTICLE, NETWORK, solve, train
from backprop_core.chunked import join, pieces, record_every
from backprop_core.surface import descend, line, loss_over, surface

E = ARTICLE


def test_a_surface_is_centred_on_the_example_and_shaped_like_its_grid():
    s = surface(E, "w5", "b1", 2.0, 31)
    assert s.loss.shape == (31, 31)
    assert s.a[15] == pytest.approx(E.w5, abs=1e-15) and s.b[15] == pytest.approx(E.b1, abs=1e-15)
    assert s.loss[15, 15] == pytest.approx(solve(E).forward["E_total"], rel=1e-14)
    assert s.loss[3, 7] == pytest.approx(float(loss_over(E, w5=s.a[7], b1=s.b[3])), rel=1e-14)


def test_the_line_through_the_example_has_the_backprop_gradient_as_its_slope():
    a, loss = line(E, "w1", 1e-4, 3)
    slope = (loss[2] - loss[0]) / (a[2] - a[0])
    assert slope == pytest.approx(solve(E).gradients["w1"], rel=1e-6)


def test_descent_on_two_parameters_moves_only_them_and_stays_on_their_surface():
    path = descend(E, 500, only=("w6", "b2"), record_every=25)
    fixed = {n: v for n, v in path.values.items() if n not in ("w6", "b2")}
    assert all((v == getattr(E, n)).all() for n, v in fixed.items())
    on_surface = loss_over(E, w6=path.values["w6"], b2=path.values["b2"])
    np.testing.assert_allclose(path.loss, on_surface, rtol=1e-12)


def test_full_descent_is_plain_training():
    path = descend(E, 300, update_biases=True, record_every=10)
    h = train(NETWORK, E.params, E.inputs, E.targets, E.lr, 300, update_biases=True, record_every=10)
    np.testing.assert_array_equal(path.loss, h.loss)
    assert path.values["b1"][-1] != E.b1


@pytest.mark.parametrize("steps, size", [(0, 100), (7, 100), (1000, 300), (12_345, 1000)])
def test_a_run_in_pieces_equals_one_run(steps, size):
    every = record_every(steps, 400)
    parts, params = [], E.params
    plan = pieces(steps, every, size)
    for _, n in plan:
        parts.append(train(NETWORK, params, E.inputs, E.targets, 0.5, n, record_every=every))
        params = parts[-1].final
    joined = join(parts, [start for start, _ in plan])
    whole = train(NETWORK, E.params, E.inputs, E.targets, 0.5, steps, record_every=every)
    np.testing.assert_array_equal(joined.steps, whole.steps)
    np.testing.assert_allclose(joined.loss, whole.loss, rtol=1e-9)
    np.testing.assert_allclose(joined.params.weights[0], whole.params.weights[0], rtol=1e-9)
    assert len(whole.steps) <= 401 and int(joined.diverged_at) == -1


def test_joined_pieces_report_divergence_at_the_absolute_step():
    calm = train(NETWORK, E.params, E.inputs, E.targets, 0.5, 3, article_variant=True)
    wild = train(NETWORK, calm.final, E.inputs, E.targets, 1e200, 3, article_variant=True)
    assert int(wild.diverged_at) == 1  # the overflowed weights of its first step
    assert int(join([calm, wild], [0, 3]).diverged_at) == 3 + 1
