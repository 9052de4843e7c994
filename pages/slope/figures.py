"""Plotly figures for lesson 0: data in, ``go.Figure`` out, no ``st.*`` calls.

- ``curve_figure``: E_total along one parameter, its tangent, and gradient steps along it;
- ``field_figure``: the contour map over two parameters with the gradient as arrows;
- ``counts_figure``: multiplications path by path against backprop, as the network deepens.
"""

import numpy as np

from backprop_core import numbers
from pages.slope.maths import Count, Curve, Field, Steepest
from ui.figures import AXIS_TITLE_ROOM, FONT, TICKS, as_list, figure, layout, legend_under, log_scale
from ui.figures import LOSS_COLOURS as COLOURS

CURVE, TANGENT, NOW = "#1f5fa8", "#d62728", "#d62728"
RUNS = ("#2ca02c", "#ff7f0e", "#9467bd")  # too small, chosen, too large
UPHILL, DOWNHILL = "#e4007c", "#d62728"  # magenta shows on light and dark contours


LEGEND_ROOM = 100  # px under the axis title for the legend (its entries wrap at 1024 px wide)


def _layout(title: str, x: str, y: str, height: int = 460, **more) -> dict:
    """Drawn with theme=None, in the theme's look: one draw a change (ui/figures.py). Margins are fixed,
    so the legend below starts under the axis title (64 px) in room of its own."""
    top, bottom = 50, AXIS_TITLE_ROOM + LEGEND_ROOM
    return layout(
        title,
        x,
        y,
        height=height + LEGEND_ROOM,
        margin=dict(l=80, r=30, t=top, b=bottom),
        legend=legend_under(FONT - 2, height + LEGEND_ROOM - top - bottom),
        **more,
    )


def curve_figure(c: Curve, *, tangent: bool, runs: tuple[int, ...], steps: int | None = None):
    """The curve and where we are; the tangent if asked; the runs ``runs`` (indices into c.rates)
    drawn for their first ``steps`` steps (all of them when None)."""
    data = [
        dict(
            type="scatter",
            x=as_list(c.axis),
            y=as_list(c.loss),
            mode="lines",
            name="E_total",
            line=dict(width=4, color=CURVE),
        )
    ]
    if tangent:
        reach = (c.axis[-1] - c.axis[0]) / 5
        xs = np.array([c.at - reach, c.at + reach])
        data.append(
            dict(
                type="scatter",
                x=as_list(xs),
                y=as_list(c.tangent(xs)),
                mode="lines",
                name=f"tangent: slope ∂E/∂{c.name} = {numbers.text(c.slope, 4)}",
                line=dict(width=4, color=TANGENT, dash="dash"),
            )
        )
    labels = ("too small", "chosen", "too large")
    for r in runs:
        k = len(c.paths[r]) if steps is None else steps + 1
        data.append(
            dict(
                type="scatter",
                x=as_list(c.paths[r][:k]),
                y=as_list(c.path_costs[r][:k]),
                mode="lines+markers",
                name=f"η = {numbers.text(c.rates[r], 4)} ({labels[r]})",
                line=dict(width=2, color=RUNS[r]),
                marker=dict(size=10, color=RUNS[r]),
            )
        )
    data.append(
        dict(
            type="scatter",
            x=[float(c.at)],
            y=[float(c.cost)],
            mode="markers",
            name="now",
            marker=dict(size=16, color=NOW, line=dict(color="#ffffff", width=2)),
        )
    )
    low, high = float(np.min(c.loss)), float(np.max(c.loss))
    pad = 0.08 * (high - low or 1.0)
    layout = _layout(f"E_total along {c.name} (every other number fixed)", c.name, "E_total")
    layout["xaxis"]["range"] = [float(c.axis[0]), float(c.axis[-1])]  # a run leaving the view is clipped
    layout["yaxis"]["range"] = [low - pad, high + pad]
    return figure(data, layout)


