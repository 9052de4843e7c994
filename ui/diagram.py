"""A network as a Plotly figure, drawn from names.geometry: data in, ``go.Figure`` out, no ``st.*`` calls.

Inputs, neurons, the bias nodes and, on the right, each output's loss and the cost, so the
backward pass can start where it starts. Edges carry their weight's name and value, blue when
positive, red when negative, thicker when larger. ``highlight`` names the elements (nodes,
weights, or "source-target" for the other edges) to emphasise; everything else fades.

Any network can be drawn under its generic names (``Diagram(network)``); the worked example
is drawn under its alias table (``LESSON``), where the nodes are h1, o1, E_total and the edges
w5, "b1-h1", "o1-E_o1". ``network_figure``, ``step_highlight`` and ``gradient_path`` speak the
lesson's names.
"""

import copy
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, replace

import plotly.graph_objects as go

from backprop_core import example as ex
from backprop_core import names, numbers
from backprop_core.network import Network
from ui import figures, palette
from ui.figures import figure

POSITIVE, NEGATIVE, NEUTRAL = palette.BLUE, palette.RED, palette.GREY
ACCENT = palette.ORANGE  # the highlight: orange reads well on a light background and for colour-blind viewers
FILL = {
    "input": palette.PALE_BLUE,
    "bias": palette.PALE_GREY,
    "neuron": palette.WHITE,
    "loss": palette.PALE_RED,
    "cost": palette.PALE_RED,
}
FONT = figures.FONT + 1  # labels on a projector: a little larger than a chart's
MAX_DIGITS = 6  # the diagram rounds; the formulas beside it show every digit
HALO = "white 0 0 3px"  # softens what the box misses (a CSS text-shadow; each more costs ~5 ms a draw)
EM = 0.5  # a character's width, in font sizes: digits are 0.497 em in Source Sans, the page's font
LINE = 21  # pixels a caption's line takes at FONT - 2
CAPTION_OFFSET = 88  # a caption starts 44 px above or below its node's centre (nodes are 62 px)
HEIGHT, ROW = 470, 70  # pixels for two neurons a layer, and for each neuron more
NODE, BIAS = 62, 46  # a neuron's diameter and a bias's square, in pixels
MIN_ROW = 160  # pixels a unit at least between rows of neurons, where the diagonals' labels go
NARROWEST = 660  # the diagram's width in pixels on a 1024-pixel projector with the sidebar open
NARROW, WIDE = frozenset(" .,:;|il-()[]"), frozenset("mwMW=+→")  # characters about ½ and 1½ a digit
# Above these sizes every label would collide: only highlighted elements carry numbers.
ROOMY_LAYER, ROOMY_WEIGHTS = 3, 12


@dataclass(frozen=True)
class Label:
    """A caption beside a node or an edge's weight; ``name`` identifies it (the trace's ``ids``)."""

    name: str
    x: float
    y: float
    text: str
    colour: str
    size: int
    position: str = "middle center"
    offset: int = 0  # pixels of the invisible marker the text keeps clear of


@dataclass(frozen=True)
class Edge:
    name: str  # as shown: a weight ("w5"), or "source-target" for the others ("b1-h1", "o1-E_o1")
    src: str
    dst: str
    parameter: str | None  # the generic parameter it carries (W2[0,0], b1), None for the loss edges


