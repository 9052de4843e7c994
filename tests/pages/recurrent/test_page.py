"""The recurrent lesson in AppTest: stepping both parts, changing T and w, bad links, its figures."""

import json
import math

import numpy as np
import pytest

from backprop_core import numbers
from backprop_core.recurrent import (
    RNN,
    Task,
    bptt,
    fixed_point,
    relax,
    train_fixed_point,
    unroll,
    unrolled_gradient,
)
from pages.recurrent import figures, steps
from tests.apptest import all_latex, open_page, step_names, tables
from tests.ui.plotly_checks import assert_valid_unchanged
from ui.figures import INK, STYLE

PAGE = "pages/recurrent/page.py"
FIXED = {"rnn_part": "fixed point"}


def by_hand(w=0.9, u=1.0, b=0.0, T=8, seed=0) -> list[float]:
    """h_1..h_T of the remember task's first sequence, by a plain loop (nothing shared with the core)."""
    xs = Task("remember", T, seed).data()[0][:, 0]
    h = [0.0]
    for x in xs:
        h.append(math.tanh(w * h[-1] + u * x + b))
    return h


def warnings(app) -> str:
    return "\n".join(w.value for w in app.warning)


def test_part_a_opens_at_the_first_step_with_its_numbers(app):
    open_page(app, PAGE)
    assert not app.exception
    assert app.select_slider(key="rnn_step").value == "h_1"
    latex = all_latex(app)
    assert r"\tanh(w\,h_{0} + u\,x_{1} + b)" in latex
    assert numbers.latex(by_hand()[1]) in latex
    assert numbers.latex(by_hand()[2]) not in latex  # not reached yet
    assert len(app.get("plotly_chart")) == 4  # diagram, dependence, terms by length, training
    assert any("Step on to ∂L/∂w" in i.value for i in app.info)  # the gradient's table waits for its step


def test_next_and_previous_walk_forward_then_backward(app):
    open_page(app, PAGE)
    app.button(key="rnn_next").click().run()
    assert app.select_slider(key="rnn_step").value == "y_1"
    app.button(key="rnn_prev").click().run()
    assert app.select_slider(key="rnn_step").value == "h_1"
    app.select_slider(key="rnn_step").set_value("L").run()
    for name in ("dL_dy_8", "dL_dh_8", "dw_8", "dh_8_dh_7", "dL_dh_7"):
        app.button(key="rnn_next").click().run()
        assert app.select_slider(key="rnn_step").value == name
    assert not app.exception
    # ∂L/∂h_7 = ∂L/∂h_8 · w(1 − h_8²) + 0 (the loss is at the last step only), each number shown.
    h = by_hand()
    xs, targets = Task("remember", 8, 0).data()
    dh8 = (h[8] - targets[-1, 0]) * 1.0
    factor = 0.9 * (1 - h[8] ** 2)
    latex = all_latex(app)
    assert numbers.latex(dh8 * factor)[:8] in latex
    first = numbers.latex(dh8) if dh8 >= 0 else f"({numbers.latex(dh8)})"  # a negative factor in parentheses
    assert rf"{first} \cdot {numbers.latex(factor)}" in latex


def test_show_all_reaches_the_gradient_which_matches_the_core(app):
    open_page(app, PAGE, rnn_loss="sum")
    app.toggle(key="rnn_all").set_value(True).run()
    assert not app.exception
    rnn = RNN()
    xs, targets = Task("remember", 8, 0).data()
    g = bptt(rnn, unroll(rnn, xs, targets, "sum"))
    latex = all_latex(app)
    for value in (*g.contributions[1:], g.grad.w, g.grad.u, g.grad.v):
        assert numbers.latex(value) in latex
    assert r"\sum_{t=1}^{8} \tfrac12\,(y_t - \text{target}_t)^2" in latex


def test_the_second_w_slider_draws_its_own_line(app):
    open_page(app, PAGE, rnn_w2="2.5")
    assert app.slider(key="rnn_w2").value == 2.5
    spec = json.loads(app.get("plotly_chart")[1].proto.spec)
    assert [t["name"] for t in spec["data"]] == ["w = 0.9", "w = 2.5", "|w·g′| = 1 at every step"]
    app.slider(key="rnn_w2").set_value(-0.5).run()
    spec = json.loads(app.get("plotly_chart")[1].proto.spec)
    assert spec["data"][1]["name"] == "w = -0.5" and not app.exception


