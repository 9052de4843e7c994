"""The link every lesson gives to the Notation page, drawn once here (not copied into each page), and the
links from a term's first mention in the lessons to its glossary entry there."""

import re

import streamlit as st

from backprop_core.notation import GLOSSARY, MATRIX_INDEX
from ui.navigation import NOTATION


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
            taken[i].append((start, end, f"[{texts[i][start:end]}]({NOTATION.url_path}#{term.anchor})"))
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
