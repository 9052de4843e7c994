"""Plotly figures for the loss-surface page: data in, ``go.Figure`` out, no ``st.*`` calls.

The grids arrive as float64 and are sent as float32: seven significant digits
are more than a colour or a height can show, and the payload halves.
"""

import numpy as np
import plotly.graph_objects as go

from backprop_core import numbers
from backprop_core.surface import Path, Slice
from ui import palette
from ui.figures import FONT, LOSS_COLOURS, TICKS, as_list, axis, figure, layout, legend, thin

COLOURS = LOSS_COLOURS
# Dark paths over a light casing: they stand out on every colour of the scale, on a washed-out
# projector too (the magenta alone vanished into the dark blue valley).
TRUE_PATH, PROJECTED, ARROW, CASING = palette.DARK, palette.DEEP_MAGENTA, palette.CRIMSON, palette.CASING
POINTS = 400  # most points drawn per path


def surface_figure(s: Slice, now: tuple[float, float, float], path: Path) -> go.Figure:
    """E_total as a 3-D surface, with the current point and the descent on these two parameters."""
    i = thin(len(path.steps), POINTS)
    data = [
        dict(
            type="surface",
            x=s.a,
            y=s.b,
            z=s.loss.astype(np.float32),
            colorscale=COLOURS,
            name="E_total",
            showscale=False,
            hovertemplate=_hover(s),
        ),
        dict(
            type="scatter3d",
            x=path.values[s.p1][i],
            y=path.values[s.p2][i],
            z=path.loss[i],
            mode="lines",
            name=f"descent on {s.p1}, {s.p2} only",
            line=dict(color=TRUE_PATH, width=8),
        ),
        dict(
            type="scatter3d",
            x=[now[0]],
            y=[now[1]],
            z=[now[2]],
            mode="markers",
            name="now",
            marker=dict(size=8, color=ARROW, line=dict(color=palette.WHITE, width=2)),
        ),
    ]
    layout = dict(
        title=dict(text=f"E_total over {s.p1} and {s.p2}", font=dict(size=FONT + 3)),
        font=dict(size=FONT - 3),
        height=560,
        margin=dict(l=0, r=0, t=50, b=0),
        showlegend=False,
        scene=dict(
            xaxis=_axis3d(s.p1, range=[s.a[0], s.a[-1]]),  # a path leaving the grid is clipped
            yaxis=_axis3d(s.p2, range=[s.b[0], s.b[-1]]),
            zaxis=_axis3d("E_total"),
            camera=dict(eye=dict(x=1.6, y=-1.6, z=0.95), center=dict(x=0, y=0, z=-0.15)),
            aspectmode="cube",
        ),
    )
    return figure(data, layout)


def contour_figure(
    s: Slice, now: tuple[float, float], gradient: tuple[float, float], path: Path, projected: Path
) -> go.Figure:
    """The same surface from above: the negative gradient, the true descent and the projected one."""
    i, j = thin(len(path.steps), POINTS), thin(len(projected.steps), POINTS)
    arrow = _downhill_arrow(s, now, gradient)
    data = [
        _contours(s),
        # both casings under both paths: where the paths coincide, the dashes show the black between them
        *_cased(
            [
                (path, i, TRUE_PATH, "solid", f"descent on {s.p1}, {s.p2} only (stays on this surface)"),
                (projected, j, PROJECTED, "dash", "full training, projected (the surface itself moves)"),
            ],
            s.p1,
            s.p2,
        ),
        dict(
            type="scatter",
            x=[now[0]],
            y=[now[1]],
            mode="markers",
            name="now",
            marker=dict(size=18, color=ARROW, line=dict(color=palette.WHITE, width=3)),
        ),
        *([_arrow_key()] if arrow else []),
    ]
    return figure(data, _contour_layout(s) | ({"annotations": [arrow]} if arrow else {}))


def _contours(s: Slice) -> dict:
    """E_total over the slice as filled contours, with its colour bar."""
    return dict(
        type="contour",
        x=as_list(s.a),
        y=as_list(s.b),
        z=s.loss.astype(np.float32),
        colorscale=COLOURS,
        name="E_total",
        contours=_levels(s.loss),
        hovertemplate=_hover(s),
        colorbar=dict(title=dict(text="E_total", font=dict(size=FONT)), tickfont=TICKS),
    )


