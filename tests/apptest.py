"""What AppTest tests of the pages share: opening a page with a link, reading its formulas and charts."""

import base64
import json
import pathlib

import numpy as np
from streamlit.testing.v1 import AppTest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def open_page(app: AppTest, page: str, **query) -> AppTest:
    """Run the app with ``query`` in the URL, then switch to ``page`` ("pages/training/page.py")."""
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    return app.switch_page(page).run()


def all_latex(app: AppTest) -> str:
    """Every formula on the page, as one LaTeX string."""
    return "\n".join(e.value for e in app.latex)


def show_all(app: AppTest) -> AppTest:
    return app.toggle(key="show_all").set_value(True).run()


def array(value) -> np.ndarray:
    """A Plotly data array: a list, or base64 "bdata" with its dtype and shape."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.array(value, dtype=float)


def chart(app, key: str) -> dict:
    [found] = [c for c in app.get("plotly_chart") if c.proto.id.endswith(key) or key in c.proto.id]
    return json.loads(found.proto.spec)


def step_names(app: AppTest, key: str) -> list[str]:
    """A step slider's steps by name (as a link spells them): its options are their titles in words,
    labelled through a dict's lookup (ui/stepper.py), whose keys are the names."""
    return list(app.select_slider(key=key).format_func.__self__)


def tables(app: AppTest) -> list:
    """The page's own tables, without the charts' Data folds (ui/chart.py: each chart's numbers) and the
    teacher's plan (ui/teaching.py)."""
    from ui.teaching import LABEL

    aside = [e for e in app.get("expander") if e.label.startswith("Data") or e.label == LABEL]
    folded = {id(t.proto) for e in aside for t in e.get("table")}
    return [t for t in app.table if id(t.proto) not in folded]


def keyed(app: AppTest, key: str):
    """The block of ``st.container(key=key)`` (its id ends with the key)."""

    def blocks(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from blocks(child)

    [found] = [b for b in blocks(app.main) if str(getattr(b.proto, "id", "")).endswith(key)]
    return found


def class_answers(app: AppTest) -> list[str]:
    """The questions' answers (ui/teaching.py), each folded in its expander until opened."""
    from ui.teaching import BOX

    return [m.value for e in keyed(app, BOX).get("expander") for m in e.markdown]
