"""Playground: train a small network on 2-D data, and see the chain rule of any weight with its numbers."""

import time
from dataclasses import replace

import numpy as np
import streamlit as st

from backprop_core import datasets, export, names, numbers, symbolic, work
from backprop_core.steps import equation
from backprop_core.training import penalised
from pages.playground import cached as cache
from pages.playground import chain, figures, notebook, settings
from pages.playground import maths as pg
from pages.playground.plan import PLAN
from ui import chart, echo, heavy, motion, presenter, teaching
from ui import said as in_words
from ui.figures import CHART
from ui.settings import drop_unknown, forget, notice, read_link, say, write_link
from ui.sidebar import current_state

# Side-by-side figures wrap to full width where two would be squeezed below about 300 px
# (a 1024-pixel screen with the sidebar open): our own CSS, no user text in it.
STACKING = """<style>
@media (max-width: 1280px) {
  [class*="st-key-pg_pairs"] [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
  [class*="st-key-pg_pairs"] [data-testid="stColumn"] { min-width: 100%; }
  .st-key-pg_buttons [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
  .st-key-pg_buttons [data-testid="stColumn"] { min-width: 30%; }
}
</style>"""
ss = st.session_state
C = settings.CONFIG  # each setting of the configuration: key, label, range, default and help
current_state()  # a deep link's first run goes through app.py (its navigation and sidebar) first
if "pg_loaded" not in ss:  # the session's first visit: what the link says that has no widget of its own
    settings.layers_from_link()
    ss["pg_link_step"], ss["pg_loaded"] = read_link(settings.STEP), True


def value(setting):
    """A setting's value in the session (its default while its widget has not been drawn)."""
    return ss.get(setting.key, setting.default)


def config_from_widgets(output: str) -> pg.Config:
    depth = int(ss[settings.DEPTH.key])
    layers = range(1, depth + 1)
    return pg.Config(
        dataset=value(C["dataset"]),
        n=int(value(C["n"])),
        noise=float(value(C["noise"])),
        seed=int(value(C["seed"])),
        classes=int(value(C["classes"])),
        test_fraction=float(value(C["test_fraction"])),
        hidden=tuple(int(ss[settings.size(l).key]) for l in layers),
        activations=tuple(ss[settings.activation(l).key] for l in layers),
        output=output,
        init=value(C["init"]),
        l2=float(value(C["l2"])),
        lr=float(value(C["lr"])),
        batch=int(value(C["batch"])),
        epochs=int(value(C["epochs"])),
    )


# --- the page: the settings and the run they start ----------------------------------------------


def data_settings(notes) -> tuple[str, str, bytes | None]:
    """The data set and how it is drawn; its name, and an upload's file name and bytes."""
    st.subheader("Data")
    name = C["dataset"].widget(notes=notes)
    upload_name, upload = "upload.csv", None
    if name == pg.UPLOAD:
        limit = st.get_option("server.maxUploadSize")  # MB, .streamlit/config.toml
        file = st.file_uploader(
            f"A CSV file of at most {limit} MB: feature columns, then the label",
            type=["csv"],
            key="pg_file",
        )
        if file is not None:
            ss["pg_upload"] = (file.name, file.getvalue())  # this session's only
        upload_name, upload = ss.get("pg_upload", (upload_name, None))
    else:
        left, right = st.columns(2)
        with left:
            C["n"].widget(notes=notes)
        with right:
            C["seed"].widget(notes=notes)
        C["noise"].widget(notes=notes)
        if name == "blobs":
            C["classes"].widget(notes=notes)
    C["test_fraction"].widget(notes=notes)
    return name, upload_name, upload


def the_data(name: str, upload_name: str, upload: bytes | None) -> datasets.Dataset:
    """The data set drawn (or read from the upload); the page stops with a note when there is none."""
    if name == pg.UPLOAD and upload is None:
        st.info("Choose a CSV file to train on.", icon="📄")
        st.stop()
    try:
        drawn = pg.Config(
            dataset=name,
            n=int(value(C["n"])),
            noise=float(value(C["noise"])),
            seed=int(value(C["seed"])),
            classes=int(value(C["classes"])),
        )
        return cache.dataset(drawn, upload, upload_name)
    except datasets.DatasetError as error:
        st.error(echo.markdown(error), icon="🚫")  # it may quote the file
        st.stop()


