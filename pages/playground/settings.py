"""The Playground's settings, declared once with ui/settings (key, label, range, default, help),
and its link: the whole configuration at once, so a link reproduces a run.

A link carries the configuration, the seed and the step count (never the weights: the page
trains to that step again, deterministically). Every value is read with the settings' own rule
and a bad one named in the app's one wording; the page's widgets are drawn from the same settings
(kept for the session, not bound: ``to_query`` writes the whole link on every run). The defaults
are ``Config()``'s.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import fields

from backprop_core import datasets
from pages.playground import maths as pg
from ui.settings import Choice, Number, Text, Whole, repeated

DEFAULT = pg.Config()


def _sizes(text: str) -> tuple[int, ...]:
    if text in ("", "none"):
        return ()
    if not re.fullmatch(r"[0-9]{1,3}(,[0-9]{1,3})*", text):  # int() would also read "٣" and "1_0"
        raise ValueError
    sizes = tuple(int(part) for part in text.split(","))
    if len(sizes) > pg.MAX_HIDDEN_LAYERS or not all(1 <= s <= pg.MAX_NEURONS for s in sizes):
        raise ValueError
    return sizes


def _activations(text: str) -> tuple[str, ...]:
    names = () if text in ("", "none") else tuple(text.split(","))
    if len(names) > pg.MAX_HIDDEN_LAYERS or not set(names) <= set(pg.HIDDEN_ACTIVATIONS):
        raise ValueError
    return names


def _plain(value) -> str:
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "none"
    return str(value)


LR = (1e-4, 10.0)
# Config field -> its setting (the page's widgets are drawn from these too); "step": the step count.
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
SETTINGS = {
    "dataset": Choice("pg_data", "Data set", datasets.NAMES, DEFAULT.dataset, kind="select"),
    "n": Whole("pg_n", "Points", datasets.MIN_POINTS, datasets.MAX_POINTS, DEFAULT.n, step=50),
    "seed": Whole("pg_seed", "Seed", 0, 2**31 - 1, DEFAULT.seed,
                  "The seed draws the data, the split, the initial weights and each epoch's order."),
    "noise": Number("pg_noise", "Noise", 0.0, datasets.MAX_NOISE, DEFAULT.noise, step=0.05, format="%0.2f",
                    slider=True),
    "classes": Whole("pg_classes", "Classes", 2, datasets.MAX_CLASSES, DEFAULT.classes),
    "test_fraction": Number("pg_split", "Test fraction", 0.0, 0.9, DEFAULT.test_fraction,
                            "Held out, never trained on: the test cost and accuracy show how well the "
                            "network generalises.", step=0.05, format="%0.2f", slider=True),
    "hidden": Text("pg_layers", "Hidden layer sizes", _plain(DEFAULT.hidden), parse=_sizes,
                   rule=f"is not up to {pg.MAX_HIDDEN_LAYERS} sizes from 1 to {pg.MAX_NEURONS}, like 4,4"),
    "activations": Text("pg_act", "Hidden activations", _plain(DEFAULT.activations), parse=_activations,
                        rule="is not one of " + ", ".join(pg.HIDDEN_ACTIVATIONS) + " per hidden layer"),
    "output": Choice("pg_out", "Output and loss", tuple(pg.OUTPUTS), DEFAULT.output,
                     "The output layer's activation and the cost it is trained on: a sigmoid with binary "
                     "cross-entropy for two classes, a softmax with categorical cross-entropy for more, a "
                     "linear output with the squared error for a number.", kind="select"),
    "init": Choice("pg_init", "Initial weights", pg.INITS, DEFAULT.init,
                   "Xavier (Glorot) suits tanh and sigmoid, He suits ReLU; zero shows why weights must start "
                   "different.", kind="select"),
    "l2": Number("pg_l2", "L2 penalty λ", 0.0, 1.0, DEFAULT.l2, step=0.001, format="%g"),
    "lr": Number("pg_lr", "Learning rate η", *LR, DEFAULT.lr, step=0.05, format="%g"),
    "batch": Whole("pg_batch", "Batch size (0: the full batch)", 0, datasets.MAX_POINTS, DEFAULT.batch,
                   "1 is stochastic gradient descent; the full batch is plain gradient descent."),
    "epochs": Whole("pg_epochs", "Epochs per Play", 1, pg.MAX_EPOCHS, DEFAULT.epochs, step=10),
    "step": Whole("pg_step", "Step", 0, pg.MAX_STEP, 0),
}  # fmt: skip
assert set(SETTINGS) - {"step"} == {f.name for f in fields(pg.Config)}


def from_query(params: Mapping[str, Sequence[str]]) -> tuple[dict, list[str]]:
    """Every field's value from the link (defaults for what is missing) and a notice per replaced
    value, in the app's one wording. ``params``: each key's every value (``st.query_params.get_all``)."""
    values, notices = {}, []
    for field, s in SETTINGS.items():
        default = s.parse(s.default) if isinstance(s, Text) else s.default
        values[field] = default
        texts = params.get(s.key) or []
        if not texts:
            continue
        if len(texts) > 1:
            notices.append(repeated(s.key, len(texts)))
        text = str(texts[-1]).strip()
        if s.key == "pg_data" and text == pg.UPLOAD:  # the file stays with the session that sent it
            notices.append(f"An uploaded file cannot travel in a link; showing {s.default}.")
        elif (value := s.read(text)) is None:
            notices.append(s.bad())
        else:
            values[field] = s.parse(value) if isinstance(s, Text) else value
    hidden, acts = values["hidden"], values["activations"]
    if len(acts) != len(hidden):
        fixed = tuple(acts[: len(hidden)]) + (DEFAULT.activations[0],) * max(0, len(hidden) - len(acts))
        if "pg_act" in params:
            notices.append(
                f"pg_act in the link does not name one activation per hidden layer; showing {_plain(fixed)}."
            )
        values["activations"] = fixed
    return values, notices


def to_query(config: pg.Config, step: int) -> dict[str, str]:
    """The link for ``config`` at ``step`` (``repr`` keeps each float exact)."""
    query = {}
    for field, s in SETTINGS.items():
        value = step if field == "step" else getattr(config, field)
        query[s.key] = repr(value) if isinstance(value, float) else _plain(value)
    return query


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
