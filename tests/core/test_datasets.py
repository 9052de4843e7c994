"""Data sets: each generator's shape, balance and geometry, checked from the geometry's own
equations; the split; the target encodings; CSV loading, its limits and its one-line errors."""

import csv
import io
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import datasets
from backprop_core.datasets import Dataset, DatasetError, load_csv, make, split

CLASSES = {"xor": 2, "circles": 2, "moons": 2, "spirals": 2, "blobs": 3}


def one_line_error(call, *args, **kwargs) -> str:
    with pytest.raises(DatasetError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert message and "\n" not in message and "\r" not in message and "Traceback" not in message
    return message


# ---------------------------------------------------------------- generators


@pytest.mark.parametrize("name", datasets.NAMES)
@pytest.mark.parametrize("n", [6, 7, 200, 2_000])
def test_shape_task_and_balance(name, n):
    ds = make(name, n, seed=3)
    assert ds.m == n and ds.y.shape == (n,) and ds.name == name
    if name == "curve":
        assert ds.X.shape == (1, n) and ds.task == "regression" and ds.n_classes == 0
        assert ds.y.dtype.kind == "f"
        return
    k = CLASSES[name]
    assert ds.X.shape == (2, n) and ds.task == "classification" and ds.n_classes == k
    assert ds.y.dtype.kind == "i" and ds.feature_names == ("x1", "x2")
    counts = [int(np.sum(ds.y == j)) for j in range(k)]
    assert sum(counts) == n and max(counts) - min(counts) <= 1  # balanced
    assert counts == sorted(counts, reverse=True)  # the spare points go to the first classes


@pytest.mark.parametrize("k", [2, 3, 5, 10])
def test_blobs_has_the_classes_asked_for(k):
    ds = make("blobs", 100, seed=1, classes=k)
    assert ds.n_classes == k and set(ds.y.tolist()) == set(range(k))
    assert np.ptp(np.bincount(ds.y)) <= 1


@pytest.mark.parametrize("name", datasets.NAMES)
def test_a_seed_reproduces_and_another_seed_differs(name):
    a, b, c = make(name, 50, seed=7), make(name, 50, seed=7), make(name, 50, seed=8)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize("name", datasets.NAMES)
def test_samples_are_shuffled_not_sorted_by_class(name):
    ds = make(name, 200, seed=0)
    if name != "curve":
        assert not np.all(np.diff(ds.y) >= 0)


@pytest.mark.parametrize("name", datasets.NAMES)
def test_without_noise_the_inputs_lie_in_the_unit_square(name):
    X = make(name, 500, noise=0, seed=2).X
    assert np.all(np.abs(X) <= 1 + 1e-12)


def test_xor_without_noise_is_the_four_corners_labelled_by_sign():
    ds = make("xor", 400, noise=0, seed=4)
    assert set(np.abs(ds.X).ravel().tolist()) == {0.5}
    assert np.array_equal(ds.y, (ds.X[0] * ds.X[1] < 0).astype(int))
    corners = {(float(a), float(b)) for a, b in ds.X.T}
    assert corners == {(0.5, 0.5), (-0.5, -0.5), (0.5, -0.5), (-0.5, 0.5)}
    for corner in corners:
        assert np.sum(np.all(ds.X.T == corner, axis=1)) == 100  # 400 points, 4 equal clusters


def test_the_smallest_xor_is_the_truth_table():
    ds = make("xor", 4, noise=0)
    table = sorted((int(a > 0), int(b > 0), int(label)) for (a, b), label in zip(ds.X.T, ds.y))
    assert table == [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)]


def test_xor_with_noise_keeps_most_points_on_their_side():
    ds = make("xor", 2000, noise=0.1, seed=4)
    agree = np.mean(ds.y == (ds.X[0] * ds.X[1] < 0))
    assert agree > 0.99  # a point crosses an axis only 5 standard deviations away


def test_circles_without_noise_lie_on_radius_half_and_one():
    ds = make("circles", 300, noise=0, seed=5)
    radius = np.hypot(ds.X[0], ds.X[1])
    np.testing.assert_allclose(radius[ds.y == 0], 0.5, rtol=1e-12)
    np.testing.assert_allclose(radius[ds.y == 1], 1.0, rtol=1e-12)
    assert np.ptp(np.arctan2(ds.X[1], ds.X[0])) > 6  # the whole way round, not one arc


