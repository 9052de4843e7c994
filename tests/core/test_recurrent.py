"""Recurrent backpropagation, checked against independent computations.

BPTT against central finite differences of the forward pass and against a plain loop written
here; the fixed-point gradient against finite differences (perturb W, relax again) and against
BPTT through the relaxation's iterations; non-convergence said, never a silent NaN.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from backprop_core import cli
from backprop_core.recurrent import (
    MAX_T,
    PARAMS,
    RNN,
    Task,
    bptt,
    clip,
    contribution_by_length,
    dependence,
    fixed_point,
    numeric_fixed_point_gradient,
    parse_matrix,
    parse_vector,
    relax,
    spectral_radius,
    train_fixed_point,
    train_rnn,
    unroll,
    unrolled_gradient,
)

ROOT = Path(__file__).parents[2]
EPS = 1e-6


def loss_at(rnn: RNN, xs, targets, loss: str) -> float:
    """The loss by a plain loop over steps and sequences, nothing shared with the core."""
    xs, targets = np.atleast_2d(np.asarray(xs, float).T).T, np.atleast_2d(np.asarray(targets, float).T).T
    T, n = xs.shape
    total = 0.0
    for s in range(n):
        h = 0.0
        for t in range(T):
            h = np.tanh(rnn.w * h + rnn.u * xs[t, s] + rnn.b)
            if loss == "sum" or t == T - 1:
                total += 0.5 * (rnn.v * h + rnn.c - targets[t, s]) ** 2
    return total / n


def finite_differences(rnn: RNN, xs, targets, loss: str) -> np.ndarray:
    p = rnn.vector()
    step = np.eye(len(p)) * EPS
    return np.array(
        [
            (
                loss_at(RNN.from_vector(p + e), xs, targets, loss)
                - loss_at(RNN.from_vector(p - e), xs, targets, loss)
            )
            / (2 * EPS)
            for e in step
        ]
    )


def random_rnn(rng) -> RNN:
    return RNN.from_vector(rng.uniform(-1.5, 1.5, 5))


# --- Part A -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("T", [1, 2, 7, 20])
@pytest.mark.parametrize("loss", ["last", "sum"])
@pytest.mark.parametrize("task", ["remember", "sine"])
def test_bptt_matches_central_finite_differences(seed, T, loss, task):
    rng = np.random.default_rng(seed)
    rnn = random_rnn(rng)
    xs, targets = Task(task, T, seed, sequences=3).data()
    run = unroll(rnn, xs, targets, loss)
    assert run.loss == pytest.approx(loss_at(rnn, xs, targets, loss), rel=1e-13)
    grad = bptt(rnn, run).grad.vector()
    np.testing.assert_allclose(grad, finite_differences(rnn, xs, targets, loss), rtol=1e-6, atol=1e-9)


def test_the_issues_command_line_example_by_hand():
    """h_t = tanh(0.9 h_(t−1) + x_t), x = 1,0,0,0,0, target 1 at the last step."""
    rnn = RNN(w=0.9, u=1.0, b=0.0, v=1.0, c=0.0)
    run = unroll(rnn, [1, 0, 0, 0, 0], [1] * 5)
    h = [0.0]
    for x in [1, 0, 0, 0, 0]:
        h.append(np.tanh(0.9 * h[-1] + x))
    np.testing.assert_allclose(run.h[:, 0], h, rtol=1e-15)
    assert run.loss == pytest.approx(0.5 * (h[-1] - 1) ** 2, rel=1e-15)
    g = bptt(rnn, run)
    assert g.grad.c == pytest.approx(h[-1] - 1) and g.grad.v == pytest.approx((h[-1] - 1) * h[-1])
    # Each factor as the issue writes it, and the chain written out by hand.
    for t in range(1, 5):
        assert g.dh_next_dh[t - 1, 0] == pytest.approx(0.9 * (1 - h[t + 1] ** 2), rel=1e-15)
    dh = h[-1] - 1
    for t in range(5, 0, -1):
        assert g.dL_dh[t - 1, 0] == pytest.approx(dh, rel=1e-14)
        dh *= 0.9 * (1 - h[t] ** 2)
    # ∂L/∂w is the sum of every step's term, each ∂L/∂net_t · h_(t−1).
    assert g.grad.w == pytest.approx(sum(g.contributions), rel=1e-15)
    assert g.contributions[0] == 0.0  # h_0 = 0: the first step adds nothing to ∂L/∂w


def truncated_by_hand(rnn: RNN, xs, targets, loss: str, k: int) -> np.ndarray:
    """Every error sent back through at most k steps: one loop per error, written plainly."""
    T = len(xs)
    h = [0.0]
    for x in xs:
        h.append(np.tanh(rnn.w * h[-1] + rnn.u * x + rnn.b))
    g = dict.fromkeys(PARAMS, 0.0)
    for s in range(1, T + 1):
        if loss == "last" and s != T:
            continue
        e = rnn.v * h[s] + rnn.c - targets[s - 1]
        g["v"] += e * h[s]
        g["c"] += e
        back = e * rnn.v
        for t in range(s, max(s - k, 0), -1):
            dnet = back * (1 - h[t] ** 2)
            g["w"] += dnet * h[t - 1]
            g["u"] += dnet * xs[t - 1]
            g["b"] += dnet
            back = dnet * rnn.w
    return np.array([g[p] for p in PARAMS])


@pytest.mark.parametrize("loss", ["last", "sum"])
@pytest.mark.parametrize("k", [1, 2, 5, 11, 12, 40])
def test_truncation_sends_each_error_back_k_steps(loss, k):
    rnn = RNN(w=1.2, u=0.8, b=-0.1, v=1.1, c=0.05)
    xs, targets = Task("sine", 12, seed=4).data()
    got = bptt(rnn, unroll(rnn, xs, targets, loss), truncate=k).grad.vector()
    np.testing.assert_allclose(got, truncated_by_hand(rnn, xs[:, 0], targets[:, 0], loss, k), rtol=1e-12)


def test_truncation_at_T_or_more_is_the_full_gradient_and_at_one_step_only_the_local_term():
    rnn = RNN(w=0.7, u=1.0, b=0.2, v=-0.5, c=0.1)
    xs, targets = Task("remember", 9, seed=1, sequences=4).data()
    run = unroll(rnn, xs, targets, "sum")
    full = bptt(rnn, run).grad.vector()
    np.testing.assert_allclose(bptt(rnn, run, truncate=9).grad.vector(), full)
    np.testing.assert_allclose(bptt(rnn, run, truncate=100).grad.vector(), full)
    one = bptt(rnn, run, truncate=1)
    np.testing.assert_allclose(one.dL_dh, one.local)
    last = bptt(rnn, unroll(rnn, xs, targets, "last"), truncate=3)
    assert np.all(last.contributions[:-3] == 0) and np.all(last.contributions[-3:] != 0)


def test_clipping_scales_the_gradient_to_the_limit_and_keeps_its_direction():
    g = RNN(w=3.0, u=4.0, b=0.0, v=0.0, c=0.0)
    clipped, was = clip(g, 1.0)
    assert was and np.linalg.norm(clipped.vector()) == pytest.approx(1.0)
    np.testing.assert_allclose(clipped.vector(), g.vector() / 5)
    assert clip(g, 10.0) == (g, False) and clip(g, None) == (g, False)


def test_dependence_is_the_derivative_of_the_last_state_on_an_earlier_one():
    """∂h_T/∂h_(T−k) by finite differences: restart the recurrence from a nudged h_(T−k)."""
    rnn = RNN(w=1.4, u=0.9, b=0.1)
    xs = Task("sine", 10, seed=2).data()[0][:, 0]
    h = [0.0]
    for x in xs:
        h.append(np.tanh(rnn.w * h[-1] + rnn.u * x + rnn.b))

    def last_from(k, nudge):
        state = h[10 - k] + nudge
        for x in xs[10 - k :]:
            state = np.tanh(rnn.w * state + rnn.u * x + rnn.b)
        return state

    got = dependence(rnn, xs)
    assert got[0] == 1.0 and len(got) == 11
    for k in range(1, 11):
        fd = (last_from(k, EPS) - last_from(k, -EPS)) / (2 * EPS)
        assert got[k] == pytest.approx(fd, rel=1e-6, abs=1e-10)


def test_small_w_vanishes_and_large_w_with_small_states_explodes():
    zeros = np.zeros(30)
    assert dependence(RNN(w=0.5, u=0.0), zeros)[-1] == pytest.approx(0.5**30)  # h stays 0: g′ = 1
    assert dependence(RNN(w=1.5, u=0.0), zeros)[-1] == pytest.approx(1.5**30)


def test_early_steps_contribution_fades_as_T_grows():
    task = Task("remember", 30, seed=0)
    terms, total = contribution_by_length(RNN(w=0.5), task, "last")
    assert terms.shape == (30, 30) and np.all(np.isfinite(terms)) and np.all(np.triu(terms, 1) == 0)
    xs, targets = task.data()
    for T in (1, 5, 30):  # each row is that length's own BPTT
        run = unroll(RNN(w=0.5), xs[:T], targets[:T])
        np.testing.assert_array_equal(terms[T - 1, :T], bptt(RNN(w=0.5), run).contributions)
        assert total[T - 1] == pytest.approx(terms[T - 1].sum())
    assert abs(terms[-1, 1]) < 1e-6 * abs(terms[1, 1])  # step 2's term shrinks about like 0.5^T
    cut, _ = contribution_by_length(RNN(w=0.5), task, "last", truncate=3)
    assert np.all(cut[-1, :-3] == 0) and np.all(cut[-1, -3:] == terms[-1, -3:])


def test_tasks_are_seeded_and_mean_what_they_say():
    xs, targets = Task("remember", 6, seed=3, sequences=5).data()
    again, _ = Task("remember", 6, seed=3, sequences=5).data()
    np.testing.assert_array_equal(xs, again)
    np.testing.assert_array_equal(targets[-1], xs[0])  # output the first input after T steps
    longer, _ = Task("remember", MAX_T, seed=3, sequences=5).data()
    np.testing.assert_array_equal(longer[:6], xs)  # a longer T only adds steps
    xs, targets = Task("sine", 20, seed=1, noise=0.0).data()
    np.testing.assert_allclose(targets[:-1], xs[1:])  # predict the next value
    with pytest.raises(ValueError, match="T must be"):
        Task(T=MAX_T + 1).data()


def test_training_lowers_the_loss_and_short_sequences_learn_faster():
    start = RNN(w=0.5, u=1.0, b=0.0, v=1.0, c=0.0)
    short = train_rnn(start, Task("remember", 4, sequences=32), lr=0.5, steps=300)
    long = train_rnn(start, Task("remember", 30, sequences=32), lr=0.5, steps=300)
    assert short.losses[-1] < 0.5 * short.losses[0]
    assert short.losses[-1] / short.losses[0] < long.losses[-1] / long.losses[0]
    assert short.diverged_at is None and len(short.losses) == 301 and short.params.shape == (301, 5)
    # The first step is exactly one gradient step.
    xs, targets = Task("remember", 4, sequences=32).data()
    g = bptt(start, unroll(start, xs, targets)).grad
    np.testing.assert_allclose(short.params[1], start.vector() - 0.5 * g.vector())


def test_clipped_training_never_steps_further_than_the_limit():
    h = train_rnn(
        RNN(w=2.5, v=3.0), Task("sine", 20, sequences=8), lr=0.5, steps=50, loss="sum", max_norm=0.1
    )
    steps = np.linalg.norm(np.diff(h.params, axis=0), axis=1)
    assert np.all(steps <= 0.5 * 0.1 + 1e-12) and h.clipped.any()


# --- Part B -----------------------------------------------------------------------------

W2 = [[0.1, -0.2], [0.3, 0.1]]
I2, T2 = [0.5, -0.5], [0.8, 0.2]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def settled(W, I, f="sigmoid"):
    r = relax(W, I, f, tol=1e-14, cap=10_000)
    assert r.converged
    return r.x


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("f", ["sigmoid", "tanh"])
def test_fixed_point_gradient_matches_finite_differences(seed, f):
    rng = np.random.default_rng(seed)
    n = 2 + seed % 4
    W = rng.normal(0, 0.6, (n, n))
    I, target = rng.normal(0, 1, n), rng.uniform(0.1, 0.9, n)
    fp = fixed_point(W, I, target, f, tol=1e-14, cap=10_000)
    assert fp.converged and fp.spectral_radius < 1
    fn = np.tanh if f == "tanh" else sigmoid
    np.testing.assert_allclose(fp.forward.x, fn(W @ fp.forward.x + I), atol=1e-13)  # a fixed point
    numeric = np.zeros_like(W)
    for i in range(n):
        for j in range(n):
            d = np.zeros_like(W)
            d[i, j] = EPS
            up, down = settled(W + d, I, f), settled(W - d, I, f)
            numeric[i, j] = (0.5 * np.sum((up - target) ** 2) - 0.5 * np.sum((down - target) ** 2)) / (
                2 * EPS
            )
    np.testing.assert_allclose(fp.grad_W, numeric, rtol=1e-5, atol=1e-9)


def test_fixed_point_gradient_is_bptt_run_to_convergence():
    fp = fixed_point(W2, I2, T2, tol=1e-15, cap=10_000)
    few = unrolled_gradient(W2, I2, T2, 3)[1]
    many = unrolled_gradient(W2, I2, T2, 60)[1]
    np.testing.assert_allclose(many, fp.grad_W, rtol=1e-12, atol=1e-15)
    assert np.max(np.abs(few - fp.grad_W)) > 1e-6  # it is the limit, not the same at every length


def test_the_cores_own_finite_differences_agree_too():
    fp = fixed_point(W2, I2, T2, tol=1e-14)
    np.testing.assert_allclose(numeric_fixed_point_gradient(W2, I2, T2), fp.grad_W, rtol=1e-6, atol=1e-10)
    with pytest.raises(ValueError, match="did not settle"):
        numeric_fixed_point_gradient([[-20.0, 0.0], [0.0, -20.0]], [10.0, 10.0], T2, cap=100)


def test_step_losses_add_up_to_the_loss():
    xs, targets = Task("sine", 7, sequences=3).data()
    for loss in ("last", "sum"):
        run = unroll(RNN(), xs, targets, loss)
        assert run.step_losses.sum() == pytest.approx(loss_at(RNN(), xs, targets, loss), rel=1e-14)


def test_unrolled_gradient_matches_finite_differences_of_the_unrolled_loss():
    W = np.array(W2)

    def unrolled_loss(W):
        x = np.zeros(2)
        for _ in range(5):
            x = sigmoid(W @ x + I2)
        return 0.5 * np.sum((x - T2) ** 2)

    grad = unrolled_gradient(W, I2, T2, 5)[1]
    for i, j in np.ndindex(2, 2):
        d = np.zeros((2, 2))
        d[i, j] = EPS
        assert grad[i, j] == pytest.approx(
            (unrolled_loss(W + d) - unrolled_loss(W - d)) / (2 * EPS), rel=1e-6
        )


def test_the_issues_fixed_point_example_by_hand():
    x = np.zeros(2)
    for _ in range(200):
        x = sigmoid(np.array(W2) @ x + I2)
    fp = fixed_point(W2, I2, T2)
    np.testing.assert_allclose(fp.forward.x, x, atol=1e-10)
    assert fp.loss == pytest.approx(0.5 * np.sum((x - T2) ** 2), rel=1e-9)
    # The adjoint by a direct solve: y = (I − Wᵀ·diag(f′))⁻¹ (x − target).
    slope = x * (1 - x)
    y = np.linalg.solve(np.eye(2) - np.array(W2).T * slope, x - T2)
    np.testing.assert_allclose(fp.adjoint.x, y, atol=1e-10)
    np.testing.assert_allclose(fp.grad_W, np.outer(slope * y, x), atol=1e-10)
    assert np.all(np.diff(np.log(fp.forward.changes)) < 0)  # a contraction: every change smaller


def test_spectral_radius_of_a_2x2_by_its_characteristic_polynomial():
    W, slope = np.array([[0.4, -1.3], [0.9, 0.2]]), np.array([0.25, 0.16])
    A = slope[:, None] * W
    tr, det = np.trace(A), np.linalg.det(A)
    roots = np.roots([1, -tr, det])
    assert spectral_radius(W, slope) == pytest.approx(max(abs(roots)))


def test_a_relaxation_that_does_not_settle_says_so_with_finite_numbers():
    # x ← σ(−20 x + 10): the fixed point 0.5 is unstable (slope −5), the iterates flip between 0 and 1.
    fp = fixed_point([[-20.0, 0.0], [0.0, -20.0]], [10.0, 10.0], [0.8, 0.2], cap=300)
    assert not fp.converged and not fp.forward.converged
    assert fp.forward.iterations == 300 and fp.forward.changes[-1] > 1
    for a in (fp.forward.history, fp.forward.changes, fp.grad_W, fp.grad_I, [fp.loss, fp.spectral_radius]):
        assert np.all(np.isfinite(a))
    h = train_fixed_point([[-20.0, 0.0], [0.0, -20.0]], [10.0, 10.0], [0.8, 0.2], lr=1.0, steps=5, cap=300)
    assert h.stopped_at == 0 and len(h.losses) == 1


def test_a_diverging_relaxation_stops_before_overflowing():
    r = relax([[1.5, 0.0], [0.0, 1.5]], [1.0, 1.0], f="linear", cap=100_000)
    assert r.blew_up and not r.converged and np.all(np.isfinite(r.history))
    assert r.iterations < 1000


def test_training_moves_the_fixed_point_toward_the_target():
    h = train_fixed_point(W2, I2, T2, lr=2.0, steps=100)
    assert h.stopped_at is None and len(h.losses) == 101
    assert h.losses[-1] < 1e-3 * h.losses[0]
    fp = fixed_point(W2, I2, T2)
    np.testing.assert_allclose(h.weights[1], np.array(W2) - 2.0 * fp.grad_W)


def test_bad_shapes_and_text_are_refused_clearly():
    with pytest.raises(ValueError, match="square"):
        fixed_point([[1.0, 2.0]], [1.0], [1.0])
    with pytest.raises(ValueError, match="I must have 2"):
        fixed_point(W2, [1.0], T2)
    with pytest.raises(ValueError, match="finite"):
        fixed_point(W2, [np.nan, 1.0], T2)
    with pytest.raises(ValueError, match="not a number"):
        parse_vector("1, two")
    with pytest.raises(ValueError, match="not a finite"):
        parse_vector("1, inf")
    with pytest.raises(ValueError, match="same number"):
        parse_matrix("1,2;3")
    np.testing.assert_array_equal(parse_matrix(" -0.5, 0.1 ; 0.2,0.3"), [[-0.5, 0.1], [0.2, 0.3]])
    with pytest.raises(ValueError, match="targets have shape"):
        unroll(RNN(), [1.0, 0.0], [1.0])


# --- The command line -------------------------------------------------------------------


def run_main(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_bptt_on_the_command_line(capsys):
    argv = ("bptt", "--w", "0.9", "--u", "1.0", "--b", "0", "--v", "1.0", "--c", "0")
    code, out, _ = run_main(capsys, *argv, "--xs", "1,0,0,0,0", "--target", "1", "--json")
    data = json.loads(out)
    assert code == 0 and {"h", "y", "loss", "grad"} <= set(data) and list(data["grad"]) == list(PARAMS)
    xs = [1, 0, 0, 0, 0]
    h = [0.0]
    for x in xs:
        h.append(np.tanh(0.9 * h[-1] + x))
    np.testing.assert_allclose(data["h"], h[1:], rtol=1e-15)
    assert data["loss"] == pytest.approx(loss_at(RNN(), xs, [1] * 5, "last"), rel=1e-15)
    np.testing.assert_allclose(
        list(data["grad"].values()), finite_differences(RNN(), xs, [1] * 5, "last"), rtol=1e-7
    )
    code, out, _ = run_main(
        capsys, "bptt", "--w=-1.5", "--xs", "0.5,-1,0.25", "--target", "1,0,-1", "--loss", "sum"
    )
    assert code == 0 and "∂L/∂w" in out


def test_fixed_point_on_the_command_line_in_a_subprocess():
    args = ["fixed-point", "--W", "0.1,-0.2;0.3,0.1", "--I", "0.5,-0.5", "--target", "0.8,0.2", "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "backprop_core", *args], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {"x", "iterations", "loss", "grad_W", "converged"} <= set(data) and data["converged"] is True
    x = np.zeros(2)
    for _ in range(200):
        x = sigmoid(np.array(W2) @ x + I2)
    np.testing.assert_allclose(data["x"], x, atol=1e-10)
    assert np.array(data["grad_W"]).shape == (2, 2)
    np.testing.assert_allclose(data["grad_W"], data["bptt_grad_W"], atol=1e-10)


def test_negative_matrices_in_the_equals_form_and_non_convergence(capsys):
    code, out, _ = run_main(
        capsys, "fixed-point", "--W=-0.5,0.1;0.2,0.3", "--I=-1,1", "--target", "0.5,0.5", "--json"
    )
    assert code == 0 and json.loads(out)["converged"] is True
    code, out, _ = run_main(capsys, "fixed-point", "--W=-20,0;0,-20", "--I", "10,10", "--cap", "50", "--json")
    data = json.loads(out)
    assert code == 0 and data["converged"] is False and data["iterations"] == 50 and data["grad_W"] is None
    code, out, _ = run_main(capsys, "fixed-point", "--W=-20,0;0,-20", "--I", "10,10", "--cap", "50")
    assert "did NOT settle within 50 iterations" in out
    assert "x* = [0.5, 0.5]" in out and "there = 5 (unstable" in out  # Newton's, checked in the core's test


def test_the_fixed_point_status_says_which_relaxation_settled_and_which_did_not(capsys):
    """tanh, W = 2I, I = 0: x = 0 at once (one iteration), but the error's relaxation y <- 2y + e grows:
    the status names both, never "settled" alone beside converged: false."""
    argv = ("fixed-point", "--W", "2,0;0,2", "--I", "0,0", "--target", "0.5,0.5", "--f", "tanh")
    code, out, _ = run_main(capsys, *argv, "--json")
    data = json.loads(out)
    assert code == 0 and data["forward_converged"] and data["iterations"] == 1
    assert not data["converged"] and not data["adjoint_converged"] and data["adjoint_blew_up"]
    y, steps = np.zeros(2), 0  # by hand: the adjoint doubles each step until it passes 1e100
    while np.abs(2 * y - 0.5).max() <= 1e100:
        y, steps = 2 * y - 0.5, steps + 1
    assert data["adjoint_iterations"] == steps
    said = (
        "the relaxation of x settled after 1 iteration; the error's (y) grew without bound "
        f"(stopped after {steps} iterations): no gradient"
    )
    assert data["status"] == said
    code, out, _ = run_main(capsys, *argv)
    assert out.splitlines()[0] == f"Status: {said}"
    code, out, _ = run_main(capsys, "fixed-point", "--W", "0.1,-0.2;0.3,0.1", "--I", "0.5,-0.5", "--json")
    data = json.loads(out)
    assert data["converged"] and data["status"] == (
        f"the relaxation of x settled after {data['iterations']} iterations, "
        f"the error's (y) after {data['adjoint_iterations']} iterations: gradient found"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("fixed-point", "--W", "0.1,0.2;0.3", "--I", "1,1", "--target", "1,1"),  # ragged rows
        ("fixed-point", "--W", "0.1,0.2;0.3,0.1", "--I", "1", "--target", "1,1"),  # I too short
        ("fixed-point", "--W", "0.1,0.2;0.3,0.1", "--I", "1,1", "--target", "1,1,1"),
        ("fixed-point", "--W", "a,b;c,d"),
        ("fixed-point", "--I", "nan,1"),
        ("fixed-point", "--cap", "0"),
        ("bptt", "--xs", "1,x"),
        ("bptt", "--w", "nan"),
        ("bptt", "--xs", "1,0,0", "--target", "1,0"),
        ("bptt", "--target", "1,0,0,0,0"),  # the last step's loss has one target
        ("bptt", "--truncate", "0"),
    ],
)
def test_bad_input_gets_one_line_and_exit_status_2(capsys, argv):
    try:
        code = cli.main(list(argv))
    except SystemExit as e:  # argparse's own errors
        code = e.code
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_newton_finds_the_unstable_fixed_point_relaxing_swings_around():
    """W = −20 I, I = 10: relaxing from 0 swings between about 0 and 1, never settling; Newton's method
    from the middle of the swing finds x* = 0.5 (σ(0) = 0.5), where diag(σ′)·W has spectral radius 5."""
    from backprop_core.recurrent import newton_fixed_point, radius_at

    W, I = np.array([[-20.0, 0.0], [0.0, -20.0]]), np.array([10.0, 10.0])
    swing = relax(W, I, cap=200)
    assert not swing.converged
    x = newton_fixed_point(W, I, "sigmoid", (swing.history[-2:].mean(axis=0),))
    assert x is not None and np.allclose(x, 1 / (1 + np.exp(-(W @ x + I))), atol=1e-12)
    assert np.allclose(x, 0.5) and radius_at(W, I, x) == pytest.approx(0.25 * 20)
    assert newton_fixed_point(np.eye(2) * 2, np.ones(2), "relu") is None  # x = 2x + 1 ≥ 0 has no solution
