"""No link value takes a page down or plants the sender's text on it.

Every key a page owns (each declared setting, each widget with the page's prefix, the sidebar's
example fields) is given the same hostile value at once: numbers a float64 cannot hold, a number
far out of range, "-0", an empty value, 3,000 characters, and Markdown, HTML and LaTeX that would
draw a link, fetch an image or typeset a formula. The page still draws, every notice is in the
app's one wording, and none repeats the visitor's text.
"""

import importlib
import re

import pytest

from tests.apptest import open_page
from ui.example_settings import SETTINGS as EXAMPLE_SETTINGS
from ui.navigation import ENTRIES
from ui.settings import _Setting

MARKUP = "[Open the key](https://e.example/p) ![x](https://e.example/a.png) <img src=x> $\\href{x}{y}$"
HOSTILE = ["1e400", "-1e400", "inf", "nan", "-0", "1" + "0" * 30, "", "7" * 3000, MARKUP]
ECHO = re.compile(r"e\.example|<img|\\href|7{50}")
WIDGETS = ("number_input", "slider", "select_slider", "selectbox", "radio", "text_input", "toggle")
# Pages whose keys depend on a part chosen first: each part is opened in turn.
PARTS = {"recurrent": ({"rnn_part": "through time"}, {"rnn_part": "fixed point"})}


def declared(url_path: str) -> set[str]:
    """The keys a page's settings module declares (tuples and dicts of settings included)."""
    try:
        module = importlib.import_module(f"pages.{url_path}.settings")
    except ModuleNotFoundError:
        return set()
    found = set()
    for value in vars(module).values():
        items = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]
        found |= {item.key for item in items if isinstance(item, _Setting)}
    return found


def drawn(app, prefixes: tuple[str, ...]) -> set[str]:
    return {w.key for kind in WIDGETS for w in getattr(app, kind) if (w.key or "").startswith(prefixes)}


def cases() -> list:
    found = []
    for entry in ENTRIES:
        for part in PARTS.get(entry.url_path, ({},)):
            for value in HOSTILE:
                found.append(
                    pytest.param(
                        entry, part, value, id=f"{entry.url_path}-{'-'.join(part.values())}-{value[:8]}"
                    )
                )
    return found


@pytest.mark.parametrize("entry, part, value", cases())
def test_a_hostile_value_in_every_key_of_a_page_is_named_never_echoed(app, entry, part, value):
    keys = declared(entry.url_path) | {s.key for s in EXAMPLE_SETTINGS}
    if entry.prefixes:
        keys |= {f"{prefix}step" for prefix in entry.prefixes}
    query = {key: value for key in keys if key not in part} | part
    open_page(app, entry.path, **query)
    assert not app.exception, [e.value for e in app.exception]
    shown = [
        e.value for kind in ("warning", "error", "info", "markdown", "caption") for e in getattr(app, kind)
    ]
    assert not [text for text in shown if ECHO.search(str(text))]
    notices = [w.value for w in app.warning]
    odd = [n for n in notices if not re.match(r"\S+ (in the link|appears \d+ times)|Ignored \d+ ", n)]
    assert not odd