def test_moons_without_noise_are_sklearns_arcs_rescaled():
    ds = make("moons", 400, noise=0, seed=6)
    # Undo the documented scaling (x1 spans [-1, 1]: divide by 1.5 after centring on (0.5, 0.25))
    # to get scikit-learn's make_moons: (cos t, sin t) and (1 - cos t, 0.5 - sin t), t in [0, pi].
    x, y = ds.X * 1.5 + np.array([[0.5], [0.25]])
    upper, lower = ds.y == 0, ds.y == 1
    np.testing.assert_allclose(np.hypot(x[upper], y[upper]), 1.0, rtol=1e-12)
    assert np.all(y[upper] >= -1e-12)
    np.testing.assert_allclose(np.hypot(x[lower] - 1, y[lower] - 0.5), 1.0, rtol=1e-12)
    assert np.all(y[lower] <= 0.5 + 1e-12)
    assert ds.X[0].min() == pytest.approx(-1, abs=0.01) and ds.X[0].max() == pytest.approx(1, abs=0.01)


def test_spirals_without_noise_turn_with_their_radius():
    ds = make("spirals", 400, noise=0, seed=7)
    r = np.hypot(ds.X[0], ds.X[1])
    angle = np.arctan2(ds.X[1], ds.X[0])
    for label in (0, 1):
        expected = 2 * np.pi * 1.75 * r + np.pi * label  # arm 1 is arm 0 turned half a circle
        gap = np.angle(np.exp(1j * (angle - expected)))[ds.y == label]  # wrapped to (-pi, pi]
        np.testing.assert_allclose(gap, 0, atol=1e-9)
    assert r.max() <= 1 and r.max() > 0.95


def test_blobs_without_noise_sit_on_their_centres_evenly_round_a_circle():
    k = 5
    ds = make("blobs", 100, noise=0, seed=8, classes=k)
    centres = np.array([ds.X[:, ds.y == j][:, 0] for j in range(k)]).T
    for j in range(k):
        assert np.all(ds.X[:, ds.y == j] == centres[:, [j]])
    np.testing.assert_allclose(np.hypot(*centres), 0.6, rtol=1e-12)
    np.testing.assert_allclose(centres[:, 0], [0.6, 0], atol=1e-12)
    turns = np.diff(np.unwrap(np.arctan2(centres[1], centres[0])))
    np.testing.assert_allclose(turns, 2 * np.pi / k, rtol=1e-12)


def test_curve_without_noise_is_one_period_of_a_sine():
    ds = make("curve", 300, noise=0, seed=9)
    x = ds.X[0]
    assert x.min() >= -1 and x.max() <= 1
    np.testing.assert_allclose(ds.y, [np.sin(np.pi * v) for v in x], rtol=1e-12, atol=1e-15)
    assert ds.feature_names == ("x",)


@pytest.mark.parametrize("noise", [0.05, 0.3])
def test_noise_is_a_gaussian_of_that_standard_deviation(noise):
    curve = make("curve", 2000, noise=noise, seed=10)
    residual = curve.y - np.sin(np.pi * curve.X[0])
    assert np.std(residual) == pytest.approx(noise, rel=0.08) and abs(np.mean(residual)) < noise / 10
    blobs = make("blobs", 2000, noise=noise, seed=11, classes=2)
    exact = make("blobs", 2000, noise=0, seed=11, classes=2)
    assert np.array_equal(blobs.y, exact.y)  # noise moves points, never relabels them
    assert np.std(blobs.X - exact.X) == pytest.approx(noise, rel=0.08)


@pytest.mark.parametrize(
    "args, kwargs, says",
    [
        (("rings",), {}, "unknown data set"),
        (("moons", 3), {}, "n must be"),
        (("moons", 2001), {}, "2,000"),
        (("moons", 20.5), {}, "whole number"),
        (("moons", True), {}, "whole number"),
        (("moons", 100, -0.1), {}, "noise"),
        (("moons", 100, 1.5), {}, "noise"),
        (("moons", 100, float("nan")), {}, "noise"),
        (("moons", 100, "0.1"), {}, "noise"),
        (("moons", 100, 0.1, -1), {}, "seed"),
        (("blobs",), {"classes": 1}, "classes"),
        (("blobs",), {"classes": 11}, "classes"),
        (("blobs", 10), {"classes": 6}, "n must be"),  # at least two points a class
    ],
)
def test_make_refuses_out_of_range_settings_in_one_line(args, kwargs, says):
    assert says in one_line_error(make, *args, **kwargs)


