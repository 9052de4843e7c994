"""Plotly figures for the recurrent lesson: data in, ``go.Figure`` out, no ``st.*`` calls.

Built unvalidated like the other figures (see ui/figures.py); tests/pages/recurrent/test_page.py
puts each one through Plotly's full validation.
"""

import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sequential

from backprop_core import numbers
from ui import palette
from ui.figures import FONT, STYLE, as_list, figure, heading, layout, legend, log_scale

BLUE, ORANGE, RED, GREEN, GREY = palette.BLUE, palette.ORANGE_LINE, palette.RED, palette.TEAL, palette.GREY
WINDOW = 8  # steps of the unrolled network drawn at once: more would not fit a projector's width
PALE = palette.PALE_BLUE
VIRIDIS = [[i / (len(sequential.Viridis) - 1), c] for i, c in enumerate(sequential.Viridis)]  # as validated
EDGE = dict(color=BLUE, width=2)
COLOURS = (BLUE, ORANGE, GREEN, RED, palette.PURPLE)  # a line's dash too: palette.dash


def window(T: int, focus: int) -> tuple[int, int]:
    """The first and last step drawn (1-based, inclusive): ``WINDOW`` steps around ``focus``."""
    if T <= WINDOW:
        return 1, T
    first = min(max(focus - WINDOW // 2, 1), T - WINDOW + 1)
    return first, first + WINDOW - 1


def unrolled_figure(
    T: int, shown: Mapping[str, float], focus: int, highlight: Sequence[str] = (), digits: int = 4
) -> go.Figure:
    """The network unrolled over T steps: x_t below, h_t in the middle, y_t on top, the same w, u, v
    on every step's edges. ``shown`` holds the values reached so far, by the lesson's names
    ("x_3", "h_3", "y_3", "dL_dh_3"); a node without one shows only its name."""
    first, last = window(T, focus)
    steps = range(max(first - 1, 0), last + 1)  # h_(first−1) on the left carries the memory in
    rows = {"x": 0.0, "h": 1.0, "y": 2.0}
    data, notes = [], []
    for t in steps:
        if t:
            data += [_segment(t, 0.0, t, 1.0), _segment(t, 1.0, t, 2.0)]
            notes += [_note(t + 0.1, 0.3, "u", GREY), _note(t + 0.08, 1.5, "v", GREY)]
            if t - 1 in steps:
                data.append(_segment(t - 1, 1.0, t, 1.0))
                notes.append(_note(t - 0.5, 1.1, "w", GREY))
    nodes = [(t, kind) for t in steps for kind in (("x", "h", "y") if t else ("h",))]
    lit = [f"{k}_{t}" in highlight or (k == "h" and f"dL_dh_{t}" in highlight) for t, k in nodes]
    data.append(
        dict(
            type="scatter",
            x=[t for t, _ in nodes],
            y=[rows[k] for _, k in nodes],
            mode="markers+text",
            text=[f"{k}{_sub(t)}" for t, k in nodes],
            textposition="middle center",
            marker=dict(size=40, color=[ORANGE if on else PALE for on in lit], line=EDGE),
            textfont=dict(size=FONT - 2, color=palette.DARK),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for t, kind in nodes:  # the values: beside each node, the error under h in red
        if (value := shown.get(f"{kind}_{t}")) is not None:
            offset = -0.3 if kind == "x" else 0.3
            notes.append(_note(t, rows[kind] + offset, numbers.text(value, digits), palette.DARK))
        if kind == "h" and (error := shown.get(f"dL_dh_{t}")) is not None:
            notes.append(_note(t, 0.66, numbers.text(error, digits), RED))
    shown_steps = f"steps {first}–{last} of {T}" if (first, last) != (1, T) else f"{T} steps"
    layout = STYLE | dict(
        title=heading(f"Unrolled over {shown_steps}: the same w, u, v at every step", FONT),
        font=STYLE["font"] | dict(size=FONT),
        height=380,
        margin=dict(l=10, r=10, t=50, b=10),
        annotations=notes,
        xaxis=dict(visible=False, range=[steps[0] - 0.5, steps[-1] + 0.5], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.55, 2.45], fixedrange=True),
    )
    return figure(data, layout)


def dependence_figure(curves: Mapping[str, Sequence[float]]) -> go.Figure:
    """|∂h_T/∂h_(T−k)| against k on a log scale, one line per w; the line 1 where |w·g′| = 1 at every step."""
    data = []
    for i, ((name, values), colour) in enumerate(zip(curves.items(), COLOURS)):
        k = np.arange(len(values))
        data.append(_line(k, _positive(np.abs(values)), name, colour, palette.dash(i)))
    longest = max(len(v) for v in curves.values()) - 1
    data.append(_line([0, longest], [1, 1], "|w·g′| = 1 at every step", GREY, dash="dash"))
    layout = _layout("How much h_T depends on h_(T−k)", "k, steps back", "|∂h_T/∂h_(T−k)|", log_y=data)
    return figure(data, layout)


def contributions_figure(terms: np.ndarray) -> go.Figure:
    """Each step's term of ∂L/∂w (columns) for every length T (rows), as log10 of its size."""
    n = len(terms)
    size = np.abs(terms)
    mask = np.tril(np.ones((n, n), bool)) & (size > 0)
    z = np.where(mask, np.log10(np.where(mask, size, 1.0)), None).tolist()  # None: a blank cell
    data = [
        dict(
            type="heatmap",
            z=z,
            x=list(range(1, n + 1)),
            y=list(range(1, n + 1)),
            colorscale=VIRIDIS,
            colorbar=dict(title=dict(text="log₁₀ |term|"), tickfont=dict(size=FONT - 3)),
            hovertemplate="T = %{y}, step %{x}: log₁₀|term| = %{z:.2f}<extra></extra>",
        )
    ]
    layout = _layout(
        "Each step's term of ∂L/∂w, as T grows",
        "step t",
        "sequence length T",
        hovermode="closest",
        right=120,  # the colour bar
    )
    return figure(data, layout)


def terms_figure(steps: Sequence[int], bars: Mapping[str, Sequence[float]]) -> go.Figure:
    """Each step's term of ∂L/∂w, side by side for each way of computing it (full, truncated)."""
    data = [
        dict(type="bar", x=as_list(steps), y=as_list(values), name=name, marker=dict(color=colour))
        for (name, values), colour in zip(bars.items(), COLOURS)
    ]
    layout = _layout("Each step's term of ∂L/∂w", "step t", "term", barmode="group", hovermode="x unified")
    return figure(data, layout)


def training_figure(
    curves: Mapping[str, Sequence[float]], title: str = "Loss during training", y: str = "loss"
) -> go.Figure:
    """Loss against the training step, one line per run, on a log scale."""
    lines = enumerate(zip(curves.items(), COLOURS))
    data = [
        _line(np.arange(len(loss)), _positive(loss), name, colour, palette.dash(i))
        for i, ((name, loss), colour) in lines
    ]
    return figure(data, _layout(title, "training step", y, log_y=data))


def relaxation_figure(changes: Mapping[str, Sequence[float]], tol: float) -> go.Figure:
    """‖x_(k+1) − x_k‖ (and the adjoint's) against the iteration on a log scale, the tolerance marked."""
    data = [
        _line(np.arange(1, len(c) + 1), _positive(c), name, colour, palette.dash(i), markers=True)
        for i, ((name, c), colour) in enumerate(zip(changes.items(), COLOURS))
        if len(c)
    ]
    longest = max([len(c) for c in changes.values()] + [1])
    data.append(_line([1, longest], [tol, tol], f"tolerance {numbers.text(tol, 3)}", GREY, dash="dash"))
    layout = _layout(
        "Size of each iteration's change",
        "iteration k",
        "‖change‖",
        log_y=data,
    )
    return figure(data, layout)


def _positive(values) -> list:
    """For a log axis: an exact 0 as the smallest float, a value that is not finite as a gap (None)."""
    return [max(float(v), 1e-300) if math.isfinite(v) else None for v in np.asarray(values, float)]


def _sub(t: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(d)] for d in str(t))


def _segment(x0, y0, x1, y1) -> dict:
    return dict(
        type="scatter",
        x=[x0, x1],
        y=[y0, y1],
        mode="lines",
        line=dict(color=palette.STEEL, width=2),
        hoverinfo="skip",
        showlegend=False,
    )


def _note(x, y, text: str, colour: str) -> dict:
    return dict(x=x, y=y, text=text, showarrow=False, font=dict(size=FONT - 3, color=colour))


def _line(x, y, name: str, colour: str, dash: str = "solid", markers: bool = False) -> dict:
    return dict(
        type="scatter",
        x=as_list(x),
        y=as_list(y),
        mode="lines+markers" if markers else "lines",
        name=name,
        line=dict(color=colour, width=3, dash=dash),
    )


def _layout(title: str, x: str, y: str, *, log_y: Sequence[dict] = (), **more) -> dict:
    """Drawn with theme=None (pages/recurrent/page.py) in the look every chart shares (ui/figures.py's STYLE),
    the legend in a row above the plot, where a long run's name has the chart's width; the y axis on a
    log scale fitted to the traces ``log_y``."""
    base = layout(
        title,
        x,
        y,
        title_size=FONT + 1,
        height=440,
        margin=dict(l=90, r=more.pop("right", 20), t=100, b=60),
        legend=legend(FONT - 2, orientation="h", yanchor="bottom", y=1.02, x=0),
        hovermode=more.pop("hovermode", "x unified"),
        xaxis=dict(showgrid=False),
        yaxis=log_scale(*(trace["y"] for trace in log_y)) if log_y else {},
        **more,
    )
    return base | dict(title=base["title"] | dict(y=0.98, yref="container", yanchor="top"))