def network_settings(data: datasets.Dataset, notes) -> str:
    """The hidden layers, the output (among those that fit the data), the initial weights, the penalty;
    returns the output."""
    st.subheader("Network")
    depth = settings.DEPTH.widget()
    for l in range(1, int(depth) + 1):
        left, right = st.columns(2)
        with left:
            settings.size(l).widget()
        with right:
            settings.activation(l).widget()
    fitting = settings.fitting_outputs(data)
    out = C["output"].key
    if out in ss and ss[out] not in fitting:  # the learner chose a data set it does not fit
        was, ss[out] = ss[out], fitting[0]
        labels = settings.OUTPUT_LABELS
        st.info(f"{labels.get(was, was)} does not fit this data set; using {labels[fitting[0]]}.")
    output = replace(C["output"], options=fitting, default=fitting[0]).widget(notes=notes)
    C["init"].widget(notes=notes)
    C["l2"].widget(notes=notes)
    return output


def start_run(config: pg.Config, data: datasets.Dataset, upload_name: str, upload, notes) -> pg.Problem:
    """The problem the settings make, and a new run from step 0 (a link's step, on its first visit, up
    to what a link may ask of the server) whenever they changed."""
    try:
        p = pg.problem(config, data)
    except datasets.DatasetError as error:  # a test fraction that leaves no training data, say
        st.error(echo.markdown(error), icon="🚫")  # it may quote the file
        st.stop()
    digest = (config, upload_name, hash(upload) if upload else None)
    if ss.get("pg_run_key") != digest:
        if "pg_run_key" in ss:  # the visitor changed something: the link's notes are history
            forget("pg_")
        step = link_step(p, notes)
        with heavy.LongRun(pg.cost(p, step)) as turn:
            ss["pg_run"] = turn.call(cache.reached, config, step, upload, upload_name)
        ss["pg_run_key"], ss["pg_playing"] = digest, False
    settings.write_layers(config)  # the other settings write the link themselves
    return p


def link_step(p: pg.Problem, notes) -> int:
    """The link's step (0 without one), or the most a link reproduces for this network and data."""
    step, limit = ss.pop("pg_link_step", 0), pg.max_step(p)
    if step > limit:
        key = settings.STEP.key
        rule = (
            f"asks for more updates than a link reproduces for this network and data (up to {limit:,}: "
            f"about {work.seconds(work.WORKER)} of the server's work)"
        )
        said = notice(key, rule, f"step {limit:,}")
        say(key, said)  # kept above the settings until the learner changes one
        notes.warning(said, icon="⚠️")
        step = limit
    return step


def configured() -> tuple[pg.Problem, datasets.Dataset]:
    """The settings in three columns and the run they start: the problem the live part trains."""
    if not presenter.presenting():  # a slide has the whole width: the pairs stay side by side
        st.html(STACKING)
    st.title("Playground")
    intro = presenter.introduction(matrices=True)  # a slide: the run's buttons, numbers, boundary and network
    intro.markdown(
        "Train a small network on 2-D data and watch it learn: the boundary it draws, its cost, the size "
        "of its gradients layer by layer, and, for **any weight**, the chain rule of its gradient with every "
        "number in it. Press **Play**, or step one batch at a time."
    )
    intro.caption(
        f"Limits: up to {datasets.MAX_POINTS:,} points, {pg.MAX_HIDDEN_LAYERS} hidden layers of up to "
        f"{pg.MAX_NEURONS} neurons, {pg.MAX_EPOCHS:,} epochs per Play; a link reproduces up to "
        f"{pg.MAX_STEP:,} updates, fewer for a large network or data set (about "
        f"{work.seconds(work.WORKER)} of the server's work). Your own CSV: 1 or 2 numeric feature columns "
        "and the label last, up to "
        f"{datasets.MAX_POINTS:,} rows; it stays in this browser session only."
    )
    teaching.teachers(PLAN)
    notes = st.container()  # a link's bad values, named above the settings
    drop_unknown("pg_", settings.SETTINGS, also=[s.key for s in settings.LINK_ONLY], notes=notes)
    data_col, net_col, train_col = presenter.fold("settings").columns(3)
    with data_col:
        name, upload_name, upload = data_settings(notes)
    data = the_data(name, upload_name, upload)
    with net_col:
        output = network_settings(data, notes)
    with train_col:
        st.subheader("Training")
        for field in ("lr", "batch", "epochs"):
            C[field].widget(notes=notes)
        settings.SPEED.widget(notes=notes)
    p = start_run(config_from_widgets(output), data, upload_name, upload, notes)
    with train_col:
        st.caption(
            f"{p.x.shape[1]:,} training and {p.x_test.shape[1]:,} test samples; "
            f"{p.per_epoch:,} update(s) per epoch of batches of {p.batch_size:,}. Changing a setting "
            "starts a new run from step 0, so that the link can always reproduce it."
        )
    return p, data


