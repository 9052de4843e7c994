"""Every notice about a link comes out in the app's one wording (ui/settings.py), on every page and in
the sidebar: a hostile link sets every setting a page declares (and the sidebar's fields, and the page's
step), repeats a key and adds an unknown one."""

import importlib
import re

import pytest
from streamlit.testing.v1.element_tree import Block, ElementTree

from tests.apptest import open_page
from ui.example_settings import SETTINGS as SIDEBAR
from ui.navigation import ENTRIES
from ui.presenter import PRESENT

WORDINGS = (
    re.compile(r"(?P<key>\w+) in the link (?P<rule>.+); showing (?P<shown>.+)\."),
    re.compile(r"(?P<key>\w+) appears (?P<times>\d+) times in the link; using the last one\."),
    re.compile(r"Ignored (?P<count>\d+) unknown link parameter\(s\)(?: of this page)?\."),
)
HOSTILE = "<b>" + "x" * 300 + "</b>"  # no number, no choice, no flag, and longer than any text field
OWN_KEYS = {"vectorised": ("vec_cells",)}  # a page's link keys that are not declared settings


def declared(entry) -> tuple[list, list]:
    """The settings a page declares in its settings.py that a link carries: those with a widget, and those
    without one (read once and written by the page: the Playground's layers and step)."""
    try:
        module = importlib.import_module(f"pages.{entry.url_path}.settings")
    except ModuleNotFoundError:
        return [], []
    link_only = list(getattr(module, "LINK_ONLY", ()))
    return [s for s in module.SETTINGS if s.in_link and s not in link_only], link_only


def widget_keys(node) -> set[str]:
    if isinstance(node, (Block, ElementTree)):
        return set().union(*(widget_keys(child) for child in node.children.values()))
    return {node.key} if getattr(node, "key", None) else set()


def hostile_link(entry) -> dict:
    """Every setting of the page and the sidebar hostile, the page's step too, an unknown key of the page's
    own, and one key repeated (each of its values good)."""
    drawn, link_only = declared(entry)
    query = {s.key: HOSTILE for s in (*drawn, *link_only, *SIDEBAR, PRESENT)}
    query |= {key: HOSTILE for key in OWN_KEYS.get(entry.url_path, ())}
    query |= {f"{prefix}step": HOSTILE for prefix in entry.prefixes}
    query |= {f"{prefix}nonsense": "1" for prefix in entry.prefixes} | {"nonsense": "1"}
    repeated = next((s for s in drawn if s.key.endswith(("_seed", "_n", "_x"))), SIDEBAR[0])
    query[repeated.key] = [repeated.link(repeated.default)] * 2
    return query


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.url_path)
def test_every_notice_about_a_hostile_link_is_in_the_one_wording(app, entry):
    query = hostile_link(entry)
    page = open_page(app, entry.path, **query)
    assert not page.exception
    said = [w.value for w in page.warning if "link" in w.value]
    wrong = [s for s in said if not any(w.fullmatch(s) for w in WORDINGS)]
    assert not wrong, f"{entry.url_path}: not in the one wording: {wrong}"
    assert not any("xxxxx" in s or "<b>" in s or "nonsense" in s for s in said)  # never echoed
    named = {m["key"] for s in said for w in WORDINGS[:2] if (m := w.fullmatch(s))}
    # every key of the link that the page shows a widget for, or reads without one, is named
    link_only = {s.key for s in declared(entry)[1]} | set(OWN_KEYS.get(entry.url_path, ()))
    expected = set(query) & (widget_keys(page._tree) | link_only)
    assert not expected - named, f"{entry.url_path}: not named: {sorted(expected - named)}"
    assert {s.key for s in SIDEBAR} | {PRESENT.key} <= named  # the sidebar's, on every page
    counted = [s for s in said if WORDINGS[2].fullmatch(s)]  # unknown keys: the sidebar's, a page's own once
    assert len(counted) == (2 if any(declared(entry)) else 1), counted
    assert sum(bool(WORDINGS[1].fullmatch(s)) for s in said) == 1  # the repeated key
