"""The Playground's settings, declared once (ui/settings draws, binds and checks them), so that a link
reproduces a run: the configuration, the seed and the step (never the weights: the page trains to that
step again, deterministically). The defaults are ``Config()``'s.

The hidden layers are drawn as a depth, then a size and an activation a layer (kept for the session);
a link carries them as two lists, pg_layers and pg_act, read on a session's first visit and written on
every run, as the run's step (pg_step) is: none of the three has a widget of its own.
"""

import re
from dataclasses import fields

import streamlit as st

from backprop_core import datasets
from pages.playground import maths as pg
from ui.settings import Choice, Flag, Number, Text, Whole, notice, read_link, say, write_link

DEFAULT = pg.Config()
DATA_LABELS = {
    "xor": "XOR",
    "circles": "Circles",
    "moons": "Two moons",
    "spirals": "Spirals",
    "blobs": "Gaussian blobs",
    "curve": "1-D curve (regression)",
    pg.UPLOAD: "Your CSV file",
}
OUTPUT_LABELS = {
    "sigmoid": "sigmoid + cross-entropy",  # binary: the help says so (the full name outgrows 1024 px)
    "softmax": "softmax + cross-entropy",
    "linear": "linear + squared error",
}


def _sizes(text: str) -> tuple[int, ...]:
    if text in ("", "none"):
        return ()
    if not re.fullmatch(r"[0-9]{1,3}(,[0-9]{1,3})*", text):  # int() would also read "٣" and "1_0"
        raise ValueError(text)
    sizes = tuple(int(part) for part in text.split(","))
    if len(sizes) > pg.MAX_HIDDEN_LAYERS or not all(1 <= s <= pg.MAX_NEURONS for s in sizes):
        raise ValueError(text)
    return sizes


def _activations(text: str) -> tuple[str, ...]:
    names = () if text in ("", "none") else tuple(text.split(","))
    if len(names) > pg.MAX_HIDDEN_LAYERS or not set(names) <= set(pg.HIDDEN_ACTIVATIONS):
        raise ValueError(text)
    return names


def plain(value: tuple) -> str:
    """A list of layers as a link writes it: "4,4", or "none"."""
    return ",".join(map(str, value)) or "none"


LR = (1e-4, 10.0)
# Config field -> its setting. A table, aligned by hand to be read row by row: the formatter leaves it.
CONFIG = {
    "dataset": Choice("pg_data", "Data set", (*datasets.NAMES, pg.UPLOAD), DEFAULT.dataset, kind="select",
                      labels=DATA_LABELS.get, local=(pg.UPLOAD,),
                      rule="is not a data set a link can carry (an uploaded file stays with its session)"),
    "n": Whole("pg_n", "Points", datasets.MIN_POINTS, datasets.MAX_POINTS, DEFAULT.n, step=50),
    "seed": Whole("pg_seed", "Seed", 0, 2**31 - 1, DEFAULT.seed,
                  "The seed draws the data, the split, the initial weights and each epoch's order."),
    "noise": Number("pg_noise", "Noise", 0.0, datasets.MAX_NOISE, DEFAULT.noise, step=0.05, format="%0.2f",
                    slider=True),
    "classes": Whole("pg_classes", "Classes", 2, datasets.MAX_CLASSES, DEFAULT.classes),
    "test_fraction": Number("pg_split", "Test fraction", 0.0, 0.9, DEFAULT.test_fraction,
                            "Held out, never trained on: the test cost and accuracy show how well the "
                            "network generalises.", step=0.05, format="%0.2f", slider=True),
    "hidden": Text("pg_layers", "Hidden layer sizes", plain(DEFAULT.hidden), parse=_sizes,
                   rule=f"is not up to {pg.MAX_HIDDEN_LAYERS} sizes from 1 to {pg.MAX_NEURONS}, like 4,4"),
    "activations": Text("pg_act", "Hidden activations", plain(DEFAULT.activations), parse=_activations,
                        rule="is not one of " + ", ".join(pg.HIDDEN_ACTIVATIONS) + " per hidden layer"),
    "output": Choice("pg_out", "Output and loss", tuple(pg.OUTPUTS), DEFAULT.output,
                     "The output layer's activation and the cost it is trained on: a sigmoid with binary "
                     "cross-entropy for two classes, a softmax with categorical cross-entropy for more, a "
                     "linear output with the squared error for a number.", kind="select",
                     labels=OUTPUT_LABELS.get, rule="is not an output that fits this data set"),
    "init": Choice("pg_init", "Initial weights", pg.INITS, DEFAULT.init,
                   "Xavier (Glorot) suits tanh and sigmoid, He suits ReLU; zero shows why weights must start "
                   "different.", kind="select"),
    "l2": Number("pg_l2", "L2 penalty λ", 0.0, 1.0, DEFAULT.l2, step=0.001, format="%g"),
    "lr": Number("pg_lr", "Learning rate η", *LR, DEFAULT.lr, step=0.05, format="%g"),
    "batch": Whole("pg_batch", "Batch size (0: the full batch)", 0, datasets.MAX_POINTS, DEFAULT.batch,
                   "1 is stochastic gradient descent; the full batch is plain gradient descent."),
    "epochs": Whole("pg_epochs", "Epochs per Play", 1, pg.MAX_EPOCHS, DEFAULT.epochs, step=10),
}  # fmt: skip
assert set(CONFIG) == {f.name for f in fields(pg.Config)}
HIDDEN, ACTIVATIONS = CONFIG["hidden"], CONFIG["activations"]
STEP = Whole("pg_step", "Step", 0, pg.MAX_STEP, 0)  # the run's: written by the page, read once
LINK_ONLY = (HIDDEN, ACTIVATIONS, STEP)
# The hidden layers' widgets: the session keeps them, the link carries them as pg_layers and pg_act.
DEPTH = Whole("pg_depth", "Hidden layers", 0, pg.MAX_HIDDEN_LAYERS, len(DEFAULT.hidden), in_link=False)


