"""Reading a lesson diagram's spec as a learner reads the figure: its labels and its edges, by name."""

import plotly.graph_objects as go


def _spec(figure) -> dict:
    return figure.to_dict() if isinstance(figure, go.Figure) else figure


def label_trace(figure) -> dict:
    """The one text trace that carries every label: names (``ids``), places, texts, positions."""
    [trace] = [t for t in _spec(figure)["data"] if t.get("name") == "labels"]
    return trace


def labels(figure) -> dict[str, str]:
    """Every label's text by its name ("w5", "h1 values")."""
    trace = label_trace(figure)
    return dict(zip(trace["ids"], trace["text"]))


def edges(figure) -> dict[str, dict]:
    """Every edge's line by its name ("w5", "w5 (highlight)" for the halo under a lit edge)."""
    return {s["name"]: s for s in _spec(figure)["layout"].get("shapes", ()) if s["type"] == "line"}


def halos(figure) -> set[str]:
    """The lit edges, by name."""
    return {name.removesuffix(" (highlight)") for name in edges(figure) if name.endswith(" (highlight)")}
