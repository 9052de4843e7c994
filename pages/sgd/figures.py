"""Plotly figures for lesson 5 (stochastic, mini-batch and full-batch descent): data in, figure out.

The three runs keep one colour each on every chart (Okabe–Ito colours, distinct on a projector
and for colour-blind eyes): batch size 1 vermilion, the mini-batch blue, the full batch black.
"""

import numpy as np
import plotly.graph_objects as go

from pages.sgd.maths import Projection, Run
from ui import palette
from ui.figures import (
    AXIS_TITLE_ROOM,
    FONT,
    as_list,
    figure,
    layout,
    legend,
    legend_under,
    thin,
)

COLOURS = {"stochastic": palette.VERMILION, "mini-batch": palette.SEA, "full batch": palette.BLACK}
CLASS_COLOURS = (palette.CLASS_0, palette.CLASS_1)  # class 0, class 1
CLASS_SYMBOLS = ("circle", "square")
CONTOURS = [[0, palette.WHITE], [1, palette.CONTOUR]]  # light greys: the paths stay the boldest thing
PROBABILITY = [
    [0, palette.PALE_ORANGE],
    [0.5, palette.WHITE],
    [1, palette.PALE_SKY],
]  # class 0 side .. class 1 side
POINTS = 500  # most points a line: 1,500 (a batch-1 run's updates) cost an edit ~150 ms and showed no more


def label(run: Run) -> str:
    return f"{run.kind} (batch {run.batch_size})"


def cost_figure(runs) -> go.Figure:
    """Each update's batch cost (thin) and the whole training set's cost after each epoch (thick),
    against epochs: one epoch holds m updates of batch size 1, a few mini-batches, one full batch."""
    data = []
    for run in runs:
        colour, h = COLOURS[run.kind], run.history
        i = thin(len(h.steps), POINTS)
        data.append(
            dict(
                type="scatter",
                x=as_list(run.update_epochs[i]),
                y=as_list(h.loss[i]),
                mode="lines",
                name=f"{label(run)}: each update's batch",
                legendgroup=run.kind,
                line=dict(color=colour, width=0.8),
                opacity=0.4,
            )
        )
        e = h.evaluation
        data.append(
            dict(
                type="scatter",
                x=as_list(e.epochs),
                y=as_list(e.train_cost),
                mode="lines+markers",
                name=f"{label(run)}: after each epoch",
                legendgroup=run.kind,
                line=dict(color=colour, width=4),
                marker=dict(size=8),
            )
        )
    layout = _layout("Cost per update and per epoch", "epoch", "cost J", legend_below=True, height=540)
    start = float(runs[0].history.evaluation.train_cost[0])
    layout["yaxis"]["range"] = [0, max(1.0, 1.6 * start)]  # single samples' costs spike far above
    return figure(data, layout)


def generalisation_figure(runs) -> go.Figure:
    """Training cost (solid) and held-out test cost (dashed) after each epoch."""
    data = []
    for run in runs:
        colour, e = COLOURS[run.kind], run.history.evaluation
        for y, part, dash in ((e.train_cost, "training", "solid"), (e.test_cost, "test", "dash")):
            data.append(
                dict(
                    type="scatter",
                    x=as_list(e.epochs),
                    y=as_list(y),
                    mode="lines",
                    name=f"{run.kind}: {part}",
                    legendgroup=run.kind,
                    line=dict(color=colour, width=3, dash=dash),
                )
            )
    layout = _layout(
        "Training cost vs held-out test cost", "epoch", "cost J", legend_below=True, height=500, room=110
    )
    return figure(data, layout)


def paths_figure(p: Projection, paths: dict) -> go.Figure:
    """The training cost over two weights (others fixed) as contours, and each run's path over it.

    ``paths``: run label -> (n, 2) values of the two weights, one row per update.
    """
    data = [_cost_contours(p)]
    for (name, kind), xy in paths.items():
        data += _path(name, kind, xy)
    data.append(_start(next(iter(paths.values()))[0]))
    title = f"The weights' paths over the cost, {p.p1} and {p.p2}"
    layout = _layout(title, p.p1, p.p2, legend_below=True, height=560, room=80)
    layout["xaxis"]["tickformat"] = layout["yaxis"]["tickformat"] = ""
    return figure(data, layout)


def _cost_contours(p: Projection) -> dict:
    """The cost as light grey filled contours, no colour bar: the map under the paths."""
    return dict(
        type="contour",
        x=as_list(p.a),
        y=as_list(p.b),
        z=p.cost.astype(np.float32),
        colorscale=CONTOURS,
        ncontours=24,
        showscale=False,
        name="cost",
        hoverinfo="skip",
        contours=dict(coloring="fill", showlines=True),
        line=dict(color=palette.PATH_GREY, width=1),
    )