class Diagram:
    """One network's geometry under the names it is shown by.

    ``labels`` names the nodes (a1[0] -> "h1"); ``aliases`` the parameters and values (W2[0,0] ->
    "w5", z1[0] -> "net_h1"); ``words`` the two values beside a neuron ("net", "out").
    """

    def __init__(self, network: Network, labels=None, aliases=None, words=("z", "a")):
        self.network, self.words = network, words
        self._labels, self._aliases = dict(labels or {}), dict(aliases or {})
        self.labelled = frozenset(self._labels)
        self._generic = {v: k for k, v in self._aliases.items()}
        g = names.geometry(network)
        self.nodes = {self.label(n.name): n for n in g.nodes}  # shown name -> Node (generic inside)
        self.edges = tuple(
            Edge(
                self.alias(e.name) if e.name == e.parameter else f"{self.label(e.src)}-{self.label(e.dst)}",
                self.label(e.src),
                self.label(e.dst),
                e.parameter,
            )
            for e in g.edges
        )
        self.weights = {
            e.name: e.parameter for e in self.edges if e.parameter and e.parameter.startswith("W")
        }
        self.roomy = max(network.sizes) <= ROOMY_LAYER and len(self.weights) <= ROOMY_WEIGHTS
        xs = [n.x for n in self.nodes.values()]
        self.x_range = [min(xs) - 0.35, max(xs) + 0.35]  # the nodes and half a node's room either side
        # pixels a unit of x, at the narrowest (the figure's margins take 10 px a side)
        self.unit = (NARROWEST - 20) / (self.x_range[1] - self.x_range[0])
        # a caption is centred on its node: half the way to the nearest caption of its row is its own
        self.caption_room = {
            name: self.unit
            * min((abs(m.x - n.x) for m in self.nodes.values() if m.y == n.y and m is not n), default=2.0)
            - 8
            for name, n in self.nodes.items()
        }

    def label(self, node: str) -> str:
        return self._labels.get(node, node)

    def alias(self, name: str) -> str:
        return self._aliases.get(name, name)

    def generic(self, shown: str) -> str:
        return self._generic.get(shown, shown)

    def neuron(self, value: str) -> str:
        """The node a value belongs to: net_h1 and out_h1 -> h1 (z1[0], a1[0] -> a1[0])."""
        n = names.parse(self.generic(value))
        if n.kind in ("z", "a"):
            return self.label(names.out(n.layer, n.index[0]))
        return self.label(str(n))

    def step_highlight(self, value: str) -> frozenset[str]:
        """What a forward step reads and writes: a weighted input, a loss term or the cost gathers its
        inputs; an activation is its neuron alone."""
        node = self.neuron(value)
        if names.parse(self.generic(value)).kind == "a":
            return frozenset({node})
        incoming = [e for e in self.edges if e.dst == node]
        return frozenset({node} | {e.name for e in incoming} | {e.src for e in incoming})

    def gradient_path(self, parameter: str) -> frozenset[str]:
        """Every element between the cost and ``parameter``: the way its gradient flows back."""
        generic = self.generic(parameter)
        start = [e for e in self.edges if e.parameter == generic]  # a weight's edge, or a bias's edges
        reached = {e.dst for e in start}
        for e in self.edges:  # left to right, so one pass reaches the cost
            if e.src in reached:
                reached.add(e.dst)
        between = {e.name for e in self.edges if e.src in reached and e.dst in reached}
        return frozenset(reached | between | {e.name for e in start} | {e.src for e in start})

    def figure(
        self,
        fixed: Mapping[str, float],
        values: Mapping[str, float],
        highlight: Collection[str] = (),
        digits: int = MAX_DIGITS,
        extra: Mapping[str, str] | None = None,
    ) -> go.Figure:
        """``fixed``: inputs, parameters and targets by generic name; ``values``: the forward values known
        so far, by the names shown (the rest "?"); ``extra``: text appended to a node's or an edge's label,
        with its own line breaks, by the name shown (the backward pass's δ, ∂E/∂w and w⁺ as reached)."""
        extra = extra or {}
        digits = min(digits, MAX_DIGITS)
        height = HEIGHT + ROW * max(0, max(self.network.sizes) - 2) + (60 if extra else 0)
        drawn = (fixed, values, highlight, digits, extra)
        d, height = _bias_row_clear(self, height, lambda d, out: _add_nodes([], out, d, *drawn))
        data, lines, captions, weights = [], [], [], []  # traces, shapes (edges), labels (ui/figures.py)
        _add_nodes(data, captions, d, *drawn)
        y_range = _rows_and_captions(d, captions, height - 20)  # the nodes' captions decide it
        scale = (d.unit, (height - 20) / (y_range[1] - y_range[0]))  # pixels a unit, at the narrowest
        largest = max((abs(fixed[p]) for p in d.weights.values()), default=0.0) or 1.0
        rows = _row_labels(d, fixed, highlight, digits, extra)
        for edge in d.edges:
            more = extra.get(edge.name)
            _add_edge(lines, weights, d, edge, fixed, highlight, digits, largest, scale, more, rows)
        notes = weights + captions  # the captions drawn last, over any weight's label
        data.append(_labels(notes))
        margin = dict(l=10, r=10, t=10, b=10)
        layout = dict(
            # boxes after the edges (above them, below the text): a bias's edges to the next layer pass
            # behind the captions hung under it (b2's, lit orange, crossed o2's)
            shapes=lines + [_box(n) for n in notes],
            height=height,
            margin=margin,
            showlegend=False,
            plot_bgcolor=palette.WHITE,
            paper_bgcolor=palette.WHITE,
            font=dict(size=FONT, color=palette.LABEL),
            xaxis=dict(visible=False, range=d.x_range, fixedrange=True),
            yaxis=dict(visible=False, range=y_range, fixedrange=True),
            dragmode=False,
        )
        return figure(data, layout)