def size(layer: int) -> Whole:
    return Whole(f"pg_h{layer}", f"Layer {layer}: neurons", 1, pg.MAX_NEURONS, 4, in_link=False)


def activation(layer: int) -> Choice:
    name = f"Layer {layer}: activation"
    return Choice(f"pg_a{layer}", name, pg.HIDDEN_ACTIVATIONS, "tanh", kind="select", in_link=False)


# How fast Play goes: not part of the run (its steps are the same at any speed), so not in Config.
SPEED = Choice("pg_speed", "Play speed", tuple(pg.SPEEDS), "fast",
               "How much Play trains between two updates of the figures: fast, as many epochs as a "
               "moment of the server allows; or slowed down to one epoch, or one batch, a step.",
               kind="select", labels=pg.SPEEDS.get)  # fmt: skip
# What the live part shows.
SHOW = Choice("pg_show", "Edges show", ("weights", "gradients"), "weights", kind="radio")
OVER = Choice("pg_over", "Over", ("the batch mean", "one sample"), "the batch mean", kind="radio")
LOG = Flag("pg_log", "Log cost", True)
SETTINGS = (*(s for s in CONFIG.values() if s not in LINK_ONLY), SPEED, SHOW, OVER, LOG)  # each with a widget


def layers_from_link() -> None:
    """A session's first visit: the link's layers into the layers' widgets (before they are drawn), one
    activation a layer (a notice if the link named another number of them)."""
    hidden, acts = _sizes(read_link(HIDDEN)), _activations(read_link(ACTIVATIONS))
    if len(acts) != len(hidden):
        acts = acts[: len(hidden)] + (DEFAULT.activations[0],) * max(0, len(hidden) - len(acts))
        if ACTIVATIONS.key in st.query_params:
            rule = "does not name one activation per hidden layer"
            say(ACTIVATIONS.key, notice(ACTIVATIONS.key, rule, plain(acts)))
    ss = st.session_state
    ss[DEPTH.key] = len(hidden)
    for layer, (units, act) in enumerate(zip(hidden, acts), 1):
        ss[size(layer).key], ss[activation(layer).key] = units, act


def write_layers(config: pg.Config) -> None:
    write_link(HIDDEN, plain(config.hidden))
    write_link(ACTIVATIONS, plain(config.activations))


def fitting_outputs(ds: datasets.Dataset) -> tuple[str, ...]:
    """The output layers (with their losses) that fit a data set's task and classes."""
    fits = []
    for output in pg.OUTPUTS:
        try:
            pg.outputs_for(ds, output)
        except datasets.DatasetError:
            continue
        fits.append(output)
    return tuple(fits)
