"""Plotly figures for the Playground: data in, ``go.Figure`` out, no ``st.*`` calls.

Built from plain specs (ui/figures.py); tests/pages/playground/test_figures.py validates each one.
Class colours are the same everywhere: the points, the boundary and the legend.
"""

import numpy as np
import plotly.graph_objects as go
from plotly.colors import diverging, sequential

from backprop_core import names, numbers
from backprop_core.names import Geometry
from backprop_core.network import Network, Params
from backprop_core.notation import input_name
from ui import figures, palette
from ui.figures import figure

FONT = figures.COMPACT
CLASS_COLOURS = palette.SERIES  # and a marker shape each (palette.SYMBOLS): told apart without colour
POSITIVE, NEGATIVE, ACCENT = palette.BLUE, palette.RED, palette.ORANGE_LINE
LAYER_COLOURS = palette.SERIES[:6] + (palette.GREY,)


def _scale(colours: list[str]) -> list[list]:
    """A colour scale as explicit stops (a named one would be expanded by Plotly's validation)."""
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


VIRIDIS, RDBU = _scale(sequential.Viridis), _scale(diverging.RdBu)
# Most points drawn per curve: one every two pixels or so of a chart in a half-width column. Play
# redraws the curves every tick: a run's 2,000 records each would be 8× the bytes and the time.
POINTS = 250
FEATURES = (input_name(0), input_name(1))  # the plane's axes: x1, x2
WIDTHS = 6  # edge widths are binned: one trace per (sign, width), not one per edge


STYLE = figures.STYLE | dict(font=figures.STYLE["font"] | dict(size=FONT), legend=figures.legend(FONT - 2))
MARGIN = dict(l=70, r=100, t=50, b=55)  # room for tick labels, axis titles, a colour bar or legend
_title, _list = figures.heading, figures.as_list


def _axis(title: str, **more) -> dict:
    return figures.axis(title, FONT, **more)


def _layout(title: str, x: str, y: str, height: int = 400, **more) -> dict:
    return figures.layout(
        title,
        x,
        y,
        font=FONT,
        title_size=FONT + 2,
        legend=figures.legend(FONT - 2),
        height=height,
        margin=MARGIN,
        xaxis=dict(showgrid=False),
        **more,
    )


def _compact(z: np.ndarray) -> np.ndarray:
    """A grid of colours as float32: half the bytes sent on every Play tick, and no visible change."""
    return z.astype(np.float32)


def _points(x: np.ndarray, y: np.ndarray, n_classes: int, test: bool) -> list[dict]:
    """Train points as filled circles, test points as open diamonds, coloured by class."""
    data = []
    for k in range(max(n_classes, 1)):
        cols = np.arange(x.shape[1]) if n_classes == 0 else np.flatnonzero(y == k)
        if not cols.size:
            continue
        colour = CLASS_COLOURS[k % len(CLASS_COLOURS)] if n_classes else palette.LABEL
        shape = palette.SYMBOLS[k % len(palette.SYMBOLS)] if n_classes else "circle"
        marker = dict(
            size=8,
            color=palette.WHITE if test else colour,
            line=dict(color=colour if test else palette.WHITE, width=1.5),
            symbol=f"{shape}-open" if test else shape,
        )
        if x.shape[0] == 1:  # regression on one input: the targets against x
            xs, ys = x[0, cols], y[cols]
        else:
            xs, ys = x[0, cols], x[1, cols]
        label = ("test" if test else "train") + (f" class {k}" if n_classes else "")
        data.append(
            dict(
                type="scatter",
                x=_list(xs),
                y=_list(ys),
                mode="markers",
                name=label,
                marker=marker,
                hovertemplate="(%{x:.3f}, %{y:.3f})<extra>" + label + "</extra>",
            )
        )
    return data


def boundary_figure(
    axes, outputs: np.ndarray, output: str, train, test, features=FEATURES, smooth: bool = False
) -> go.Figure:
    """The network's output over the input plane, the train and test points on it (``smooth``: the
    shading interpolated between the grid's points, for a coarse grid).

    ``outputs`` is (n_outputs, len(axes[1]) * len(axes[0])); one sigmoid output shows P(class 1)
    (white at 0.5: the boundary), softmax the predicted class (shaded by its probability), a linear output
    its value. A 1-D input shows the fitted curve instead.
    """
    (xtr, ytr, k), (xte, yte, _) = train, test
    if len(axes) == 1:  # regression on one input: the targets against x, unclassed
        data = [
            _line(axes[0], outputs[0], "the network"),
            *_points(xtr, ytr, 0, False),
            *_points(xte, yte, 0, True),
        ]
        return figure(data, _layout("The fitted curve", features[0], "y", showlegend=True))
    shading = _output_map(axes, outputs, output)
    if smooth and shading["z"].dtype != np.int8:  # a class is never blended into its neighbour's colour
        shading["zsmooth"] = "best"
    data = [shading, *_points(xtr, ytr, k, False), *_points(xte, yte, k, True)]
    title = "Decision boundary: the output over the plane"
    return figure(data, _plane_layout(title, axes, features, showlegend=False))