# --- the live part: reruns alone on Play's timer, and on every Step ----------------------------


def train_some(p: pg.Problem) -> None:
    """One Play tick: as much training as the Speed setting asks (at full speed, several epochs
    within a tick's share of the server), up to Play's last update."""
    run = ss["pg_run"]
    updates = pg.tick_updates(p, run.step, ss["pg_until"], value(settings.SPEED))
    if updates <= 0 or run.diverged_at >= 0:
        ss["pg_playing"] = False
        return
    ss["pg_run"] = pg.advance(p, run, updates)
    ss["pg_turn"] = ss.get("pg_turn", 0) + 1  # whose turn it is to be redrawn (in_turn)
    if ss["pg_run"].step >= ss["pg_until"] or ss["pg_run"].diverged_at >= 0:
        ss["pg_playing"] = False


REPLAYED = 1.5  # s: a press within this of the last one is its replay (seen up to a tick's run apart)


def play_or_pause(p: pg.Problem, still: bool, pause: bool) -> None:
    """Play's button, as it was labelled when pressed (``pause``): pause what plays; or play to the last
    epoch, or with reduced motion take one of Play's updates (at its speed), drawn once, so that nothing
    moves on its own. Streamlit replays a press whose run did not finish, and the rerun that starts or
    stops the timer ends this one: the replay, seen before a page has drawn the button again or within
    REPLAYED of the press (it has come after a tick's run too), is ignored."""
    now = time.monotonic()
    if not still and (ss.get("pg_pressed") or now - ss.get("pg_pressed_at", 0.0) < REPLAYED):
        return  # the same press replayed
    ss["pg_pressed"], ss["pg_pressed_at"] = True, now  # until controls() draws the button again
    run = ss["pg_run"]
    if pause or ss["pg_playing"]:  # Pause pressed, or Play's press again: Play plays already
        ss["pg_playing"] = ss["pg_playing"] and not pause
        st.rerun()  # the whole page, from the start: the timer stops
    until = run.step + p.config.epochs * p.per_epoch
    if still:
        ss["pg_run"] = pg.advance(p, run, max(1, pg.tick_updates(p, run.step, until, value(settings.SPEED))))
        return
    ss["pg_playing"], ss["pg_until"] = True, until
    ss["pg_ticks"], ss["pg_tick"] = [], None  # when ticks came (a rate); the last one's start, end
    st.rerun()  # the whole page, from the start: the timer starts


def controls(p: pg.Problem) -> None:
    playing = ss["pg_playing"]
    run = ss["pg_run"]
    still = motion.reduced()  # the browser asks for reduced motion: Play steps once a press
    buttons = st.container(key="pg_buttons").columns(5)
    # One button, Play or Pause, under one key (its identity): the page redraws the same control, so a
    # keyboard user's focus stays on it and the same key pauses what it played. It acts in its callback.
    label, off = ("⏸ Pause", False) if playing else ("▶ Play", run.diverged_at >= 0)
    buttons[0].button(
        label,
        key="pg_play",
        width="stretch",
        type="primary",
        disabled=off,
        on_click=play_or_pause,
        args=(p, still, playing),
    )
    ss["pg_pressed"] = False
    if buttons[1].button("Step one batch", key="pg_step_batch", width="stretch", disabled=playing):
        ss["pg_run"] = pg.advance(p, run, 1)
    if buttons[2].button("Step one epoch", key="pg_step_epoch", width="stretch", disabled=playing):
        ss["pg_run"] = cache.advanced(p, run, p.per_epoch - run.step % p.per_epoch)
    if buttons[3].button("Reset", key="pg_reset", width="stretch"):
        ss["pg_run"], ss["pg_playing"] = pg.start(p), False
        if playing:
            st.rerun()
    with buttons[4]:
        settings.LOG.widget()
    if still:
        st.caption("Your browser asks for reduced motion: Play moves one step a press instead of animating.")


