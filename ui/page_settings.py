"""A page's own settings, each declared once: its URL key, label, range or options, default, help.

The widgets are bound to the URL (``bind="query-params"``) and kept for the session. A choice
goes through ``ui.links.choice``, which names a link's bad value and shows the default. A
number input Streamlit checks itself, silently (a URL value it cannot take gives the default);
``link_notices`` reads the raw value first, with Streamlit's own rule (whatever ``float``
reads, finite and within the range), so the page can say what was replaced.
"""

import math
from dataclasses import dataclass

import streamlit as st

from backprop_core import numbers
from ui import links


@dataclass(frozen=True)
class Number:
    key: str
    label: str
    low: float
    high: float
    default: float
    help: str
    step: float
    format: str = "%.4g"

    def widget(self, on_change=None) -> float:
        return st.number_input(
            self.label, self.low, self.high, self.default, self.step, format=self.format, key=self.key,
            help=self.help, on_change=on_change, bind="query-params", persist_state="session",
        )  # fmt: skip

    def problem(self, raw: str) -> str | None:
        try:
            number = float(raw)
        except (TypeError, ValueError, OverflowError):
            return "is not a number"
        if not math.isfinite(number) or not self.low <= number <= self.high:
            return f"must be a number from {numbers.text(self.low)} to {numbers.text(self.high)}"
        return None

    def shown(self, value) -> str:
        return numbers.text(value)


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    options: tuple
    default: object
    help: str
    slider: bool = True  # a select slider (ordered numbers); otherwise a select box

    def widget(self, on_change=None, notes=None):
        """``notes``: where a notice about a bad link value goes (default: above the widget)."""
        if self.slider:
            widget, where = st.select_slider, {"value": self.default}
        else:
            widget, where = st.selectbox, {"index": self.options.index(self.default)}
        return links.choice(
            widget, self.label, self.options, key=self.key, default=self.default, notes=notes,
            help=self.help, on_change=on_change, **where,
        )  # fmt: skip


def link_notices(settings, prefix: str, store: str, also: tuple = ()) -> list[str]:
    """Before the widgets are drawn: a notice for each bad URL value of the ``Number`` settings
    (Streamlit then uses the default) and for unknown keys with the page's ``prefix`` (removed).
    The notices stay in ``st.session_state[store]`` until ``forget(store)`` (call it when a
    setting changes). ``also``: other keys the page owns (its step, checked by ``ui.lesson``)."""
    params = st.query_params
    found = []
    for s in settings:
        raw = params.get(s.key)
        if isinstance(s, Number) and raw is not None and (problem := s.problem(raw)):
            found.append(f"{s.key} in the link {problem}; using the default, {s.shown(s.default)}.")
    known = {s.key for s in settings} | set(also)
    unknown = [k for k in params if k.startswith(prefix) and k not in known]
    for key in unknown:
        del params[key]  # never passed on in a copied link; the names are the visitor's: count them
    if unknown:
        found.append(f"Ignored {len(unknown)} unknown link parameter(s) of this page.")
    if found:
        st.session_state[store] = found
    return st.session_state.get(store, [])


def forget(store: str) -> None:
    st.session_state.pop(store, None)


@dataclass(frozen=True)
class Whole(Number):
    """A whole number (a size, a seed, a count). Streamlit's rule for a link: ``float`` reads it,
    then it is truncated (2.5 is 2) and must be within the range."""

    step: float = 1
    format: str = "%d"

    def problem(self, raw: str) -> str | None:
        try:
            number = float(raw)
        except (TypeError, ValueError, OverflowError):
            number = math.nan
        if not (math.isfinite(number) and self.low <= int(number) <= self.high):
            return f"must be a whole number from {numbers.text(self.low)} to {numbers.text(self.high)}"
        return None