def _line(x, y, name: str) -> dict:
    """A curve over a single input: the network's fit, or one neuron's activation."""
    return dict(
        type="scatter", x=_list(x), y=_list(y), mode="lines", name=name, line=dict(color=ACCENT, width=4)
    )


def _output_map(axes, outputs: np.ndarray, output: str) -> dict:
    """The output over the plane as a heatmap: the predicted class when there are several outputs,
    P(class 1) for one sigmoid, else the value."""
    shape = len(axes[1]), len(axes[0])
    if output == "softmax" or outputs.shape[0] > 1:
        shading = _class_shading(outputs.argmax(axis=0).reshape(shape).astype(np.int8), outputs.shape[0])
    elif output == "sigmoid":
        shading = _probability_shading(_compact(outputs[0].reshape(shape)))
    else:
        shading = _value_shading(_compact(outputs[0].reshape(shape)))
    return dict(type="heatmap", x=_list(axes[0]), y=_list(axes[1]), **shading)


def _class_shading(cls: np.ndarray, n: int) -> dict:
    """The predicted class of each point in that class's colour, faint: the points stay readable."""
    scale = [[i / max(n - 1, 1), CLASS_COLOURS[i % len(CLASS_COLOURS)]] for i in range(n)]
    return dict(
        z=cls,
        zmin=0,
        zmax=n - 1,
        colorscale=scale,
        opacity=0.35,
        showscale=False,
        name="predicted class",
        hovertemplate="class %{z}<extra></extra>",
    )


def _probability_shading(z: np.ndarray) -> dict:
    """P(class 1) from class 0's colour through white at 0.5 (the boundary) to class 1's."""
    return dict(
        z=z,
        zmin=0,
        zmax=1,
        colorscale=[[0, CLASS_COLOURS[0]], [0.5, palette.WHITE], [1, CLASS_COLOURS[1]]],
        opacity=0.6,
        name="P(class 1)",
        colorbar=dict(title=dict(text="P(1)"), thickness=12),
        hovertemplate="P(class 1) = %{z:.3f}<extra></extra>",
    )


def _value_shading(z: np.ndarray) -> dict:
    """A linear output's value, red (low) to blue (high)."""
    return dict(
        z=z,
        colorscale=RDBU,
        opacity=0.6,
        name="output",
        colorbar=dict(thickness=12),
        hovertemplate="output %{z:.3f}<extra></extra>",
    )


def _plane_layout(title: str, axes, features, **more) -> dict:
    """A map over the input plane: the axes span the grid, one unit as long on both."""
    layout = _layout(title, features[0], features[1], **more)
    layout["xaxis"] |= dict(range=[axes[0][0], axes[0][-1]], constrain="domain")
    layout["yaxis"] |= dict(range=[axes[1][0], axes[1][-1]], scaleanchor="x")
    return layout


def neuron_figure(axes, values: np.ndarray, name: str, activation: str, features=FEATURES) -> go.Figure:
    """One neuron's activation over the input plane (or along the input line)."""
    title = f"{name} ({activation}) over the input"
    if len(axes) == 1:
        return figure([_line(axes[0], values, name)], _layout(title, features[0], name))
    z = _compact(values.reshape(len(axes[1]), len(axes[0])))
    data = [
        dict(
            type="heatmap",
            x=_list(axes[0]),
            y=_list(axes[1]),
            z=z,
            colorscale=VIRIDIS,
            name=name,
            colorbar=dict(thickness=12),
            hovertemplate=name + " = %{z:.3f}<extra></extra>",
        )
    ]
    return figure(data, _plane_layout(title, axes, features))


