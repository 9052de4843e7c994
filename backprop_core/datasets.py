"""Data sets to learn from: six generated with NumPy from a seed, or a small CSV file.

Samples are the COLUMNS of ``X`` (n_features x m), the vectorised lesson's convention
(Z = W·X + b); ``y`` holds one label (class 0..k-1) or one real value per sample.

Every generator draws from ``numpy.random.default_rng(seed)``, so a seed reproduces its
data exactly, and scales its inputs to roughly [-1, 1] before adding ``noise``: Gaussian
noise with standard deviation ``noise``, in those scaled units, on every coordinate (on
the target for the regression ``curve``). Classes are balanced: class j of k gets
``n // k`` points, plus one for each j < ``n % k``. Samples come in a shuffled order.

Bad input (a name, a size, a CSV cell) raises ``DatasetError`` with a one-line message
meant for the user, never anything else.
"""

import csv
import io
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backprop_core import numbers

NAMES = ("xor", "circles", "moons", "spirals", "blobs", "curve")
MIN_POINTS, MAX_POINTS = 4, 2_000  # per generated data set
MAX_NOISE = 1.0  # a standard deviation as large as the inputs' whole range
MAX_CLASSES = 10  # for blobs, and CSV labels 0..9 read as classes
MAX_CSV_BYTES = 5_000_000  # 5 MB
MAX_CSV_ROWS = 20_000  # data rows, a header not counted
MAX_CSV_COLUMNS = 20  # features and the label together

CLASSIFICATION, REGRESSION = "classification", "regression"
LOSSES = ("half_squared", "binary_cross_entropy", "cross_entropy")

# The geometry each generator draws (before noise), in the scaled units.
XOR_CENTRE = 0.5  # clusters at (±0.5, ±0.5)
CIRCLE_RADII = (0.5, 1.0)  # class 0 inner, class 1 outer
MOON_RADIUS = 2 / 3  # sklearn's unit moons, scaled by 2/3 so x spans [-1, 1]
MOON_CENTRES = ((-1 / 3, -1 / 6), (1 / 3, 1 / 6))  # class 0 the upper arc, class 1 the lower
SPIRAL_TURNS = 1.75  # each arm turns this often while its radius grows from 0 to 1
BLOB_RADIUS = 0.6  # blob centres sit evenly on this circle, the first on the positive x axis


class DatasetError(ValueError):
    """A data set cannot be made or read; the message is one line, for the user."""


@dataclass(frozen=True, eq=False)
class Dataset:
    X: np.ndarray  # (n_features, m) float: one sample per column
    y: np.ndarray  # (m,) int labels 0..k-1, or float values for regression
    task: str  # CLASSIFICATION or REGRESSION
    n_classes: int  # k >= 2 for classification, 0 for regression
    name: str
    feature_names: tuple[str, ...]

    def __post_init__(self):
        X = np.array(self.X, dtype=float)  # a read-only copy: nobody changes a data set in place
        classify = self.task == CLASSIFICATION
        y = np.array(self.y, dtype=float)
        if classify:
            if not np.array_equal(y, np.round(y)):
                raise DatasetError("class labels must be whole numbers")
            y = y.astype(int)
        if X.ndim != 2 or y.shape != (X.shape[1],):
            raise DatasetError(f"X must be (n_features, m) and y (m,); got {X.shape} and {y.shape}")
        if self.task not in (CLASSIFICATION, REGRESSION):
            raise DatasetError(f"task must be {CLASSIFICATION!r} or {REGRESSION!r}; got {self.task!r}")
        if classify and (self.n_classes < 2 or y.size and not 0 <= y.min() <= y.max() < self.n_classes):
            raise DatasetError(f"labels must lie in 0..{self.n_classes - 1}, with at least two classes")
        if not classify and self.n_classes != 0:
            raise DatasetError("a regression data set has n_classes 0")
        if len(self.feature_names) != X.shape[0]:
            raise DatasetError(f"{X.shape[0]} features but {len(self.feature_names)} feature names")
        X.flags.writeable = y.flags.writeable = False
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "feature_names", tuple(self.feature_names))

    @property
    def m(self) -> int:
        return self.X.shape[1]

    @property
    def n_features(self) -> int:
        return self.X.shape[0]

    def targets(self, loss: str) -> np.ndarray:
        """The targets T (n_outputs, m) a network trained with ``loss`` compares its outputs with.

        ``binary_cross_entropy``: (1, m) labels 0/1 (two classes only); ``cross_entropy``:
        (k, m) one-hot columns; ``half_squared``: (1, m) values for regression, (1, m) labels
        0/1 for two classes, one-hot (k, m) for more.
        """
        if loss not in LOSSES:
            raise DatasetError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")
        if self.task == REGRESSION:
            if loss != "half_squared":
                raise DatasetError(f"{loss} needs class labels; {self.name} is a regression data set")
            return self.y[np.newaxis, :].astype(float)
        if loss == "binary_cross_entropy" and self.n_classes != 2:
            raise DatasetError(f"binary_cross_entropy needs two classes; {self.name} has {self.n_classes}")
        if self.n_classes == 2 and loss != "cross_entropy":
            return self.y[np.newaxis, :].astype(float)
        return (np.arange(self.n_classes)[:, np.newaxis] == self.y).astype(float)

    def subset(self, columns) -> "Dataset":
        """The samples at ``columns`` (indices or a boolean mask), in that order."""
        return Dataset(
            self.X[:, columns], self.y[columns], self.task, self.n_classes, self.name, self.feature_names
        )


