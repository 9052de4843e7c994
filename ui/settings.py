"""Every setting of the app, declared once: its key (with its page's prefix), label, range or options,
default and help. Pages draw them through here, so they all behave alike:

- the widget keeps its value for the session and is in the link: bound by Streamlit
  (``bind="query-params"``) where Streamlit spells the value as the link does, written here on every
  run where it would not (a flag's link says 1 or 0, Streamlit's true or false; a choice shown by a
  label keeps its own name in the link, Streamlit's would be the label). A link carries what differs
  from the default; ``in_link=False``: kept for the session only;
- a link's value is read with the app's one rule (``plain_number``: plain ASCII decimal or scientific,
  finite, in range; never Python's float(), which also reads "1_0" and "١"); a bad one is named in
  one wording (``notice``) and the default shown; a repeated key is named (``repeated``) and its last
  value used; the visitor's text is never echoed;
- a link's notice stays until the learner changes one of the page's settings (or moves the setting it
  is about on), and unknown keys with the page's prefix leave the address bar (``drop_unknown``).

    LR = Number("sgd_lr", "Learning rate η", 0.001, 10.0, 0.5, "The same η for all runs.", step=0.05)
    drop_unknown("sgd_", SETTINGS, notes=box)  # before the widgets
    lr = LR.widget(notes=box)
"""

import contextlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx

from backprop_core import numbers

NOTES = "link_notes"  # session_state: key -> (notice, the value shown instead; None: the page's own note)
SEEN = "link_seen"  # session_state: key -> the URL texts already checked or written by this session
ADOPTED = "link_adopted"  # session_state: the page keys an old link's key has already set (once a session)
FIX = "link_fix"  # session_state: key -> the value to show, set on the next run (see _bound)
# session_state: the number guard's last report (drawn by ui/sidebar.py) and the last one named
GUARD_KEY, GUARD_SEEN = "number_guard", "number_guard_seen"

# --- the app's one rule for a number in a link (or an answer) ---------------------------------------

# A plain number: ASCII digits, one optional sign, point and exponent ("0.5", "-3", ".5", "5e-1").
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def plain_number(text: str) -> float | None:
    """``text`` as a float if it is a plain decimal or scientific number, else None; -0 is 0.

    Python's float() also reads "1_0" (as 10), other scripts' digits ("٣" as 3), full-width
    digits, "inf", "infinity" and "nan"; a link or an answer means none of those (nor hex).
    """
    text = text.strip()
    if not PLAIN_NUMBER.fullmatch(text):
        return None
    return float(text) + 0.0  # float("-0") is -0.0, shown as "-0"; + 0.0 makes it 0.0


def _held(text: str, number: float) -> bool:
    """False for a number a float64 cannot hold: 1e400 becomes infinity, 1e-400 becomes 0 without a word."""
    return math.isfinite(number) and (number != 0 or not re.search(r"[1-9]", re.split(r"[eE]", text)[0]))


# --- the one wording -----------------------------------------------------------------------------


def notice(key: str, rule: str, shown: str) -> str:
    """The one wording for a link's value that cannot be used (``rule``: what it is not)."""
    return f"{key} in the link {rule}; showing {shown}."


def typed(name: str, what: str, rule: str = "is not allowed here") -> str:
    """The one wording for a number typed that the browser's field could not take (the number guard's
    ``what``: "large", "small", "range" (``rule``: what it is not) or "empty"); the caller says what is
    used instead."""
    why = {
        "large": "the number typed is too large to hold (beyond about 1.8e308)",
        "small": "the number typed is too small to hold (below 5e-324) and would have become 0",
        "range": f"the number typed {rule}",
    }.get(what, "the field was left empty")
    return f"{name}: {why}"


def repeated(key: str, times: int) -> str:
    return f"{key} appears {times} times in the link; using the last one."


def listed(items: Sequence, shown: int = 3) -> str:
    """A list in a notice, kept to one line: "1, 2, 3 and 4,997 more"."""
    head = ", ".join(map(str, items[:shown]))
    return head if len(items) <= shown else f"{head} and {len(items) - shown:,} more"


def ignored(count: int, where: str = "") -> str:
    """Unknown keys are the visitor's text: counted, never echoed."""
    return f"Ignored {count} unknown link parameter(s){where}."


