"""Every lesson's questions for the class: after an edit the answers quote the core's new numbers (computed
here independently); practice mode keeps the answers away. (How many, and folded: test_teaching.py.)"""

from dataclasses import replace

import numpy as np

from backprop_core import numbers
from backprop_core.example import ARTICLE, solve
from backprop_core.recurrent import RNN, Task, bptt, fixed_point, unroll, unrolled_gradient
from pages.vectorised import maths as vm
from tests.apptest import keyed, open_page
from ui import teaching
from ui.navigation import ENTRIES

PAGES = {e.url_path: e.path for e in ENTRIES}
DIGITS = 9  # the sidebar's default: every answer's numbers are printed to it


def asked(app) -> dict[str, str]:
    """The page's questions, label -> answer, in order: the expanders in the questions' box."""
    box = keyed(app, teaching.BOX)
    assert [h.value for h in box.get("header")] == [teaching.QUESTIONS]
    return {e.label: "\n".join(m.value for m in e.markdown) for e in box.get("expander")}


def _answer(app, starts: str) -> str:
    [found] = [a for q, a in asked(app).items() if q.removeprefix(teaching.PREDICT).startswith(starts)]
    return found


def test_lesson_1s_answers_follow_an_edited_weight(app):
    open_page(app, PAGES["forward_pass"])
    app.number_input(key="w5").set_value(0.3).run()
    new = solve(replace(ARTICLE, w5=0.3)).forward
    assert f"**{numbers.text(new['E_total'], DIGITS)}**" in _answer(app, "Before the errors")
    assert f"**{numbers.text(new['net_o1'], DIGITS)}**" in _answer(app, "Which numbers does")
    nudged = solve(replace(ARTICLE, w5=0.4)).forward["E_total"]  # 0.1 larger than the edited 0.3
    assert f"**{numbers.text(nudged, DIGITS)}**" in _answer(app, "If w5 were 0.1 larger")


def test_lesson_2s_answers_follow_an_edited_weight(app):
    open_page(app, PAGES["backward_pass"])
    app.number_input(key="w5").set_value(0.3).run()
    edited = replace(ARTICLE, w5=0.3)
    new = solve(edited)
    sign = _answer(app, "Before w5's chain")
    assert f"**{numbers.text(new.gradients['w5'], DIGITS)}**" in sign
    assert f"**{numbers.text(new.updated['w5'], DIGITS)}**" in sign
    after = solve(replace(edited, **new.updated)).forward["E_total"]
    assert f"**{numbers.text(after, DIGITS)}**" in _answer(app, "After one step")
    assert "0.0821670406" not in sign  # the article's gradient is gone


def test_lesson_0s_answers_follow_an_edited_weight(app):
    open_page(app, PAGES["slope"])
    app.number_input(key="w5").set_value(0.3).run()
    slope = solve(replace(ARTICLE, w5=0.3)).gradients["w5"]  # the backward pass's slope along w5
    assert f"**{numbers.text(slope, DIGITS)}**" in _answer(app, "Before the tangent")
    assert f"**{numbers.text(slope, DIGITS)}**" in _answer(app, "How could you estimate")


def test_lesson_3s_answers_quote_the_core(app):
    from ui.article import errata

    open_page(app, PAGES["compare"])
    quoted = errata()
    assert numbers.text(quoted["described_E_9999"], 6) in _answer(app, "The article prints")
    assert numbers.text(solve(ARTICLE).forward["net_h1"]) in _answer(app, "Where does the text")


def test_lesson_4s_answers_follow_an_edited_batch(app):
    open_page(app, PAGES["vectorised"], vec_seed="42", vec_m="3")
    batch = vm.Batch(m=3, seed=42)
    x, y, params = vm.inputs(batch)
    a2 = 1 / (1 + np.exp(-(params.weights[1] @ np.tanh(params.weights[0] @ x + params.biases[0][:, None])
                          + params.biases[1][:, None])))  # fmt: skip
    digits = 4  # the lesson's own digits (vec_digits)
    dz = a2[0, 0] - y.reshape(a2.shape)[0, 0]  # cross-entropy through a sigmoid: A2 − Y
    assert f"**{numbers.text(dz, digits)}**" in _answer(app, "Before the output's error")
    cost = float(np.mean(-(y * np.log(a2) + (1 - y) * np.log(1 - a2))))
    assert f"**{numbers.text(cost, digits)}**" in _answer(app, "Which sample")
    assert "**4 × 3**" in _answer(app, "Before the hidden layer")  # h × m


