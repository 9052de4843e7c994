"""A page's URL settings, each declared once: its key (with the page's prefix), label, range or
options, default and help. Every page draws them through here, so they all behave alike:

- the widget is bound to the URL (``bind="query-params"``) and kept for the session
  (``persist_state="session"``), so a link opens the page where it says and the page keeps its
  place across page changes; the address bar shows what is shown (a repeated key, which
  Streamlit 1.67 drops from it on the first run, comes back with the next change);
- a link's value is read with the app's own rule (``ui.state.plain_number``: plain ASCII decimal
  or scientific, finite, in range; never Python's float(), which also reads "1_0" and "١"); a bad
  one is named once, in one wording, and the default is shown; a repeated key is named and its
  last value used; the visitor's text is never echoed;
- a link's notice stays until the learner changes one of the page's settings (or moves the
  setting it is about on), and unknown keys with the page's prefix leave the address bar.

    LR = Number("sgd_lr", "Learning rate η", 0.001, 10.0, 0.5, "The same η for all runs.", step=0.05)
    drop_unknown("sgd_", SETTINGS, notes=box)  # before the widgets
    lr = LR.widget(notes=box)
"""

import contextlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitAPIException

from backprop_core import numbers
from ui.state import plain_number

NOTES = "link_notes"  # session_state: key -> (notice, the value shown instead)
SEEN = "link_seen"  # session_state: key -> the URL texts already checked or written by this session
FIX = "link_fix"  # session_state: key -> the value to show, set on the next run (see _bound)


def _shown(value) -> str:
    return numbers.text(value) if isinstance(value, float) else str(value)


def notice(setting) -> str:
    """The one wording for a link's value that cannot be used."""
    return f"{setting.key} in the link {setting.rule}; showing {_shown(setting.default)}."


def repeated(key: str, times: int) -> str:
    return f"{key} appears {times} times in the link; using the last one."


def _bound(setting, draw: Callable, notes, on_change, bound: bool = True, **kwargs):
    """``draw(key=..., ...)`` bound to the URL, after checking the link's value for ``setting``.
    ``bound=False``: kept for the session only (a page that writes its whole link itself)."""
    ss, key = st.session_state, setting.key
    if not bound:
        if key in ss:  # the session's value is what shows: no second default
            kwargs.pop("index", None), kwargs.pop("value", None)
        return draw(key=key, on_change=on_change, persist_state="session", **kwargs)
    fix = ss.setdefault(FIX, {})
    set_here = key in fix
    if set_here:  # set again once the widget has run: now it wins over the link
        ss[key] = fix.pop(key)
    elif said := _check_link(setting):
        ss.setdefault(NOTES, {})[key] = (said, ss[key])
        fix[key], set_here = ss[key], True
    if (set_here or key in ss) and isinstance(setting, Choice):
        # the session's value (a page may have just set it: a lesson restarted) is what shows: a second
        # default would make Streamlit log a warning with a stack trace on the server's console
        kwargs.pop("index", None), kwargs.pop("value", None)
    shown = ss.get(NOTES, {}).get(key)
    if shown and ss.get(key) == shown[1]:
        (notes or st).warning(shown[0], icon="⚠️")  # until the learner moves on from it
    elif shown:
        del ss[NOTES][key]
    value = draw(key=key, on_change=on_change, bind="query-params", persist_state="session", **kwargs)
    if fix.get(key, value) != value:  # on its first run the widget reads the link itself: "1_0" is 10
        st.rerun()
    fix.pop(key, None)
    ss.setdefault(SEEN, {}).setdefault(key, set()).add(str(value))
    return value


def _check_link(setting) -> str | None:
    """A notice if the URL's value for the setting came from a link (not from this session's own
    runs) and cannot be used, or is repeated; then the setting's session value is what to show."""
    values = st.query_params.get_all(setting.key)
    seen = st.session_state.setdefault(SEEN, {}).setdefault(setting.key, set())
    if not values or (len(values) == 1 and values[0] in seen):
        return None
    seen.update(values)
    value = setting.read(values[-1])
    if value is None:
        st.session_state[setting.key] = setting.default
        return notice(setting)
    if len(values) > 1:
        st.session_state[setting.key] = value
        with contextlib.suppress(StreamlitAPIException):  # once bound, the widget writes the URL itself
            st.query_params[setting.key] = values[-1]  # once in the address bar, not twice
        return repeated(setting.key, len(values))
    return None


def prefix_of(key: str) -> str:
    return key[: key.index("_") + 1]


def forget(prefix: str) -> None:
    """The learner changed a setting: the link's notices of the page with ``prefix`` are answered."""
    notes = st.session_state.get(NOTES, {})
    for key in [k for k in notes if k.startswith(prefix)]:
        del notes[key]


def _forgetting(key: str, on_change):
    def changed(*args, **kwargs):
        forget(prefix_of(key))
        if on_change:
            on_change(*args, **kwargs)

    return changed


