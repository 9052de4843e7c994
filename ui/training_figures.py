"""Plotly figures for the training page: data in, ``go.Figure`` out, no ``st.*`` calls.

Long runs are thinned to a few hundred points per line: a chart cannot show
more, and every point is sent to the browser on each rerun.
"""

import numpy as np
import plotly.graph_objects as go

FONT = 17  # projector-sized
POINTS = 600  # most points drawn per line
OUTPUT_COLOURS = {"o1": "#1f5fa8", "o2": "#c62828"}
PARAMETER_COLOURS = {
    "w1": "#4e79a7", "w2": "#59a14f", "w3": "#9c755f", "w4": "#b07aa1",
    "w5": "#1f5fa8", "w6": "#f28e00", "w7": "#c62828", "w8": "#2a9d8f",
    "b1": "#6b6b6b", "b2": "#222222",
}  # fmt: skip
SWEEP_COLOURS = ("#1f5fa8", "#f28e00", "#2a9d8f", "#c62828", "#7b3fa0", "#8c564b", "#e377c2", "#6b6b6b")


def thin(n: int, limit: int = POINTS) -> np.ndarray:
    """At most ``limit`` evenly spaced indices into ``n`` rows, always the first and the last."""
    return np.unique(np.linspace(0, n - 1, min(n, limit)).round().astype(int)) if n else np.arange(0)


def loss_figure(steps, loss, *, log_y: bool, at: tuple[int, float] | None = None) -> go.Figure:
    """E_total against the step; ``at`` marks one (step, E_total) point, as the scrubber moves."""
    i = thin(len(steps))
    fig = go.Figure(go.Scatter(x=steps[i], y=loss[i], mode="lines", name="E_total", line=dict(width=3)))
    if at is not None:
        fig.add_vline(x=at[0], line=dict(color="#f28e00", width=2, dash="dot"))
        fig.add_trace(_marker(at[0], at[1], f"step {at[0]:,}"))
    fig = _style(fig, "E_total during training", "step", "E_total", log_y=log_y)
    return fig.update_layout(showlegend=False)


def outputs_figure(steps, outputs, targets) -> go.Figure:
    """Each output against the step, its target a dashed line of the same colour."""
    i = thin(len(steps))
    fig = go.Figure()
    for k, (o, colour) in enumerate(OUTPUT_COLOURS.items()):
        line = dict(color=colour, width=3)
        fig.add_trace(go.Scatter(x=steps[i], y=outputs[i, k], name=f"out_{o}", line=line))
        fig.add_hline(
            y=targets[k],
            line=dict(color=colour, dash="dash", width=2),
            annotation=dict(text=f"t{k + 1} = {targets[k]:g}", font=dict(size=FONT - 2, color=colour)),
        )
    return _style(fig, "Each output approaching its target", "step", "output")


def parameters_figure(steps, values: dict) -> go.Figure:
    """Each named parameter against the step (hidden-layer weights dotted, output-layer solid)."""
    i = thin(len(steps))
    fig = go.Figure()
    for name, v in values.items():
        dash = "dot" if name in ("w1", "w2", "w3", "w4") else "dashdot" if name.startswith("b") else "solid"
        line = dict(color=PARAMETER_COLOURS.get(name), width=3, dash=dash)
        fig.add_trace(go.Scatter(x=steps[i], y=v[i], name=name, line=line))
    return _style(fig, "Each weight during training", "step", "value")


def sweep_figure(lrs, steps, loss, diverged_at, *, log_y: bool) -> go.Figure:
    """E_total for several learning rates; a run that diverged stops at its last finite loss, marked ✕."""
    fig = go.Figure()
    for r, lr in enumerate(lrs):
        colour = SWEEP_COLOURS[r % len(SWEEP_COLOURS)]
        k = int(diverged_at[r])
        keep = np.arange(len(steps)) if k < 0 else np.flatnonzero(steps < k)
        keep = keep[thin(len(keep))]
        name = f"η = {lr:g}" + ("" if k < 0 else f" · diverged at step {k:,}")
        fig.add_trace(go.Scatter(x=steps[keep], y=loss[keep, r], name=name, line=dict(color=colour, width=3)))
        if k >= 0 and len(keep):  # where it broke
            end = dict(size=16, symbol="x", color=colour)
            fig.add_trace(go.Scatter(x=steps[keep[-1:]], y=loss[keep[-1:], r], mode="markers",
                                     marker=end, showlegend=False, hoverinfo="skip"))  # fmt: skip
    return _style(fig, "E_total for each learning rate η", "step", "E_total", log_y=log_y)


def _marker(x, y, text) -> go.Scatter:
    marker = dict(size=14, color="#f28e00", line=dict(color="#7a4100", width=2))
    return go.Scatter(x=[x], y=[y], mode="markers", name=text, marker=marker, showlegend=False)


def _style(fig: go.Figure, title: str, x: str, y: str, *, log_y: bool = False) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, font=dict(size=FONT + 3)),
        font=dict(size=FONT),
        height=420,
        margin=dict(l=10, r=10, t=60, b=10),
        legend=dict(font=dict(size=FONT - 1)),
        hovermode="x unified",
    )
    fig.update_xaxes(title=dict(text=x, font=dict(size=FONT)), tickformat=",d", tickfont=dict(size=FONT - 2))
    fig.update_yaxes(title=dict(text=y, font=dict(size=FONT)), tickfont=dict(size=FONT - 2))
    if log_y:  # one tick per power of ten
        fig.update_yaxes(type="log", dtick=1, exponentformat="power")
    return fig