def test_truncation_and_clipping_beside_the_full_gradient(app):
    open_page(app, PAGE, rnn_truncate="3", rnn_clip="0.01")
    app.toggle(key="rnn_all").set_value(True).run()
    assert not app.exception
    rnn = RNN()
    xs, targets = Task("remember", 8, 0).data()
    run = unroll(rnn, xs, targets)
    full, cut = bptt(rnn, run).grad, bptt(rnn, run, truncate=3).grad
    table = tables(app)[0].value
    assert list(table["gradient"]) == ["full BPTT", "truncated to 3", "clipped to norm 0.01"]
    assert list(table["∂L/∂w"][:2]) == [numbers.text(full.w), numbers.text(cut.w)]
    clipped = np.array([float(table[f"∂L/∂{p}"][2]) for p in "wubvc"])
    assert np.linalg.norm(clipped) == pytest.approx(0.01, rel=1e-6)  # the truncated gradient, scaled
    np.testing.assert_allclose(
        clipped / np.linalg.norm(clipped), cut.vector() / np.linalg.norm(cut.vector()), rtol=1e-6
    )
    assert len(app.get("plotly_chart")) == 5


def test_changing_w_changes_every_state_after_the_first(app):
    open_page(app, PAGE, rnn_step="h_3")
    app.number_input(key="rnn_w").set_value(1.5).run()
    assert not app.exception
    assert app.select_slider(key="rnn_step").value == "h_3"
    latex = all_latex(app)
    assert numbers.latex(by_hand(w=1.5)[3]) in latex and numbers.latex(by_hand()[3]) not in latex
    assert r"\tanh(1.5 \cdot" in latex


def test_changing_T_keeps_a_step_that_still_exists_and_restarts_one_that_does_not(app):
    open_page(app, PAGE, rnn_step="h_3")
    app.number_input(key="rnn_T").set_value(20).run()
    assert app.select_slider(key="rnn_step").value == "h_3"
    assert "dL_dh_20" in step_names(app, "rnn_step")
    app.select_slider(key="rnn_step").set_value("h_15").run()
    app.number_input(key="rnn_T").set_value(5).run()
    assert app.select_slider(key="rnn_step").value == "h_1"
    assert "h_6" not in step_names(app, "rnn_step")
    assert not app.exception


def test_bad_link_values_fall_back_with_a_warning(app):
    open_page(app, PAGE, rnn_T="abc", rnn_w="99", rnn_step="<b>zz</b>", rnn_task="nope", rnn_clip="nan")
    assert not app.exception
    said = warnings(app)
    for key in ("rnn_T", "rnn_w", "rnn_step", "rnn_task", "rnn_clip"):
        assert f"{key} in the link" in said
    assert app.number_input(key="rnn_T").value == 8 and app.number_input(key="rnn_w").value == 0.9
    assert app.select_slider(key="rnn_step").value == "h_1"
    assert "rnn_step in the link is not one of the choices here; showing h_1." in said
    assert "zz" not in said and "abc" not in said  # the visitor's text is never echoed


def test_part_b_steps_through_both_relaxations(app):
    open_page(app, PAGE, **FIXED)
    assert not app.exception
    assert app.select_slider(key="fp_step").value == "x_1"
    assert numbers.latex(1 / (1 + math.exp(-0.5))) in all_latex(app)  # x_1 = σ(I), from x_0 = 0
    names = step_names(app, "fp_step")
    assert names[-2:] == ["grad", "update"] and "y_1" in names and "rho" in names
    app.button(key="fp_next").click().run()
    assert app.select_slider(key="fp_step").value == "x_2"
    app.select_slider(key="fp_step").set_value("grad").run()
    assert not app.exception
    W, I, target = [[0.1, -0.2], [0.3, 0.1]], [0.5, -0.5], [0.8, 0.2]
    fp = fixed_point(W, I, target)
    latex = all_latex(app)
    for value in fp.grad_W.ravel():  # a 2×2 network's matrices keep the lesson's 9 digits
        assert numbers.latex(value) in latex
    # The comparison: the adjoint's gradient beside BPTT through the same iterations.
    table = tables(app)[0].value.to_string()
    bptt_W = unrolled_gradient(W, I, target, fp.forward.iterations)[1]
    assert numbers.text(fp.grad_W[0, 0]) in table and numbers.text(bptt_W[0, 0]) in table


