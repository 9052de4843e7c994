"""The vectorised lesson: every matrix against plain loops written here, the gradients against
finite differences, and the m = 1 squared-error case against the worked example's published values."""

import inspect
import math
import string

import numpy as np
import pytest

from backprop_core import network
from backprop_core.example import ARTICLE
from pages.vectorised import maths as v
from pages.vectorised.maths import Batch
from tests.core.test_article import FORWARD, GRADIENTS, UPDATED, matches_print

G = {  # the hidden activation and its derivative, by hand
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2),
    "relu": (lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0),
}


def by_loops(X, Y, W1, b1, W2, b2, g: str, lr: float) -> dict:
    """One hidden layer, a sigmoid output and binary cross-entropy, one number at a time."""
    fn, der = G[g]
    n, m = len(X), len(X[0])
    h = len(W1)
    sig = G["sigmoid"][0]
    Z1 = [[sum(W1[i][k] * X[k][s] for k in range(n)) + b1[i][0] for s in range(m)] for i in range(h)]
    A1 = [[fn(Z1[i][s]) for s in range(m)] for i in range(h)]
    Z2 = [[sum(W2[0][i] * A1[i][s] for i in range(h)) + b2[0][0] for s in range(m)]]
    A2 = [[sig(Z2[0][s]) for s in range(m)]]
    L = [[-(Y[0][s] * math.log(A2[0][s]) + (1 - Y[0][s]) * math.log(1 - A2[0][s])) for s in range(m)]]
    J = sum(L[0]) / m
    dZ2 = [[A2[0][s] - Y[0][s] for s in range(m)]]
    dW2 = [[sum(dZ2[0][s] * A1[i][s] for s in range(m)) / m for i in range(h)]]
    db2 = [[sum(dZ2[0]) / m]]
    dA1 = [[W2[0][i] * dZ2[0][s] for s in range(m)] for i in range(h)]
    gZ1 = [[der(Z1[i][s]) for s in range(m)] for i in range(h)]
    dZ1 = [[dA1[i][s] * gZ1[i][s] for s in range(m)] for i in range(h)]
    dW1 = [[sum(dZ1[i][s] * X[k][s] for s in range(m)) / m for k in range(n)] for i in range(h)]
    db1 = [[sum(dZ1[i]) / m] for i in range(h)]
    new = {
        f"{p}+": [[a - lr * d for a, d in zip(row, drow)] for row, drow in zip(P, D)]
        for p, P, D in (("W1", W1, dW1), ("b1", b1, db1), ("W2", W2, dW2), ("b2", b2, db2))
    }
    return (
        dict(
            Z1=Z1,
            A1=A1,
            Z2=Z2,
            A2=A2,
            L=L,
            J=J,
            dZ2=dZ2,
            dW2=dW2,
            db2=db2,
            dA1=dA1,
            gZ1=gZ1,
            dZ1=dZ1,
            dW1=dW1,
            db1=db1,
        )
        | new
    )


BATCHES = [
    Batch(),
    Batch(activation="sigmoid", seed=3),
    Batch(activation="relu", n_in=2, hidden=5, m=5, seed=7, lr=0.1),
    Batch(n_in=1, hidden=1, m=1, seed=11),
    Batch(cells=(("X", 0, 1, 2.5), ("Y", 0, 0, 1.0), ("W1", 3, 2, -1.25), ("b2", 0, 0, 0.75))),
]


@pytest.mark.parametrize("batch", BATCHES)
def test_every_matrix_equals_plain_loops(batch):
    lesson = v.lesson(batch)
    given = {k: lesson[k].tolist() for k in v.EDITABLE}
    expected = by_loops(*(given[k] for k in ("X", "Y", "W1", "b1", "W2", "b2")), batch.activation, batch.lr)
    for name, value in expected.items():
        np.testing.assert_allclose(lesson[name], value, rtol=1e-12, atol=1e-14, err_msg=name)
    assert set(expected) | set(v.EDITABLE) == set(v.MATRICES)  # nothing left unchecked


@pytest.mark.parametrize("batch", BATCHES)
def test_every_shape_is_the_one_the_lesson_states(batch):
    lesson = v.lesson(batch)
    letters = {"n": batch.n_in, "h": batch.hidden, "m": batch.m, "1": 1}
    for name in v.MATRICES:
        dims = tuple(letters[d] for d in v.matrix(name).dims)
        assert lesson[name].shape == (dims if name != "J" else ()), name