def counters(p: pg.Problem, run: pg.Run) -> None:
    parts = [
        f"**Epoch {numbers.fixed(run.step / p.per_epoch, 2)}**",
        f"**step {run.step:,}**",
        f"train cost {numbers.text(run.train_cost[-1], 4)}",
    ]
    if np.isfinite(run.test_cost[-1]):
        parts.append(f"test cost {numbers.text(run.test_cost[-1], 4)}")
    if np.isfinite(run.accuracy[-1]):
        parts.append(f"train accuracy {numbers.fixed(100 * run.accuracy[-1], 1)} %")
    if np.isfinite(run.test_accuracy[-1]):
        parts.append(f"test accuracy {numbers.fixed(100 * run.test_accuracy[-1], 1)} %")
    st.markdown(" · ".join(parts))


def clicked(event, key: str) -> str | None:
    """The name a click on a figure chose (once per new click)."""
    points = event["selection"]["points"] if event else []
    name = points[0].get("customdata") if points else None
    if name is None or ss.get(key) == name:
        return None
    ss[key] = name
    return name


def warnings_about(p: pg.Problem, run: pg.Run) -> None:
    if run.diverged_at >= 0:
        st.error(
            f"The cost stopped being a finite number at step {run.diverged_at:,}: the run diverged and "
            "stops there. Lower the learning rate and press Reset.",
            icon="💥",
        )
    symmetric = pg.symmetric_layers(run.params)
    if symmetric:
        st.warning(
            f"Every neuron of hidden layer(s) {', '.join(map(str, symmetric))} has the same incoming "
            "weights, so they compute the same function, receive the same δ and get the same update: "
            "gradient descent can never make them differ (the symmetry is never broken), and the layer "
            "works like a single neuron. Start from random weights (Xavier, He or uniform) instead of "
            "zero.",
            icon="🪞",
        )
    dead = pg.dead_neurons(p, run.params)
    if dead:
        which = ", ".join(names.out(l, i) for l, i in dead)
        st.warning(
            f"Dead ReLU(s): {which}. Their input is ≤ 0 for every training sample, so g′(z) = 0 and "
            "no gradient reaches their weights again.",
            icon="🪦",
        )


def maths(p: pg.Problem, run: pg.Run, grads) -> None:
    """The chain of one weight, with its numbers (the core's derivation), checked against a finite
    difference; ``grads`` are the batch's gradients, for what g′ says in words."""
    weights = [w for l in names.layers(p.network) for w in names.weights(p.network, l)]
    left, right = st.columns([2, 3])
    # The weight, the neuron and the sample are plain widgets, not settings: pointers into this run, whose
    # choices follow the network and the batch of the step reached (and a click on the diagram sets them).
    weight = left.selectbox("Weight (or click its edge in the diagram)", weights, key="pg_weight")
    cols = p.batch(run.step)
    with right:
        over = settings.OVER.widget()
    sample = None
    if over == "one sample":
        if ss.get("pg_sample", 1) > cols.size:  # the last batch of an epoch can be smaller
            ss["pg_sample"] = cols.size
        sample = (
            int(
                right.number_input(
                    f"Sample of the batch (1 to {cols.size})", 1, cols.size, step=1, key="pg_sample"
                )
            )
            - 1
        )
    steps = cache.weight_chain(cache.ChainView(ss["pg_run_key"], run.step, weight, sample), p, run.params)
    st.caption(f"The next update (step {run.step:,}) learns from a batch of {cols.size} sample(s).")
    after = {f"d{names.COST}/d{weight}": lambda: products(p, run, weight)} if sample is None else {}
    derivation(steps, symbolic.path_steps(p.network, weight), after)
    by_name = {s.name: s for s in steps}
    shown = by_name[f"d{names.COST}/d{weight}"].value  # the mean's, or that sample's loss alone
    if sample is None:
        shown += by_name[symbolic.penalty(weight)].value if p.config.l2 else 0.0  # what the update uses
        fd = chain.finite_difference(p.network, run.params, p.x, p.t, cols, weight, l2=p.config.l2)
    else:
        fd = chain.finite_difference(p.network, run.params, p.x, p.t, cols[sample : sample + 1], weight)
    scale = max(abs(shown), abs(fd))
    rel = abs(shown - fd) / scale if scale else 0.0
    st.markdown(
        "Checked against a central finite difference, (J(w + h) − J(w − h)) / 2h: "
        f"**{numbers.text(fd, 9)}**; backprop: **{numbers.text(shown, 9)}**; relative difference "
        f"**{numbers.text(rel, 2)}**."
    )
    for said in chain.warnings(p.network, grads, weight):
        st.warning(said, icon="🔎")


