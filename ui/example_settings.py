"""The worked example's settings (the sidebar's fields), declared with ui/settings' types, and what they
add up to: ``LessonState``, one frozen object, and its round trip through the URL.

The sidebar reads a link on a session's first run and writes every field on every run (its fields are
not bound: ui/sidebar.py says why); a bad value is named in the app's one wording and the article's
value used. Ranges come from backprop_core.limits (shared with the command line), defaults from the
article, help from backprop_core.example.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

from backprop_core.example import ARTICLE, Example, help_text
from backprop_core.limits import RANGES
from backprop_core.notation import LEARNING_RATE
from ui.settings import Flag, Number, Whole, ignored

# One per number of the example, labelled by its name, as the lesson calls it; the learning rate by its
# symbol (its link key stays lr, so old links keep working).
LABELS = {f.name: f.name for f in fields(Example)} | {"lr": LEARNING_RATE.text}
EXAMPLE = tuple(
    Number(f.name, LABELS[f.name], *RANGES[f.name], getattr(ARTICLE, f.name), help_text(f.name), 0.01, "%.8g")
    for f in fields(Example)
)
UPDATE_BIASES = Flag("update_biases", "Update biases too", False, "The article keeps b1 and b2 fixed.")
DIGITS = Whole("digits", "Significant digits shown", 3, 15, 9)  # significant digits of every number shown
SETTINGS = (*EXAMPLE, UPDATE_BIASES, DIGITS)
KNOWN = {s.key for s in SETTINGS}


@dataclass(frozen=True)
class LessonState:
    """Everything a shared link reproduces. Hashable, so a good ``st.cache_data`` key."""

    example: Example = ARTICLE
    update_biases: bool = UPDATE_BIASES.default
    digits: int = DIGITS.default


def from_query(
    params: Mapping[str, str | Sequence[str]], extra: set[str] = frozenset()
) -> tuple[LessonState, list[str]]:
    """Read a state from URL query parameters; returns it and the notices for anything rejected.

    A value may be a list (every occurrence of a repeated key, as ``st.query_params.get_all``
    gives them). ``extra`` names parameters that pages own (a lesson's step, say): not reported
    as unknown.
    """
    notices, values = [], {}
    for s in SETTINGS:
        if s.key in params:
            texts = params[s.key]
            values[s.key], said = s.from_link([texts] if isinstance(texts, str) else texts)
            notices += [said] if said else []
    if unknown := set(params) - KNOWN - set(extra):
        notices.append(ignored(len(unknown)))
    numbers = {s.key: values[s.key] for s in EXAMPLE if s.key in values}
    return LessonState(
        replace(ARTICLE, **numbers),
        values.get(UPDATE_BIASES.key, UPDATE_BIASES.default),
        values.get(DIGITS.key, DIGITS.default),
    ), notices


def to_query(state: LessonState) -> dict[str, str]:
    """The state as URL query parameters (every field, every float exact)."""
    query = {s.key: s.link(getattr(state.example, s.key)) for s in EXAMPLE}
    query[UPDATE_BIASES.key] = UPDATE_BIASES.link(state.update_biases)
    query[DIGITS.key] = DIGITS.link(state.digits)
    return query