def test_the_batch_is_seeded_and_the_cells_are_written_in():
    a, b = v.lesson(Batch(seed=5)), v.lesson(Batch(seed=5))
    for name in v.MATRICES:
        np.testing.assert_array_equal(a[name], b[name])
    assert not np.array_equal(v.lesson(Batch(seed=6))["X"], a["X"])
    assert set(np.unique(a["Y"])) <= {0.0, 1.0}
    edited = v.lesson(v.with_cell(Batch(seed=5), "W2", 0, 3, 1.5))
    assert edited["W2"][0, 3] == 1.5 and edited["X"].tolist() == a["X"].tolist()
    twice = v.with_cell(v.with_cell(Batch(), "X", 0, 0, 1.0), "X", 0, 0, 2.0)
    assert twice.cells == (("X", 0, 0, 2.0),)  # a cell edited again is replaced, not stacked


@pytest.mark.parametrize(
    "cell, words",
    [
        (("Z1", 0, 0, 1.0), "not editable"),
        (("X", 3, 0, 1.0), "outside"),
        (("W1", 0, -1, 1.0), "outside"),
        (("Y", 0, 0, 0.5), "0 or 1"),
        (("b1", 0, 0, 11.0), "between"),
        (("X", 0, 0, float("nan")), "number"),
    ],
)
def test_bad_cells_are_named(cell, words):
    assert words in v.cell_problem(Batch(), *cell)
    with pytest.raises(ValueError, match=words):
        Batch(cells=(cell,))


BAD = [dict(n_in=0), dict(n_in=5), dict(hidden=6), dict(m=9), dict(activation="softmax"), dict(lr=0)]


@pytest.mark.parametrize("bad", BAD)
def test_sizes_and_settings_outside_the_limits_are_refused(bad):
    with pytest.raises(ValueError):
        Batch(**bad)


def cost_by_loops(batch: Batch, name: str, i: int, j: int, shift: float) -> float:
    lesson = v.lesson(batch)
    given = {k: lesson[k].tolist() for k in v.EDITABLE}
    given[name][i][j] += shift
    return by_loops(*(given[k] for k in ("X", "Y", "W1", "b1", "W2", "b2")), batch.activation, 0.1)["J"]


@pytest.mark.parametrize("batch", BATCHES[:3])
def test_gradients_agree_with_finite_differences_of_the_loops(batch):
    lesson, h = v.lesson(batch), 1e-6
    for name in ("W1", "b1", "W2", "b2"):
        for (i, j), grad in np.ndenumerate(lesson["d" + name]):
            fd = (cost_by_loops(batch, name, i, j, h) - cost_by_loops(batch, name, i, j, -h)) / (2 * h)
            assert grad == pytest.approx(fd, rel=1e-5, abs=1e-9), f"d{name}[{i},{j}]"


def test_the_pages_gradient_check_covers_every_weight_and_agrees():
    batch = Batch()
    checks = v.gradient_check(v.lesson(batch))
    assert len(checks) == batch.hidden * batch.n_in + batch.hidden  # every entry of dW1 and dW2
    assert checks[0].entry == "dW1[0,0]" and checks[-1].entry == f"dW2[0,{batch.hidden - 1}]"
    assert max(c.relative for c in checks) < 1e-6


def test_m1_with_squared_error_holds_the_worked_examples_named_values():
    rows = {r.lesson_name: r for r in v.worked_example(ARTICLE)}
    for r in rows.values():
        assert r.matrix_value == pytest.approx(r.named_value, rel=1e-15, abs=1e-15), r.lesson_name
    # and the article's own printed figures, read from the matrices
    for name, printed in FORWARD.items():
        if name in rows:
            assert matches_print(rows[name].matrix_value, printed), name
    for name, printed in GRADIENTS.items():
        assert matches_print(rows[f"dE_d{name}"].matrix_value, printed)
    for name, printed in UPDATED.items():
        assert matches_print(rows[f"{name}_new"].matrix_value, printed)
    assert rows["w5"].entry == "W2[0,0]" and rows["net_o1"].entry == "Z2[0,0]"
    assert rows["x2"].entry == "X[1,0]" and rows["E_total"].entry == "J"


def test_each_code_line_is_the_cores_own_and_is_found_once():
    source = "".join(inspect.getsource(f) for f in (network.forward, network.backward, network.update))
    for name in v.MATRICES:
        m = v.matrix(name)
        assert (m.code == "") == (name in v.EDITABLE)
        for line in m.code.splitlines():
            assert line in source, name


def test_every_stage_names_known_matrices_and_every_number_template_too():
    shown = [name for stage in v.STAGES for name in stage.matrices]
    assert len(shown) == len(set(shown)) and set(shown) == set(v.MATRICES)
    lesson = v.lesson(Batch())
    for name in v.MATRICES:
        for word in string.Template(v.matrix(name).numbers).get_identifiers():
            assert word in lesson.values, (name, word)
