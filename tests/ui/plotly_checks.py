"""What every figure the app builds must pass: Plotly's own validation, which the builders skip."""

import json

import plotly.graph_objects as go
import plotly.io as pio


def assert_valid_unchanged(fig: go.Figure) -> None:
    """Validated by Plotly (raises on any invalid property) and sent exactly as built; the template
    is "none" (see ui/figures.py), which validation spells out in full."""
    validated = go.Figure(fig.to_dict())
    sent, checked = (json.loads(pio.to_json(f, validate=False)) for f in (fig, validated))
    assert sent["layout"].pop("template") == "none"
    assert checked["layout"].pop("template") == pio.templates["none"].to_plotly_json()
    assert sent == checked


def assert_draws_once(fig: go.Figure | dict) -> None:
    """What spares the second full draw of a chart drawn with theme=None (the comment in ui/figures.py):
    no template object, fixed margins, a constant datarevision, and no one-dimensional base64 array.
    ``fig``: a figure, or the spec a page sent."""
    spec = fig if isinstance(fig, dict) else json.loads(pio.to_json(fig, validate=False))
    layout = spec["layout"]
    assert layout["template"] == "none" and "datarevision" in layout
    assert not any(layout.get(axis, {}).get("automargin") for axis in ("xaxis", "yaxis"))
    for path, array in _arrays(spec["data"]):
        if isinstance(array, dict):  # base64: only a heatmap's grid of colours, two-dimensional
            assert path.endswith(".z") and "," in str(array["shape"]), path


def _arrays(spec, path=""):
    """(path, value) of every array in a figure's JSON: a list of numbers or a base64 typed array."""
    if isinstance(spec, dict) and "bdata" in spec:
        yield path, spec
    elif isinstance(spec, dict):
        for key, value in spec.items():
            yield from _arrays(value, f"{path}.{key}")
    elif isinstance(spec, list) and spec and all(isinstance(v, int | float) for v in spec):
        yield path, spec
    elif isinstance(spec, list):
        for i, value in enumerate(spec):
            yield from _arrays(value, f"{path}[{i}]")


def assert_page_draws_once(app, charts: int) -> None:
    """The page sent ``charts`` charts, each drawn with theme=None and each one Plotly draws once."""
    sent = app.get("plotly_chart")
    assert len(sent) == charts and all(c.proto.theme == "" for c in sent)
    for c in sent:
        assert_draws_once(json.loads(c.proto.spec))
