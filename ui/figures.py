"""What every Plotly figure of the app shares: built from plain specs, unvalidated.

Plotly validates every property it is given, which costs 15-35 ms a chart (the
lesson diagram, with its many labels, 80 ms): more than the numbers behind it,
on every rerun. The builders hand over plain dicts instead, and
tests/ui/test_figures_valid.py puts every figure through the full validation.
"""

import plotly.graph_objects as go


def figure(data: list[dict], layout: dict) -> go.Figure:
    return go.Figure({"data": data, "layout": layout}, _validate=False)