# ---------------------------------------------------------------- split


def numbered(m: int, k: int) -> Dataset:
    """m samples whose one feature is their own index; labels cycle through k classes (0: regression)."""
    if k == 0:
        return Dataset(np.arange(m)[None, :], np.arange(m) / 2, "regression", 0, "numbered", ("i",))
    return Dataset(np.arange(m)[None, :], np.arange(m) % k, "classification", k, "numbered", ("i",))


@pytest.mark.parametrize("m, k", [(200, 2), (101, 3), (50, 0), (7, 2)])
@pytest.mark.parametrize("fraction", [0.1, 0.25, 0.5])
def test_split_sizes_and_disjoint_parts_that_cover_everything(m, k, fraction):
    ds = numbered(m, k)
    train, test = split(ds, fraction, seed=1)
    expected = max(1, int(fraction * m + 0.5))
    assert test.m == expected and train.m == m - expected
    train_ids, test_ids = train.X[0].astype(int), test.X[0].astype(int)
    assert not set(train_ids) & set(test_ids)
    assert sorted([*train_ids, *test_ids]) == list(range(m))
    for part, ids in ((train, train_ids), (test, test_ids)):  # labels travel with their samples
        np.testing.assert_array_equal(part.y, ds.y[ids])
        assert part.n_classes == ds.n_classes and part.task == ds.task


@pytest.mark.parametrize("m, k, fraction", [(200, 2, 0.2), (300, 3, 0.1), (103, 4, 0.3)])
def test_split_is_stratified(m, k, fraction):
    ds = numbered(m, k)
    _, test = split(ds, fraction, seed=2)
    for j in range(k):
        assert abs(np.sum(test.y == j) - fraction * np.sum(ds.y == j)) < 1


def test_split_is_reproducible_from_its_seed_and_shuffled():
    ds = numbered(100, 2)
    a, b, c = split(ds, 0.3, 5), split(ds, 0.3, 5), split(ds, 0.3, 6)
    assert np.array_equal(a[0].X, b[0].X) and np.array_equal(a[1].X, b[1].X)
    assert not np.array_equal(np.sort(a[1].X), np.sort(c[1].X))
    assert not np.all(np.diff(a[0].X[0]) > 0)  # not in the original order


def test_a_zero_test_fraction_keeps_everything_for_training():
    ds = make("moons", 40)
    train, test = split(ds, 0, 3)
    assert train is ds and test.m == 0 and test.X.shape == (2, 0) and test.n_classes == 2


@pytest.mark.parametrize("fraction", [1, 1.5, -0.1, float("nan"), "0.2"])
def test_split_refuses_a_fraction_out_of_range(fraction):
    assert "test fraction" in one_line_error(split, numbered(10, 2), fraction, 0)


def test_split_refuses_to_leave_no_training_data():
    assert "no training data" in one_line_error(split, numbered(2, 2), 0.9, 0)


# ---------------------------------------------------------------- targets and subsets


def test_binary_targets_are_the_labels_in_one_row():
    ds = make("moons", 30, seed=1)
    for loss in ("binary_cross_entropy", "half_squared"):
        T = ds.targets(loss)
        assert T.shape == (1, 30) and T.dtype.kind == "f"
        assert T[0].tolist() == [float(v) for v in ds.y]


def test_categorical_targets_are_one_hot_columns():
    ds = make("blobs", 31, seed=1, classes=4)
    for loss in ("cross_entropy", "half_squared"):
        T = ds.targets(loss)
        assert T.shape == (4, 31)
        for i, label in enumerate(ds.y):
            assert [T[c, i] for c in range(4)] == [1.0 if c == label else 0.0 for c in range(4)]
    T2 = make("moons", 10).targets("cross_entropy")  # two classes, two outputs
    assert T2.shape == (2, 10) and np.all(T2.sum(axis=0) == 1)


def test_regression_targets_are_the_values():
    ds = make("curve", 20, seed=2)
    T = ds.targets("half_squared")
    assert T.shape == (1, 20) and np.array_equal(T[0], ds.y)


@pytest.mark.parametrize(
    "name, loss",
    [
        ("curve", "cross_entropy"),
        ("curve", "binary_cross_entropy"),
        ("blobs", "binary_cross_entropy"),
        ("moons", "mse"),
    ],
)
def test_targets_refuse_a_loss_that_does_not_fit(name, loss):
    one_line_error(make(name, 20).targets, loss)