def test_part_b_shows_the_trained_w_as_the_cores_matrix(app):
    open_page(app, PAGE, **FIXED, fp_steps="20")
    W, I, target = np.array([[0.1, -0.2], [0.3, 0.1]]), np.array([0.5, -0.5]), np.array([0.8, 0.2])
    trained = train_fixed_point(W, I, target, 2.0, 20).weights[-1]  # the page's default η is 2
    shown = next(e.value for e in app.latex if r"W = \begin{bmatrix}" in e.value)
    row_texts = shown.split(r"\\")
    assert len(row_texts) == 2
    for text, row in zip(row_texts, trained):  # row by row, each entry with the lesson's 9 digits
        assert [numbers.latex(x) in text for x in row] == [True, True]


def test_part_b_says_when_the_relaxation_does_not_settle(app):
    open_page(app, PAGE, **FIXED, fp_W="-20,0;0,-20", fp_I="10,10", fp_cap="200")
    assert not app.exception
    errors = "\n".join(e.value for e in app.error)
    last = relax([[-20, 0], [0, -20]], [10, 10], cap=200).changes[-1]
    assert "did not settle within 200 iterations" in errors and numbers.text(last) in errors
    assert "grad" not in step_names(app, "fp_step")
    page = all_latex(app) + "\n".join(m.value for m in app.markdown)
    assert "NaN" not in page
    # A fixed point exists and is unstable: by hand, x = σ(−20·x + 10) holds at x = 0.5 (σ(0) = 0.5),
    # and there diag(σ′(0))·W = 0.25 · (−20 I), whose spectral radius is 5: relaxing leaves it.
    x = 0.5
    assert 1 / (1 + math.exp(-(-20 * x + 10))) == x
    rho = max(abs(np.linalg.eigvals(x * (1 - x) * np.array([[-20.0, 0], [0, -20]]))))
    assert rho == 5
    assert "no fixed point" not in errors
    assert f"A fixed point exists, x* = ({numbers.text(x)}, {numbers.text(x)})" in errors
    assert f"it is unstable: there the spectral radius of diag(f′(u))·W is ρ = {numbers.text(rho)}" in errors


def test_part_b_says_when_the_error_network_does_not_settle(app):
    # tanh with W = 2I and I = 0: x = 0 is a fixed point at once, but f'(0)·W = 2I, so the adjoint grows.
    open_page(app, PAGE, **FIXED, fp_f="tanh", fp_W="2,0;0,2", fp_I="0,0")
    assert not app.exception
    errors = "\n".join(e.value for e in app.error)
    assert "The error network grew without bound (spectral radius ρ = 2)" in errors
    steps = step_names(app, "fp_step")
    assert "rho" in steps and "grad" not in steps


def test_part_b_bad_network_text_falls_back_to_the_default(app):
    open_page(app, PAGE, **FIXED, fp_W="1,2;3", fp_I="0.5", fp_cap="-4")
    assert not app.exception
    said = warnings(app)
    assert "fp_W in the link is not a square matrix, 2×2 to 5×5, of numbers from −100 to 100" in said
    assert "fp_I in the link is not one number per unit of W" in said  # the default W's 2 units
    assert "fp_cap in the link is not a whole number from 1 to 5000; showing 1000." in said
    assert app.select_slider(key="fp_step").value == "x_1"


def test_part_b_a_typed_network_that_is_not_one_is_named_by_place_never_echoed(app):
    open_page(app, PAGE, **FIXED)
    app.text_input(key="fp_W").set_value("0.1,[x](https://e.example/a);0.3,0.1").run()
    said = warnings(app)
    assert "W: entry 2 is not a number. Using the default network." in said
    assert "e.example" not in said
    app.text_input(key="fp_W").set_value("0.1,0.2,0.3").run()
    assert "W must be square, 2×2 to 5×5; it is 1×3" in warnings(app)


def test_part_b_changing_the_network(app):
    open_page(app, PAGE, **FIXED)
    app.selectbox(key="fp_preset").set_value("3 units").run()
    assert not app.exception
    assert app.text_input(key="fp_W").value.count(";") == 2
    assert r"\begin{bmatrix} 0.2 & -0.4 & 0.1" in all_latex(app)


