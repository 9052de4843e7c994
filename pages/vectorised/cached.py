"""The vectorised lesson's cached core calls: pure functions of the frozen ``View``, ``Batch`` and
``Example``."""

from dataclasses import dataclass

import streamlit as st

from backprop_core.example import Example
from pages.vectorised import maths as v
from pages.vectorised import steps
from pages.vectorised.derivation import derive


@dataclass(frozen=True)
class View:
    """What the page draws: the batch and the digits of each entry."""

    batch: v.Batch
    digits: int


@st.cache_data(max_entries=64, show_spinner=False)
def stages(view: View) -> tuple[steps.StageView, ...]:
    return steps.stage_views(v.lesson(view.batch), view.digits)


@st.cache_data(max_entries=64, show_spinner=False)
def lesson(batch: v.Batch) -> v.Lesson:
    return v.lesson(batch)


@st.cache_data(max_entries=64, show_spinner=False)
def checks(batch: v.Batch) -> tuple[v.Check, ...]:
    return v.gradient_check(v.lesson(batch))


@st.cache_data(max_entries=64, show_spinner=False)
def correspondence(example: Example) -> tuple[v.Correspondence, ...]:
    return v.worked_example(example)


@st.cache_data(max_entries=4, show_spinner=False)
def derivations() -> tuple:
    return tuple(derive(loss) for loss in ("binary_cross_entropy", "half_squared"))