def products(p: pg.Problem, run: pg.Run, weight: str, digits: int = 6) -> None:
    """The batch mean's gradient sample by sample: each sample's factors, their product, and the mean of
    the products (the gradient), beside the product of the factors' means that it is not."""
    trace, grads = pg.batch_gradients(p, run.params, run.step)
    f = symbolic.sample_factors(p.network, trace, grads, weight)
    heads = [_partial(name) for name in f.names]
    st.markdown(f"**Each sample's factors of ∂J/∂{weight}, and their product**")
    table = {"sample": [str(s + 1) for s in range(len(f.products))]}
    table |= {head: [numbers.text(v, digits) for v in column] for head, column in zip(heads, f.values.T)}
    table["product"] = [numbers.text(v, digits) for v in f.products]
    st.dataframe(table, hide_index=True, height=min(420, 38 + 35 * len(f.products)))
    st.markdown(
        f"∂J/∂{weight} is the **mean of the {len(f.products)} products**: "
        f"**{numbers.text(f.mean, digits)}**. Each sample's factors are multiplied first, then the batch "
        f"averages them; the product of the factors' means, {numbers.text(f.product_of_means, digits)}, is "
        "not the gradient, because the factors change together from one sample to the next."
    )


def _partial(name: str) -> str:
    """A factor's generic name as it reads: dJ/da1[2] -> ∂J/∂a1[2]."""
    top, bottom = name.split("/")
    return f"∂{top[1:]}/∂{bottom[1:]}"


def derivation(steps, paths: frozenset[str], after=None) -> None:
    """Each step's title and equation; the steps along each path back through the next layer fold
    into one expander where they first come (the sum after them lists every term's value). ``after``:
    what to draw after a step, by its name (the batch's table of products after the gradient)."""
    folded = [s for s in steps if s.name in paths]
    for step in steps:
        if step.name not in paths:
            show_step(step)
            (after or {}).get(step.name, lambda: None)()
        elif step is folded[0]:
            with st.expander("Each path back through the next layer: its δ, its weight and their product"):
                for s in folded:
                    show_step(s)


def show_step(step) -> None:
    st.markdown(f"**{step.title[:1].upper()}{step.title[1:]}**")  # "neuron 1 … feeds …" opens a sentence
    st.latex(equation(step))
    in_words.formula(equation(step), f"pg_{step.name}")


def chosen_defaults(network) -> None:
    """The weight and neuron shown, set before the diagram draws them: a chart whose figure changes
    between two runs is a new widget to Streamlit, and a click on the old one would be lost."""
    weights = [w for l in names.layers(network) for w in names.weights(network, l)]
    if ss.get("pg_weight") not in weights:
        ss["pg_weight"] = weights[-1]
    neurons = [names.out(l, i) for l in names.layers(network) for i in range(network.sizes[l])]
    if ss.get("pg_neuron") not in neurons:
        ss["pg_neuron"] = neurons[-1]


def live(p: pg.Problem, data: datasets.Dataset) -> None:
    """The run, its figures and the maths of one weight: what Play's timer and every Step redraw."""
    chosen_defaults(p.network)
    run = the_run(p)
    playing = ss["pg_playing"]
    axes, trace = pg.plane(p, run.params, pg.PLAY_GRID if playing else pg.GRID)
    grads = pg.batch_gradients(p, run.params, run.step)[1] if not playing else None  # the maths' too
    pairs = st.container(key="pg_pairs")  # STACKING wraps its rows of two on a narrow screen
    board, net = pairs.columns(2, gap="small")
    with board:
        boundary(p, axes, trace.outs[-1], [echo.plotly(f) for f in data.feature_names], smooth=playing)
    with net:
        diagram(p, run, grads)
    presenter.tools()  # here, so that the students' link has the step reached
    more = presenter.fold("more")
    cost_and_health(p, run, more.container(key="pg_pairs_3") if presenter.presenting() else pairs)
    more.subheader("The maths of one weight")
    if playing:  # the browser redraws less while playing, so Play keeps up its pace
        more.caption("Pause (or step) to see the chain rule of any weight at the step reached.")
        ss["pg_tick"] = (ss["pg_tick_start"], time.monotonic())  # when this tick started and ended
        return
    with more:
        maths(p, run, grads)
    neuron_col, files_col = more.container(key="pg_pairs_2").columns(2, gap="small")
    with neuron_col:
        one_neuron(p, axes, trace, [echo.plotly(f) for f in data.feature_names])
    with files_col:
        share_and_export(p, run, data)


