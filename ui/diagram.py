"""The lesson's network as a Plotly figure: data in, ``go.Figure`` out, no ``st.*`` calls.

Inputs, hidden and output neurons, the shared bias nodes and, on the right, the
error nodes, so the backward pass can start where it starts: at E_total. Edges
carry their weight's name and value, blue when positive, red when negative,
thicker when larger. ``highlight`` names the elements (nodes like "h1", edges
like "w5", "b1-h1" or "o1-E_o1") to emphasise; everything else fades.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import plotly.graph_objects as go

from backprop_core.example import BIASES, HIDDEN, INPUTS, OUTPUT, WEIGHTS, Example
from ui.figures import figure

POSITIVE, NEGATIVE, NEUTRAL = "#1f5fa8", "#c62828", "#6b6b6b"
ACCENT = "#f28e00"  # the highlight: orange reads well on a light background and for colour-blind viewers
FADED = 0.2  # opacity of what is not highlighted
FILL = {"input": "#dce8f5", "bias": "#ececec", "neuron": "#ffffff", "error": "#fde2e0"}
FONT = 18  # projector-sized
MAX_DIGITS = 6  # the diagram rounds; the formulas beside it show every digit

POS = {
    "x1": (0, 1), "x2": (0, 0), "h1": (1, 1), "h2": (1, 0), "o1": (2, 1), "o2": (2, 0),
    "E_o1": (2.85, 1), "E_o2": (2.85, 0), "E_total": (3.6, 0.5), "b1": (0.5, -0.85), "b2": (1.5, -0.85),
}  # fmt: skip


@dataclass(frozen=True)
class Edge:
    name: str  # a weight ("w5"), or "source-target" for the unweighted ones ("b1-h1", "o1-E_o1")
    src: str
    dst: str


def _edges() -> tuple[Edge, ...]:
    """Left to right (a topological order), read off the core's wiring."""
    layers = (INPUTS, HIDDEN, OUTPUT)
    edges = [Edge(w, layers[l][i], layers[l + 1][j]) for w, (l, j, i) in WEIGHTS.items()]
    edges += [Edge(f"{b}-{n}", b, n) for b, l in BIASES.items() for n in layers[l + 1]]
    edges += [Edge(f"{o}-E_{o}", o, f"E_{o}") for o in OUTPUT]
    edges += [Edge(f"E_{o}-E_total", f"E_{o}", "E_total") for o in OUTPUT]
    return tuple(edges)


EDGES = _edges()


def step_highlight(name: str) -> frozenset[str]:
    """What a forward step reads and writes: net_h1 and E_o1 gather their inputs; out_h1 is one neuron."""
    if name.startswith("out_"):
        return frozenset({name.removeprefix("out_")})
    node = name.removeprefix("net_")
    incoming = [e for e in EDGES if e.dst == node]
    return frozenset({node} | {e.name for e in incoming} | {e.src for e in incoming})


def gradient_path(parameter: str) -> frozenset[str]:
    """Every element between E_total and ``parameter``: the way its gradient flows back."""
    start = [e for e in EDGES if parameter in (e.name, e.src)]  # a weight's edge, or a bias's edges
    reached = {e.dst for e in start}
    for e in EDGES:  # left to right, so one pass reaches E_total
        if e.src in reached:
            reached.add(e.dst)
    between = {e.name for e in EDGES if e.src in reached and e.dst in reached}
    return frozenset(reached | between | {e.name for e in start} | {e.src for e in start})


def network_figure(
    example: Example,
    values: Mapping[str, float],
    highlight: Collection[str] = (),
    digits: int = MAX_DIGITS,
) -> go.Figure:
    """The network with the current weights; ``values`` (net_*, out_*, E_*) known so far, the rest "?"."""
    digits = min(digits, MAX_DIGITS)
    data, notes = [], []  # traces and annotations, as plain specs (see ui/figures.py)
    for edge in EDGES:
        _add_edge(data, notes, edge, example, highlight, digits)
    _add_nodes(data, notes, example, values, highlight, digits)
    layout = dict(
        annotations=notes,
        height=470,
        margin=dict(l=10, r=10, t=10, b=10),
        showlegend=False,
        plot_bgcolor="white",
        paper_bgcolor="white",
        font=dict(size=FONT, color="#222222"),
        xaxis=dict(visible=False, range=[-0.35, 3.95], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.15, 1.5], fixedrange=True),
        dragmode=False,
    )
    return figure(data, layout)


