"""The Playground without a browser: controls, links (good and bad), limits, Play/Pause/Step."""

import json
import re
import time

import numpy as np
import pytest

from backprop_core import datasets, names, numbers
from backprop_core.network import backward, forward
from pages.playground import figures, settings
from pages.playground import maths as pg
from tests.apptest import open_page
from tests.ui.plotly_checks import assert_page_draws_once
from ui import motion, teaching

PAGE = "pages/playground/page.py"


def text(app) -> str:
    return "\n".join(m.value for m in app.markdown)


def warnings(app) -> str:
    return "\n".join(w.value for w in app.warning)


def run_of(app) -> pg.Run:
    return app.session_state["pg_run"]


def test_the_page_opens_on_xor_and_its_link_carries_only_what_differs_from_the_defaults(app):
    open_page(app, PAGE)
    assert not app.exception
    assert "**Epoch 0** · **step 0**" in text(app)
    assert not [key for key in app.query_params if key.startswith("pg_")]  # all defaults: nothing to say
    assert (app.selectbox(key="pg_data").value, app.number_input(key="pg_depth").value) == ("xor", 1)
    assert (app.number_input(key="pg_h1").value, app.selectbox(key="pg_a1").value) == (4, "tanh")
    assert "2,000 points" in "\n".join(c.value for c in app.caption)  # the limits are stated
    assert len(app.latex) >= 3  # the maths of the default weight


def test_step_buttons_move_the_counters_and_the_link(app):
    open_page(app, PAGE)
    app.button(key="pg_step_batch").click().run()
    assert run_of(app).step == 1 and app.query_params["pg_step"] == "1"
    app.button(key="pg_step_epoch").click().run()
    assert run_of(app).step == 14 and "**Epoch 1** · **step 14**" in text(app)
    assert app.query_params["pg_step"] == "14"
    app.button(key="pg_reset").click().run()
    assert run_of(app).step == 0 and not app.exception
    assert "pg_step" not in app.query_params  # step 0 is the default


def test_play_trains_and_pause_keeps_the_state_reached(app):
    open_page(app, PAGE, pg_speed="epoch")  # at full speed Play's 50 epochs are two ticks: it would end
    assert app.button(key="pg_play").label == "▶ Play"
    app.button(key="pg_play").click().run()  # AppTest runs no timers: one tick per run
    assert app.session_state["pg_playing"]
    assert app.button(key="pg_play").label == "⏸ Pause"  # one control: its focus stays (ui: one key)
    app.run()
    reached = run_of(app)
    assert reached.step > 0
    app.session_state["pg_pressed_at"] = 0.0  # a person's Pause comes later than a replayed Play (page.py)
    app.button(key="pg_play").click().run()  # the same button, now Pause
    assert not app.session_state["pg_playing"] and app.button(key="pg_play").label == "▶ Play"
    paused = run_of(app)
    assert paused.step >= reached.step
    app.run()
    assert run_of(app).step == paused.step  # paused: nothing moves
    assert np.array_equal(run_of(app).params.flat(), paused.params.flat())


def test_the_speed_setting_paces_play_from_one_batch_a_tick_to_several_epochs(app):
    """Slowed right down, each of Play's ticks takes one batch; at one epoch, the rest of the epoch;
    fast, as many epochs as the core's estimate of a tick's budget allows, up to Play's last.
    Changing it while playing keeps the run (its steps are the same at any speed)."""
    open_page(app, PAGE, pg_speed="update")
    assert app.selectbox(key="pg_speed").value == "update" and not app.exception
    app.button(key="pg_play").click().run()  # Play's own run ticks once; then a tick a run (no timers)
    steps = [run_of(app).step]
    for _ in range(3):
        app.run()
        steps.append(run_of(app).step)
    assert np.diff(steps).tolist() == [1, 1, 1]
    per_epoch, last = 14, 50 * 14  # the defaults: 140 XOR points in batches of 10, 50 epochs a Play
    app.selectbox(key="pg_speed").set_value("epoch").run()  # the rest of the epoch, then whole ones
    assert app.session_state["pg_playing"] and run_of(app).step == per_epoch
    app.run()
    assert run_of(app).step == 2 * per_epoch
    config = pg.Config()
    p = pg.problem(config, datasets.make(config.dataset, config.n, config.noise, config.seed))
    fast = pg.tick_updates(p, 2 * per_epoch, last, "fast")
    assert fast == min(last - 2 * per_epoch, pg.within(p, pg.FAST_WORK)) > 10 * per_epoch  # epochs a tick
    app.selectbox(key="pg_speed").set_value("fast").run()
    assert run_of(app).step == 2 * per_epoch + fast
    for _ in range(3):
        app.run()
    assert run_of(app).step == last and not app.session_state["pg_playing"]  # Play stops at its last


