"""Reading a lesson diagram's spec as a learner reads the figure: its labels and its edges, by name."""

import plotly.graph_objects as go


def _spec(figure) -> dict:
    return figure.to_dict() if isinstance(figure, go.Figure) else figure


def label_trace(figure) -> dict:
    """The one text trace that carries every label: names (``ids``), places, texts, positions."""
    [trace] = [t for t in _spec(figure)["data"] if t.get("name") == "labels"]
    return trace


def labels(figure) -> dict[str, str]:
    """Every label's text by its name ("w5", "h1 values")."""
    trace = label_trace(figure)
    return dict(zip(trace["ids"], trace["text"]))


def edges(figure) -> dict[str, dict]:
    """Every edge's line by its name ("w5", "w5 (highlight)" for the halo under a lit edge)."""
    return {s["name"]: s for s in _spec(figure)["layout"].get("shapes", ()) if s["type"] == "line"}


def halos(figure) -> set[str]:
    """The lit edges, by name."""
    return {name.removesuffix(" (highlight)") for name in edges(figure) if name.endswith(" (highlight)")}


# --- where things are drawn, in pixels ---------------------------------------------------------------

# A character's width in font sizes, a little over Source Sans's (digits 0.497 em; measured on the
# lesson's screenshots: "out = 0.751365" at 16 px is 108 px wide, "E_o1 = 0.274811" 123 px).
NARROW_CHARS, WIDE_CHARS = frozenset(" .,:;|il-()[]ft"), frozenset("mwMWE=+→−∂δ")
LINE_PX = 1.3  # a line of text, in font sizes


def text_width(line: str, size: float) -> float:
    return size * sum(0.27 if c in NARROW_CHARS else 0.62 if c in WIDE_CHARS else 0.52 for c in line) + 4


def _plain_lines(text: str) -> list[str]:
    import re

    return re.sub(r"<[^>]+>", "", text.replace("<br>", "\n")).split("\n")


def _to_pixels(layout: dict, width: float):
    """The figure's data units to pixels (y down), for a figure drawn ``width`` pixels wide."""
    (x0, x1), (y0, y1) = layout["xaxis"]["range"], layout["yaxis"]["range"]
    m = layout["margin"]
    plot_w, plot_h = width - m["l"] - m["r"], layout["height"] - m["t"] - m["b"]
    return lambda x, y: (m["l"] + (x - x0) / (x1 - x0) * plot_w, m["t"] + (y1 - y) / (y1 - y0) * plot_h)


def label_boxes(figure, width: float) -> dict[str, tuple[float, float, float, float]]:
    """Every label's box (left, top, right, bottom) in pixels, from the figure's own data: its place, its
    text position, its font size, the invisible marker it keeps clear of, and its lines' lengths."""
    spec = _spec(figure)
    at = _to_pixels(spec["layout"], width)
    trace = label_trace(spec)
    sizes, offsets = trace["textfont"]["size"], trace["marker"]["size"]
    boxes = {}
    for name, x, y, text, position, size, offset in zip(
        trace["ids"], trace["x"], trace["y"], trace["text"], trace["textposition"], sizes, offsets
    ):
        px, py = at(x, y)
        rows = _plain_lines(text)
        w, h = max(text_width(r, size) for r in rows), len(rows) * LINE_PX * size
        vertical = position.split()[0]
        top = {"top": py - offset / 2 - h, "bottom": py + offset / 2}.get(vertical, py - h / 2)
        boxes[name] = (px - w / 2, top, px + w / 2, top + h)
    return boxes


def node_boxes(figure, width: float, kind: str | None = None) -> dict[str, tuple[float, float, float, float]]:
    """Every node's square (a circle's bounding square) in pixels, by its shown name; ``kind``: only
    the bias nodes ("square") or the neurons ("circle")."""
    import re

    spec = _spec(figure)
    at = _to_pixels(spec["layout"], width)
    [nodes] = [t for t in spec["data"] if t.get("name") == "nodes"]
    boxes = {}
    for x, y, text, size, symbol in zip(
        nodes["x"], nodes["y"], nodes["text"], nodes["marker"]["size"], nodes["marker"]["symbol"]
    ):
        if kind and symbol != kind:
            continue
        px, py = at(x, y)
        boxes[re.sub(r"<[^>]+>", "", text)] = (px - size / 2, py - size / 2, px + size / 2, py + size / 2)
    return boxes


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