# --- The pure parts the page draws from -----------------------------------------------------


def test_focus_and_highlight_follow_the_step():
    assert steps.focus_of("dh_4_dh_3", 8) == 3 and steps.focus_of("L", 8) == 8
    assert steps.highlight_of("dh_4_dh_3", 8) == ("h_4", "h_3")
    assert steps.highlight_of("dw_5", 8) == ("dL_dh_5", "h_4")
    assert steps.highlight_of("L", 8) == ("y_8",) and steps.highlight_of("dL_dw", 8) == ()
    assert steps.iteration_of("y_12") == ("adjoint", 12) and steps.iteration_of("grad") is None


def test_long_relaxations_show_their_first_iterations_and_the_last():
    assert steps.shown_iterations(4) == [1, 2, 3, 4]
    assert steps.shown_iterations(40) == [*range(1, 11), 40]


def _figures():
    xs, targets = Task("remember", 12, 0).data()
    run = unroll(RNN(), xs, targets)
    yield figures.unrolled_figure(12, {"h_1": 0.5, "dL_dh_3": -0.1}, focus=3, highlight=("h_3",))
    yield figures.dependence_figure({"w = 0.9": [1.0, 0.5, 0.0], "w = 1.5": [1.0, 2.0, 4.0]})
    yield figures.contributions_figure(np.tril(np.ones((5, 5))) * 0.1)
    yield figures.terms_figure(range(1, 13), {"full": bptt(RNN(), run).contributions})
    yield figures.training_figure({"T = 4": [1.0, 0.5, 0.25], "diverged": [1.0, np.inf]})
    yield figures.relaxation_figure({"forward": np.array([1.0, 1e-3]), "adjoint": np.array([])}, 1e-10)


@pytest.mark.parametrize("fig", list(_figures()), ids=lambda f: f.layout.title.text)
def test_every_figure_passes_plotlys_validation_unchanged(fig):
    assert_valid_unchanged(fig)


@pytest.mark.parametrize(
    ("values", "labels"),
    [([1.0, 0.5, 0.03], None), ([1.0, 1e-3, 1e-8], 1)],  # 1.5 decades: 1, 2 and 5; 8 decades: powers of 10
)
def test_a_log_axis_never_labels_every_digit(values, labels):
    """Plotly labels 1, 2, ... 9 in every decade by default, a column of digits too close to read."""
    for fig in (figures.training_figure({"run": values}), figures.dependence_figure({"w": values})):
        assert fig.layout.yaxis.type == "log"
        assert fig.layout.yaxis.dtick == labels
        if labels is None:  # each tick with its whole value: 0.5 is "0.5", never "5"
            assert dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))[0.5] == "0.5"


def test_every_chart_takes_the_apps_shared_look():
    """The same font, greys and white ground as every other chart (ui/figures.py's STYLE)."""
    for fig in _figures():
        assert fig.layout.font.family == STYLE["font"]["family"]
        assert fig.layout.paper_bgcolor == fig.layout.plot_bgcolor == STYLE["paper_bgcolor"] == "#ffffff"
        assert fig.layout.title.font.color == INK


def test_the_diagram_shows_only_values_reached_and_a_window_of_long_sequences():
    fig = figures.unrolled_figure(50, {"h_20": 0.25}, focus=20)
    texts = [a.text for a in fig.layout.annotations]
    assert "0.25" in texts and len([t for t in texts if t not in ("u", "v", "w")]) == 1
    assert "steps 16–23 of 50" in fig.layout.title.text


def test_restarting_the_lesson_logs_no_streamlit_warning(app, caplog, monkeypatch):
    """The page puts a new T's or network's first step into the session; the step slider must then
    not pass a default too (Streamlit logs a warning with a stack trace once per server process)."""
    from streamlit.elements.lib import policies

    monkeypatch.setattr(policies, "_shown_default_value_warning", False)
    open_page(app, PAGE)
    app.number_input(key="rnn_w").set_value(0.5).run()
    app.number_input(key="rnn_T").set_value(5).run()
    assert not app.exception
    assert "created with a default value" not in caplog.text