def test_with_reduced_motion_play_steps_once_a_press_and_says_why(app):
    """A browser that prefers reduced motion (ui/motion.py's report in the session): Play trains one of
    its updates at its speed (here the rest of an epoch), draws it once and stops, its timer never
    started; nothing moves until the next press. Without the preference Play plays (the tests above)."""
    app.session_state[motion.REDUCED] = True
    open_page(app, PAGE, pg_speed="epoch")
    captions = "\n".join(c.value for c in app.caption)
    assert "reduced motion: Play moves one step a press instead of animating" in captions
    app.button(key="pg_play").click().run()
    assert not app.session_state["pg_playing"] and run_of(app).step == 14  # one epoch of 14 batches
    assert app.button(key="pg_play").label == "▶ Play"  # no Pause: nothing is playing
    app.run()
    assert run_of(app).step == 14  # no timer: nothing moves on its own
    app.button(key="pg_play").click().run()
    assert run_of(app).step == 28 and not app.exception


def test_play_says_when_the_server_is_too_busy_for_its_pace(app):
    """Ticks a second apart (a crowded server) are said in one line; at Play's own pace, nothing."""
    open_page(app, PAGE, pg_speed="epoch")  # an epoch a tick: Play lasts 50 ticks
    app.button(key="pg_play").click().run()
    most = numbers.places(1 / pg.TICK, 0)
    # about 1 update a second: the run itself adds its own time to the last gap (0.9 on a loaded machine)
    busy = re.compile(
        r"The server is busy \(a class at work\): Play shows (0\.[5-9]|1\.[0-1]) updates a second here "
        rf"instead of up to {re.escape(most)}\."  # Play's own pace at most, 1 / TICK
    )
    for spacing, said in ((1.0, True), (pg.TICK, False)):
        now = time.monotonic()
        app.session_state["pg_ticks"] = [now - spacing * k for k in (4, 3, 2, 1)]
        app.run()  # this tick comes about ``spacing`` after the last
        captions = "\n".join(c.value for c in app.caption)
        assert bool(busy.search(captions)) is said and ("busy" in captions) is said, captions[-300:]


def charts(app) -> dict[str, str]:
    """Each chart's figure as sent, by its key."""
    return {key: c.proto.spec for c in app.get("plotly_chart") for key in [c.proto.id.rsplit("-", 1)[-1]]}


def test_while_playing_a_tick_redraws_the_boundary_and_one_other_chart_in_turn(app):
    """The cost, the diagram and the gradients' sizes take turns: each tick sends the boundary anew and
    one of them, the other two unchanged (the browser keeps them); each still follows the run every
    third tick, a changed setting shows at once, and a pause draws every chart at the step reached."""
    open_page(app, PAGE, pg_speed="update")  # one batch a tick: Play lasts 700 ticks
    app.button(key="pg_play").click().run()
    turns = ["pg_cost", "pg_diagram", "pg_health"]
    assert set(turns) < set(charts(app))
    before = charts(app)
    for _ in range(6):
        app.run()
        now = charts(app)
        changed = {key for key in turns if now[key] != before[key]}
        assert now["pg_boundary"] != before["pg_boundary"] and len(changed) == 1
        turn = turns[app.session_state["pg_turn"] % 3]
        assert changed == {turn}, (changed, turn)
        before = now
    app.toggle(key="pg_log").set_value(not app.toggle(key="pg_log").value).run()  # not the cost's turn
    assert charts(app)["pg_cost"] != before["pg_cost"]  # the new scale, at once
    app.session_state["pg_pressed_at"] = 0.0  # a person's Pause comes later than a replayed Play (page.py)
    app.button(key="pg_play").click().run()  # the same button, now Pause
    paused = charts(app)
    run = run_of(app)
    p = pg.problem(pg.Config(), datasets.make("xor", 200, 0.1, 0))
    cost = figures.cost_figure(run.eval_steps / p.per_epoch, run.train_cost, run.test_cost, log_y=True)
    health = figures.health_figure(run.norm_steps / p.per_epoch, run.grad_norm)
    assert json.loads(paused["pg_cost"])["data"] == json.loads(cost.to_json())["data"]  # the step reached
    assert json.loads(paused["pg_health"])["data"] == json.loads(health.to_json())["data"]