def test_subset_takes_columns_in_order_and_masks():
    ds = make("blobs", 12, seed=3)
    part = ds.subset([5, 0, 5])
    assert np.array_equal(part.X, ds.X[:, [5, 0, 5]]) and part.y.tolist() == [ds.y[5], ds.y[0], ds.y[5]]
    assert part.n_classes == 3 and part.name == "blobs"
    mask = ds.y == 1
    assert np.array_equal(ds.subset(mask).X, ds.X[:, mask])


def test_a_data_set_survives_pickling_as_st_cache_data_does_it():
    ds = make("blobs", 30, seed=2)
    back = pickle.loads(pickle.dumps(ds))
    assert np.array_equal(back.X, ds.X) and np.array_equal(back.y, ds.y)
    assert (back.task, back.n_classes, back.name, back.feature_names) == (
        ds.task,
        ds.n_classes,
        ds.name,
        ds.feature_names,
    )


def test_a_data_set_cannot_be_changed_in_place():
    ds = make("moons", 10)
    with pytest.raises(ValueError):
        ds.X[0, 0] = 5.0
    with pytest.raises(ValueError):
        ds.y[0] = 1
    source = np.zeros((1, 3))
    Dataset(source, [0.0, 1.0, 2.0], "regression", 0, "own", ("a",))
    source[0, 0] = 1.0  # the caller's array stays writable: the data set took a copy


@pytest.mark.parametrize(
    "X, y, task, k, names",
    [
        (np.zeros(3), [0, 1, 0], "classification", 2, ("a",)),  # X not 2-D
        (np.zeros((1, 3)), [0, 1], "classification", 2, ("a",)),  # lengths differ
        (np.zeros((1, 3)), [0, 1, 2], "classification", 2, ("a",)),  # label 2 of 2 classes
        (np.zeros((1, 3)), [0, 0.5, 1], "classification", 2, ("a",)),  # not a whole number
        (np.zeros((1, 3)), [0, 1, 0], "classification", 1, ("a",)),  # one class
        (np.zeros((1, 3)), [0, 1, 0], "regression", 2, ("a",)),
        (np.zeros((1, 3)), [0, 1, 0], "clustering", 0, ("a",)),
        (np.zeros((1, 3)), [0, 1, 0], "regression", 0, ("a", "b")),
    ],
)
def test_a_malformed_data_set_is_refused(X, y, task, k, names):
    one_line_error(Dataset, X, y, task, k, "bad", names)


# ---------------------------------------------------------------- CSV