LESSON = Diagram(ex.NETWORK, ex.LABELS, ex.ALIASES, words=("net", "out"))


def step_highlight(name: str) -> frozenset[str]:
    """What a forward step of the lesson reads and writes (``net_h1`` gathers its inputs)."""
    return LESSON.step_highlight(name)


def gradient_path(parameter: str) -> frozenset[str]:
    """Every element of the lesson's network between E_total and ``parameter``."""
    return LESSON.gradient_path(parameter)


def network_figure(
    example: ex.Example,
    values: Mapping[str, float],
    highlight: Collection[str] = (),
    digits: int = MAX_DIGITS,
    extra: Mapping[str, str] | None = None,
) -> go.Figure:
    """The lesson's network with the example's numbers; ``values`` (net_*, out_*, E_*) known so far."""
    fixed = {LESSON.generic(name): v for name, v in asdict(example).items()}
    return LESSON.figure(fixed, values, highlight, digits, extra)


def _room(notes: list[Label], y: float, side: str) -> float:
    """Pixels from a row's centre to the far edge of the longest caption hung on its ``side``."""
    hung = [n for n in notes if n.y == y and n.position.startswith(side)]
    return max((n.offset / 2 + LINE * (n.text.count("<br>") + 1) + 8 for n in hung), default=40)


def _rows_and_captions(d: Diagram, notes: list[Label], pixels: int) -> list[float]:
    """The y range that holds every row and, above the top row and below the bottom one, the longest
    caption hung there (a hidden neuron's δ and sum add lines): captions are sized in pixels, rows in
    data units, so the range is solved for the figure's ``pixels`` of height."""
    ys = [n.y for n in d.nodes.values()]
    low, high = min(ys), max(ys)
    above, below = _room(notes, high, "top"), _room(notes, low, "bottom")
    per_unit = (pixels - above - below) / (high - low)
    return [low - below / per_unit, high + above / per_unit]


