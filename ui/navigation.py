"""The app's pages, once: the navigation in app.py, the Welcome page's way through and the sidebar's list
of URL prefixes are all drawn from this list. A lesson is one folder under pages/ plus one Entry here."""

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Entry:
    url_path: str  # the page's address, and its folder: pages/<url_path>/page.py
    title: str  # in the navigation and the browser's tab
    icon: str
    about: str = ""  # what the Welcome page's link says after the title
    prefixes: tuple[str, ...] = ()  # the page's own URL keys start with one of these (``fwd_step``)
    own_data: bool = False  # the sidebar's worked example does not drive this page (it says so)
    folder: str = ""  # pages/<folder>/ when the URL path cannot name a package ("class" is Python's)

    @property
    def path(self) -> str:
        return f"pages/{self.folder or self.url_path}/page.py"


HOME = Entry("home", "Welcome", "🏠")
CLASS = Entry(
    "class", "Class", "🎓", "students follow your steps and answer on their own devices", folder="classroom"
)
NOTATION = Entry(
    "notation", "Notation", "🔣", "one symbol for each thing, and where it is used", ("glossary_",)
)
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
SECTIONS: dict[str, tuple[Entry, ...]] = {  # fmt: skip
    "Start": (HOME, CLASS),
    "Lessons": (
        Entry("slope", "0 · The derivative as a slope", "📐", "the gradient as the way down", ("slope_",)),
        Entry("forward_pass", "1 · Forward pass", "➡️", "from inputs to the error", ("fwd_",)),
        Entry("backward_pass", "2 · Backward pass", "⬅️", "the chain rule, weight by weight", ("bwd_",)),
        Entry("compare", "3 · Compare with the article", "📰", "its numbers and its errata"),
        Entry(
            "vectorised",
            "4 · The vectorised network",
            "🧮",
            "matrices, cross-entropy",
            ("vec_",),
            own_data=True,
        ),
        # "5 · Mini-batches and epochs" is as long a title as the sidebar holds on one line
        Entry(
            "sgd",
            "5 · Mini-batches and epochs",
            "🎲",
            "stochastic, mini-batch, full batch",
            ("sgd_",),
            own_data=True,
        ),
        Entry(
            "recurrent",
            "6 · Recurrent networks",
            "🔄",
            "through time, and to a fixed point",
            ("rnn_", "fp_"),
            own_data=True,
        ),
    ),
    "Explore": (
        Entry("training", "Training", "📉", "repeat the step ten thousand times", ("train_",)),
        Entry("loss_surface", "Loss surface", "⛰️", "where gradient descent goes", ("surf_", "surface_")),
        Entry(
            "playground", "Playground", "🧪", "train any small network on 2-D data", ("pg_",), own_data=True
        ),
    ),
    "Reference": (NOTATION,),
}
ENTRIES = tuple(e for entries in SECTIONS.values() for e in entries)

# Pages with data of their own, by URL path: the sidebar keeps the worked example (a lesson that does use
# it keeps its numbers across the visit) but says it does not drive them.
OWN_DATA = frozenset(e.url_path for e in ENTRIES if e.own_data)
# Every page's own URL keys, by prefix: the sidebar passes them on in a link without knowing each one.
PREFIXES = tuple(p for e in ENTRIES for p in e.prefixes)


def navigation():
    """Streamlit's navigation over every page, one flat list; the Welcome page opens by default.

    Flat, not by section: Streamlit 1.67 draws a section's header inside the list (<ul> holding <div>s
    of a <header> and <li>s), which screen readers cannot read as a list (axe: list, listitem). Each
    section's name is drawn above its first page by SECTION_CSS instead."""
    return st.navigation(
        [
            st.Page(e.path, title=e.title, icon=e.icon, url_path=e.url_path, default=e is HOME)
            for e in ENTRIES
        ],
        # Every page in view: collapsed (Streamlit's default) it shows ten and hides the rest behind
        # "View 3 more", so Loss surface, Playground and Notation were out of sight.
        expanded=True,
    )


def _section_css() -> str:
    """Each section's name above its first page in the navigation, as a small heading (CSS generated
    content: a screen reader reads it with that page's list item). Our own constant text only."""
    rules, first = [], 1
    for section, entries in SECTIONS.items():
        item = f'[data-testid="stSidebarNavItems"] > li:nth-child({first})'
        rules.append(f'{item}::before {{ content: "{section}"; }}')
        first += len(entries)
    return "\n".join(rules)


SECTION_CSS = _section_css()


def way_through() -> None:
    """A link to every page but the Welcome page, in the navigation's order."""
    for e in ENTRIES:
        if e is not HOME:
            st.page_link(e.path, label=f"{e.title}: {e.about}", icon=e.icon)