def csv_bytes(rows, header=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def as_rows(ds: Dataset):
    """The data set as CSV rows, each float by repr (which reads back exactly)."""
    labels = ds.y.tolist()
    return [[repr(float(v)) for v in ds.X[:, i]] + [str(labels[i])] for i in range(ds.m)]


@pytest.mark.parametrize("name", ["moons", "blobs", "curve"])
@pytest.mark.parametrize("with_header", [False, True])
def test_a_good_csv_round_trips(name, with_header):
    ds = make(name, 60, seed=12)
    header = [*(f"feature {j}" for j in range(ds.n_features)), "label"] if with_header else None
    back = load_csv(csv_bytes(as_rows(ds), header), name="mine.csv")
    assert np.array_equal(back.X, ds.X) and np.array_equal(back.y, ds.y)
    assert (back.task, back.n_classes, back.name) == (ds.task, ds.n_classes, "mine.csv")
    expected = tuple(header[:-1]) if with_header else tuple(f"x{j + 1}" for j in range(ds.n_features))
    assert back.feature_names == expected


def test_a_csv_with_a_byte_order_mark_crlf_blank_lines_and_spaces():
    data = b"\xef\xbb\xbfheight, weight ,class\r\n1.5, 2 ,1\r\n\r\n -3e-1,4,0\r\n   \r\n0.25,1e2,2\r\n"
    ds = load_csv(data)
    assert ds.feature_names == ("height", "weight") and ds.name == "upload.csv"
    np.testing.assert_array_equal(ds.X, [[1.5, -0.3, 0.25], [2.0, 4.0, 100.0]])
    assert ds.y.tolist() == [1, 0, 2] and ds.n_classes == 3


def test_labels_written_as_floats_are_classes_and_others_are_values():
    assert load_csv(b"1,0.0\n2,1.0\n").task == "classification"
    assert load_csv(b"1,0\n2,1.5\n").task == "regression"
    assert load_csv(b"1,-1\n2,1\n").task == "regression"  # negative: not a class number
    assert load_csv(b"1,10\n2,30\n").task == "regression"  # beyond 0..9


def test_the_limits_themselves_are_accepted():
    rows = [[str(i % 7)] * 19 + [str(i % 2)] for i in range(datasets.MAX_CSV_ROWS)]
    ds = load_csv(csv_bytes(rows, header=[f"c{j}" for j in range(20)]))
    assert ds.m == 20_000 and ds.n_features == 19


def _rows_of(count, line=b"0.5,1\n"):
    return line * count


BAD_FILES = [
    ("empty", b"", "is empty"),
    ("blank lines only", b"\n \n\r\n", "is empty"),
    ("header only", b"x1,x2,label\n", "no data rows"),
    ("one row", b"0.1,0.2,1\n", "one data row"),
    ("over 5 MB", b"0.125,0.25,1\n" * 480_000, "5 MB"),
    ("20,001 rows", b"0.5,1\n0.5,0\n" * 10_000 + b"1,1\n", "20,000"),
    ("21 columns", b",".join([b"1"] * 21) + b"\n" + b",".join([b"0"] * 21) + b"\n", "21 columns"),
    ("one column", b"1\n0\n", "one column"),
    ("latin-1", "x,y\n0.5,1\ncafé,0\n".encode("latin-1"), "not UTF-8 text (line 3)"),
    ("UTF-16", "x,y\n0.5,1\n1,0\n".encode("utf-16"), "not UTF-8"),
    ("abc cell", b"x,y\n0.5,1\n0.5,abc\n", 'line 3, column 2: "abc" is not a number'),
    ("abc after a blank line", b"1,2,1\n\n3,abc,0\n", "line 3, column 2"),
    ("empty cell", b"1,2,1\n3,,0\n", "line 2, column 2 is empty"),
    ("nan", b"1,2,1\nnan,2,0\n", 'line 2, column 1: "nan" is not a finite number'),
    ("inf", b"1,2,1\n3,-inf,0\n", "not a finite number"),
    ("overflow", b"1,2,1\n3,1e400,0\n", "not a finite number"),
    ("ragged", b"1,2,1\n3,4,0\n5,0\n", "line 3 has 2 columns; the first row has 3"),
    ("ragged header", b"a,b\n1,2,1\n", "line 2 has 3 columns"),
    ("a single class", b"1,2,1\n3,4,1\n5,6,1\n", "at least two classes"),
    ("gaps", b"1,0\n2,1\n3,5\n", "missing 2, 3, 4"),
    ("numbered from one", b"1,1\n2,2\n", "missing 0"),
    ("a constant value", b"1,2.5\n2,2.5\n", "nothing to learn"),
    ("semicolons", b"x;y\n1;0\n2;1\n", "separate columns with commas"),
    ("decimal commas", b"1,5;2,3;0\n1,5;2,3;1\n", "separate columns with commas"),
    ("tabs", b"1\t0\n2\t1\n", "separate columns with commas"),
    ("NUL bytes", b"1,2\x00,1\n3,4,0\n", "NUL"),
    ("a very long cell", b"1,0\n" + b"x" * 5000 + b",1\n", "is not a number"),
]


@pytest.mark.parametrize("data, says", [(d, s) for _, d, s in BAD_FILES], ids=[i for i, _, _ in BAD_FILES])
def test_every_bad_csv_gets_a_one_line_message_naming_the_file(data, says):
    message = one_line_error(load_csv, data, name="class data.csv")
    assert message.startswith("class data.csv") and says in message
    assert len(message) < 200


def test_a_file_name_cannot_break_the_message_onto_two_lines():
    message = one_line_error(load_csv, b"", name="evil\nname\r.csv")
    assert message.startswith("evil name .csv")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.text(alphabet='0123456789.,-e\n\r "ainf', max_size=80).map(str.encode))
def test_any_bytes_give_a_data_set_or_a_data_set_error(data):
    try:
        ds = load_csv(data)
    except DatasetError as error:
        assert "\n" not in str(error)
    else:
        assert ds.m >= 2 and np.all(np.isfinite(ds.X)) and np.all(np.isfinite(ds.y))


def test_the_module_is_pure():
    from tests.core.test_purity import HEAVY, loaded_after

    assert loaded_after("import backprop_core.datasets").isdisjoint(HEAVY)