def _bias_row_clear(d: Diagram, height: int, captions) -> tuple[Diagram, int]:
    """The diagram with its bias nodes moved down, and the figure taller, where the captions hung under
    the lowest row of neurons would reach them: a hidden neuron's caption grows by its ∂E/∂out sum and δ
    (five lines under h2) and ran under b1 and b2. Rows keep at least MIN_ROW pixels a unit.
    ``captions(diagram, into)`` appends the captions the figure will draw."""
    drawn: list[Label] = []
    captions(d, drawn)
    rows = [n.y for n in d.nodes.values() if n.kind != "bias"]
    low, high = min(rows), max(rows)
    biases = {name for name, n in d.nodes.items() if n.kind == "bias" and n.y < low}
    if not biases:
        return d, height
    bias_y = max(d.nodes[b].y for b in biases)
    hung = [n for n in drawn if n.y == low and n.position.startswith("bottom")]
    reach = max((n.offset / 2 + LINE * (n.text.count("<br>") + 1) + 4 for n in hung), default=0)
    gap = reach + BIAS / 2 + 6  # pixels from the lowest neurons' centres to the bias nodes' centres
    room = height - 20 - _room(drawn, high, "top") - _room(drawn, bias_y, "bottom")  # rows' pixels
    if (low - bias_y) * room / (high - bias_y) >= gap:
        return d, height  # the bias row already hangs clear
    per_unit = max((room - gap) / (high - low), MIN_ROW)
    height += max(0, round(per_unit * (high - low) + gap - room))
    moved = low - gap / per_unit  # the bias row's y
    placed = copy.copy(d)
    placed.nodes = {k: replace(n, y=moved) if k in biases else n for k, n in d.nodes.items()}
    return placed, height


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _edge_label(d: Diagram, edge: Edge, fixed, highlight, digits: int, more) -> tuple[str, int] | None:
    """A weight's label (its text, broken to fit between two nodes of a row) and font size, or None."""
    lit = edge.name in highlight
    if edge.name not in d.weights or not (lit or d.roomy or more):
        return None
    text = f"<b>{edge.name}</b> = {numbers.text(fixed[edge.parameter], digits)}" + (more or "")
    size = FONT - 1 if lit else FONT - 2
    a, b = d.nodes[edge.src], d.nodes[edge.dst]
    if a.y == b.y:  # between two nodes of a row: the room their circles leave
        text = _fit(text, size, d.unit * abs(b.x - a.x) - NODE - 4)
    return text, size


def _row_labels(d: Diagram, fixed, highlight, digits: int, extra) -> dict[float, float]:
    """Each row's tallest label on an edge along it, as pixels from the row's line to the label's edge:
    a diagonal's label near that row keeps clear of it (w4's ∂E/∂w4 broken over three lines met w2's)."""
    half: dict[float, float] = {}
    for edge in d.edges:
        a = d.nodes[edge.src]
        label = _edge_label(d, edge, fixed, highlight, digits, extra.get(edge.name))
        if label and a.y == d.nodes[edge.dst].y:
            half[a.y] = max(half.get(a.y, 0.0), len(_plain(label[0])) * LINE / 2 + 2)
    return half


def _add_edge(
    lines,
    notes,
    d: Diagram,
    edge: Edge,
    fixed,
    highlight,
    digits: int,
    largest: float,
    scale,
    more=None,
    rows=None,
):
    a, b = d.nodes[edge.src], d.nodes[edge.dst]
    (x0, y0), (x1, y1) = (a.x, a.y), (b.x, b.y)
    lit = edge.name in highlight
    alpha = 1.0 if lit or not highlight else palette.FADED
    colour, width = NEUTRAL, 2.5
    weight = edge.name in d.weights
    if weight:
        value = fixed[edge.parameter]
        colour = POSITIVE if value >= 0 else NEGATIVE
        width = 2 + 7 * abs(value) / largest  # thickness tells the magnitude at a glance
    if lit:  # a halo under the line, so the path stands out whatever the sign colour (3:1 on white)
        lines.append(_line(x0, y0, x1, y1, palette.ORANGE_LINE, width + 10, f"{edge.name} (highlight)"))
    lines.append(_line(x0, y0, x1, y1, _rgba(colour, alpha), width, edge.name))
    label = _edge_label(d, edge, fixed, highlight, digits, more)
    if label:
        text, size = label
        if y0 == y1:
            at = 0.5
        else:
            row = (rows or {}).get(y0, 0.0)
            at = _clear_of_source(text, size, scale[0] * (x1 - x0), scale[1] * (y1 - y0), row)
        notes.append(
            Label(
                edge.name,
                x0 + at * (x1 - x0),
                y0 + at * (y1 - y0),
                text,
                colour if alpha == 1 else palette.FADED_TEXT,  # faded, still 4.5:1: a label is text
                size,
            )
        )


