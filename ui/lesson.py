"""The step-through machinery both lessons share: controls, steps, practice mode, the code, downloads.

Per-user progress lives in ``st.session_state``. The parameter and step widgets
are bound to the URL (through ``ui.page_settings``), so a teacher's link opens at the same
step (a name that is not a step is named in a notice and the lesson starts at its
first step), and they persist for the session, so a learner can leave a page and
come back to the same place.
"""

import functools
import inspect
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from backprop_core import names, network, numbers, numeric_gradient, solve
from backprop_core.example import NETWORK, Example, Solution, alias, values_from_params
from backprop_core.symbolic import Step, backward_steps, forward_steps, symbolic_gradient
from ui import export, presenter
from ui.diagram import network_figure
from ui.page_settings import Choice, adopt_old_keys
from ui.state import LessonState, plain_number

_OUTPUT, _HIDDEN = ([alias(w) for w in names.weights(NETWORK, l)] for l in (2, 1))
ORDER_HELP = (
    f"The output weights {_OUTPUT[0]}…{_OUTPUT[-1]} first, then the hidden weights "
    f"{_HIDDEN[0]}…{_HIDDEN[-1]}, then the biases."
)
TOLERANCE = 1e-4  # practice answers may differ from the core's value by this relative amount (0.01 %)
ANSWER_CHARS = 40  # a practice answer: "5.93269992e-01" needs 14; the browser stops typing at 40
LARGE = r"\Large "  # KaTeX sizing: formulas readable from the back of a classroom
LOG = "practice_log"  # session_state: "page.step" -> "correct" | "wrong" | "unreadable" | "revealed"


# Cached core calls: pure functions of the frozen state's fields.
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


CODE = "show_code"  # the code expander's state (one lesson page runs at a time)


# Step controls.
@dataclass(frozen=True)
class Keys:
    """A lesson's own URL/session keys, named with its page's prefix so lessons never share one."""

    step: str
    chain: str = ""  # the parameter picker's key, for lessons with several chains

    @classmethod
    def of(cls, prefix: str) -> "Keys":
        return cls(f"{prefix}_step", f"{prefix}_param")


class Controls(NamedTuple):
    chain: str  # the parameter whose chain is shown (the forward pass has one chain)
    step: str
    show_all: bool
    practice: bool
    given: frozenset[str] = frozenset()  # steps practice mode shows worked: the page states their values


