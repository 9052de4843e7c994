"""What every Plotly figure of the app shares: built from plain specs, unvalidated.

Plotly validates every property it is given, which costs 15-35 ms a chart (the
lesson diagram, with its many labels, 80 ms): more than the numbers behind it,
on every rerun. The builders hand over plain dicts instead, and
tests/ui/test_figures_valid.py puts every figure through the full validation.
"""

import numpy as np
import plotly.graph_objects as go


def figure(data: list[dict], layout: dict) -> go.Figure:
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def compact(values) -> np.ndarray:
    """``values`` as float32 (half the bytes sent to the browser) when that keeps 7 significant
    digits of every number, more than a chart can show; else unchanged (a loss of 1e-60 stays)."""
    values = np.asarray(values)
    if values.dtype.kind in "iu":
        small = values.astype(np.int32)
        return small if np.array_equal(small, values) else values
    with np.errstate(over="ignore", invalid="ignore"):  # beyond float32: the check below keeps values
        small = values.astype(np.float32)
        same = np.allclose(small, values, rtol=1e-6, atol=0, equal_nan=True)
    return small if same else values


def thin(n: int, limit: int) -> np.ndarray:
    """At most ``limit`` evenly spaced indices into ``n`` rows, the first and the last always: a line
    needs about one point a pixel, not one a step."""
    return np.unique(np.linspace(0, n - 1, min(n, limit)).round().astype(int)) if n else np.arange(0)