def _downhill_arrow(s: Slice, now: tuple[float, float], gradient: tuple[float, float]) -> dict | None:
    """An arrow from ``now`` along −gradient, of a fixed length (0.3 of the half-width of the view) so the
    direction shows at any scale; None when the gradient has no direction (zero)."""
    g = np.array(gradient, dtype=float)
    norm = np.hypot(*g)
    if not norm > 0:
        return None
    tip = np.array(now) - 0.3 * (s.a[-1] - s.a[0]) / 2 * g / norm
    return dict(
        x=tip[0],
        y=tip[1],
        ax=now[0],
        ay=now[1],
        axref="x",
        ayref="y",
        text="",
        showarrow=True,
        arrowhead=2,
        arrowsize=1.2,
        arrowwidth=4,
        arrowcolor=ARROW,
    )


def _arrow_key() -> dict:
    """The arrow's legend entry: an annotation has none, so an empty line trace in its colour stands in."""
    return dict(
        type="scatter",
        x=[None],
        y=[None],
        mode="lines",
        line=dict(color=ARROW, width=4),
        name="−gradient: steepest descent (direction only)",
    )


def _contour_layout(s: Slice) -> dict:
    """Drawn with theme=None, in the theme's look: one draw a change (ui/figures.py). One unit as long on
    both axes, which span the slice; the legend below."""
    return layout(
        f"Contours of E_total over {s.p1} and {s.p2}",
        s.p1,
        s.p2,
        height=620,
        margin=dict(l=80, r=40, t=50, b=150),  # ticks and titles; the legend below
        legend=legend(FONT - 2, orientation="h", y=-0.15),
        xaxis=dict(range=[s.a[0], s.a[-1]], constrain="domain"),
        yaxis=dict(range=[s.b[0], s.b[-1]], scaleanchor="x", constrain="domain"),
    )


def line_figure(name: str, axis, loss, now: tuple[float, float], slope: float) -> go.Figure:
    """E_total along one parameter, and the tangent whose slope is the backprop gradient."""
    x0, e0 = now
    reach = (axis[-1] - axis[0]) / 6
    xs = np.array([x0 - reach, x0 + reach])
    data = [
        dict(
            type="scatter",
            x=as_list(axis),
            y=as_list(loss),
            mode="lines",
            name="E_total",
            line=dict(width=4, color=palette.BLUE),
        ),
        dict(
            type="scatter",
            x=as_list(xs),
            y=as_list(e0 + slope * (xs - x0)),
            mode="lines",
            name=f"tangent, slope ∂E_total/∂{name} = {numbers.text(slope, 4)}",
            line=dict(width=4, color=ARROW, dash="dash"),
        ),
        dict(
            type="scatter",
            x=[x0],
            y=[e0],
            mode="markers",
            name="now",
            marker=dict(size=14, color=ARROW, line=dict(color=palette.WHITE, width=2)),
        ),
    ]
    base = layout(
        f"E_total along {name}",
        name,
        "E_total",
        height=400,
        margin=dict(l=80, r=30, t=50, b=120),
        legend=legend(FONT - 2, orientation="h", y=-0.25),
    )
    return figure(data, base)


def _cased(paths: list[tuple], p1: str, p2: str) -> list[dict]:
    """Each (path, rows, colour, dash, name) as a wide light line, then the coloured lines on top."""
    xy = [(as_list(path.values[p1][i]), as_list(path.values[p2][i])) for path, i, *_ in paths]
    under = [
        dict(
            type="scatter",
            x=x,
            y=y,
            mode="lines",
            line=dict(color=CASING, width=9),
            showlegend=False,
            hoverinfo="skip",
        )
        for x, y in xy
    ]
    over = [
        dict(type="scatter", x=x, y=y, mode="lines", name=name, line=dict(color=colour, width=4, dash=dash))
        for (x, y), (_, _, colour, dash, name) in zip(xy, paths)
    ]
    return under + over


def _levels(z: np.ndarray, n: int = 20) -> dict:
    low, high = float(np.nanmin(z)), float(np.nanmax(z))
    return dict(start=low, end=high, size=(high - low) / n or 1.0)


def _axis(title: str, **more) -> dict:
    return axis(title, FONT, **more)


def _axis3d(title: str, **more) -> dict:
    return dict(title=dict(text=title, font=dict(size=FONT)), tickfont=dict(size=FONT - 5), **more)


def _hover(s: Slice) -> str:
    return f"{s.p1} = %{{x:.4g}}<br>{s.p2} = %{{y:.4g}}<br>E_total = %{{z:.6g}}<extra></extra>"