def test_a_link_reproduces_the_weights_at_its_step(app):
    query = dict(
        pg_data="moons", pg_layers="5,3", pg_act="relu,tanh", pg_seed="7", pg_step="33", pg_batch="8"
    )
    open_page(app, PAGE, **query)
    assert not app.exception and not app.warning
    config = pg.Config(dataset="moons", hidden=(5, 3), activations=("relu", "tanh"), seed=7, batch=8)
    expected = pg.reach(pg.problem(config, config.make_data()), 33)
    assert run_of(app).step == 33
    assert run_of(app).params.flat().tobytes() == expected.params.flat().tobytes()


def test_changing_the_layers_rebuilds_the_network(app):
    open_page(app, PAGE)
    app.button(key="pg_step_batch").click().run()
    app.number_input(key="pg_depth").set_value(2).run()
    assert app.query_params["pg_layers"] == "4,4" and app.query_params["pg_act"] == "tanh,tanh"
    assert run_of(app).step == 0 and len(run_of(app).params.weights) == 3
    app.selectbox(key="pg_a2").set_value("relu").run()
    assert app.query_params["pg_act"] == "tanh,relu" and not app.exception


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("pg_n", "99999"),
        ("pg_lr", "abc"),
        ("pg_lr", "0"),
        ("pg_lr", "1e-5"),
        ("pg_noise", "nan"),
        ("pg_layers", "9,9"),
        ("pg_layers", "1,1,1,1,1,1,1"),
        ("pg_act", "swish"),
        ("pg_out", "relu"),
        ("pg_init", "ones"),
        ("pg_step", "-1"),
        ("pg_step", "10000000"),
        ("pg_batch", "1.5"),
        ("pg_epochs", "0"),
        ("pg_seed", "x" * 500),
    ],
)
def test_every_bad_link_value_is_replaced_by_its_default_with_a_note(app, key, value):
    open_page(app, PAGE, **{key: value})
    assert not app.exception
    said = warnings(app)
    assert f"{key} in the link" in said and "showing" in said
    assert "x" * 30 not in said  # the visitor's text is never echoed
    assert "**Epoch" in text(app)


def test_an_upload_is_never_in_a_link(app):
    open_page(app, PAGE, pg_data="csv")
    assert warnings(app) == (
        "pg_data in the link is not a data set a link can carry (an uploaded file stays with its session); "
        "showing xor."
    )
    assert app.selectbox(key="pg_data").value == "xor"
    assert "pg_data" not in app.query_params


def test_a_regression_data_set_gets_a_linear_output(app):
    open_page(app, PAGE)
    app.selectbox(key="pg_data").set_value("curve").run()
    assert app.selectbox(key="pg_out").value == "linear"
    assert "does not fit this data set" in "\n".join(i.value for i in app.info)
    assert not app.exception and run_of(app).accuracy.size and np.isnan(run_of(app).accuracy[-1])


def test_zero_initialisation_is_explained(app):
    open_page(app, PAGE, pg_init="zero")
    app.button(key="pg_step_epoch").click().run()
    said = warnings(app)
    assert "same incoming weights" in said and "symmetry is never broken" in said


def test_a_diverging_run_stops_cleanly(app):
    query = dict(
        pg_data="curve", pg_out="linear", pg_lr="10", pg_layers="8,8", pg_act="linear,linear", pg_init="he"
    )
    open_page(app, PAGE, **query)
    for _ in range(3):
        app.button(key="pg_step_epoch").click().run()
    assert not app.exception
    assert run_of(app).diverged_at >= 0
    assert "diverged" in "\n".join(e.value for e in app.error)


