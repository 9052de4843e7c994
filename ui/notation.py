"""The link every lesson gives to the Notation page, drawn once here (not copied into each page), and the
links from a term's first mention in the lessons to its glossary entry there."""

import json
import re

import streamlit as st
import streamlit.components.v1 as components

from backprop_core.notation import GLOSSARY, MATRIX_INDEX
from ui.navigation import NOTATION
from ui.settings import Choice

# The term a link opens the Notation page at (``notation?glossary_term=epoch``). Not the anchor's own
# #fragment: the app writes the sidebar's settings into the URL on a page's first run, which drops it.
GLOSSARY_TOP = "glossary"
TERM = Choice("glossary_term", "Glossary term", (GLOSSARY_TOP, *(t.anchor for t in GLOSSARY)), GLOSSARY_TOP)
# Scrolls the app's page (the same origin) to a heading's anchor once it is drawn.
SCROLL = """<script>
const doc = window.parent.document;
let tries = 0;
const go = () => {
  const heading = doc.getElementById(ANCHOR);
  if (heading) heading.scrollIntoView({block: "start"});
  else if (tries++ < 50) setTimeout(go, 100);
};
go();
</script>"""


def link(matrices: bool = False) -> None:
    """A link to the Notation page; on a page that shows matrices, also the one sentence on their
    indices (names count from 1, a matrix's entries from 0)."""
    st.page_link(NOTATION.path, label=f"{NOTATION.title}: {NOTATION.about}", icon=NOTATION.icon)
    if matrices:
        st.caption(f"Indices: {MATRIX_INDEX.meaning}.")


def linked(url_path: str, *texts: str, only: tuple[str, ...] = ()) -> list[str]:
    """``texts`` (a page's paragraphs, in order) with the first mention of each glossary term that first
    appears on this page linked to its entry on the Notation page (a relative link: it keeps a deployment's
    base path). Longer terms first, and never two links over the same words. ``only``: these terms' names
    (a paragraph drawn apart from the one where the page's other terms are linked)."""
    texts, taken = list(texts), [[] for _ in texts]
    terms = [t for t in GLOSSARY if t.first == url_path and (not only or t.name in only)]
    for term in sorted(terms, key=lambda t: -len(t.mention)):
        where = _first_free(term.mention, texts, taken)
        if where:
            i, start, end = where
            taken[i].append((start, end, f"[{texts[i][start:end]}]({term_link(term.anchor)})"))
    for i, spans in enumerate(taken):
        for start, end, link in sorted(spans, reverse=True):
            texts[i] = texts[i][:start] + link + texts[i][end:]
    return texts


def _first_free(words: str, texts: list[str], taken: list[list]) -> tuple[int, int, int] | None:
    """The first whole-word mention of ``words`` (any case) that no other link has taken."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(words)}(?![\w-])", re.IGNORECASE)
    for i, text in enumerate(texts):
        for found in pattern.finditer(text):
            if not any(s < found.end() and found.start() < e for s, e, _ in taken[i]):
                return i, found.start(), found.end()
    return None


def term_link(anchor: str) -> str:
    """The Notation page at a term, relative to the page linking (it keeps a deployment's base path)."""
    return f"{NOTATION.url_path}?{TERM.key}={anchor}"


def go_to_term() -> None:
    """On the Notation page: scroll to the term its link names; a name it does not know is said in the one
    wording, and the glossary's top is shown."""
    text = st.query_params.get(TERM.key)
    if text is None:
        return
    anchor = TERM.read(text)
    if anchor is None:
        st.warning(TERM.bad(), icon="⚠️")
        anchor = TERM.default
    components.html(SCROLL.replace("ANCHOR", json.dumps(anchor)), height=0)  # a known anchor only