# ---------------------------------------------------------------- generators


def _counts(n: int, k: int) -> list[int]:
    """Balanced class sizes: the first ``n % k`` classes get one point more."""
    return [n // k + (j < n % k) for j in range(k)]


def _xor(rng, n, _k):
    # Four clusters, two per class: class 0 where x1 and x2 share a sign, class 1 where they differ.
    corners = [[(1, 1), (-1, -1)], [(1, -1), (-1, 1)]]
    parts = []
    for label, count in enumerate(_counts(n, 2)):
        for corner, c in zip(corners[label], _counts(count, 2)):
            parts.append((np.tile(np.array(corner, float)[:, None] * XOR_CENTRE, c), np.full(c, label)))
    return parts


def _circle_points(rng, radius, count):
    angle = rng.uniform(0, 2 * np.pi, count)
    return radius * np.stack([np.cos(angle), np.sin(angle)])


def _circles(rng, n, _k):
    sizes = zip(CIRCLE_RADII, _counts(n, 2))
    return [(_circle_points(rng, r, c), np.full(c, j)) for j, (r, c) in enumerate(sizes)]


def _moons(rng, n, _k):
    parts = []
    for j, count in enumerate(_counts(n, 2)):
        angle = rng.uniform(0, np.pi, count)
        side = 1 if j == 0 else -1  # class 0 the upper half circle, class 1 the lower
        arc = MOON_RADIUS * np.stack([side * np.cos(angle), side * np.sin(angle)])
        parts.append((arc + np.array(MOON_CENTRES[j])[:, None], np.full(count, j)))
    return parts


def _spirals(rng, n, _k):
    parts = []
    for j, count in enumerate(_counts(n, 2)):
        r = rng.uniform(0, 1, count)
        angle = 2 * np.pi * SPIRAL_TURNS * r + np.pi * j  # the second arm is the first turned half a circle
        parts.append((r * np.stack([np.cos(angle), np.sin(angle)]), np.full(count, j)))
    return parts


def blob_centres(k: int) -> np.ndarray:
    """The (2, k) centres of ``k`` blobs: evenly spaced on a circle of radius BLOB_RADIUS."""
    angle = 2 * np.pi * np.arange(k) / k
    return BLOB_RADIUS * np.stack([np.cos(angle), np.sin(angle)])


def _blobs(rng, n, k):
    centres = blob_centres(k)
    return [(np.tile(centres[:, [j]], c), np.full(c, j)) for j, c in enumerate(_counts(n, k))]


def curve(x: np.ndarray) -> np.ndarray:
    """The noiseless regression target: one period of a sine over [-1, 1]."""
    return np.sin(np.pi * x)


_GENERATORS = {"xor": _xor, "circles": _circles, "moons": _moons, "spirals": _spirals, "blobs": _blobs}


def _whole(value, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not low <= value <= high:
        got = _shown(repr(value))
        raise DatasetError(f"{what} must be a whole number from {low:,} to {high:,}; got {got}")
    return int(value)


def _real(value, what: str, low: float, high: float, span: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise DatasetError(f"{what} must be a number from {span}; got {_shown(repr(value))}")
    if not low <= value <= high:  # NaN fails too
        raise DatasetError(f"{what} must be a number from {span}; got {numbers.text(value)}")
    return float(value)


def make(name: str, n: int = 200, noise: float = 0.1, seed: int = 0, *, classes: int = 3) -> Dataset:
    """``n`` points of the data set ``name`` (one of NAMES), drawn from ``default_rng(seed)``.

    - xor: four clusters at (±0.5, ±0.5); class 1 where the signs of x1 and x2 differ.
    - circles: class 0 on a circle of radius 0.5, class 1 on the unit circle, uniform angles.
    - moons: scikit-learn's two interleaved half circles, scaled by 2/3 and centred, so x1
      spans [-1, 1]: class 0 the upper arc around (-1/3, -1/6), class 1 the lower around (1/3, 1/6).
    - spirals: two arms r·(cos θ, sin θ) with r uniform in [0, 1] and θ = 2π·1.75·r (+π for class 1).
    - blobs: ``classes`` Gaussian blobs (standard deviation ``noise``) centred evenly on a
      circle of radius 0.6; ``classes`` is used by blobs only.
    - curve: regression, x uniform in [-1, 1] (one feature), y = sin(πx) + noise.

    With ``noise`` 0 every point lies exactly on the geometry above.
    """
    if name not in NAMES:
        raise DatasetError(f"unknown data set {_shown(name)!r}; choose one of {', '.join(NAMES)}")
    k = _whole(classes, "classes", 2, MAX_CLASSES) if name == "blobs" else 2
    n = _whole(n, "n", max(MIN_POINTS, 2 * k), MAX_POINTS)
    seed = _whole(seed, "seed", 0, 2**63 - 1)
    noise = _real(noise, "noise", 0, MAX_NOISE, f"0 to {numbers.text(MAX_NOISE)}")
    rng = np.random.default_rng(seed)
    if name == "curve":
        x = rng.uniform(-1, 1, n)
        y = curve(x) + noise * rng.standard_normal(n)
        return Dataset(x[np.newaxis, :], y, REGRESSION, 0, name, ("x",))
    parts = _GENERATORS[name](rng, n, k)
    X = np.concatenate([points for points, _ in parts], axis=1)
    y = np.concatenate([labels for _, labels in parts])
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(n)
    return Dataset(X[:, order], y[order], CLASSIFICATION, k, name, ("x1", "x2"))


# ---------------------------------------------------------------- train/test split


def _test_counts(sizes: Sequence[int], n_test: int) -> list[int]:
    """Split ``n_test`` over groups in proportion to their sizes (largest remainders first)."""
    total = sum(sizes)
    quotas = [n_test * s / total for s in sizes]
    counts = [math.floor(q) for q in quotas]
    by_remainder = sorted(range(len(sizes)), key=lambda j: (counts[j] - quotas[j], j))
    for j in by_remainder[: n_test - sum(counts)]:
        counts[j] += 1
    return counts


def split(ds: Dataset, test_fraction: float, seed: int) -> tuple[Dataset, Dataset]:
    """A seeded shuffle into (train, test), ``round(test_fraction * m)`` samples tested (at least one).

    Stratified for classification: each class is split in the same proportion (up to
    rounding), so both parts keep the balance. ``test_fraction`` 0 gives back ``ds``
    itself and an empty test set.
    """
    test_fraction = _real(test_fraction, "the test fraction", 0, np.nextafter(1, 0), "0 to just below 1")
    seed = _whole(seed, "seed", 0, 2**63 - 1)
    if test_fraction == 0:
        return ds, ds.subset(np.arange(0))
    n_test = max(1, math.floor(test_fraction * ds.m + 0.5))
    if n_test >= ds.m:
        fraction = numbers.text(test_fraction)
        raise DatasetError(f"a test fraction of {fraction} leaves no training data of {ds.m} samples")
    rng = np.random.default_rng(seed)
    if ds.task == CLASSIFICATION:
        groups = [np.flatnonzero(ds.y == j) for j in range(ds.n_classes)]
    else:
        groups = [np.arange(ds.m)]
    test, train = [], []
    for group, count in zip(groups, _test_counts([len(g) for g in groups], n_test)):
        shuffled = rng.permutation(group)
        test.append(shuffled[:count])
        train.append(shuffled[count:])
    return ds.subset(rng.permutation(np.concatenate(train))), ds.subset(rng.permutation(np.concatenate(test)))


# ---------------------------------------------------------------- CSV


def _shown(text, width: int = 24) -> str:
    """``text`` on one short line, for an error message."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _rows(text: str, name: str):
    """(line number, cells) of each non-blank row, cells stripped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            cells = [c.strip() for c in cells]
            if any(cells):
                yield reader.line_num, cells
    except csv.Error as error:
        why = _shown(error, 60)
        raise DatasetError(f"{name}, line {reader.line_num}: not a readable CSV row ({why})") from None


def _labels(y: np.ndarray, name: str) -> tuple[str, int]:
    """(task, n_classes) the last column asks for; whole numbers 0..MAX_CLASSES-1 are classes."""
    if np.all(y == np.round(y)) and 0 <= y.min() and y.max() < MAX_CLASSES:
        present = sorted({int(v) for v in y})
        if len(present) == 1:
            raise DatasetError(
                f"{name}: every label is {present[0]}; a classification needs at least two classes"
            )
        missing = sorted(set(range(present[-1] + 1)) - set(present))
        if missing:
            raise DatasetError(
                f"{name}: the labels are {', '.join(map(str, present))}; classes must be numbered "
                f"0..k-1 without gaps (missing {', '.join(map(str, missing))})"
            )
        return CLASSIFICATION, len(present)
    if np.all(y == y[0]):
        value = numbers.text(y[0])
        raise DatasetError(f"{name}: every value in the last column is {value}; there is nothing to learn")
    return REGRESSION, 0


def load_csv(data: bytes, name: str = "upload.csv") -> Dataset:
    """A data set from CSV bytes: numeric feature columns, the label in the last column.

    The label is a class when every label is a whole number from 0 to 9 (classes 0..k-1,
    none missing, k >= 2), otherwise a real value to regress on. The first row is a header
    when none of its cells is a number; feature names come from it (else x1, x2, ...).
    UTF-8 only (a byte-order mark is fine); at most MAX_CSV_BYTES, MAX_CSV_ROWS data rows
    and MAX_CSV_COLUMNS columns. Blank lines are skipped; "line N" in a message counts
    every line of the file, the header included. Inputs are used as they are, not rescaled.
    """
    name = _shown(name, 40) or "upload.csv"
    if len(data) > MAX_CSV_BYTES:
        size, limit = numbers.text(len(data) / 1e6, 2), numbers.text(MAX_CSV_BYTES / 1e6)
        raise DatasetError(f"{name} is {size} MB; the limit is {limit} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DatasetError(f"{name} is not UTF-8 text (line {line}); save it as CSV UTF-8") from None
    if "\0" in text:
        raise DatasetError(f"{name} holds NUL bytes; it is not a CSV text file")
    rows = _rows(text, name)
    first = next(rows, None)
    if first is None:
        raise DatasetError(f"{name} is empty")
    width = len(first[1])
    if width < 2:
        hint = _separator_hint(first[1][0])
        raise DatasetError(f"{name} has one column; it needs feature columns, then the label last{hint}")
    if width > MAX_CSV_COLUMNS:
        raise DatasetError(f"{name} has {width} columns; the limit is {MAX_CSV_COLUMNS}")
    header = None
    if all(_number(cell) is None for cell in first[1]):
        header = first[1]
    else:
        rows = itertools.chain([first], rows)
    values = []
    for line, cells in rows:
        if len(cells) != width:
            raise DatasetError(f"{name}, line {line} has {len(cells)} columns; the first row has {width}")
        if len(values) == MAX_CSV_ROWS:
            raise DatasetError(f"{name} has more than {MAX_CSV_ROWS:,} data rows; that is the limit")
        values.append([_cell(cell, line, column, name) for column, cell in enumerate(cells, 1)])
    if len(values) < 2:
        found = "no data rows" if not values else "one data row"
        raise DatasetError(f"{name} has {found}; it needs at least 2")
    table = np.array(values)
    task, k = _labels(table[:, -1], name)
    names = header[:-1] if header else [""] * (width - 1)
    features = tuple(_shown(given) or f"x{j}" for j, given in enumerate(names, 1))
    return Dataset(table[:, :-1].T, table[:, -1], task, k, name, features)


def _separator_hint(cell: str) -> str:
    """Spreadsheets in many locales save CSV with semicolons (and decimal commas)."""
    return "; separate columns with commas" if ";" in cell or "\t" in cell else ""


def _cell(cell: str, line: int, column: int, name: str) -> float:
    value = _number(cell)
    where = f"{name}, line {line}, column {column}"
    if not cell:
        raise DatasetError(f"{where} is empty; every cell needs a number")
    if value is None:
        hint = _separator_hint(cell)
        raise DatasetError(f'{where}: "{_shown(cell)}" is not a number{hint}')
    if not math.isfinite(value):
        raise DatasetError(f'{where}: "{_shown(cell)}" is not a finite number')
    return value
