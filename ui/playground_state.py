"""The Playground's URL keys, declared once: key, what it holds, its range, its default.

A link carries the configuration, the seed and the step count (never the weights: the page
trains to that step again, deterministically). Every value read from a link is checked here;
a bad one is replaced by its default and named in a notice. The defaults are ``Config()``'s.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from backprop_core import datasets, numbers
from backprop_core import playground as pg

DEFAULT = pg.Config()


@dataclass(frozen=True)
class Key:
    key: str  # the URL and session key, with the page's prefix
    field: str  # the Config field it sets ("step": the step count)
    rule: str  # what is allowed, in words, for the notice
    read: Callable[[str], object]  # the value from URL text; ValueError when it is not allowed

    @property
    def default(self):
        return 0 if self.field == "step" else getattr(DEFAULT, self.field)


def _whole(low: int, high: int):
    def read(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError
        return value

    return read


def _real(low: float, high: float):
    def read(text: str) -> float:
        value = float(text)
        if not low <= value <= high:  # NaN fails too
            raise ValueError
        return value

    return read


def _choice(options):
    def read(text: str) -> str:
        if text not in options:
            raise ValueError
        return text

    return read


def _sizes(text: str) -> tuple[int, ...]:
    if text in ("", "none"):
        return ()
    sizes = tuple(int(part) for part in text.split(","))
    if len(sizes) > pg.MAX_HIDDEN_LAYERS or not all(1 <= s <= pg.MAX_NEURONS for s in sizes):
        raise ValueError
    return sizes


def _activations(text: str) -> tuple[str, ...]:
    names = () if text in ("", "none") else tuple(text.split(","))
    if len(names) > pg.MAX_HIDDEN_LAYERS or not set(names) <= set(pg.HIDDEN_ACTIVATIONS):
        raise ValueError
    return names


LR = (1e-4, 10.0)
KEYS = (
    Key("pg_data", "dataset", "one of " + ", ".join(datasets.NAMES), _choice(datasets.NAMES)),
    Key(
        "pg_n",
        "n",
        f"a whole number from {datasets.MIN_POINTS} to {datasets.MAX_POINTS:,}",
        _whole(datasets.MIN_POINTS, datasets.MAX_POINTS),
    ),
    Key("pg_noise", "noise", "a number from 0 to 1", _real(0.0, datasets.MAX_NOISE)),
    Key("pg_seed", "seed", "a whole number from 0 to 2³¹ − 1", _whole(0, 2**31 - 1)),
    Key("pg_split", "test_fraction", "a number from 0 to 0.9", _real(0.0, 0.9)),
    Key(
        "pg_classes",
        "classes",
        f"a whole number from 2 to {datasets.MAX_CLASSES}",
        _whole(2, datasets.MAX_CLASSES),
    ),
    Key(
        "pg_layers",
        "hidden",
        f"up to {pg.MAX_HIDDEN_LAYERS} sizes from 1 to {pg.MAX_NEURONS}, like 4,4",
        _sizes,
    ),
    Key(
        "pg_act",
        "activations",
        "one of " + ", ".join(pg.HIDDEN_ACTIVATIONS) + " per hidden layer",
        _activations,
    ),
    Key("pg_out", "output", "one of " + ", ".join(pg.OUTPUTS), _choice(tuple(pg.OUTPUTS))),
    Key("pg_init", "init", "one of " + ", ".join(pg.INITS), _choice(pg.INITS)),
    Key("pg_l2", "l2", "a number from 0 to 1", _real(0.0, 1.0)),
    Key("pg_lr", "lr", f"a number from {numbers.text(LR[0])} to {numbers.text(LR[1])}", _real(*LR)),
    Key(
        "pg_batch",
        "batch",
        f"a whole number from 0 (the full batch) to {datasets.MAX_POINTS:,}",
        _whole(0, datasets.MAX_POINTS),
    ),
    Key("pg_epochs", "epochs", f"a whole number from 1 to {pg.MAX_EPOCHS:,}", _whole(1, pg.MAX_EPOCHS)),
    Key("pg_step", "step", f"a whole number from 0 to {pg.MAX_STEP:,}", _whole(0, pg.MAX_STEP)),
)
assert {k.field for k in KEYS} - {"step"} == {f.name for f in fields(pg.Config)}
BY_FIELD = {k.field: k for k in KEYS}


def _shown(text: str) -> str:
    """A visitor's text is never echoed into the page: only its length."""
    return f"a value of {len(text)} characters"


def from_query(params: Mapping[str, str]) -> tuple[dict, list[str]]:
    """Every field's value from the link (defaults for what is missing) and a notice per replaced value."""
    values, notices = {}, []
    for k in KEYS:
        values[k.field] = k.default
        if k.key not in params:
            continue
        text = str(params[k.key]).strip()
        if k.key == "pg_data" and text == pg.UPLOAD:  # the file stays with the session that sent it
            notices.append(f"An uploaded file cannot travel in a link; using {k.default}.")
            continue
        try:
            values[k.field] = k.read(text)
        except (ValueError, OverflowError):
            shown = _plain(k.default)
            notices.append(f"{k.key} must be {k.rule} (the link had {_shown(text)}); using {shown}.")
    hidden, acts = values["hidden"], values["activations"]
    if len(acts) != len(hidden):
        fixed = tuple(acts[: len(hidden)]) + (DEFAULT.activations[0],) * max(0, len(hidden) - len(acts))
        if "pg_act" in params:
            notices.append(f"pg_act must name one activation per hidden layer; using {_plain(fixed)}.")
        values["activations"] = fixed
    return values, notices


def _plain(value) -> str:
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "none"
    return str(value)


def to_query(config: pg.Config, step: int) -> dict[str, str]:
    """The link for ``config`` at ``step`` (``repr`` keeps each float exact)."""
    query = {}
    for k in KEYS:
        value = step if k.field == "step" else getattr(config, k.field)
        query[k.key] = repr(value) if isinstance(value, float) else _plain(value)
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
