"""The navigation is the one list of pages: each page's own URL keys start with a prefix its Entry
declares (the sidebar passes on exactly those in a link), and no two pages share a prefix."""

import keyword

import pytest
from streamlit.testing.v1.element_tree import Block, ElementTree

from tests.apptest import ROOT, open_page
from ui.example_settings import KNOWN
from ui.navigation import ENTRIES, PREFIXES
from ui.sidebar import APP_PARAMS, PAGE_PARAMS


def test_no_two_pages_share_a_prefix():
    assert len(PREFIXES) == len(set(PREFIXES))
    assert not any(a != b and a.startswith(b) for a in PREFIXES for b in PREFIXES)


def test_each_entry_is_one_folder_with_its_page_and_the_file_a_fresh_server_looks_up():
    for e in ENTRIES:  # the folder is the URL path, but where that is no package's name ("class")
        assert e.path == f"pages/{e.folder or e.url_path}/page.py" and (ROOT / e.path).exists()
        assert not e.folder or not e.url_path.isidentifier() or e.url_path in keyword.kwlist
        first = (ROOT / "pages" / f"{e.url_path}.py").read_text()  # why: pages/__init__.py
        assert "run_through_app()" in first and e.path in first
    files = {p.stem for p in (ROOT / "pages").glob("*.py")} - {"__init__"}
    assert files == {e.url_path for e in ENTRIES}


def bound_keys(node) -> set[str]:
    """The URL keys of every widget bound to the link (``bind="query-params"``) under ``node``."""
    if isinstance(node, (Block, ElementTree)):
        return set().union(*(bound_keys(child) for child in node.children.values()))
    key = getattr(getattr(node, "proto", None), "query_param_key", "")
    return {key} if key else set()


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.url_path)
def test_every_url_key_a_page_writes_is_declared_by_its_entry(app, entry):
    open_page(app, entry.path)
    assert not app.exception
    own = (set(app.query_params) | bound_keys(app._tree)) - KNOWN - APP_PARAMS - PAGE_PARAMS
    undeclared = {key for key in own if not key.startswith(entry.prefixes or ("\0",))}
    assert not undeclared, f"{entry.url_path} writes {sorted(undeclared)} without its Entry's prefix"


# The links that draw the rest of a page's settings (the recurrent lesson's Part B holds its fp_ ones), or
# carry a key a page only reads (the Notation page's glossary term).
OPENED_WITH = {"recurrent": ({}, {"rnn_part": "fixed point"}), "notation": ({"glossary_term": "epoch"},)}


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.prefixes], ids=lambda e: e.url_path)
def test_each_prefix_an_entry_declares_has_a_url_key_bound_with_it(app, entry):
    """A prefix is declared for the page's URL keys: a page that binds none with it has settings a link
    does not carry (Training's train_ keys once were), or a prefix it no longer needs."""
    bound = set()
    for query in OPENED_WITH.get(entry.url_path, ({},)):
        page = open_page(app.__class__.from_file(app._script_path, default_timeout=60), entry.path, **query)
        assert not page.exception
        bound |= bound_keys(page._tree)
        bound |= {key for key in query if key in page.query_params}  # read from a link only (a term), kept
        if nexts := [b for b in page.button if b.key == "next"]:  # a lesson's step, written when it moves
            bound |= set(nexts[0].click().run().query_params)
    for prefix in entry.prefixes:
        assert any(key.startswith(prefix) for key in bound), f"{entry.url_path} binds no {prefix} key"