def _num(value: float, digits: int) -> str:
    return f"{value:.{digits}g}"


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _add_edge(data: list, notes: list, edge: Edge, example: Example, highlight: Collection[str], digits: int):
    (x0, y0), (x1, y1) = POS[edge.src], POS[edge.dst]
    lit = edge.name in highlight
    alpha = 1.0 if lit or not highlight else FADED
    colour, width = NEUTRAL, 2.5
    if edge.name in WEIGHTS:
        weight = getattr(example, edge.name)
        largest = max(abs(getattr(example, w)) for w in WEIGHTS) or 1.0
        colour = POSITIVE if weight >= 0 else NEGATIVE
        width = 2 + 7 * abs(weight) / largest  # thickness tells the magnitude at a glance
    if lit:  # a halo under the line, so the path stands out whatever the sign colour
        data.append(_line(x0, y0, x1, y1, _rgba(ACCENT, 0.55), width + 10, f"{edge.name} (highlight)"))
    data.append(_line(x0, y0, x1, y1, _rgba(colour, alpha), width, edge.name))
    if edge.name in WEIGHTS:
        at = 0.5 if y0 == y1 else 0.28  # diagonals cross at their middle: label them near their source
        notes.append(
            dict(
                x=x0 + at * (x1 - x0),
                y=y0 + at * (y1 - y0),
                name=edge.name,
                text=f"<b>{edge.name}</b> = {_num(getattr(example, edge.name), digits)}",
                showarrow=False,
                font=dict(size=FONT - 2, color=_rgba(colour, max(alpha, 0.45))),
                bgcolor="rgba(255,255,255,0.92)",
                bordercolor=ACCENT if lit else "rgba(0,0,0,0)",
                borderwidth=2,
                borderpad=2,
            )
        )


def _line(x0, y0, x1, y1, colour: str, width: float, name: str) -> dict:
    return dict(
        type="scatter",
        x=[x0, x1],
        y=[y0, y1],
        mode="lines",
        name=name,
        line=dict(color=colour, width=width),
        hoverinfo="skip",
    )


def _kind(node: str) -> str:
    if node in INPUTS:
        return "input"
    if node in BIASES:
        return "bias"
    return "error" if node.startswith("E_") else "neuron"


def _caption(node: str, example: Example, values: Mapping[str, float], digits: int) -> str:
    """The numbers beside a node: unknown ones (not yet computed, or hidden in practice) show "?"."""

    def show(name: str) -> str:
        return _num(values[name], digits) if name in values else "?"

    if node in INPUTS or node in BIASES:
        return f"{node} = {_num(getattr(example, node), digits)}"
    if node == "E_total":
        return f"E_total = {show('E_total')}"
    if node.startswith("E_"):
        target = f"t{OUTPUT.index(node[2:]) + 1}"
        return f"{target} = {_num(getattr(example, target), digits)}<br>{node} = {show(node)}"
    return f"net = {show('net_' + node)}<br>out = {show('out_' + node)}"


def _label(node: str) -> str:
    """h1 -> h<sub>1</sub>, E_total -> E<sub>total</sub>: the lesson's subscripts."""
    if node.startswith("E_"):
        return f"E<sub>{node[2:]}</sub>"
    return f"{node[0]}<sub>{node[1:]}</sub>"


def _add_nodes(
    data: list, notes: list, example: Example, values: Mapping[str, float], highlight, digits: int
):
    nodes = list(POS)
    lit = [n in highlight for n in nodes]
    data.append(
        dict(
            type="scatter",
            x=[POS[n][0] for n in nodes],
            y=[POS[n][1] for n in nodes],
            mode="markers+text",
            name="nodes",
            text=[_label(n) for n in nodes],
            textfont=dict(size=FONT + 4, color="#111111"),
            hovertext=[_caption(n, example, values, 9) for n in nodes],
            hoverinfo="text",
            marker=dict(
                size=[46 if _kind(n) == "bias" else 62 for n in nodes],
                symbol=["square" if _kind(n) == "bias" else "circle" for n in nodes],
                color=[ACCENT if on else FILL[_kind(n)] for n, on in zip(nodes, lit)],
                opacity=[1.0 if on or not highlight else 0.45 for on in lit],
                line=dict(
                    color=["#7a4100" if on else "#333333" for on in lit], width=[4 if on else 2 for on in lit]
                ),
            ),
        )
    )
    for node, on in zip(nodes, lit):
        x, y = POS[node]
        below = y <= 0  # captions go outside the network, away from the edges
        notes.append(
            dict(
                x=x,
                y=y,
                yshift=-44 if below else 44,
                yanchor="top" if below else "bottom",
                name=f"{node} values",
                text=_caption(node, example, values, digits),
                showarrow=False,
                font=dict(size=FONT - 2, color="#111111" if on or not highlight else "#777777"),
                bgcolor="rgba(255,255,255,0.92)",  # bias edges pass beneath, not through, the numbers
                align="center",
            )
        )