def _clear_of_source(text: str, size: int, dx: float, dy: float, row: float = 0.0) -> float:
    """How far along a diagonal (dx, dy pixels from its source) its label goes: as near the source as
    its box keeps clear of the source's circle, and never so far that it meets the label of the
    diagonal crossing it (their middles meet; a crossing label sits as far along from the other end);
    but always clear of the labels along the source's row, ``row`` pixels either side of its line."""
    rows = _plain(text)
    half_w, half_h = max(_width(r, size) for r in rows) / 2, len(rows) * LINE / 2 + 2
    return max(_near_source(half_w, half_h, dx, dy), (half_h + row + 2) / abs(dy) if row else 0.0)


def _near_source(half_w: float, half_h: float, dx: float, dy: float) -> float:
    """The nearest place to the source where a box of half sizes ``half_w``, ``half_h`` clears its circle."""

    def clear(at: float) -> bool:
        return math.hypot(max(at * abs(dx) - half_w, 0), max(at * abs(dy) - half_h, 0)) >= NODE / 2 + 3

    furthest = max(0.5 - (half_h + 1) / abs(dy), 0.28)
    at = 0.28  # where a short label clears the circle anyway
    while at < furthest and not clear(at):
        at += 0.01
    return min(at, furthest)


def _line(x0, y0, x1, y1, colour: str, width: float, name: str) -> dict:
    return dict(
        type="line",
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        name=name,
        line=dict(color=colour, width=width),
        layer="below",
    )


def _caption(d: Diagram, shown: str, fixed, values: Mapping[str, float], digits: int) -> str:
    """The numbers beside a node: unknown ones (not yet computed, or hidden in practice) show "?"."""

    def show(generic: str) -> str:
        name = d.alias(generic)
        return numbers.text(values[name], digits) if name in values else "?"

    node = d.nodes[shown]
    if node.kind == "input":
        return f"{shown} = {numbers.text(fixed[node.name], digits)}"
    if node.kind == "bias":  # the layer's parameter (a shared bias), or 1 feeding each neuron's own
        bias = next(e.parameter for e in d.edges if e.src == shown)
        return f"{shown} = {numbers.text(fixed[bias], digits)}" if bias == node.name else f"{shown}: 1"
    n = names.parse(node.name)
    if node.kind == "cost":  # at the figure's right edge: two short lines fit where one long one ran off
        return f"{shown} =<br>{show(node.name)}"
    if node.kind == "loss":
        target = names.target(n.index[0])
        return f"{d.alias(target)} = {numbers.text(fixed[target], digits)}<br>{shown} = {show(node.name)}"
    z, a = d.words
    return f"{z} = {show(names.net(n.layer, n.index[0]))}<br>{a} = {show(node.name)}"


def _html(d: Diagram, shown: str) -> str:
    """A lesson's label h1 -> h<sub>1</sub>, E_total -> E<sub>total</sub>; a generic a1[0] ->
    a<sup>[1]</sup><sub>0</sub>, as names.latex writes it."""
    generic = d.nodes[shown].name
    if generic in d.labelled:
        head, tail = shown.split("_", 1) if "_" in shown else (shown[0], shown[1:])
        return f"{head}<sub>{tail}</sub>"
    n = names.parse(generic)
    symbol = "x" if n.kind == "a" and n.layer == 0 else n.kind
    layer = f"<sup>[{n.layer}]</sup>" if n.layer else ""
    return symbol + layer + (f"<sub>{','.join(map(str, n.index))}</sub>" if n.index else "")


