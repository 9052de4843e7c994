"""A chart with its text alternatives: a one-line description that a screen reader reads as the chart's name,
and the chart's numbers as a table folded under it ("Data").

The description goes through ``st.plotly_chart``'s ``alt`` (Streamlit 1.67): the chart's box becomes
``role="figure"`` with that ``aria-label``, bound to the chart itself. The table is read from the figure's
own traces (``table``) when the fold is opened, so it holds exactly what the picture draws: a line's
points thinned, a map's lowest and highest values and a coarse grid of it, a diagram's labels. On a slide
the table stays folded away with the rest of what is not the step (``presenter.fold``), so it never pushes
a slide past the screen.
"""

import base64
import contextlib
import re

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from backprop_core import numbers
from ui import figures, presenter

POINTS = 12  # a line's points in its table: enough to follow its shape by ear
GRID = 5  # a map's coarse grid: GRID × GRID of its values
DIGITS = 6  # a chart's hover shows 6 digits: its table too
SERIES, VALUE = "series", "value"
DATA = "data_"  # a Data fold's key: its CSS class st-key-data_<name> tells it from a page's own tables
OPEN = "data_open_"  # the fold's own key: whether it is open (session state), so its table is built
GRIDDED = ("heatmap", "contour", "surface")


def show(fig: go.Figure, alt: str, *, name: str, place=None, data: bool = True, **chart):
    """``fig`` in ``place`` (where the page draws, else a slide's column), named by ``alt`` for a screen
    reader, its numbers in a folded table under it; ``name`` tells a page's tables apart. ``data=False``
    draws the fold without building the table (the Playground while it plays: a tick stays cheap).
    Returns what ``st.plotly_chart`` returns (a selection, where the chart has one)."""
    place = st if place is None else place
    event = place.plotly_chart(fig, alt=alt, **chart)
    with contextlib.nullcontext() if place is st else place, presenter.fold(f"data_{name}"):
        with st.container(key=f"{DATA}{name}"):
            # Built and sent only once opened: every chart's table on every run was an eighth of a
            # lesson's server CPU with a class editing (py-spy, benchmarks/lecture.py)
            fold = st.expander(label(fig), key=f"{OPEN}{name}", on_change="rerun")
            if fold.open:
                with fold:
                    _fill(fig, data)
    return event


def _fill(fig: go.Figure, data: bool) -> None:
    numbers_drawn = table(fig) if data else {}
    if numbers_drawn and any(numbers_drawn.values()):
        st.table(numbers_drawn)
    elif data:
        st.caption("No numbers drawn yet.")
    else:
        st.caption("The numbers are tabled when Play stops.")


def label(fig: go.Figure) -> str:
    """The fold's label: "Data", with the chart's title when it has one (a screen reader lists them)."""
    title = fig.layout.title.text
    return f"Data: {_plain(title)}" if title else "Data"


def table(fig: go.Figure) -> dict[str, list[str]]:
    """The numbers a figure draws, as columns of text: a diagram (its axes hidden) by its labels, a chart
    trace by trace (``series``, the axes' titles, and ``value`` for a map's or a surface's height)."""
    spec = fig.to_plotly_json()  # read, never changed: no deep copy
    layout = spec.get("layout", {})
    if layout.get("xaxis", {}).get("visible") is False and layout.get("yaxis", {}).get("visible") is False:
        return _labels(spec["data"], layout.get("annotations", ()))
    rows = []
    for trace in spec["data"]:
        x, y = _title(layout, trace, "x"), _title(layout, trace, "y")
        for row in _rows(trace):
            rows.append({SERIES: trace.get("name") or trace.get("type", ""), **_named(row, x, y)})
    columns = list(dict.fromkeys(k for row in rows for k in row))
    return {c: [row.get(c, "") for row in rows] for c in columns}


def _named(row: dict, x: str, y: str) -> dict:
    """A row's x and y under its axes' titles (each axis once, "x"/"y" when untitled)."""
    names = {"x": x or "x", "y": y or "y"}
    if names["x"] == names["y"]:
        names = {"x": f"{x} (x)", "y": f"{y} (y)"}
    return {names.get(k, k): v for k, v in row.items()}


def _title(layout: dict, trace: dict, axis: str) -> str:
    """A trace's axis title (a subplot's own: ``xaxis2`` for ``x2``), as plain text."""
    ref = trace.get(f"{axis}axis", axis)
    if trace.get("type") in ("surface", "scatter3d"):
        found = layout.get("scene", {}).get(f"{axis}axis", {})
    else:
        found = layout.get(f"{axis}axis{ref[1:]}", {})
    title = found.get("title", {})
    return _plain(title.get("text", "") if isinstance(title, dict) else str(title))


def _rows(trace: dict) -> list[dict]:
    kind = trace.get("type", "scatter")
    if kind in GRIDDED and trace.get("z") is not None:
        return _grid(trace)
    x, y = _values(trace.get("x")), _values(trace.get("y"))
    if y is None:
        return []
    if x is None:
        x = np.arange(len(y), dtype=float)
    z = _values(trace.get("z"))
    keep = np.isfinite(x) & np.isfinite(y) & (np.isfinite(z) if z is not None else True)
    indices = np.flatnonzero(keep)
    rows = []
    for i in indices[figures.thin(len(indices), POINTS)]:
        row = {"x": _text(x[i]), "y": _text(y[i])}
        if z is not None:
            row[VALUE] = _text(z[i])
        rows.append(row)
    return rows