def test_one_sample_shows_the_chain_through_a_hidden_neuron(app):
    open_page(app, PAGE)
    app.selectbox(key="pg_weight").set_value("W1[2,1]").run()
    app.radio(key="pg_over").set_value("one sample").run()
    latex = "\n".join(e.value for e in app.latex)
    assert latex.startswith("$$\n" + r"\begin{aligned} a^{[1]}_{2} &= \tanh")  # the neuron's activation
    delta = r"\frac{\partial J}{\partial z^{[1]}_{2}} &= \frac{\partial J}{\partial a^{[1]}_{2}}"
    assert delta in latex  # its δ, a step of its own
    assert r"\frac{\partial J}{\partial z^{[2]}_{0}} &= a^{[2]}_{0} - y_{0}" in latex  # the output's a − y
    (paths,) = [  # not a chart's numbers, nor the teacher's plan
        e for e in app.main.expander if not e.label.startswith("Data") and e.label != teaching.LABEL
    ]
    assert len(paths.latex) == 3  # one output: its δ, its weight W2[0,2] and their product
    assert "relative difference" in text(app)


def test_the_mean_chain_ends_in_the_weight_the_next_step_gives(app):
    """With an L2 penalty: its share λ·W is a step, and the update shown is the one Step takes."""
    open_page(app, PAGE, pg_l2="0.01")
    app.selectbox(key="pg_weight").set_value("W1[2,1]").run()
    latex = [e.value for e in app.latex]
    assert r"\lambda W^{[1]}_{2,1} &= \lambda \cdot W^{[1]}_{2,1}" in latex[-2]
    app.button(key="pg_step_batch").click().run()
    after = float(run_of(app).params.weights[0][2, 1])
    assert latex[-1].endswith("&= " + numbers.latex(after, 6) + r" \end{aligned}" + "\n$$")


def test_after_a_step_the_maths_panel_shows_the_weights_reached(app):
    """The panel redraws with each Step: its caption names the step, and its update starts from the
    weight the run reached, the same as a run retrained from the seed to that step."""
    open_page(app, PAGE)
    for _ in range(3):
        app.button(key="pg_step_batch").click().run()
    weight = app.session_state["pg_weight"]
    p = pg.problem(pg.Config(), pg.Config().make_data())
    retrained = pg.reach(p, 3)
    assert np.array_equal(run_of(app).params.flat(), retrained.params.flat())
    w = numbers.latex(names.parameter_values(p.network, retrained.params)[weight], 6)
    assert "The next update (step 3)" in "\n".join(c.value for c in app.caption)
    numbers_line = app.latex[-1].value.split(r" \\ ")[1]  # W+ = W − η ∂J/∂W with its numbers
    assert numbers_line.split(" - ")[0] in (f"&= {w}", rf"&= \left({w}\right)")


def test_the_charts_are_drawn_without_streamlits_theme(app):
    """The figures carry its look themselves (pages/playground/figures.py): a themed chart is drawn twice."""
    assert_page_draws_once(open_page(app, PAGE), 5)


@pytest.mark.parametrize(
    ("query", "said"),
    [
        (dict(pg_n="4", pg_split="0.9"), "leaves no training data"),
        (dict(pg_data="blobs", pg_classes="10", pg_n="5"), "n must be a whole number from 20"),
        (
            dict(pg_data="curve", pg_out="softmax"),
            "pg_out in the link is not an output that fits this data set; showing linear.",
        ),
        (dict(pg_batch="2000", pg_layers="none", pg_act="none"), "**Epoch 0**"),  # no hidden layer
    ],
)
def test_combinations_that_cannot_train_say_so_without_a_traceback(app, query, said):
    open_page(app, PAGE, **query)
    assert not app.exception
    shown = [e.value for e in app.error] + [w.value for w in app.warning] + [i.value for i in app.info]
    assert any(said in s for s in shown + [text(app)])


def test_a_links_notes_go_once_the_visitor_changes_something(app):
    open_page(app, PAGE, pg_lr="banana")
    assert "pg_lr" in warnings(app)
    app.number_input(key="pg_seed").set_value(5).run()
    app.run()
    assert "pg_lr" not in warnings(app) and not app.exception


def test_a_chosen_sample_beyond_a_smaller_last_batch_is_moved_into_it(app):
    open_page(app, PAGE, pg_batch="15")  # 140 training samples: 9 batches of 15, then one of 5
    app.radio(key="pg_over").set_value("one sample").run()
    app.number_input(key="pg_sample").set_value(12).run()
    for _ in range(9):
        app.button(key="pg_step_batch").click().run()
    assert not app.exception
    assert app.number_input(key="pg_sample").value == 5


