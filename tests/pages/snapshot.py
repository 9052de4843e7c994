"""The safety net of the one-room-per-lesson move: what every page shows, recorded in a form that does
not depend on where its files live (element types, texts, widget values; figures and tables as hashes).

    python -m tests.pages.snapshot            # record tests/pages/snapshots/<url path>.json

tests/pages/test_snapshots.py renders each page again and compares: the move changed no behaviour.
"""

import base64
import hashlib
import json
import pathlib
import sys

import numpy as np
from google.protobuf.json_format import MessageToDict
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, ElementTree

ROOT = pathlib.Path(__file__).resolve().parents[2]
FOLDER = pathlib.Path(__file__).with_name("snapshots")
LONG = 400  # characters: a longer string (a figure's JSON, a table's Arrow bytes) is kept as its hash
NEXT_CLICKS = 2


def pages() -> dict[str, str]:
    """Every page of the navigation: URL path -> its file, from the app's own list."""
    from ui.navigation import ENTRIES

    return {e.url_path: e.path for e in ENTRIES}


NAMES = ("id", "fragmentId", "deferredFileId")  # an element's, a fragment's, a deferred file's: new each run


def _clean(value):
    """A proto as JSON, without what names a file or a session (element ids), long strings hashed; a
    figure as its ``_figure`` fingerprint."""
    if isinstance(value, dict):
        if isinstance(value.get("spec"), str):  # a Plotly chart
            value = value | _figure(value["spec"])
        return {k: _clean(v) for k, v in sorted(value.items()) if k not in NAMES}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, str) and len(value) > LONG:
        return "sha256:" + hashlib.sha256(value.encode()).hexdigest()
    return value


def _figure(spec: str) -> dict:
    """A figure's JSON as two parts: its shape (keys sorted, their order means nothing to Plotly; every
    number replaced by a mark), hashed, and sums of its numbers that the test compares to 1e-9. NumPy's
    math functions take other paths on a CPU with AVX-512 and differ in the last bit, so a hash of the
    numbers themselves failed on one machine and passed on another with the same code."""
    numbers = []
    shape = _numbers_out(json.loads(spec), numbers)
    finite = np.abs(np.asarray(numbers, dtype=float))
    finite = finite[np.isfinite(finite)]
    weights = np.arange(finite.size) % 7 + 1  # the order counts too
    sums = [float(finite.sum()), float((finite**2).sum()), float((finite * weights).sum())]
    return {
        "spec": json.dumps(shape, sort_keys=True),
        "spec_numbers": {"count": len(numbers), "finite": int(finite.size), "sums": sums},
    }


def _numbers_out(value, numbers: list):
    """``value`` with every float (and every array Plotly sends as base64) replaced by "#", appended to
    ``numbers`` in order."""
    if isinstance(value, float):
        numbers.append(value)
        return "#"
    if isinstance(value, dict):
        if isinstance(value.get("bdata"), str) and "dtype" in value:
            numbers.extend(np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist())
            return value | {"bdata": "#"}
        return {k: _numbers_out(v, numbers) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_out(v, numbers) for v in value]
    return value


def _widget_value(node):
    try:
        value = node.value
    except Exception:  # not a widget, or one AppTest cannot read
        return None
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def _walk(node) -> list:
    if isinstance(node, (Block, ElementTree)):
        proto = getattr(node, "proto", None)
        head = {"block": node.type, **(_clean(MessageToDict(proto)) if proto else {})}
        return [head, [_walk(child) for child in node.children.values()]]
    proto = getattr(node, "proto", None)
    record = {"type": node.type, **(_clean(MessageToDict(proto)) if proto is not None else {})}
    if (value := _widget_value(node)) is not None:
        record["value"] = value
    return record


def _next_button(app: AppTest):
    return next((b for b in app.main.button if (b.key or "").endswith("next") and not b.disabled), None)


def capture(page: str) -> dict:
    """The page in its default state and after each of two Next clicks (where it has a Next)."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):  # as tests/conftest.py: the server's navigation mode
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        app.run()
        app.switch_page(pages()[page]).run()
        states = {"default": _walk(app._tree)}
        for click in range(1, NEXT_CLICKS + 1):
            button = _next_button(app)
            if button is None:
                break
            button.click().run()
            states[f"next {click}"] = _walk(app._tree)
        return states
    finally:
        PagesManager.__init__ = original


def path(page: str) -> pathlib.Path:
    return FOLDER / f"{page}.json"


def record(names=None) -> None:
    FOLDER.mkdir(exist_ok=True)
    for page in names or pages():
        path(page).write_text(json.dumps(capture(page), indent=1, ensure_ascii=False) + "\n")
        print("recorded", page)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    record(sys.argv[1:] or None)