def field_figure(f: Field, s: Steepest, now: tuple[float, float], *, step: bool):
    """Contours of E_total, the gradient (uphill) as magenta arrows of one length, and (``step``)
    at the current point the step −η∇E in red: lesson 0's steepest-descent step computes it."""
    hover = f"{f.p1} = %{{x:.4g}}<br>{f.p2} = %{{y:.4g}}<br>E_total = %{{z:.6g}}<extra></extra>"
    data = [
        dict(
            type="contour",
            x=as_list(f.a),
            y=as_list(f.b),
            z=f.loss.astype(np.float32),
            colorscale=COLOURS,
            name="E_total",
            ncontours=24,
            hovertemplate=hover,
            colorbar=dict(title=dict(text="E_total", font=dict(size=FONT)), tickfont=TICKS),
        ),
        dict(
            type="scatter",
            x=[float(now[0])],
            y=[float(now[1])],
            mode="markers",
            name="now",
            marker=dict(size=16, color=DOWNHILL, line=dict(color="#ffffff", width=2)),
        ),
        dict(
            type="scatter",
            x=[None],
            y=[None],
            mode="lines",
            line=dict(color=UPHILL, width=3),
            name="∇E: uphill, across the contours",
        ),
    ]
    if step:
        data.append(
            dict(
                type="scatter",
                x=[None],
                y=[None],
                mode="lines",
                line=dict(color=DOWNHILL, width=4),
                name="the step −η∇E",
            )
        )
    span = min(f.a[-1] - f.a[0], f.b[-1] - f.b[0])
    length = span / (len(f.arrow_a) + 1) * 0.8
    norms = np.hypot(f.g1, f.g2)
    arrows = []
    grid = (a.ravel() for a in (f.arrow_a, f.arrow_b, f.g1, f.g2, norms))
    for x, y, g1, g2, n in zip(*grid):
        if n > 0:
            arrows.append(_arrow(x, y, x + length * g1 / n, y + length * g2 / n, UPHILL, 2))
    if step:
        arrows.append(_arrow(now[0], now[1], now[0] + s.step1, now[1] + s.step2, DOWNHILL, 4))
    layout = _layout(f"Contours of E_total over {f.p1} and {f.p2}", f.p1, f.p2, height=560)
    layout["xaxis"] |= dict(range=[float(f.a[0]), float(f.a[-1])], constrain="domain")
    layout["yaxis"] |= dict(range=[float(f.b[0]), float(f.b[-1])], scaleanchor="x", constrain="domain")
    return figure(data, layout | {"annotations": arrows})


def _arrow(x0, y0, x1, y1, colour: str, width: int) -> dict:
    return dict(
        x=float(x1),
        y=float(y1),
        ax=float(x0),
        ay=float(y0),
        axref="x",
        ayref="y",
        text="",
        showarrow=True,
        arrowhead=2,
        arrowsize=1.1,
        arrowwidth=width,
        arrowcolor=colour,
    )


def counts_figure(counts: tuple[Count, ...]):
    """Multiplications against the number of hidden layers, on a log scale."""
    depth = [len(c.sizes) - 2 for c in counts]
    width = counts[0].sizes[1]
    data = [
        dict(
            type="scatter",
            x=depth,
            y=[c.path_by_path for c in counts],
            mode="lines+markers",
            name="path by path (every weight on its own)",
            line=dict(width=4, color="#d62728"),
        ),
        dict(
            type="scatter",
            x=depth,
            y=[c.backprop for c in counts],
            mode="lines+markers",
            name="backprop (each layer's δ once, reused)",
            line=dict(width=4, color="#1f5fa8"),
        ),
    ]
    layout = _layout(
        f"Multiplications for every weight's derivative (hidden layers of {width})",
        "hidden layers",
        "multiplications (log scale)",
        height=440,
    )
    layout["yaxis"] |= log_scale(*(trace["y"] for trace in data))
    layout["xaxis"]["dtick"] = 1
    return figure(data, layout)