def _stops(chains: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """Every (chain, step) in lesson order: Next runs on from one chain into the next."""
    return [(chain, step) for chain, steps in chains.items() for step in steps]


def _here(chains: Mapping[str, Sequence[str]], keys: Keys) -> tuple[str, str]:
    ss = st.session_state
    chain = ss.get(keys.chain, "") if len(chains) > 1 else next(iter(chains))
    return chain, ss.get(keys.step, "")


def _move(chains: Mapping[str, Sequence[str]], delta: int, keys: Keys) -> None:
    stops = _stops(chains)
    here = _here(chains, keys)
    i = stops.index(here) + delta if here in stops else 0
    chain, step = stops[min(max(i, 0), len(stops) - 1)]
    if len(chains) > 1:
        st.session_state[keys.chain] = chain
    st.session_state[keys.step] = step


def _chain_changed(chains: Mapping[str, Sequence[str]], keys: Keys) -> None:
    """Keep the step when the new chain has it too (w5 -> w6 both start at ∂E/∂out_o1), else start it."""
    steps = chains[st.session_state[keys.chain]]
    if st.session_state.get(keys.step) not in steps:
        st.session_state[keys.step] = steps[0]


def _adopt_old_link(chains: Mapping[str, Sequence[str]], keys: Keys) -> None:
    """A link from before each lesson had its own keys (``?p1=w1&step=dE_dw1``) opens where it said.

    The step's name says which lesson it is for; on a lesson with several chains p1 names the
    chain (without it, the first chain that has the step). A step of another lesson is dropped.
    """
    query = st.query_params
    step, chain = query.get("step"), query.get("p1") if len(chains) > 1 else next(iter(chains))
    if step is not None and chain not in chains:
        chain = next((c for c, steps in chains.items() if step in steps), None)
    renames = {"step": (keys.step, chains.get(chain, ()))}
    if len(chains) > 1:
        renames["p1"] = (keys.chain, [chain] if chain else [])
        if chain and "p1" not in query and step in chains[chain]:
            query["p1"] = chain
    adopt_old_keys(renames)


def step_controls(
    page: str,
    chains: Mapping[str, Sequence[str]],
    parameter_help: str = "",
    *,
    keys: Keys,
    given: Collection[str] = (),
) -> Controls:
    """A parameter picker (for several chains), a step slider, Previous / Next, two toggles, progress.

    ``chains`` maps each chain's name to its step names (a lesson with one chain has one entry);
    ``keys`` are the lesson's own URL keys (``Keys.of("vec")``: ``vec_step``, ``vec_param``);
    ``given``: steps whose values the page states before the step-through (so the step slider's
    names may hold them): practice mode shows them worked instead of asking for them.
    """
    if "step" in st.query_params or ("p1" in st.query_params and len(chains) > 1):
        _adopt_old_link(chains, keys)
    ss = st.session_state
    presenting = presenter.presenting()  # one step at a time, large buttons, the keyboard
    show_all = ss.get("show_all", False) and not presenting
    chain = next(iter(chains))
    if len(chains) > 1:
        picker = Choice(keys.chain, "Parameter", tuple(chains), chain, parameter_help, "radio", forgets=False)
        chain = picker.widget(on_change=_chain_changed, args=(chains, keys))
    steps = chains[chain]
    step = Choice(keys.step, "Step", tuple(steps), steps[0], forgets=False).widget(disabled=show_all)
    stops, here = _stops(chains), (chain, step)
    back, forth, all_steps, practise = st.columns([1, 1, 1.3, 1.3], vertical_alignment="center")
    with back:
        first = show_all or here == stops[0]
        st.button(
            "◀ Previous", key="prev", on_click=_move, args=(chains, -1, keys), disabled=first, width="stretch"
        )
    with forth:
        last = show_all or here == stops[-1]
        st.button(
            "Next ▶", key="next", on_click=_move, args=(chains, 1, keys), disabled=last, width="stretch"
        )
    practice = ss.get("practice", False) and not presenting
    if presenting:
        presenter.keyboard()
        all_steps.caption("→ or Space: next · ←: previous")
    else:
        with all_steps:
            show_all = st.toggle("Show all steps", key="show_all", persist_state="session")
        with practise:
            practice = st.toggle(
                "Practice mode",
                key="practice",
                persist_state="session",
                help=f"Work out each value yourself; answers within a relative {numbers.text(TOLERANCE)} "
                "count as right.",
            )
    if practice:
        practice_progress(page, [name for names in chains.values() for name in names if name not in given])
    return Controls(chain, step, show_all, practice, frozenset(given))


def reached(chains: Mapping[str, Sequence[Step]], controls: Controls) -> dict[str, float]:
    """Every step's value at or before the current one, in lesson order (all of them with Show all):
    Next runs on from one chain into the next, so the chains before this one are reached too."""
    out = {}
    for chain, steps in chains.items():
        for s in steps:
            out[s.name] = s.value
            if not controls.show_all and (chain, s.name) == (controls.chain, controls.step):
                return out
    return out


# Steps and practice.
def show_steps(steps: Sequence[Step], page: str, controls: Controls) -> dict[str, float]:
    """The current step (or every step); returns the values the learner may now see, in order."""
    names = [s.name for s in steps]
    upto = len(steps) if controls.show_all else names.index(controls.step) + 1
    shown = steps if controls.show_all else steps[upto - 1 : upto]
    size = r"\large " if controls.show_all else LARGE  # every step at once: a little smaller
    hidden = set()
    for step in shown:
        practice = controls.practice and step.name not in controls.given
        if not show_step(step, page, practice, number=names.index(step.name) + 1, size=size):
            hidden.add(step.name)
    return {s.name: s.value for s in steps[:upto] if s.name not in hidden}


def show_step(step: Step, page: str, practice: bool, number: int, size: str = LARGE) -> bool:
    """Title, then formula = numbers = value; in practice mode the value waits for the learner's answer."""
    status = _log().get(f"{page}.{step.name}")
    tick = " ✅" if status == "correct" else ""
    st.markdown(f"#### {number}. {step.title}{tick}")
    if practice and status not in ("correct", "revealed"):
        _practise(step, page, status, size)
        return False
    st.latex(size + export.equation(step))
    return True


def _log() -> dict:
    return st.session_state.setdefault(LOG, {})


def _practise(step: Step, page: str, status: str | None, size: str) -> None:
    st.latex(size + rf"{step.symbol} = \;?")
    answer, check, reveal = st.columns([4, 1, 1], vertical_alignment="bottom")
    with answer:
        st.text_input(
            f"Your value for {step.name}",
            key=f"answer_{step.name}",
            placeholder="e.g. 0.5933",
            max_chars=ANSWER_CHARS,
        )
    with check:
        st.button("Check", key=f"check_{step.name}", on_click=_check, args=(page, step), width="stretch")
    if status is None:
        return
    with reveal:
        st.button("Reveal", key=f"reveal_{step.name}", on_click=_reveal, args=(page, step), width="stretch")
    if status == "unreadable":
        st.warning("Type a number, like 0.5933 or 5.933e-1.", icon="✏️")
    else:
        st.warning("Not yet. Hint: the formula is", icon="💡")
        st.latex(size + rf"{step.symbol} = {step.formula}")


def is_right(answer: str, value: float) -> bool | None:
    """Whether a typed answer matches ``value`` within ``TOLERANCE``; None when it is not a number."""
    if len(answer) > ANSWER_CHARS:  # only a client that ignores max_chars sends more
        return None
    number = plain_number(answer.replace("−", "-"))  # never eval: the text is the learner's
    if number is None:
        return None
    return math.isclose(number, value, rel_tol=TOLERANCE, abs_tol=1e-12)


def _check(page: str, step: Step) -> None:
    right = is_right(st.session_state.get(f"answer_{step.name}", ""), step.value)
    _log()[f"{page}.{step.name}"] = {True: "correct", False: "wrong", None: "unreadable"}[right]
    if right:
        st.toast(f"Right: {step.name} = {numbers.text(step.value, 9)}", icon="🎉")


def _reveal(page: str, step: Step) -> None:
    _log()[f"{page}.{step.name}"] = "revealed"


def practice_progress(page: str, names: Sequence[str]) -> None:
    """How many of this page's steps the learner has answered correctly (this session)."""
    names = list(dict.fromkeys(names))  # a factor shared by several chains counts once
    right = sum(_log().get(f"{page}.{n}") == "correct" for n in names)
    st.progress(right / len(names), text=f"Practice: {right} of {len(names)} steps answered correctly")


# Tables, the code, downloads.
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


@st.cache_data(max_entries=64, show_spinner=False)
def _downloads(state: LessonState) -> tuple[str, str]:
    ex, digits, biases = state.example, state.digits, state.update_biases
    sol = solution(ex, biases)
    steps = forward_lesson(ex, digits), backward_lesson(ex, digits, biases)
    markdown = export.to_markdown(ex, sol, *steps, update_biases=biases, digits=digits)
    return markdown, export.to_csv(ex, sol)


def export_buttons(state: LessonState) -> None:
    markdown, table = _downloads(state)
    left, right = st.columns(2)
    with left:
        st.download_button(
            "⬇️ Worked example (Markdown, LaTeX)",
            markdown,
            file_name="backprop_worked_example.md",
            mime="text/markdown",
            key="export_md",
            on_click="ignore",
        )
    with right:
        st.download_button(
            "⬇️ Every value (CSV)",
            table,
            file_name="backprop_values.csv",
            mime="text/csv",
            key="export_csv",
            on_click="ignore",
        )