class _Setting:
    """What every declaration shares (each is a frozen dataclass with ``key``, ``default``, ``in_link``)."""

    written = False  # the link is written here on every run, not bound by Streamlit (see above)

    def shown(self, value) -> str:
        return numbers.text(value) if isinstance(value, float) else str(value)

    def link(self, value) -> str:
        """The value as a link spells it."""
        return str(value)

    def bad(self) -> str:
        return notice(self.key, self.rule, self.shown(self.default))

    def from_link(self, texts: Sequence[str]) -> tuple[object, str | None]:
        """A link's every value for this key -> the value to use and a notice, if one is due."""
        value = self.read(texts[-1]) if texts else self.default
        if value is None:
            return self.default, self.bad()
        return value, repeated(self.key, len(texts)) if len(texts) > 1 else None


@dataclass(frozen=True)
class Number(_Setting):
    key: str
    label: str
    low: float
    high: float
    default: float
    help: str = ""
    step: float = 0.1
    format: str = "%.4g"
    slider: bool = False  # a slider instead of a number box
    in_link: bool = True

    @property
    def rule(self) -> str:
        return f"is not a number from {self.shown(self.low)} to {self.shown(self.high)}"

    def read(self, text: str):
        number = plain_number(text)
        if number is None or not _held(text, number) or not self.low <= number <= self.high:
            return None
        return number

    def link(self, value) -> str:
        return repr(float(value))  # every float exact

    def widget(self, notes=None, on_change=None, **kwargs):
        return _draw(
            self,
            st.slider if self.slider else st.number_input,
            notes,
            on_change,
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

    def link(self, value) -> str:
        return str(int(value))


@dataclass(frozen=True)
class Choice(_Setting):
    key: str
    label: str
    options: tuple
    default: object
    help: str = ""
    kind: str = "slider"  # "slider" (a select slider: ordered numbers), "select" (a select box) or "radio"
    forgets: bool = True  # a change answers the page's link notices (not so a lesson's step)
    in_link: bool = True
    labels: Callable | None = None  # an option -> the text shown for it (the link keeps the option's name)
    rule: str = "is not one of the choices here"
    local: tuple = ()  # options a link cannot carry (an uploaded file stays with its session)

    @property
    def written(self) -> bool:
        return self.labels is not None

    def read(self, text: str):
        return {str(option): option for option in self.options if option not in self.local}.get(text)

    def widget(self, notes=None, on_change=None, **kwargs):
        """``notes``: where a notice about a bad link value goes (default: above the widget)."""
        if self.kind == "slider":
            draw, where = st.select_slider, {"value": self.default}
        elif self.kind == "radio":
            draw, where = st.radio, {"index": self.options.index(self.default), "horizontal": True}
        else:
            draw, where = st.selectbox, {"index": self.options.index(self.default)}
        if self.labels:
            where["format_func"] = self.labels
        return _draw(
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
class Text(_Setting):
    """Free text, read as text; ``parse`` says whether a link's text can be used (a ValueError when
    not), and the page parses it again or checks it as a whole."""

    key: str
    label: str
    default: str
    help: str = ""
    max_chars: int = 200
    parse: Callable[[str], object] = str
    rule: str = "is too long"
    in_link: bool = True

    def read(self, text: str):
        try:
            self.parse(text)
        except ValueError:
            return None
        return text if len(text) <= self.max_chars else None

    def widget(self, notes=None, on_change=None, **kwargs):
        return _draw(
            self,
            st.text_input,
            notes,
            on_change,
            label=self.label,
            value=self.default,
            help=self.help or None,
            max_chars=self.max_chars,
            **kwargs,
        )


@dataclass(frozen=True)
class Flag(_Setting):
    """On or off, a toggle; its link says 1 or 0 (and reads true/false, yes/no, on/off as well)."""

    key: str
    label: str
    default: bool = False
    help: str = ""
    in_link: bool = True
    rule = "is not 1 or 0"
    written = True
    ON, OFF = ("1", "true", "yes", "on"), ("0", "false", "no", "off")

    def read(self, text: str):
        text = text.lower()
        return True if text in self.ON else False if text in self.OFF else None

    def link(self, value) -> str:
        return "1" if value else "0"

    shown = link

    def widget(self, notes=None, on_change=None, **kwargs):
        help_ = self.help or None
        return _draw(
            self, st.toggle, notes, on_change, label=self.label, value=self.default, help=help_, **kwargs
        )


# --- drawing: bound by Streamlit, written here, or for the session only ---------------------------


def _draw(setting, draw: Callable, notes, on_change, **kwargs):
    _typed_note(setting)
    if getattr(setting, "forgets", True):
        on_change = _forgetting(setting.key, on_change)
    if not setting.in_link:
        return _session_only(setting, draw, on_change, **kwargs)
    return (_written if setting.written else _bound)(setting, draw, notes, on_change, **kwargs)


def guard_report() -> dict | None:
    """The number guard's report not yet named (each carries a count, so a new one differs)."""
    event = st.session_state.get(GUARD_KEY)
    return None if not event or event == st.session_state.get(GUARD_SEEN) else event


def _typed_note(setting) -> None:
    """The number guard's report about this field (by its label): named beside it while it shows the
    value kept. The value is set again, so that the browser's field shows it instead of what was typed.
    Read here, not handed on by the sidebar: a page field's own change reruns only the page's fragment
    (120 → 55.5 in a field of whole numbers: Streamlit takes 55), and the report arrives with it."""
    ss = st.session_state
    event = guard_report()
    if event and event.get("name") == getattr(setting, "label", None) and setting.key in ss:
        ss[GUARD_SEEN] = event
        kept = ss[setting.key]
        said = typed(setting.label, event.get("what"), getattr(setting, "rule", ""))
        ss.setdefault(NOTES, {})[setting.key] = (f"{said}; using {setting.shown(kept)}.", kept)
        ss[setting.key] = kept


def _session_only(setting, draw: Callable, on_change, **kwargs):
    if setting.key in st.session_state:  # the session's value is what shows: no second default
        kwargs.pop("index", None), kwargs.pop("value", None)
    return draw(key=setting.key, on_change=on_change, persist_state="session", **kwargs)


def _bound(setting, draw: Callable, notes, on_change, **kwargs):
    """``draw(key=..., ...)`` bound to the URL, after checking the link's value for ``setting``."""
    ss, key = st.session_state, setting.key
    fix = ss.setdefault(FIX, {})
    set_here = key in fix
    if set_here:  # set again once the widget has run: now it wins over the link
        ss[key] = fix.pop(key)
    elif said := _check_link(setting):
        ss.setdefault(NOTES, {})[key] = (said, ss[key])
        fix[key], set_here = ss[key], True
    _unseed_refused(setting)
    if (set_here or key in ss) and isinstance(setting, Choice):
        # the session's value (a page may have just set it: a lesson restarted) is what shows: a second
        # default would make Streamlit log a warning with a stack trace on the server's console
        kwargs.pop("index", None), kwargs.pop("value", None)
    _note(setting, notes)
    value = draw(key=key, on_change=on_change, bind="query-params", persist_state="session", **kwargs)
    if fix.get(key, value) != value:  # on its first run the widget reads the link itself: "1_0" is 10
        st.rerun()
    fix.pop(key, None)
    ss.setdefault(SEEN, {}).setdefault(key, set()).add(str(value))
    return value


def _unseed_refused(setting) -> None:
    """Keep a link's refused value from the bound widget. On its first run (and on Back) Streamlit seeds
    the widget from the URL the session opened with, and its whole-number box reads "1e400" as
    int(inf): an OverflowError that Streamlit 1.67 does not catch (NumberInputSerde.deserialize), and
    the page stops. A value this module refuses is taken out of that URL (and the address bar) before
    the widget reads it; the widget then shows the session's value (the default, named in the notice).
    tests/ui/test_hostile_links.py holds every page to it."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with ctx.session_state.query_params() as query:
        opened_with = query.get_initial_value(setting.key)
        texts = [opened_with] if isinstance(opened_with, str) else opened_with or []
        if texts and setting.read(texts[-1]) is None:
            query._initial_query_params.pop(setting.key, None)  # no public way to unseed (1.67)
            query.remove_param(setting.key)  # as Streamlit clears a value it refuses itself


def _written(setting, draw: Callable, notes, on_change, **kwargs):
    """``draw(key=..., ...)`` kept for the session, its link read here first and written after."""
    ss, key = st.session_state, setting.key
    if said := _check_link(setting, take=True):
        ss.setdefault(NOTES, {})[key] = (said, ss[key])
    _note(setting, notes)
    value = _session_only(setting, draw, on_change, **kwargs)
    write_link(setting, value)
    return value


def _note(setting, notes) -> None:
    """The link's notice about this setting, while the setting still shows the value it named."""
    ss = st.session_state
    shown = ss.get(NOTES, {}).get(setting.key)
    if shown and ss.get(setting.key) == shown[1]:
        (notes or st).warning(shown[0], icon="⚠️")  # until the learner moves on from it
    elif shown:
        del ss[NOTES][setting.key]


def _check_link(setting, take: bool = False) -> str | None:
    """A notice if the URL's value for the setting came from a link (not from this session's own runs)
    and cannot be used, or is repeated; then the setting's session value is what to show. ``take``: a
    good value goes into the session too (a written setting; a bound one reads the link itself)."""
    ss, key = st.session_state, setting.key
    values = st.query_params.get_all(key)
    seen = ss.setdefault(SEEN, {}).setdefault(key, set())
    if not values or (len(values) == 1 and values[0] in seen):
        return None
    seen.update(values)
    value = setting.read(values[-1])
    if value is None:
        ss[key] = setting.default
        return setting.bad()
    if take or len(values) > 1:
        ss[key] = value
    if len(values) == 1:
        return None
    with contextlib.suppress(StreamlitAPIException):  # once bound, the widget writes the URL itself
        st.query_params[key] = values[-1]  # once in the address bar, not twice
    return repeated(key, len(values))


def write_link(setting, value) -> None:
    """Put ``value`` in the address bar (a written setting, or one with no widget: a run's step): a link
    carries what differs from the default."""
    text, query = setting.link(value), st.query_params
    st.session_state.setdefault(SEEN, {}).setdefault(setting.key, set()).add(text)
    if text == setting.link(setting.default):
        if setting.key in query:
            del query[setting.key]
    elif query.get_all(setting.key) != [text]:
        query[setting.key] = text


def read_link(setting):
    """A link's value for a setting with no widget of its own (the Playground's layers, its step): the
    value, or the default with a notice kept until the learner changes one of the page's settings."""
    value, said = setting.from_link(st.query_params.get_all(setting.key))
    if said:
        say(setting.key, said)
    return value


def say(key: str, said: str) -> None:
    """A page's own note about its link (``key``: the setting it is about, or the page's prefix)."""
    st.session_state.setdefault(NOTES, {})[key] = (said, None)


# --- a page's settings together ------------------------------------------------------------------


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


def drop_unknown(
    prefix: str | tuple[str, ...], settings: Sequence = (), also: Sequence[str] = (), notes=None
):
    """Before the widgets: remove the URL keys with the page's ``prefix`` (or prefixes) that no setting
    declares (``also``: other keys the page owns, like its step), say how many (never their names), and
    show the page's own notes about its link."""
    known = {s.key for s in settings} | set(also)
    unknown = [k for k in st.query_params if k.startswith(prefix) and k not in known]
    for key in unknown:
        with contextlib.suppress(StreamlitAPIException):
            del st.query_params[key]
    first = prefix if isinstance(prefix, str) else prefix[0]
    if unknown:
        say(first, ignored(len(unknown), " of this page"))
    for key, (said, shown) in list(st.session_state.get(NOTES, {}).items()):
        if key.startswith(prefix) and shown is None:
            (notes or st).warning(said, icon="⚠️")


def adopt_old_keys(renames: dict[str, tuple[str, Sequence]]) -> None:
    """Old links, from before each page had its own keys (``?step=…&p1=…``), still open where they said.

    ``renames`` maps an old key to (this page's key, the values it takes here). An old key's
    value moves to the new key when it is one of those values (a step name says which lesson
    it belongs to; p1 and p2 mean the page opened); either way the old key leaves the address. It is
    adopted once a session: a client that keeps sending the old query while the learner edits (the
    new key now bound to its widget) is not taken back to the old link's place.
    """
    adopted = st.session_state.setdefault(ADOPTED, set())
    for old, (new, values) in renames.items():
        if old in st.query_params:
            value = st.query_params.get(old)
            del st.query_params[old]
            by_text = {str(v): v for v in values}
            if value in by_text and new not in st.query_params and new not in adopted:
                adopted.add(new)
                st.query_params[new] = value
                st.session_state[new] = by_text[value]  # a bound widget reads only the link it opened with