def test_a_link_is_read_with_the_apps_number_rule_and_repeats_are_named(app):
    open_page(app, PAGE, pg_lr="1_0", pg_seed=["3", "4"], pg_n="٣٠٠", pg_layers="٣,1_0")
    assert not app.exception
    config = app.session_state["pg_run_key"][0]
    assert (config.lr, config.seed, config.n, config.hidden) == (pg.Config().lr, 4, pg.Config().n, (4,))
    assert [w.value for w in app.warning] == [
        f"pg_layers in the link is not up to {pg.MAX_HIDDEN_LAYERS} sizes from 1 to {pg.MAX_NEURONS}, like "
        "4,4; showing 4.",
        f"pg_n in the link is not a whole number from {datasets.MIN_POINTS} to {datasets.MAX_POINTS}; "
        "showing 200.",
        "pg_seed appears 2 times in the link; using the last one.",
        "pg_lr in the link is not a number from 0.0001 to 10; showing 0.3.",
    ]


def test_a_link_of_every_setting_reproduces_the_configuration_and_the_step(app):
    layers = dict(hidden=(3, 5), activations=("relu", "tanh"))
    others = dict(output="softmax", init="he", l2=0.01, lr=0.0123456789, batch=16, epochs=20)
    config = pg.Config(
        "moons", 300, 0.2, 7, 0.25, **layers, **others
    )  # all but the classes (blobs only) changed
    link = {s.key: s.link(getattr(config, f)) for f, s in settings.CONFIG.items() if f not in layers}
    link |= {"pg_layers": "3,5", "pg_act": "relu,tanh", "pg_step": "12"}
    assert all(getattr(config, f) != getattr(pg.Config(), f) for f in settings.CONFIG if f != "classes")
    open_page(app, PAGE, **link)
    assert not app.exception and not app.warning
    assert app.session_state["pg_run_key"][0] == config and run_of(app).step == 12
    assert {k: app.query_params[k] for k in ("pg_data", "pg_out", "pg_layers", "pg_act", "pg_step")} == {
        "pg_data": "moons",
        "pg_out": "softmax",
        "pg_layers": "3,5",
        "pg_act": "relu,tanh",
        "pg_step": "12",
    }  # the keys the page writes itself (the bound ones are the browser's: tests/e2e)


def test_the_gradient_edges_include_the_l2_term_the_update_uses(app):
    """With λ > 0 each edge's ∂J/∂w is the batch's gradient plus λ·w, as the maths panel and fit have it
    (the edges left λ·w out)."""
    open_page(app, PAGE, pg_l2="0.1", pg_step="3")
    config = pg.Config(l2=0.1)
    p = pg.problem(config, config.make_data())
    run = pg.reach(p, 3)
    cols = p.batch(3)
    trace = forward(p.network, run.params, p.x[:, cols], p.t[:, cols])
    plain = names.parameter_values(p.network, backward(p.network, run.params, trace, p.t[:, cols]).grads)
    weights = names.parameter_values(p.network, run.params)
    spec = json.loads(next(c for c in app.get("plotly_chart") if "pg_diagram" in c.proto.id).proto.spec)
    [edges] = [t for t in spec["data"] if t.get("name") == "weights"]
    for name, hover in zip(edges["customdata"], edges["hovertext"]):
        by_hand = plain[name] + 0.1 * weights[name]
        assert hover.endswith(f"∂J/∂w = {numbers.text(by_hand, 4)}"), name
        assert numbers.text(by_hand, 4) != numbers.text(plain[name], 4) or abs(weights[name]) < 1e-3


MARKUP = "[a](https://e.example/p)<img src=x>$\\href{x}{y}$"


def upload(app, name: str, data: bytes):
    open_page(app, PAGE)
    app.session_state["pg_upload"] = (name, data)  # as the uploader leaves it (AppTest cannot upload)
    return app.selectbox(key="pg_data").set_value(pg.UPLOAD).run()


def test_an_uploaded_header_is_drawn_as_text_never_as_markup(app):
    rows = "\n".join(f"{x},{y},{int(x > 0)}" for x, y in [(-1, 0.5), (1, 0.2), (-0.5, -1), (0.7, 1)])
    upload(app, "points.csv", f"<img src=x>,<b>x2</b>,label\n{rows}\n".encode())
    assert not app.exception and not app.error
    titles = json.dumps([json.loads(c.proto.spec)["layout"] for c in app.get("plotly_chart")])
    assert "&lt;img src=x&gt;" in titles and "&lt;b&gt;x2&lt;/b&gt;" in titles
    assert "<img" not in titles and "<b>x2" not in titles