def _grid(trace: dict) -> list[dict]:
    """A map's lowest and highest value with where they are, then a GRID × GRID sample of it."""
    z = np.asarray(_values(trace["z"], 2), float)
    rows_, cols = z.shape
    x = _values(trace.get("x"))
    y = _values(trace.get("y"))
    x = np.arange(cols, dtype=float) if x is None or len(x) != cols else x
    y = np.arange(rows_, dtype=float) if y is None or len(y) != rows_ else y
    if not np.isfinite(z).any():
        return []
    out = []
    for word, pick in (("lowest", np.nanargmin), ("highest", np.nanargmax)):
        i, j = np.unravel_index(pick(np.where(np.isfinite(z), z, np.nan)), z.shape)
        out.append({"x": _text(x[j]), "y": _text(y[i]), VALUE: f"{_text(z[i, j])} ({word})"})
    for i in figures.thin(rows_, GRID):
        for j in figures.thin(cols, GRID):
            out.append({"x": _text(x[j]), "y": _text(y[i]), VALUE: _text(z[i, j])})
    return out


def _values(value, ndim: int = 1) -> np.ndarray | None:
    """A trace's array as floats (None where absent or not numbers: a bar's categories stay text)."""
    if value is None:
        return None
    if isinstance(value, dict) and "bdata" in value:  # Plotly's typed array: base64, its dtype and shape
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        value = flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    try:  # most arrays are numbers already: no walk over their cells
        array = np.asarray(value, dtype=float)
        return array if array.ndim == ndim else None
    except (TypeError, ValueError):
        pass
    array = np.asarray(value, dtype=object)
    if array.ndim != ndim:
        return None
    try:
        return np.array([np.nan if v is None else v for v in array.ravel()], float).reshape(array.shape)
    except (TypeError, ValueError):
        return None if ndim != 1 else np.array([np.nan] * len(array))  # categories: see _categories


def _text(value) -> str:
    return numbers.text(value, DIGITS)


def _labels(data: list[dict], notes=()) -> dict[str, list[str]]:
    """A diagram's words and numbers as drawn: each labelled point by its name (its id, else its text)
    with what it says (its hover text, else its text): a node with its values, a weight with its value.
    A node's caption (id "h1 values") repeats its hover text, and a name alone says nothing: both left out."""
    shown, said = [], []
    for trace in data:
        texts, hovers, ids = (_list(trace.get(k)) for k in ("text", "hovertext", "ids"))
        for i in range(max(len(texts), len(hovers))):
            text = _plain(texts[i]) if i < len(texts) else ""
            hover = _plain(hovers[i]) if i < len(hovers) else ""
            name = str(ids[i]) if i < len(ids) else text
            values = hover or text
            if " = " in values and not name:
                name, values = values.split(" = ", 1)
            if name.endswith(" values") or not values or values == name:
                continue
            shown.append(name)
            said.append(values)
    for name, values in _notes(data, notes).items():
        shown.append(name)
        said.append(values)
    return {"element": shown, "values": said}


def _notes(data: list[dict], notes) -> dict[str, str]:
    """Numbers written beside a diagram's nodes (annotations: the unrolled network's), each by the name of
    the node it is nearest to, in the order drawn."""
    points = [
        (float(x), float(y), _plain(text))
        for trace in data
        for x, y, text in zip(_list(trace.get("x")), _list(trace.get("y")), _list(trace.get("text")))
        if x is not None and y is not None
    ]
    out: dict[str, str] = {}
    for note in notes:
        text = _plain(note.get("text", ""))
        if not points or not re.search(r"\d", text):  # a name alone ("w" on an edge) tells no number
            continue
        x, y = float(note.get("x", 0)), float(note.get("y", 0))
        name = min(points, key=lambda p: (p[0] - x) ** 2 + (p[1] - y) ** 2)[2]
        out[name] = f"{out[name]}; {text}" if name in out else text
    return out


def _list(value) -> list:
    return list(value) if isinstance(value, list | tuple | np.ndarray) else []


def _plain(text: str) -> str:
    """A label's text without its markup, as the app writes names in plain text: h<sub>1</sub> -> h1,
    E<sub>total</sub> -> E_total, W<sup>[1]</sup><sub>0,0</sub> -> W1[0,0]; its lines joined by "; "."""
    text = re.sub(r"<sup>\[(\d+)\]</sup>", r"\1", str(text))
    text = re.sub(r"<sub>(\d+)</sub>", r"\1", text)
    text = re.sub(r"<sub>([\d,]+)</sub>", r"[\1]", text)
    text = re.sub(r"<sub>([^<]*)</sub>", r"_\1", text)
    text = text.replace("=<br>", "= ").replace("<br>", "; ")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()
