"""Lesson 0's cached core calls: pure functions of the frozen ``View`` (or plain numbers)."""

from dataclasses import dataclass

import streamlit as st

from backprop_core.example import Example
from backprop_core.symbolic import symbolic_gradient
from pages.slope import maths as slope


@dataclass(frozen=True)
class View:
    """Everything the lesson's numbers depend on: the cache key."""

    example: Example
    param: str
    other: str
    rates: tuple[float, float, float]  # smaller, chosen, larger
    steps: int
    half: float


@st.cache_data(max_entries=32, show_spinner=False)
def curve(view: View) -> slope.Curve:
    return slope.curve(view.example, view.param, view.rates, view.steps, view.half)


@st.cache_data(max_entries=32, show_spinner=False)
def field(view: View) -> slope.Field:
    return slope.field(view.example, view.param, view.other, view.half)


@st.cache_data(max_entries=32, show_spinner=False)
def steepest(view: View) -> slope.Steepest:
    return slope.steepest(view.example, view.param, view.other, lr=view.rates[1])


@st.cache_data(max_entries=32, show_spinner=False)
def counts(n_in: int, width: int, n_out: int, depth: int) -> tuple[slope.Count, ...]:
    return slope.deeper(n_in, width, n_out, range(1, depth + 1))


@st.cache_data(max_entries=32, show_spinner=False)
def exact_slope(example: Example, name: str) -> float:
    """SymPy's own derivative (a check that shares no code with backprop)."""
    return symbolic_gradient(example)[name]