def the_run(p: pg.Problem) -> pg.Run:
    """Play's tick, the buttons, the counters and the warnings; returns the run reached (the link
    holds its step)."""
    if ss["pg_playing"]:
        time.sleep(pg.pause_before_tick(ss.get("pg_tick"), time.monotonic()))
        ss["pg_tick_start"] = time.monotonic()
        train_some(p)
        if not ss["pg_playing"]:
            st.rerun()  # Play reached its last epoch (or diverged): stop the timer
    controls(p)
    run = ss["pg_run"]
    counters(p, run)
    if ss["pg_playing"]:
        pace()
    write_link(settings.STEP, run.step)  # a link reproduces this very step
    warnings_about(p, run)
    return run


def pace() -> None:
    """Say when the server is too busy for Play's usual pace (measured over this student's last ticks)."""
    ticks = ss.setdefault("pg_ticks", [])
    ticks[:] = [*ticks[-9:], time.monotonic()]
    if len(ticks) > 3 and (rate := (len(ticks) - 1) / (ticks[-1] - ticks[0])) < pg.BUSY_RATE:
        st.caption(
            f"⏳ The server is busy (a class at work): Play shows {numbers.places(rate, 1)} updates a second "
            f"here instead of up to {numbers.places(1 / pg.TICK, 0)}."
        )


def boundary(p: pg.Problem, axes, outputs, features, smooth: bool = False) -> None:
    """The network's output over the plane, with the training and test points (``smooth``: a coarser
    grid, drawn smoothed, while playing)."""
    train_set = (p.train.X, p.train.y, p.train.n_classes)
    test_set = (p.test.X, p.test.y, p.test.n_classes)
    figure = figures.boundary_figure(axes, outputs, p.config.output, train_set, test_set, features, smooth)
    said = (
        "The network's output over the input plane, shaded by class, with the training and the test points."
    )
    tabled = not ss["pg_playing"]  # while playing only the description follows: a tick stays cheap
    chart.show(
        figure,
        said,
        name="pg_boundary",
        data=tabled,
        key="pg_boundary",
        **CHART,
        **presenter.height(figure.layout.height),
    )


def diagram(p: pg.Problem, run: pg.Run, grads) -> None:
    """The network with its weights or gradients on the edges; a click on an edge or a neuron chooses
    what the maths and the neuron's plot show."""
    show = settings.SHOW.widget()

    def build():
        g = grads if grads is not None else pg.batch_gradients(p, run.params, run.step)[1]
        fig = figures.diagram_figure(
            p.network,
            names.geometry(p.network),
            run.params,
            penalised(g.grads, run.params, p.config.l2),  # what the update uses, as the maths panel
            show=show,
            selected=ss.get("pg_weight"),
            neuron=ss.get("pg_neuron"),
        )
        return presenter.enlarged(fig)  # on a large screen's slide, larger

    fig = in_turn("pg_diagram", (show, ss.get("pg_weight"), ss.get("pg_neuron"), presenter.scale()), build)
    said = (
        "The network, layer by layer: each edge a weight, blue and solid when positive, red and dotted when "
        f"negative, wider when larger; showing {show}."
    )
    event = chart.show(
        fig,
        said,
        name="pg_diagram",
        data=not ss["pg_playing"],
        key="pg_diagram",
        **CHART,
        on_select="rerun",
        selection_mode="points",
    )
    chosen = clicked(event, "pg_clicked")
    if chosen and chosen.startswith("W"):
        ss["pg_weight"] = chosen
    elif chosen and chosen.startswith("a"):
        ss["pg_neuron"] = chosen