def test_lesson_6s_answers_follow_an_edited_weight(app):
    open_page(app, PAGES["recurrent"], rnn_w="0.5")
    task = Task("remember", 8, 0)
    xs, targets = task.data()
    rnn = RNN(w=0.5)
    run = unroll(rnn, xs, targets, "last")
    grad = bptt(rnn, run).grad.w
    assert f"**{numbers.text(grad, DIGITS)}**" in _answer(app, "The same w acts")
    assert "with w = 0.5" in next(q for q in asked(app) if q.startswith(teaching.PREDICT))


def _relaxed_by_hand(W, I, target, iterations=2000):
    """x* = σ(W x* + I), then the error network y = Wᵀ(f′(u) ⊙ y) + (x* − target), each by a plain loop
    from zero (nothing shared with the core); returns x*, δ = f′(u) ⊙ y and ρ(diag(f′(u))·W)."""
    W, I, target = np.array(W), np.array(I), np.array(target)
    x = np.zeros(len(I))
    for _ in range(iterations):
        x = 1 / (1 + np.exp(-(W @ x + I)))
    slope, y = x * (1 - x), np.zeros(len(I))
    for _ in range(iterations):
        y = W.T @ (slope * y) + (x - target)
    return x, slope * y, max(abs(np.linalg.eigvals(slope[:, None] * W)))


def test_lesson_6s_fixed_point_answers_follow_a_typed_network(app):
    W, I, target = [[0.2, -0.1], [0.4, 0.3]], [0.5, -0.5], [0.8, 0.2]
    open_page(app, PAGES["recurrent"], rnn_part="fixed point", fp_W="0.2,-0.1;0.4,0.3")
    assert not app.exception
    fp = fixed_point(W, I, target)  # what the page prints; checked against the plain loops
    x, delta, rho = _relaxed_by_hand(W, I, target)
    assert np.allclose(fp.forward.x, x, atol=1e-9) and np.allclose(fp.grad_I, delta, atol=1e-9)
    assert abs(fp.spectral_radius - rho) < 1e-9
    settles = next(a for q, a in asked(app).items() if q.startswith(teaching.PREDICT))
    assert f"**{numbers.text(fp.spectral_radius, DIGITS)}**" in settles and settles.startswith("Both")
    assert f"Relaxing took {fp.forward.iterations:,} iterations" in settles
    pairs = _answer(app, "Why does the error network run on Wᵀ")
    assert abs(delta[0] * x[1] - fp.grad_W[0, 1]) < 1e-9  # ∂L/∂W₁₂ = δ₁·x*₂
    said = f"{numbers.text(fp.grad_I[0], DIGITS)} · {numbers.text(fp.forward.x[1], DIGITS)}"
    assert f"{said} = **{numbers.text(fp.grad_W[0, 1], DIGITS)}**" in pairs
    bptt_W = unrolled_gradient(W, I, target, fp.forward.iterations)[1]
    gap = float(abs(fp.grad_W - bptt_W).max())
    assert f"**{numbers.text(gap, DIGITS)}**" in _answer(app, "BPTT through the relaxation")


def test_lesson_6s_fixed_point_answers_say_when_there_is_no_gradient(app):
    open_page(app, PAGES["recurrent"], rnn_part="fixed point", fp_W="-20,0;0,-20", fp_I="10,10", fp_cap="200")
    assert not app.exception
    settles = next(a for q, a in asked(app).items() if q.startswith(teaching.PREDICT))
    assert settles.startswith("No: it did not settle within 200 iterations")
    none = "This network has no gradient: the relaxation did not settle."
    assert none in _answer(app, "Why does the error network") and none in _answer(app, "BPTT through")


def test_lesson_6s_fixed_point_answers_say_when_the_error_network_grows(app):
    # tanh, W = 2I, I = 0: x* = 0 at once, but the error network grows (ρ = 2)
    open_page(app, PAGES["recurrent"], rnn_part="fixed point", fp_f="tanh", fp_W="2,0;0,2", fp_I="0,0")
    settles = next(a for q, a in asked(app).items() if q.startswith(teaching.PREDICT))
    assert "the error network grew without bound" in settles and "= **2**" in settles
    assert "not below 1" in settles


def test_practice_mode_lists_the_questions_without_their_answers(app):
    """The answers quote the values practice mode asks for."""
    open_page(app, PAGES["forward_pass"], fwd_practice="1")
    box = keyed(app, teaching.BOX)
    assert not box.get("expander")
    listed = "\n".join(m.value for m in box.get("markdown"))
    assert f"1. {teaching.PREDICT}" in listed and "0.593269992" not in listed  # out_h1 stays unsaid


def test_lesson_6s_fixed_point_practice_keeps_the_answers_away(app):
    """They quote ρ, which practice mode asks for."""
    open_page(app, PAGES["recurrent"], rnn_part="fixed point", fp_practice="1")
    box = keyed(app, teaching.BOX)
    assert (
        not box.get("expander")
        and f"1. {teaching.PREDICT}Before the spectral radius" in box.markdown[0].value
    )