def _path(name: str, kind: str, xy: np.ndarray) -> list[dict]:
    """One run's path in its colour (thinned to POINTS) and a cross where it ends."""
    i, colour = thin(len(xy), POINTS), COLOURS[kind]
    width = 2.5 if kind == "stochastic" else 3.5  # the noisiest path thinnest, so the others show
    line = dict(
        type="scatter",
        x=as_list(xy[i, 0]),
        y=as_list(xy[i, 1]),
        mode="lines",
        name=name,
        line=dict(color=colour, width=width),
    )
    end = dict(
        type="scatter",
        x=as_list(xy[-1:, 0]),
        y=as_list(xy[-1:, 1]),
        mode="markers",
        showlegend=False,
        marker=dict(size=14, symbol="x", color=colour),
        hoverinfo="skip",
    )
    return [line, end]


def _start(start) -> dict:
    """Where every run starts (they share their first weights): one white circle."""
    return dict(
        type="scatter",
        x=[float(start[0])],
        y=[float(start[1])],
        mode="markers",
        name="start (all three)",
        marker=dict(size=16, color=palette.WHITE, line=dict(color=palette.BLACK, width=3)),
    )


def data_figure(x: np.ndarray, y: np.ndarray, batch, grid: tuple | None = None, title: str = "") -> go.Figure:
    """The training points by class; ``batch`` (indices) drawn large and outlined, the rest faded;
    ``grid`` = (x1, x2, probability of class 1) shades the network's current decision."""
    data = [] if grid is None else [_decision(*grid)]
    chosen = np.zeros(x.shape[1], dtype=bool)
    chosen[np.asarray(batch, dtype=int)] = True
    for k in (0, 1):
        data += [_faded(x, (y == k) & ~chosen, k), _in_batch(x, (y == k) & chosen, k)]
    layout = _layout(title or "The training data", "x₁", "x₂", legend_below=True, height=520, room=70)
    layout["xaxis"] |= dict(tickformat="", range=[-1.5, 1.5], zeroline=False, constrain="domain")
    layout["yaxis"] |= dict(tickformat="", range=[-1.2, 1.2], zeroline=False, scaleanchor="x")
    layout["hovermode"] = "closest"
    return figure(data, layout)


def _decision(x1: np.ndarray, x2: np.ndarray, prob: np.ndarray) -> dict:
    """Each side of the network's boundary (probability 0.5, dotted) shaded towards its class's colour."""
    return dict(
        type="contour",
        x=as_list(x1),
        y=as_list(x2),
        z=prob.astype(np.float32),
        colorscale=PROBABILITY,
        zmin=0,
        zmax=1,
        showscale=False,
        hoverinfo="skip",
        name="network output",
        contours=dict(start=0.5, end=0.5, size=1, coloring="fill", showlines=True),
        line=dict(color=palette.DIVIDE, width=2, dash="dot"),
    )


def _faded(x: np.ndarray, rows: np.ndarray, k: int) -> dict:
    """Class ``k``'s points outside the batch, faded."""
    return dict(
        type="scatter",
        x=as_list(x[0, rows]),
        y=as_list(x[1, rows]),
        mode="markers",
        name=f"class {k}",
        marker=dict(size=8, color=CLASS_COLOURS[k], symbol=CLASS_SYMBOLS[k], opacity=0.35),
        hoverinfo="skip",
    )


def _in_batch(x: np.ndarray, rows: np.ndarray, k: int) -> dict:
    """Class ``k``'s points in the batch, large and outlined, each named by its sample number."""
    return dict(
        type="scatter",
        x=as_list(x[0, rows]),
        y=as_list(x[1, rows]),
        mode="markers",
        name=f"class {k} in this batch",
        text=[f"sample {i}" for i in np.flatnonzero(rows)],
        marker=dict(
            size=15,
            color=CLASS_COLOURS[k],
            symbol=CLASS_SYMBOLS[k],
            line=dict(color=palette.BLACK, width=2.5),
        ),
    )


def _layout(title: str, x: str, y: str, *, legend_below=False, height: int = 460, room: int = 150) -> dict:
    """Drawn with theme=None, in the theme's look: one draw a change (ui/figures.py). Margins are fixed,
    so a legend below starts under the axis title (64 px) and has ``room`` px of its own (at 1024 px wide
    its entries wrap onto more lines than at 1920)."""
    top, bottom = 60, AXIS_TITLE_ROOM + room if legend_below else 60
    return layout(
        title,
        x,
        y,
        height=height,
        margin=dict(l=80, r=30 if legend_below else 200, t=top, b=bottom),
        legend=legend_under(FONT - 3, height - top - bottom) if legend_below else legend(FONT - 3),
        hovermode="closest",
        xaxis=dict(showgrid=False),
        yaxis=dict(tickformat=""),
    )