def cost_and_health(p: pg.Problem, run: pg.Run, pairs) -> None:
    """The cost by epoch and the gradients' size layer by layer, side by side in ``pairs``."""
    epochs = run.eval_steps / p.per_epoch
    cost, health = pairs.columns(2, gap="small")
    log_y = value(settings.LOG)
    tabled = not ss["pg_playing"]

    def cost_chart():  # the description names the last epoch: it changes with the figure, not more often
        last = numbers.text(epochs[-1], 4) if len(epochs) else "0"
        fig = figures.cost_figure(epochs, run.train_cost, run.test_cost, log_y=log_y)
        return fig, f"The training and test cost by epoch, up to epoch {last}."

    cost_fig, said = in_turn("pg_cost", log_y, cost_chart)
    chart.show(cost_fig, said, name="pg_cost", place=cost, data=tabled, key="pg_cost", **CHART)
    health_fig = in_turn(
        "pg_health", None, lambda: figures.health_figure(run.norm_steps / p.per_epoch, run.grad_norm)
    )
    said = "The size of the gradient layer by layer, by epoch: a layer near zero is learning little."
    chart.show(health_fig, said, name="pg_health", place=health, data=tabled, key="pg_health", **CHART)


# While playing, a tick redraws the counter, the boundary and one of these charts in turn; the other
# two are sent again unchanged. Streamlit's element id hashes the figure, so the browser keeps a chart
# whose figure did not change instead of mounting and drawing it anew: each chart costs the browser
# about as much as the counter and the boundary together, and Play showed 3.6-3.7 updates a second
# redrawing all four (issue 26). Each of the three still changes every third tick, and every one is
# drawn anew at a pause or a step.
TURNS = ("pg_cost", "pg_diagram", "pg_health")


def in_turn(key: str, shows, build):
    """``build()``'s figure (with its description, where it names what changes); while playing, the one
    drawn last for the same ``shows`` (what it shows
    besides the run: a setting, a choice) unless it is ``key``'s turn."""
    held = ss.setdefault("pg_held", {})
    last = held.get(key)
    turn = TURNS[ss.get("pg_turn", 0) % len(TURNS)] == key
    if not ss["pg_playing"] or turn or last is None or last[0] != shows:
        held[key] = (shows, build())
    return held[key][1]


def one_neuron(p: pg.Problem, axes, trace, features) -> None:
    """One neuron's output over the plane: the one chosen here or clicked in the diagram."""
    st.subheader("One neuron over the input")
    neurons = [names.out(l, i) for l in names.layers(p.network) for i in range(p.network.sizes[l])]
    neuron = st.selectbox("Neuron (or click it in the diagram)", neurons, key="pg_neuron")
    n = names.parse(neuron)
    values = trace.outs[n.layer][n.index[0]]
    activation = p.network.activations[n.layer - 1]
    chart.show(
        figures.neuron_figure(axes, values, neuron, activation, features),
        f"Neuron {neuron}'s output over the input plane.",
        name="pg_neuron",
        key="pg_neuron_plot",
        **CHART,  # the figures carry the theme's look (pages/playground/figures.py says why)
    )


def share_and_export(p: pg.Problem, run: pg.Run, data: datasets.Dataset) -> None:
    st.subheader("Share and export")
    st.markdown(
        "The address bar holds this configuration and the step count: the link retrains the same "
        "network from the same seed to the same step, so it shows the same weights."
    )
    downloads(p, run, data)


def downloads(p: pg.Problem, run: pg.Run, data: datasets.Dataset) -> None:
    st.download_button(
        "⬇️ The trained network (JSON)",
        export.dumps(p.network, run.params),
        file_name="network.json",
        mime="application/json",
        key="pg_json",
        on_click="ignore",
    )
    nb = notebook.notebook(
        p.config, run.step, p.network.sizes, upload=data if p.config.dataset == pg.UPLOAD else None
    )
    st.download_button(
        "⬇️ A notebook that retrains it with NumPy (.ipynb)",
        notebook.dumps(nb),
        file_name="playground.ipynb",
        mime="application/x-ipynb+json",
        key="pg_notebook",
        on_click="ignore",
    )


@st.fragment
def page() -> None:
    """A setting changed reruns the page alone, not app.py and the sidebar; Play's timer reruns the live
    part."""
    p, data = configured()
    st.fragment(live, run_every=pg.TICK if ss["pg_playing"] else None)(p, data)


page()
