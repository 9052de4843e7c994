"""The 2-2-2 worked example's shared pieces (lessons 1 and 2, and what lessons 0 and 4 borrow): cached
core calls, the diagram, the tables, the gradient check, the core's code and the downloads.

Cache keys are the frozen ``Example`` and the lesson's digits and bias setting; the step-through
itself is ``ui/stepper.py``.
"""

import functools
import inspect
from collections.abc import Collection, Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from backprop_core import names, network, numbers, numeric_gradient, solve
from backprop_core.example import NETWORK, Example, Solution, alias, values_from_params
from backprop_core.steps import Step
from backprop_core.symbolic import backward_steps, forward_steps, symbolic_gradient
from ui import export
from ui.diagram import network_figure
from ui.example_settings import LessonState

_OUTPUT, _HIDDEN = ([alias(w) for w in names.weights(NETWORK, l)] for l in (2, 1))
ORDER_HELP = (
    f"The output weights {_OUTPUT[0]}…{_OUTPUT[-1]} first, then the hidden weights "
    f"{_HIDDEN[0]}…{_HIDDEN[-1]}, then the biases."
)
CODE = "show_code"  # the code expander's state (one lesson page runs at a time)


# --- Cached core calls: pure functions of the frozen state's fields ----------------------------------


@st.cache_data(max_entries=64, show_spinner=False)
def forward_lesson(example: Example, digits: int) -> tuple[Step, ...]:
    return forward_steps(example, digits)


@st.cache_data(max_entries=64, show_spinner=False)
def backward_lesson(example: Example, digits: int, update_biases: bool) -> dict[str, tuple[Step, ...]]:
    return backward_steps(example, digits, update_biases=update_biases)


@st.cache_data(max_entries=64, show_spinner=False)
def solution(example: Example, update_biases: bool) -> Solution:
    return solve(example, update_biases=update_biases)


@st.cache_data(max_entries=64, show_spinner=False)
def gradient_check(example: Example) -> dict[str, tuple[float, float, float]]:
    """For every parameter: backprop's gradient, a central finite difference, SymPy's own derivative."""
    backprop = solve(example).gradients
    numeric = values_from_params(numeric_gradient(NETWORK, example.params, example.inputs, example.targets))
    exact = symbolic_gradient(example)
    return {p: (g, float(numeric[p]), exact[p]) for p, g in backprop.items()}


@st.cache_resource(max_entries=128, show_spinner=False)
def diagram(
    example: Example, values: Mapping[str, float], highlight: tuple, digits: int, extra: tuple = ()
) -> go.Figure:
    """The lesson diagram (``extra``: (element, more lines) pairs). Building a Plotly figure costs more
    than every number on the page, and a class on one example shares each step's figure: never mutate it."""
    return network_figure(example, values, highlight, digits, dict(extra))


# --- Tables, the gradient check, the code, downloads --------------------------------------------------


def values_table(values: Mapping[str, float], digits: int) -> None:
    rows = {"name": list(values), "value": [numbers.text(v, digits) for v in values.values()]}
    st.table(pd.DataFrame(rows), hide_index=True)


def parameter_summary(example: Example, sol: Solution, digits: int, known: Collection[str]) -> None:
    """Old value, gradient and new value of every parameter; "?" where the lesson has not reached them
    (``known``: the step names reached, ``dE_dw5`` and ``w5_new``)."""

    def shown(value: float, step: str) -> str:
        return numbers.text(value, digits) if step in known else "?"

    table = {
        "parameter": list(sol.gradients),
        "old": [numbers.text(getattr(example, p), digits) for p in sol.gradients],
        "∂E_total/∂p": [shown(g, f"dE_d{p}") for p, g in sol.gradients.items()],
        "new": [shown(v, f"{p}_new") for p, v in sol.updated.items()],
    }
    st.table(pd.DataFrame(table), hide_index=True)


def relative_difference(a: float, b: float) -> float:
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale else 0.0


def gradient_check_panel(example: Example, digits: int) -> None:
    """Backprop against two independent derivatives, with the largest disagreement stated."""
    checks = gradient_check(example)
    worst_fd = max(relative_difference(g, fd) for g, fd, _ in checks.values())
    worst_sympy = max(relative_difference(g, exact) for g, _, exact in checks.values())
    st.markdown(
        f"Largest relative difference: backprop vs finite difference **{numbers.text(worst_fd, 2)}**, "
        f"backprop vs SymPy **{numbers.text(worst_sympy, 2)}**. Finite differences lose digits to rounding, "
        "so expect about 1e-7; SymPy differentiates exactly, so expect about 1e-15."
    )
    backprop, numeric, exact = zip(*checks.values())
    table = {
        "parameter": list(checks),
        "backprop": [numbers.text(g, digits) for g in backprop],
        "finite difference": [numbers.text(g, digits) for g in numeric],
        "SymPy": [numbers.text(g, digits) for g in exact],
        "rel. diff (FD)": [numbers.text(relative_difference(a, b), 2) for a, b in zip(backprop, numeric)],
        "rel. diff (SymPy)": [numbers.text(relative_difference(a, b), 2) for a, b in zip(backprop, exact)],
    }
    st.table(pd.DataFrame(table), hide_index=True)


@functools.cache
def _source(function) -> str:
    return inspect.getsource(function)  # reads and tokenizes the file: once per server, not per rerun


def show_code() -> None:
    """The core's code, sent only once the expander is opened: the browser's syntax highlighter alone
    took about 190 ms of every cold load of a lesson that only showed its closed expander."""
    code = st.expander("Show the code: the core's own forward and backward", key=CODE, on_change="rerun")
    if code.open:
        with code:
            st.caption("backprop_core/network.py: every number on this page comes from these two functions.")
            st.code(_source(network.forward), language="python")
            st.code(_source(network.backward), language="python")


def _markdown(state: LessonState) -> str:
    ex, digits, biases = state.example, state.digits, state.update_biases
    steps = forward_lesson(ex, digits), backward_lesson(ex, digits, biases)
    return export.to_markdown(ex, solution(ex, biases), *steps, update_biases=biases, digits=digits)


def _csv(state: LessonState) -> str:
    return export.to_csv(state.example, solution(state.example, state.update_biases))


def export_buttons(state: LessonState) -> None:
    """The files are written when a button is pressed, not on every run: building them (the backward
    lesson's LaTeX for the Forward page too) was a sixth of an edit's CPU with a class editing."""
    left, right = st.columns(2)
    with left:
        st.download_button(
            "⬇️ Worked example (Markdown, LaTeX)",
            functools.partial(_markdown, state),
            file_name="backprop_worked_example.md",
            mime="text/markdown",
            key="export_md",
            on_click="ignore",
        )
    with right:
        st.download_button(
            "⬇️ Every value (CSV)",
            functools.partial(_csv, state),
            file_name="backprop_values.csv",
            mime="text/csv",
            key="export_csv",
            on_click="ignore",
        )