@pytest.mark.parametrize("name, cell", [("points.csv", MARKUP), (f"{MARKUP}.csv", "zz")])
def test_an_uploaded_cell_or_file_name_in_a_message_is_escaped(app, name, cell):
    upload(app, name, f"x1,x2,y\n1,2,0\n{cell},1,1\n".encode())
    [error] = [e.value for e in app.error]
    assert "not a number" in error
    assert "e\\.example" in error or "zz" in error
    assert not re.search(r"(?<!\\)[\[\]()<>$]", error)  # each comes escaped: \[a\]\(, \<img, \$


def _evaluate(latex: str) -> float:
    """A numbers line of products, sums and brackets (\\cdot, \\left( \\right), a × 10^k), evaluated by
    Python's own arithmetic on the numbers as printed."""
    import ast

    plain = re.sub(r"\s*\\times 10\^\{(-?\d+)\}", r"e\1", latex)
    plain = plain.replace(r"\left(", "(").replace(r"\right)", ")").replace(r"\cdot", "*")
    operations = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b}

    def value(node) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, float | int):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in operations:
            return operations[type(node.op)](value(node.left), value(node.right))
        raise AssertionError(f"not a product or sum of numbers: {plain}")

    return value(ast.parse(plain, mode="eval").body)


@pytest.mark.parametrize("weight", ["W1[2,1]", "W2[0,3]"])
def test_one_samples_chain_shows_one_number_for_each_factor(weight):
    """The audit's chain of four factors (δ, W, g′, x) showed three numbers: δ·W came as one."""
    from backprop_core import symbolic

    for config in (pg.Config(), pg.Config(hidden=(3, 2), activations=("tanh", "relu"), output="softmax")):
        p = pg.problem(config, config.make_data())
        run = pg.reach(p, 3)
        trace, grads = pg.batch_gradients(p, run.params, run.step)
        targets = p.t[:, p.batch(run.step)]
        w = weight if weight in names.parameter_values(p.network, run.params) else "W1[0,1]"
        steps = symbolic.weight_chain(p.network, run.params, targets, trace, grads, w, 0)
        [gradient] = [s for s in steps if s.name == f"dJ/d{w}"]
        factors = gradient.formula.count(r"\frac{\partial")
        shown = re.findall(r"-?\d+\.?\d*(?:\s*\\times 10\^\{-?\d+\})?", gradient.numbers)
        assert len(shown) == factors >= 2, (w, gradient.formula, gradient.numbers)
        assert _evaluate(gradient.numbers) == pytest.approx(gradient.value, rel=1e-7, abs=1e-12)


def test_the_batch_means_gradient_is_the_mean_of_each_samples_product(app):
    """The audit: the factors' means multiply to +0.0051 but the gradient is −0.0630. The table shows each
    sample's factors and product; the shown numbers multiply, row by row, to the products, and the
    products average to the gradient, which central finite differences of the core's loss confirm."""
    from pages.playground import chain

    open_page(app, PAGE)
    weight = "W1[2,1]"
    app.selectbox(key="pg_weight").set_value(weight).run()
    assert not app.exception
    [table] = app.dataframe
    rows = table.value
    factors = [c for c in rows.columns if c not in ("sample", "product")]
    assert factors == ["∂J/∂a1[2]", "∂a1[2]/∂z1[2]", "∂z1[2]/∂W1[2,1]"]
    values = rows[factors].astype(float).to_numpy()
    products = rows["product"].astype(float).to_numpy()
    np.testing.assert_allclose(values.prod(axis=1), products, rtol=2e-5, atol=1e-9)  # 6 digits each
    run, p = run_of(app), pg.problem(pg.Config(), pg.Config().make_data())  # the page's defaults
    cols = p.batch(run.step)
    fd = chain.finite_difference(p.network, run.params, p.x, p.t, cols, weight)
    assert len(products) == cols.size and products.mean() == pytest.approx(fd, rel=1e-4)
    said = text(app)
    assert f"mean of the {cols.size} products**: **{numbers.text(fd, 6)}**" in said
    means = numbers.text(values.mean(axis=0).prod(), 3)
    assert "the product of the factors' means, " + means[:4] in said and "is not the gradient" in said
