"""The app's pages, once: the navigation in app.py and the Welcome page's way through are both drawn
from this list, so a page added here is in the sidebar and on the Welcome page at once."""

from dataclasses import dataclass
from pathlib import Path

import streamlit as st


@dataclass(frozen=True)
class Entry:
    path: str  # the page's file, from the app's root
    title: str  # in the navigation and the browser's tab
    icon: str
    about: str = ""  # what the Welcome page's link says after the title
    own_data: bool = False  # the sidebar's worked example does not drive this page (it says so)


HOME = Entry("pages/home.py", "Welcome", "🏠")
SECTIONS: dict[str, tuple[Entry, ...]] = {  # fmt: skip
    "Start": (HOME,),
    "Lessons": (
        Entry("pages/slope.py", "0 · The derivative as a slope", "📐", "the gradient as the way down"),
        Entry("pages/forward_pass.py", "1 · Forward pass", "➡️", "from inputs to the error"),
        Entry("pages/backward_pass.py", "2 · Backward pass", "⬅️", "the chain rule, weight by weight"),
        Entry("pages/compare.py", "3 · Compare with the article", "📰", "its numbers and its errata"),
        Entry("pages/vectorised.py", "4 · The vectorised network", "🧮",
              "matrices, cross-entropy", own_data=True),
        # "5 · Mini-batches and epochs" is as long a title as the sidebar holds on one line
        Entry("pages/sgd.py", "5 · Mini-batches and epochs", "🎲",
              "stochastic, mini-batch, full batch", own_data=True),
        Entry("pages/recurrent.py", "6 · Recurrent networks", "🔄",
              "through time, and to a fixed point", own_data=True),
    ),
    "Explore": (
        Entry("pages/training.py", "Training", "📉", "repeat the step ten thousand times"),
        Entry("pages/loss_surface.py", "Loss surface", "⛰️", "where gradient descent goes"),
        Entry("pages/playground.py", "Playground", "🧪",
              "train any small network on 2-D data", own_data=True),
    ),
}


# Pages with data of their own, by URL path: the sidebar keeps the worked example (a lesson that does use
# it keeps its numbers across the visit) but says it does not drive them.
OWN_DATA = frozenset(Path(e.path).stem for entries in SECTIONS.values() for e in entries if e.own_data)


def navigation():
    """Streamlit's navigation over every page; the Welcome page opens by default."""
    return st.navigation(
        {
            section: [st.Page(e.path, title=e.title, icon=e.icon, default=e is HOME) for e in entries]
            for section, entries in SECTIONS.items()
        }
    )


def way_through() -> None:
    """A link to every page but the Welcome page, in the navigation's order."""
    for entries in SECTIONS.values():
        for e in entries:
            if e is not HOME:
                st.page_link(e.path, label=f"{e.title}: {e.about}", icon=e.icon)
