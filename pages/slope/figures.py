"""Plotly figures for lesson 0: data in, ``go.Figure`` out, no ``st.*`` calls.

- ``curve_figure``: E_total along one parameter, its tangent, and gradient steps along it;
- ``field_figure``: the contour map over two parameters with the gradient as arrows;
- ``counts_figure``: multiplications path by path against backprop, as the network deepens.
"""

import numpy as np

from backprop_core import numbers
from pages.slope.maths import Count, Curve, Field, Steepest
from ui import palette
from ui.figures import AXIS_TITLE_ROOM, FONT, TICKS, as_list, figure, layout, legend_under, log_scale
from ui.figures import LOSS_COLOURS as COLOURS

CURVE, TANGENT, NOW = palette.BLUE, palette.CRIMSON, palette.CRIMSON
# a colour, a dash and a marker per run, in RUN_NAMES's order: green and orange are not told apart by colour
RUNS = (palette.GREEN, palette.ORANGE_LINE, palette.VIOLET)
RUN_MARKERS = ("circle", "square", "diamond")
RUN_NAMES = ("smaller", "chosen", "larger")  # what each of c.rates is, in order
UPHILL, DOWNHILL = palette.MAGENTA, palette.CRIMSON  # magenta shows on light and dark contours


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
        ),
        *([_tangent(c)] if tangent else []),
        *(_run(c, r, steps) for r in runs),
        _now(c.at, c.cost, NOW),
    ]
    return figure(data, _curve_layout(c))


def _tangent(c: Curve) -> dict:
    """The tangent at the current point, over a fifth of the axis either side."""
    reach = (c.axis[-1] - c.axis[0]) / 5
    xs = np.array([c.at - reach, c.at + reach])
    return dict(
        type="scatter",
        x=as_list(xs),
        y=as_list(c.tangent(xs)),
        mode="lines",
        name=f"tangent: slope ∂E_total/∂{c.name} = {numbers.text(c.slope, 4)}",
        line=dict(width=4, color=TANGENT, dash="dash"),
    )


def _run(c: Curve, r: int, steps: int | None) -> dict:
    """Run ``r``'s gradient steps along the curve: its first ``steps`` (all when None), a dot each."""
    k = len(c.paths[r]) if steps is None else steps + 1
    return dict(
        type="scatter",
        x=as_list(c.paths[r][:k]),
        y=as_list(c.path_costs[r][:k]),
        mode="lines+markers",
        name=f"η = {numbers.text(c.rates[r], 4)} ({RUN_NAMES[r]})",
        line=dict(width=2, color=RUNS[r], dash=palette.dash(r)),
        marker=dict(size=10, color=RUNS[r], symbol=RUN_MARKERS[r]),
    )


def _now(x, y, colour: str) -> dict:
    """The current point, a large dot ringed in white."""
    return dict(
        type="scatter",
        x=[float(x)],
        y=[float(y)],
        mode="markers",
        name="now",
        marker=dict(size=16, color=colour, line=dict(color=palette.WHITE, width=2)),
    )


def _curve_layout(c: Curve) -> dict:
    """The whole axis (a run leaving the view is clipped) and the curve's own height, padded."""
    low, high = float(np.min(c.loss)), float(np.max(c.loss))
    pad = 0.08 * (high - low or 1.0)
    layout = _layout(f"E_total along {c.name} (every other number fixed)", c.name, "E_total")
    layout["xaxis"]["range"] = [float(c.axis[0]), float(c.axis[-1])]
    layout["yaxis"]["range"] = [low - pad, high + pad]
    return layout


def field_figure(f: Field, s: Steepest, now: tuple[float, float], *, step: bool):
    """Contours of E_total, the gradient (uphill) as magenta arrows of one length, and (``step``)
    at the current point the step −η∇E_total in red: lesson 0's steepest-descent step computes it."""
    uphill = _key(UPHILL, 3, "∇E_total: uphill, across the contours")
    data = [_contours(f), _now(now[0], now[1], DOWNHILL), uphill]
    arrows = _gradient_arrows(f)
    if step:
        data.append(_key(DOWNHILL, 4, "the step −η∇E_total"))
        arrows.append(_arrow(now[0], now[1], now[0] + s.step1, now[1] + s.step2, DOWNHILL, 4))
    return figure(data, _field_layout(f) | {"annotations": arrows})


def _contours(f: Field) -> dict:
    """E_total over the two parameters as filled contours, with its colour bar."""
    hover = f"{f.p1} = %{{x:.4g}}<br>{f.p2} = %{{y:.4g}}<br>E_total = %{{z:.6g}}<extra></extra>"
    return dict(
        type="contour",
        x=as_list(f.a),
        y=as_list(f.b),
        z=f.loss.astype(np.float32),
        colorscale=COLOURS,
        name="E_total",
        ncontours=24,
        hovertemplate=hover,
        colorbar=dict(title=dict(text="E_total", font=dict(size=FONT)), tickfont=TICKS),
    )


def _key(colour: str, width: int, name: str) -> dict:
    """A legend entry for arrows: an annotation has none, so an empty line trace in its colour stands in."""
    return dict(
        type="scatter", x=[None], y=[None], mode="lines", line=dict(color=colour, width=width), name=name
    )


def _gradient_arrows(f: Field) -> list[dict]:
    """The gradient at each arrow point, all of one length (a little under the gap between them): the
    direction is what they show; none where the gradient is zero."""
    span = min(f.a[-1] - f.a[0], f.b[-1] - f.b[0])
    length = span / (len(f.arrow_a) + 1) * 0.8
    norms = np.hypot(f.g1, f.g2)
    grid = (a.ravel() for a in (f.arrow_a, f.arrow_b, f.g1, f.g2, norms))
    return [
        _arrow(x, y, x + length * g1 / n, y + length * g2 / n, UPHILL, 2)
        for x, y, g1, g2, n in zip(*grid)
        if n > 0
    ]


def _field_layout(f: Field) -> dict:
    """The axes span the field, one unit as long on both."""
    layout = _layout(f"Contours of E_total over {f.p1} and {f.p2}", f.p1, f.p2, height=560)
    layout["xaxis"] |= dict(range=[float(f.a[0]), float(f.a[-1])], constrain="domain")
    layout["yaxis"] |= dict(range=[float(f.b[0]), float(f.b[-1])], scaleanchor="x", constrain="domain")
    return layout


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
            line=dict(width=4, color=palette.CRIMSON),
        ),
        dict(
            type="scatter",
            x=depth,
            y=[c.backprop for c in counts],
            mode="lines+markers",
            name="backprop (each layer's δ once, reused)",
            line=dict(width=4, color=palette.BLUE),
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