def test_a_long_sum_breaks_into_rows_each_led_by_its_terms_sign():
    rows = steps._sum([0.5, 0.25, -0.125, -2.0, 1.0, -0.75, 3.0], 9)
    assert rows[0] == "0.5 + 0.25 - 0.125"
    assert [str(r) for r in rows[1:]] == [r"&\quad - 2 + 1 - 0.75", r"&\quad + 3"]  # not "+ -2"


# --- Through the one stepper: practice, show all, links, presenter mode -------------------------


def answer_boxes(app) -> list:
    return [box for box in app.text_input if box.key.startswith("answer_")]


def test_part_a_practice_asks_a_number_and_the_diagram_waits_for_it(app):
    open_page(app, PAGE)
    app.toggle(key="rnn_practice").set_value(True).run()
    h1 = by_hand()[1]
    assert r"h_{1} = \;?" in all_latex(app) and numbers.latex(h1) not in all_latex(app)
    diagram = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert numbers.text(h1, 4) not in [a["text"] for a in diagram["layout"]["annotations"]]  # not given away
    app.text_input(key="answer_h_1").input(str(h1)).run()
    app.button(key="check_h_1").click().run()
    assert numbers.latex(h1) in all_latex(app) and "1 of" in app.get("progress")[0].proto.text
    diagram = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert numbers.text(h1, 4) in [a["text"] for a in diagram["layout"]["annotations"]]
    app.select_slider(key="rnn_step").set_value("dL_dw").run()
    assert any("and answer it to compare" in i.value for i in app.info)  # the table holds ∂L/∂w
    assert not app.exception


def test_part_a_practice_shows_the_other_gradients_it_cannot_ask(app):
    open_page(app, PAGE, rnn_step="dL_dothers")  # four numbers in one step: nothing to type
    app.toggle(key="rnn_practice").set_value(True).run()
    assert not answer_boxes(app) and r"\frac{\partial L}{\partial u} &= \sum" in all_latex(app)
    progress = app.get("progress")[0].proto.text
    names = step_names(app, "rnn_step")
    assert f"of {len(names) - 1} steps" in progress  # every step but this one is asked


def test_part_b_practice_asks_the_loss_and_shows_the_iterations(app):
    open_page(app, PAGE, **FIXED)
    app.toggle(key="fp_practice").set_value(True).run()
    assert not answer_boxes(app) and r"x_{1} &= \sigma" in all_latex(app)  # a vector: shown worked
    app.select_slider(key="fp_step").set_value("E").run()
    # the step keeps its link name E; its symbol is lesson 6's one name for the loss, L
    assert r"L = \;?" in all_latex(app) and app.text_input(key="answer_E")
    app.text_input(key="answer_E").input("1").run()
    app.button(key="check_E").click().run()
    assert "Not yet" in app.warning[0].value and r"L &= \tfrac12 \sum_i" in all_latex(app)  # the hint
    assert not app.exception


def test_part_b_next_previous_show_all_and_a_link_step(app):
    open_page(app, PAGE, **FIXED, fp_step="rho")
    assert app.select_slider(key="fp_step").value == "rho"
    assert r"\rho\big(\operatorname{diag}(f'(u))\,W\big) &=" in all_latex(app)
    app.button(key="fp_next").click().run()
    assert app.select_slider(key="fp_step").value == "y_1"
    app.button(key="fp_prev").click().run()
    app.button(key="fp_prev").click().run()
    assert app.select_slider(key="fp_step").value == "slope"
    app.toggle(key="fp_all").set_value(True).run()
    titles = [m.value for m in app.markdown if m.value.startswith("#### ")]
    assert len(titles) == len(step_names(app, "fp_step")) and app.button(key="fp_next").disabled
    assert not app.exception


def test_presenter_mode_shows_one_recurrent_step_at_a_time(app):
    open_page(app, PAGE, present="1")
    assert not app.exception
    keys = [t.key for t in app.main.toggle]
    assert "rnn_all" in keys and "rnn_practice" in keys  # Show all and Practice work while presenting
    scripts = [str(e.proto) for e in app.get("iframe") if "__backpropKeys" in str(e.proto)]
    assert len(scripts) == 1 and "st-key-rnn_next" in scripts[0]
    app.button(key="rnn_next").click().run()
    assert app.select_slider(key="rnn_step").value == "y_1"
    assert len([m for m in app.markdown if m.value.startswith("#### ")]) == 1