def cost_figure(epochs, train_cost, test_cost, *, log_y: bool) -> go.Figure:
    """Train and test cost against the epoch (at most POINTS of them: Play redraws it every tick)."""
    i = figures.thin(len(epochs), POINTS)
    epochs, train_cost, test_cost = np.asarray(epochs)[i], np.asarray(train_cost)[i], np.asarray(test_cost)[i]
    data = [
        dict(
            type="scatter",
            x=_list(epochs),
            y=_list(train_cost),
            mode=_lines(len(epochs)),
            name="train",
            line=dict(color=POSITIVE, width=3),
        )
    ]
    if np.isfinite(test_cost).any():
        data.append(
            dict(
                type="scatter",
                x=_list(epochs),
                y=_list(test_cost),
                mode=_lines(len(epochs)),
                name="test",
                line=dict(color=ACCENT, width=3, dash="dash"),
            )
        )
    layout = _layout("Cost per epoch", "epoch", "cost J", hovermode="x unified")
    if log_y:
        layout["yaxis"] |= figures.log_scale(train_cost, test_cost)
    return figure(data, layout)


def health_figure(epochs, grad_norm: np.ndarray) -> go.Figure:
    """‖∂J/∂W_l‖ per layer over training, on a log scale: vanishing and exploding gradients show (at
    most POINTS updates of the thousands recorded)."""
    i = figures.thin(len(epochs), POINTS)
    epochs, grad_norm = np.asarray(epochs)[i], np.asarray(grad_norm)[i]
    data = []
    for l in range(grad_norm.shape[1]):
        data.append(
            dict(
                type="scatter",
                x=_list(epochs),
                y=_list(grad_norm[:, l]),
                mode=_lines(len(grad_norm)),
                name=f"layer {l + 1}",
                line=dict(color=LAYER_COLOURS[l % len(LAYER_COLOURS)], width=2),
            )
        )
    layout = _layout("Gradient health: ‖∂J/∂W‖ per layer", "epoch", "gradient norm", hovermode="x unified")
    layout["yaxis"] |= figures.log_scale(grad_norm)
    if not len(grad_norm):  # step 0: no update has computed a gradient yet
        note = "Each update's gradient norms appear here:<br>press Play or step one batch."
        layout["annotations"] = [
            dict(
                text=note,
                x=0.5,
                y=0.5,
                xref="paper",
                yref="paper",
                showarrow=False,
                font=dict(size=FONT, color=figures.GREY),
            )
        ]
    return figure(data, layout)


def _lines(points: int) -> str:
    """A line through the points; a lone point (a run not trained yet) as a dot, which a line cannot draw."""
    return "lines" if points > 1 else "markers"


def _bins(values: np.ndarray) -> np.ndarray:
    """Each |value| as a width bin 0..WIDTHS-1, relative to the largest."""
    largest = np.abs(values).max() if values.size else 0.0
    if not np.isfinite(largest) or largest == 0:
        return np.zeros(values.shape, int)
    return np.minimum((np.abs(values) / largest * WIDTHS).astype(int), WIDTHS - 1)


def _click_point(src, dst, weight: str, network: Network) -> tuple[float, float]:
    """Where a weight's clickable point sits on its edge: the fraction along it grows with the neuron
    it feeds, so edges into different neurons never share a point (crossing ones share their middles),
    and edges into the same neuron keep their sources' spacing."""
    n = names.parse(weight)
    t = 0.2 + 0.6 * (n.index[0] + 0.5) / network.sizes[n.layer]
    return src[0] + t * (dst[0] - src[0]), src[1] + t * (dst[1] - src[1])


def diagram_figure(
    network: Network,
    geometry: Geometry,
    params: Params,
    grads: Params | None = None,
    *,
    show: str = "weights",
    selected: str | None = None,
    neuron: str | None = None,
) -> go.Figure:
    """The network: each edge's colour is its sign (blue +, red −), its width the size of its weight
    (or, with ``show="gradients"``, of ∂J/∂w). Clicking an edge's midpoint or a neuron selects it
    (their ``customdata`` is the name)."""
    edges = [e for e in geometry.edges if e.parameter and e.parameter.startswith("W")]
    w = names.parameter_values(network, params)
    g = names.parameter_values(network, grads) if grads is not None else {}
    shown = np.array([float((g if show == "gradients" and g else w)[e.parameter]) for e in edges])
    at = {n.name: (n.x, n.y) for n in geometry.nodes}
    nodes = [n for n in geometry.nodes if n.kind in ("input", "neuron")]
    data = [
        *_halo(edges, at, selected),
        *_edge_traces(edges, at, shown),
        _click_targets(network, edges, at, w, g),
        _neurons(nodes, neuron),
    ]
    return figure(data, _diagram_layout(nodes, show))