def row(settings: Sequence, notes=None, widths=None, on_change=None, **layout) -> list:
    """The settings side by side, a column each (``widths`` as st.columns takes them); their values,
    in order."""
    values = []
    for column, setting in zip(st.columns(widths or len(settings), **layout), settings):
        with column:
            values.append(setting.widget(on_change=on_change, notes=notes))
    return values


def drop_unknown(prefix: str, settings: Sequence = (), also: Sequence[str] = (), notes=None) -> None:
    """Before the widgets: remove the URL keys with the page's ``prefix`` that no setting declares
    (``also``: other keys the page owns, like its step), and say how many (never their names)."""
    known = {s.key for s in settings} | set(also)
    unknown = [k for k in st.query_params if k.startswith(prefix) and k not in known]
    for key in unknown:
        with contextlib.suppress(StreamlitAPIException):
            del st.query_params[key]
    ss = st.session_state
    if unknown:
        said = f"Ignored {len(unknown)} unknown link parameter(s) of this page."
        ss.setdefault(NOTES, {})[prefix] = (said, None)
    if shown := ss.get(NOTES, {}).get(prefix):
        (notes or st).warning(shown[0], icon="⚠️")


@dataclass(frozen=True)
class Number:
    key: str
    label: str
    low: float
    high: float
    default: float
    help: str = ""
    step: float = 0.1
    format: str = "%.4g"
    slider: bool = False  # a slider instead of a number box

    @property
    def rule(self) -> str:
        return f"is not a number from {_shown(self.low)} to {_shown(self.high)}"

    def read(self, text: str):
        number = plain_number(text)
        if number is None or not math.isfinite(number) or not self.low <= number <= self.high:
            return None
        return number

    def widget(self, on_change=None, notes=None, **kwargs):
        return _bound(
            self,
            st.slider if self.slider else st.number_input,
            notes,
            _forgetting(self.key, on_change),
            label=self.label,
            min_value=self.low,
            max_value=self.high,
            value=self.default,
            step=self.step,
            format=self.format,
            help=self.help or None,
            **kwargs,
        )


@dataclass(frozen=True)
class Whole(Number):
    """A whole number (a size, a seed, a count): "2.5" in a link is not one."""

    step: float = 1
    format: str = "%d"

    @property
    def rule(self) -> str:
        return f"is not a whole number from {self.low} to {self.high}"

    def read(self, text: str):
        number = super().read(text)
        return int(number) if number is not None and number == int(number) else None


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    options: tuple
    default: object
    help: str = ""
    kind: str = "slider"  # "slider" (a select slider: ordered numbers), "select" (a select box) or "radio"
    forgets: bool = True  # a change answers the page's link notices (not so a lesson's step)

    rule = "is not one of the choices here"

    def read(self, text: str):
        return {str(option): option for option in self.options}.get(text)

    def widget(self, on_change=None, notes=None, **kwargs):
        """``notes``: where a notice about a bad link value goes (default: above the widget)."""
        if self.kind == "slider":
            draw, where = st.select_slider, {"value": self.default}
        elif self.kind == "radio":
            draw, where = st.radio, {"index": self.options.index(self.default), "horizontal": True}
        else:
            draw, where = st.selectbox, {"index": self.options.index(self.default)}
        on_change = _forgetting(self.key, on_change) if self.forgets else on_change
        return _bound(
            self,
            draw,
            notes,
            on_change,
            label=self.label,
            options=self.options,
            help=self.help or None,
            **where,
            **kwargs,
        )


@dataclass(frozen=True)
class Text:
    """Free text: ``parse`` reads it (ValueError when it cannot), or the page checks it as a whole."""

    key: str
    label: str
    default: str
    help: str = ""
    max_chars: int = 200
    parse: Callable[[str], object] = str
    rule: str = "is too long"

    def read(self, text: str):
        try:
            return self.parse(text) if len(text) <= self.max_chars else None
        except ValueError:
            return None

    def widget(self, on_change=None, notes=None, **kwargs):
        return _bound(
            self,
            st.text_input,
            notes,
            _forgetting(self.key, on_change),
            label=self.label,
            value=self.default,
            help=self.help or None,
            max_chars=self.max_chars,
            **kwargs,
        )


def adopt_old_keys(renames: dict[str, tuple[str, Sequence]]) -> None:
    """Old links, from before each page had its own keys (``?step=…&p1=…``), still open where they said.

    ``renames`` maps an old key to (this page's key, the values it takes here). An old key's
    value moves to the new key when it is one of those values (a step name says which lesson
    it belongs to; p1 and p2 mean the page opened); either way the old key leaves the address.
    """
    for old, (new, values) in renames.items():
        if old in st.query_params:
            value = st.query_params.get(old)
            del st.query_params[old]
            by_text = {str(v): v for v in values}
            if value in by_text and new not in st.query_params:
                st.query_params[new] = value
                st.session_state[new] = by_text[value]  # a bound widget reads only the link it opened with