def _add_nodes(data, notes, d: Diagram, fixed, values: Mapping[str, float], highlight, digits: int, extra):
    shown = list(d.nodes)
    kinds = [d.nodes[n].kind for n in shown]
    lit = [n in highlight for n in shown]
    data.append(
        dict(
            type="scatter",
            x=[d.nodes[n].x for n in shown],
            y=[d.nodes[n].y for n in shown],
            mode="markers+text",
            name="nodes",
            text=[_html(d, n) for n in shown],
            textfont=dict(size=FONT + 4, color=palette.DARK),
            hovertext=[_caption(d, n, fixed, values, numbers.DIGITS) for n in shown],
            hoverinfo="text",
            marker=dict(
                size=[BIAS if k == "bias" else NODE for k in kinds],
                symbol=["square" if k == "bias" else "circle" for k in kinds],
                color=[ACCENT if on else FILL[k] for k, on in zip(kinds, lit)],
                opacity=[1.0 if on or not highlight else palette.FADED for on in lit],
                line=dict(
                    color=[palette.ORANGE_EDGE if on else palette.EDGE_LINE for on in lit],
                    width=[4 if on else 2 for on in lit],
                ),
            ),
        )
    )
    for name, on in zip(shown, lit):
        node, more = d.nodes[name], extra.get(name, "")
        if not (on or d.roomy or name in extra):
            continue
        below = node.y < 0  # captions go outside the network, away from the edges
        caption = _fit(_caption(d, name, fixed, values, digits) + more, FONT - 2, d.caption_room[name])
        notes.append(
            Label(
                f"{name} values",
                node.x,
                node.y,
                caption,
                palette.DARK if on or not highlight else palette.FADED_TEXT,
                FONT - 2,
                "bottom center" if below else "top center",
                CAPTION_OFFSET,
            )
        )


def _plain(text: str) -> list[str]:
    """A label's lines without their tags."""
    return re.sub(r"<[^>]+>", "", text.replace("<br>", "\n")).split("\n")


def _width(line: str, size: int) -> float:
    """A line's width in pixels, near enough: a digit is EM of the font's size, a point or a space
    about half that, an m, a w or an equals sign a half more."""
    ems = sum(EM / 2 if c in NARROW else EM * 1.5 if c in WIDE else EM for c in line)
    return ems * size


def _fit(text: str, size: int, room: float) -> str:
    """Each line of a label wider than ``room`` pixels broken after its " = ": the name, then the value
    under it. Long numbers (a trained weight, an error of 1.7e-05) would run into the next node or
    caption where a projector's screen leaves 126 pixels between an output and its error."""
    lines = []
    for line in text.split("<br>"):
        if " = " in line and _width(_plain(line)[0], size) > room:
            name, value = line.split(" = ", 1)
            lines += [f"{name} =", value]
        else:
            lines.append(line)
    return "<br>".join(lines)


def _box(n: Label) -> dict:
    """A white box behind a label, so a thick edge under it does not hide its digits: sized in pixels
    from its text (Plotly places boxes in data units or pixels, text only in pixels), anchored where
    the text trace puts the label."""
    rows = _plain(n.text)
    width = max(map(len, rows)) * EM * n.size + 4
    height = len(rows) * LINE + 4
    gap = n.offset / 2 + 1  # a caption starts this far from its node's centre
    low = {"top": gap, "bottom": -gap - height}.get(n.position.split()[0], -height / 2)
    return dict(
        type="rect",
        xref="x",
        yref="y",
        xsizemode="pixel",
        ysizemode="pixel",
        xanchor=n.x,
        yanchor=n.y,
        x0=-width / 2,
        x1=width / 2,
        y0=low,
        y1=low + height,
        name=f"{n.name} box",
        fillcolor=palette.BOX,
        line=dict(width=0),
        layer="below",
    )


def _labels(notes: list[Label]) -> dict:
    """Every label as one text trace: Plotly lays out one trace much faster than as many annotations
    (each a box of its own), and a lesson diagram is redrawn on every edit. A white halo
    (``shadow``) keeps the digits readable where an edge passes behind them."""
    return dict(
        type="scatter",
        mode="markers+text",
        name="labels",
        ids=[n.name for n in notes],
        x=[n.x for n in notes],
        y=[n.y for n in notes],
        text=[n.text for n in notes],
        textposition=[n.position for n in notes],
        textfont=dict(size=[n.size for n in notes], color=[n.colour for n in notes], shadow=HALO),
        # an invisible marker the size of the node and its margin pushes a caption off the node
        marker=dict(size=[n.offset for n in notes], opacity=0),
        hoverinfo="skip",
        cliponaxis=False,
    )