def _halo(edges, at: dict, selected: str | None) -> list[dict]:
    """A wide accent line along the selected weight's edge, first so that it lies under every edge; none
    when no edge carries ``selected``."""
    chosen = [e for e in edges if e.parameter == selected]
    if not chosen:
        return []
    (x0, y0), (x1, y1) = at[chosen[0].src], at[chosen[0].dst]
    return [
        dict(
            type="scatter",
            x=[x0, x1],
            y=[y0, y1],
            mode="lines",
            hoverinfo="skip",
            showlegend=False,
            line=dict(color=ACCENT, width=14),
            opacity=0.6,
        )
    ]


def _edge_traces(edges, at: dict, values: np.ndarray) -> list[dict]:
    """The edges by sign and width bin: one trace per (sign, width) that has edges, not one per edge."""
    bins = _bins(values)
    data = []
    for positive, colour in ((True, POSITIVE), (False, NEGATIVE)):
        for b in range(WIDTHS):
            chosen = [e for e, v, k in zip(edges, values, bins) if k == b and (v >= 0) == positive]
            if chosen:
                data.append(_edge_lines(chosen, at, colour, 1 + 1.6 * b))
    return data


def _edge_lines(edges, at: dict, colour: str, width: float) -> dict:
    """Several edges as one line trace, each a segment ended by a gap (None)."""
    xs, ys = [], []
    for e in edges:
        (x0, y0), (x1, y1) = at[e.src], at[e.dst]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return dict(
        type="scatter",
        x=xs,
        y=ys,
        mode="lines",
        hoverinfo="skip",
        showlegend=False,
        line=dict(
            color=colour, width=width, dash="solid" if colour == POSITIVE else "dot"
        ),  # not by colour alone
        opacity=0.85,
    )


def _click_targets(network: Network, edges, at: dict, w: dict, g: dict) -> dict:
    """A faint point on each edge, named by its weight: what a click selects and what the hover tells
    (the weight, and its gradient when given). The edges' lines skip hover: one trace holds many edges."""
    hover = [
        f"{e.parameter} = {numbers.text(w[e.parameter], 4)}"
        + (f"<br>∂J/∂w = {numbers.text(g[e.parameter], 4)}" if g else "")
        for e in edges
    ]
    points = [_click_point(at[e.src], at[e.dst], e.parameter, network) for e in edges]
    return dict(
        type="scatter",
        x=[p[0] for p in points],
        y=[p[1] for p in points],
        mode="markers",
        marker=dict(size=9, color=palette.CLICK),
        customdata=[e.parameter for e in edges],
        hovertext=hover,
        hoverinfo="text",
        name="weights",
        showlegend=False,
    )


def _neurons(nodes, neuron: str | None) -> dict:
    """The inputs (tinted) and neurons as named circles, the selected neuron in the accent; a click
    selects one by its name."""
    fill = [
        palette.ORANGE if n.name == neuron else (palette.PALE_BLUE if n.kind == "input" else palette.WHITE)
        for n in nodes
    ]
    # an input x[j] is named x1, x2 as the plane's axes are (backprop_core/notation.py)
    shown = [input_name(names.parse(n.name).index[0]) if n.kind == "input" else n.name for n in nodes]
    return dict(
        type="scatter",
        x=[n.x for n in nodes],
        y=[n.y for n in nodes],
        mode="markers+text",
        text=shown,
        textposition="middle center",
        textfont=dict(size=12, color=palette.DARK),  # 4.5:1 on every fill, the highlight's too
        marker=dict(size=42, color=fill, line=dict(color=palette.EDGE_LINE, width=1.5)),
        customdata=[n.name for n in nodes],
        hovertext=shown,
        hoverinfo="text",
        name="neurons",
        showlegend=False,
    )


def _diagram_layout(nodes, show: str) -> dict:
    """No axes (so not ``_layout``, which draws them) and a view fixed around the neurons, 48 px a row
    of the tallest layer."""
    xs = [n.x for n in nodes]
    ys = [n.y for n in nodes]
    return dict(
        STYLE,
        height=max(260, 48 * (max(ys) - min(ys) + 2)),
        margin=dict(l=5, r=5, t=30, b=5),
        title=_title(f"The network: edges show the {show} (blue +, red dotted −)", FONT),
        xaxis=dict(visible=False, range=[min(xs) - 0.4, max(xs) + 0.4], fixedrange=True),
        yaxis=dict(visible=False, range=[min(ys) - 0.7, max(ys) + 0.7], fixedrange=True),
        # what Streamlit sets on a chart with on_select (set here, it need not change the chart)
        dragmode="pan",
        hovermode="closest",
        clickmode="event+select",
    )
