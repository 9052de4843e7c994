"""Plotly figures for the training page: data in, ``go.Figure`` out, no ``st.*`` calls.

Long runs are thinned to a few hundred points per line: a chart cannot show
more, and every point is sent to the browser on each rerun.
"""

import numpy as np
import plotly.graph_objects as go

from backprop_core import numbers
from ui import palette
from ui.figures import FONT, as_list, figure, layout, legend, log_scale, thin

POINTS = 400  # most points drawn per line: about one per pixel of a projector's chart
ORANGE = palette.ORANGE
OUTPUT_COLOURS = (palette.BLUE, palette.RED)  # one per output, in order
# One per parameter, in the order of Params.flat() (the worked example's weights, then its biases).
PARAMETER_COLOURS = palette.PARAMETERS
SWEEP_COLOURS = palette.SERIES[:8]  # each with a dash of its own too


def loss_figure(steps, loss, *, log_y: bool, at: tuple[int, float] | None = None) -> go.Figure:
    """E_total against the step; ``at`` marks one (step, E_total) point, as the scrubber moves."""
    i = thin(len(steps), POINTS)
    data = [_line(steps[i], loss[i], "E_total", palette.BLUE)]
    shapes = []
    if at is not None:
        marker = dict(size=14, color=ORANGE, line=dict(color=palette.ORANGE_EDGE, width=2))
        data.append(
            dict(type="scatter", x=[at[0]], y=[at[1]], mode="markers", name=f"step {at[0]:,}", marker=marker)
        )
        shapes.append(_vline(at[0]))
    fit = data if log_y else None
    layout = _layout("E_total during training", "step", "E_total", log_y=fit, showlegend=False)
    return figure(data, layout | ({"shapes": shapes} if shapes else {}))


def outputs_figure(steps, outputs, targets, outputs_named, targets_named) -> go.Figure:
    """Each output against the step, its target a dashed line of the same colour."""
    i = thin(len(steps), POINTS)
    data, shapes, notes = [], [], []
    for k, (name, target) in enumerate(zip(outputs_named, targets_named)):
        colour = OUTPUT_COLOURS[k % len(OUTPUT_COLOURS)]
        data.append(_line(steps[i], outputs[i, k], name, colour))
        t = float(targets[k])
        shapes.append(
            dict(type="line", xref="paper", x0=0, x1=1, y0=t, y1=t, line=dict(color=colour, dash="dash"))
        )
        notes.append(
            dict(
                xref="paper",
                x=1,
                y=t,
                text=f"{target} = {numbers.text(t)}",
                showarrow=False,
                xanchor="right",
                yanchor="bottom",
                font=dict(size=FONT - 2, color=colour),
            )
        )
    layout = _layout("Each output approaching its target", "step", "output", shapes=shapes, annotations=notes)
    return figure(data, layout)


def parameters_figure(steps, values: dict, order: tuple, first_layer: frozenset) -> go.Figure:
    """Each named parameter against the step (first-layer weights dotted, biases dash-dotted, the rest
    solid); ``order`` lists every parameter, so a colour stays with its parameter when some are left out."""
    i = thin(len(steps), POINTS)
    data = []
    for name, v in values.items():
        dash = "dot" if name in first_layer else "dashdot" if name.startswith("b") else "solid"
        colour = PARAMETER_COLOURS[order.index(name) % len(PARAMETER_COLOURS)]
        data.append(_line(steps[i], v[i], name, colour, dash))
    return figure(data, _layout("Each weight during training", "step", "value"))


def sweep_figure(lrs, steps, loss, diverged_at, *, log_y: bool) -> go.Figure:
    """E_total for several learning rates; a run that diverged stops at its last finite loss, marked ✕."""
    data = []
    for r, lr in enumerate(lrs):
        colour = SWEEP_COLOURS[r % len(SWEEP_COLOURS)]
        k = int(diverged_at[r])
        keep = np.arange(len(steps)) if k < 0 else np.flatnonzero(steps < k)
        keep = keep[thin(len(keep), POINTS)]
        name = f"η = {numbers.text(lr)}" + ("" if k < 0 else f" · diverged at step {k:,}")
        data.append(_line(steps[keep], loss[keep, r], name, colour, palette.dash(r)))
        if k >= 0 and len(keep):  # where it broke
            end = dict(size=16, symbol="x", color=colour)
            data.append(
                dict(
                    type="scatter",
                    x=steps[keep[-1:]],
                    y=loss[keep[-1:], r],
                    mode="markers",
                    marker=end,
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    fit = data if log_y else None
    return figure(data, _layout("E_total for each learning rate η", "step", "E_total", log_y=fit))


def _line(x, y, name: str, colour: str | None, dash: str = "solid") -> dict:
    return dict(
        type="scatter",
        x=as_list(x),
        y=as_list(y),
        mode="lines",
        name=name,
        line=dict(color=colour, width=3, dash=dash),
    )


def _vline(x) -> dict:
    return dict(
        type="line", yref="paper", x0=x, x1=x, y0=0, y1=1, line=dict(color=ORANGE, width=2, dash="dot")
    )


def _layout(title: str, x: str, y: str, *, log_y: list[dict] | None = None, **more) -> dict:
    """Drawn with theme=None, in the theme's look (ui/figures.py: one draw, not two, per change); the y
    axis on a log scale fitted to the traces ``log_y``."""
    shown = more.get("showlegend", True)
    return layout(
        title,
        x,
        y,
        height=420,
        margin=dict(l=80, r=150 if shown else 30, t=60, b=60),  # ticks, titles and the legend
        legend=legend(FONT - 1),
        hovermode="x unified",
        xaxis=dict(tickformat=",d", showgrid=False),
        yaxis=log_scale(*(trace["y"] for trace in log_y)) if log_y else {},
        **more,
    )
