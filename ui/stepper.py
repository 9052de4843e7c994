"""The one step-through every lesson uses: a step slider, Previous / Next, Show all steps, Practice mode
with its progress, "?" until a step is reached, and presenter mode's large buttons and keys.

A lesson hands it its steps (``backprop_core.steps.Step``), in one chain or several (Backward's
parameters: Next runs on from one chain into the next). The step slider is bound to the URL under
the lesson's own key (``fwd_step``, ``rnn_step``), so a teacher's link opens at the same step (a
name that is not a step is named in a notice and the lesson starts at its first), and it is kept for
the session, so a learner can leave a page and come back to the same place. Per-user progress (the
practice answers) lives in ``st.session_state``.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import streamlit as st

from backprop_core import answers, numbers
from backprop_core.steps import Step, equation, heading, row, spoken
from ui import presenter
from ui import said as in_words
from ui.classroom import follow
from ui.settings import Choice, Flag, adopt_old_keys, plain_number

ANSWER_CHARS = 40  # a practice answer: "5.93269992e-01" needs 14; the browser stops typing at 40
LARGE = r"\Large "  # KaTeX sizing: formulas readable from the back of a classroom
ALL = r"\large "  # every step at once: a little smaller
LOG = "practice_log"  # session_state: "page.step" -> "correct" | "wrong" | "unreadable" | "revealed"
VERDICT = "practice_verdict"  # session_state: "page.step" -> what the last Check said (answers.Verdict)
PRACTICE_HELP = (
    "Work out each value yourself. An answer is right when it agrees with the value to the digits you "
    f"give (at least {answers.MIN_DIGITS} significant); one worked from earlier values rounded to "
    f"{answers.ROUNDED_DIGITS} digits counts too."
)


@dataclass(frozen=True)
class Keys:
    """A lesson's widget keys. Its step, chain and practice keys are its own URL keys, named with its
    page's prefix so lessons never share one (``fwd_practice=1``: a link opens in practice mode). The
    2-2-2 lessons share their buttons and Show all (``Keys.of``: Show all stays on from one lesson to
    the next); the recurrent page's two parts have their own (``Keys.own``: ``rnn_next``, ``rnn_all``)."""

    step: str
    chain: str = ""  # the parameter picker's key, for lessons with several chains
    next: str = "next"
    previous: str = "prev"
    show_all: str = "show_all"
    practice: str = "practice"

    @classmethod
    def of(cls, prefix: str) -> "Keys":
        return cls(f"{prefix}_step", f"{prefix}_param", practice=f"{prefix}_practice")

    @property
    def in_link(self) -> tuple[str, ...]:
        """The keys a link carries (a page's ``drop_unknown`` keeps them)."""
        return tuple(k for k in (self.step, self.chain, self.practice) if k)

    @property
    def practising(self) -> Flag:
        """Practice mode, declared once for every lesson: in the link under the lesson's key."""
        return Flag(self.practice, "Practice mode", False, PRACTICE_HELP)

    @classmethod
    def own(cls, prefix: str) -> "Keys":
        return cls(
            f"{prefix}_step", "", f"{prefix}_next", f"{prefix}_prev", f"{prefix}_all", f"{prefix}_practice"
        )


class Controls(NamedTuple):
    chain: str  # the chain shown (a lesson with one chain has one)
    step: str
    show_all: bool
    practice: bool
    given: frozenset[str] = frozenset()  # steps practice mode shows worked: the page states their values


Chains = Mapping[str, Sequence[Step]]  # each chain's name -> its steps, in lesson order


# --- Where the lesson is ------------------------------------------------------------------------------


def _stops(chains: Chains) -> list[tuple[str, str]]:
    """Every (chain, step) in lesson order: Next runs on from one chain into the next."""
    return [(chain, step.name) for chain, steps in chains.items() for step in steps]


def _here(chains: Chains, keys: Keys) -> tuple[str, str]:
    ss = st.session_state
    chain = ss.get(keys.chain, "") if len(chains) > 1 else next(iter(chains))
    return chain, ss.get(keys.step, "")


def _move(chains: Chains, delta: int, keys: Keys) -> None:
    stops = _stops(chains)
    here = _here(chains, keys)
    i = stops.index(here) + delta if here in stops else 0
    chain, step = stops[min(max(i, 0), len(stops) - 1)]
    if len(chains) > 1:
        st.session_state[keys.chain] = chain
    st.session_state[keys.step] = step


def _chain_changed(chains: Chains, keys: Keys) -> None:
    """Keep the step when the new chain has it too (w5 -> w6 both start at ∂E/∂out_o1), else start it."""
    steps = [s.name for s in chains[st.session_state[keys.chain]]]
    if st.session_state.get(keys.step) not in steps:
        st.session_state[keys.step] = steps[0]


def _restart(chains: Chains, keys: Keys) -> None:
    """Steps that changed under the learner (a new T, network or batch size) start again at the first
    step when the session's step is no longer one of them. A link's step is checked by its widget."""
    if keys.step not in st.session_state:
        return
    chain, step = _here(chains, keys)
    names = [s.name for s in chains.get(chain, ())]
    if names and step not in names:
        st.session_state[keys.step] = names[0]


def _adopt_old_link(chains: Chains, keys: Keys) -> None:
    """A link from before each lesson had its own keys (``?p1=w1&step=dE_dw1``) opens where it said.

    The step's name says which lesson it is for; on a lesson with several chains p1 names the
    chain (without it, the first chain that has the step). A step of another lesson is dropped.
    """
    names = {chain: [s.name for s in steps] for chain, steps in chains.items()}
    query = st.query_params
    step, chain = query.get("step"), query.get("p1") if len(chains) > 1 else next(iter(chains))
    if step is not None and chain not in chains:
        chain = next((c for c, steps in names.items() if step in steps), None)
    renames = {"step": (keys.step, names.get(chain, ()))}
    if len(chains) > 1:
        renames["p1"] = (keys.chain, [chain] if chain else [])
        if chain and "p1" not in query and step in names[chain]:
            query["p1"] = chain
    adopt_old_keys(renames)


# --- The controls -------------------------------------------------------------------------------------


def controls(
    page: str,
    chains: Chains,
    *,
    keys: Keys,
    parameter_help: str = "",
    given: Collection[str] = (),
    notes=None,
) -> Controls:
    """A parameter picker (for several chains), a step slider, Previous / Next, two toggles, progress.

    ``page`` names the lesson in the practice log; ``keys`` are its own widget keys
    (``Keys.of("vec")``: ``vec_step``, ``vec_param``); ``given``: steps whose values the page states
    before the step-through (so the step slider's names may hold them): practice mode shows them
    worked instead of asking for them; ``notes``: where a link's bad step is named (default: above
    the slider).
    """
    if "step" in st.query_params or ("p1" in st.query_params and len(chains) > 1):
        _adopt_old_link(chains, keys)
    _restart(chains, keys)
    ss = st.session_state
    show_all = ss.get(keys.show_all, False)
    chain = next(iter(chains))
    if len(chains) > 1:
        picker = Choice(
            keys.chain, "Go to the chain of", tuple(chains), chain, parameter_help, "radio", forgets=False
        )
        chain = picker.widget(on_change=_chain_changed, args=(chains, keys))
    notes = st.container() if notes is None else notes  # a link's bad step or practice flag, named here
    names = tuple(s.name for s in chains[chain])
    said = {s.name: f"{i}. {heading(s)}" for i, s in enumerate(chains[chain], 1)}  # the link keeps the name
    # a chain of one step (lesson 2's folded chains) has nothing to slide to: its one name stays in view
    step = Choice(keys.step, "Step", names, names[0], forgets=False, labels=said.__getitem__).widget(
        notes=notes, disabled=show_all or len(names) == 1
    )
    if shown := next((s for s in chains[chain] if s.name == step), None):
        follow.on_step(shown, asks(shown, given))  # a teacher's page: the class's question
    back, forth, all_steps, practise = st.columns([1, 1, 1.3, 1.3], vertical_alignment="center")
    _buttons(back, forth, chains, (chain, step), keys, show_all)
    practice = _toggles(all_steps, practise, keys, notes)
    presenter.keyboard(keys.next, keys.previous, (keys.step, keys.chain))  # presenting: large, → / Space / ←
    if practice:
        practice_progress(page, [s.name for steps in chains.values() for s in steps if asks(s, given)])
    return Controls(chain, step, show_all, practice, frozenset(given))


def _buttons(back, forth, chains: Chains, here: tuple[str, str], keys: Keys, show_all: bool) -> None:
    """◀ Previous and Next ▶, each in its column; held at the ends of the lesson and while all is shown."""
    stops = _stops(chains)
    with back:
        st.button(
            "◀ Previous",
            key=keys.previous,
            on_click=_move,
            args=(chains, -1, keys),
            disabled=show_all or here == stops[0],
            width="stretch",
        )
    with forth:
        st.button(
            "Next ▶",
            key=keys.next,
            on_click=_move,
            args=(chains, 1, keys),
            disabled=show_all or here == stops[-1],
            width="stretch",
        )


def _toggles(all_steps, practise, keys: Keys, notes) -> bool:
    """Show all steps and Practice mode, each in its column; whether practising."""
    with all_steps:
        st.toggle("Show all steps", key=keys.show_all, persist_state="session")
    with practise:
        return keys.practising.widget(notes=notes)


def reached(chains: Chains, controls: Controls) -> dict[str, float | None]:
    """Every step's value at or before the current one, in lesson order (all of them with Show all):
    Next runs on from one chain into the next, so the chains before this one are reached too. A class's
    question still waiting for this student's answer is not reached."""
    out = {}
    for chain, steps in chains.items():
        for s in steps:
            if follow.question(s) != follow.ASK:  # a class's question waits for this student's answer
                out |= {s.name: s.value, **dict(s.also)}
            if not controls.show_all and (chain, s.name) == (controls.chain, controls.step):
                return out
    return out


def held(steps: Iterable[Step]) -> bool:
    """Whether one of ``steps`` is a class's question still waiting for this student's answer (its value,
    and what gives it away, stay off the page)."""
    return any(follow.question(s) == follow.ASK for s in steps)


def formula(steps: Sequence[Step], controls: Controls) -> str:
    """The one formula the current step shows, for a slide to lay out around (presenter.slide): none with
    every step shown, nor while practising (the answer's box and hint take more room than a formula)."""
    if controls.show_all or controls.practice:
        return ""
    return next((equation(s) for s in steps if s.name == controls.step), "")


# --- The steps, and practice ----------------------------------------------------------------------


def asks(step: Step, given: Collection[str] = ()) -> bool:
    """Whether practice mode asks for this step's value. Not when the page states it already
    (``given``), nor when the value is not one number (a vector, a matrix, several gradients: there is
    no one number to type), so such a step is shown worked and the lesson steps on past it."""
    return step.value is not None and step.name not in given


def show_steps(steps: Sequence[Step], page: str, controls: Controls) -> dict[str, float | None]:
    """The current step (or every step); returns the values the learner may now see, in order (in
    practice mode a step still unanswered keeps its value back, so a page shows "?" for it)."""
    names = [s.name for s in steps]
    upto = len(steps) if controls.show_all else names.index(controls.step) + 1
    shown = steps if controls.show_all else steps[upto - 1 : upto]
    size = ALL if controls.show_all else LARGE
    hidden = set()
    for step in shown:
        practice = controls.practice and step.name not in controls.given
        if not show_step(step, page, practice, number=names.index(step.name) + 1, size=size):
            hidden.add(step.name)
    return {n: v for s in steps[:upto] if s.name not in hidden for n, v in ((s.name, s.value), *s.also)}


def show_step(step: Step, page: str, practice: bool, number: int, size: str = LARGE) -> bool:
    """Title, then formula = numbers = value; in practice mode the value waits for the learner's answer
    (a step whose value is not one number is shown). Returns whether the value is shown."""
    status = _log().get(f"{page}.{step.name}")
    tick = " ✅" if status == "correct" else ""
    st.markdown(f"#### {number}. {_markdown(heading(step))}{tick}")
    size = step.size or size
    in_class = follow.question(step)  # a student in a class: the teacher's question, or its value revealed
    if in_class == follow.ASK:
        follow.answer_box(step, size + rf"{step.symbol} = \;?")
        return False
    if practice and asks(step) and status not in ("correct", "revealed") and in_class != follow.SHOWN:
        _practise(step, page, status, size)
        return False
    st.latex(size + equation(step))
    in_words.formula(equation(step), f"{page}_{number}_{step.name}")
    if in_class:
        follow.said(step)
    said = st.session_state.get(VERDICT, {}).get(f"{page}.{step.name}")
    if status == "correct" and said and said.note:  # right from rounded inputs: say how it differs
        st.success(said.note, icon="✅")
    return True


def _markdown(text: str) -> str:
    """Plain text in Markdown as it is: out_o1's underscore is not emphasis, b₁'s * not a list."""
    return text.replace("\\", "\\\\").replace("_", "\\_").replace("*", "\\*")


def _log() -> dict:
    return st.session_state.setdefault(LOG, {})


def _named(step: Step) -> str:
    """The step as a learner calls it: its symbol in plain text, or its title."""
    return spoken(step.symbol) or step.title


def _practise(step: Step, page: str, status: str | None, size: str) -> None:
    st.latex(size + rf"{step.symbol} = \;?")
    in_words.formula(rf"{step.symbol} = \;?", f"{page}_ask_{step.name}")
    # A row that wraps: in a slide's narrow column the buttons go under the field, whole, rather
    # than squeezed to "C." beside it (columns of fixed shares did that at 1024×768).
    with st.container(horizontal=True, vertical_alignment="bottom", key=f"practise_{step.name}"):
        st.text_input(
            f"Your value for {_named(step)}",  # as it is: a screen reader reads the label's raw text
            key=f"answer_{step.name}",
            placeholder="e.g. 0.5933",
            max_chars=ANSWER_CHARS,
            width=220,
        )
        st.button("Check", key=f"check_{step.name}", on_click=_check, args=(page, step))
        if status is not None:
            st.button("Reveal", key=f"reveal_{step.name}", on_click=_reveal, args=(page, step))
    if status is None:
        return
    if status == "unreadable":
        st.warning("Type a number, like 0.5933 or 5.933e-1.", icon="✏️")
        return
    said = st.session_state.get(VERDICT, {}).get(f"{page}.{step.name}")
    numbers_too = ", and its numbers" if hint(step).count("&=") > 1 else ""
    st.warning(f"{said.note if said else 'Not yet.'} Hint: the formula{numbers_too}:", icon="💡")
    st.latex(size + hint(step))
    in_words.formula(hint(step), f"{page}_hint_{step.name}")


def hint(step: Step) -> str:
    """symbol = formula = the formula with its numbers in (when that is not the answer itself)."""
    lines = [step.formula]
    if step.numbers and step.numbers not in (step.formula, step.value_latex):
        lines.append(step.numbers)
    body = r" \\ ".join(row(line) for line in lines)
    return rf"\begin{{aligned}} {step.symbol} {body} \end{{aligned}}"


def verdict(answer: str, step: Step) -> answers.Verdict | None:
    """The marking of a typed answer for ``step``; None when it is not a number."""
    if len(answer) > ANSWER_CHARS:  # only a client that ignores max_chars sends more
        return None
    text = answer.strip().replace("−", "-")
    if plain_number(text) is None:  # never eval: the text is the learner's
        return None
    return answers.check(text, step.value, step.rounded, step.slips)


def is_right(answer: str, value: float) -> bool | None:
    """Whether a typed answer is right for a step whose value is ``value``; None when not a number."""
    said = verdict(answer, Step("", "", "", "", "", value, ""))
    return None if said is None else said.right


def _check(page: str, step: Step) -> None:
    said = verdict(st.session_state.get(f"answer_{step.name}", ""), step)
    where = f"{page}.{step.name}"
    _log()[where] = "unreadable" if said is None else "correct" if said.right else "wrong"
    st.session_state.setdefault(VERDICT, {})[where] = said
    if said is not None and said.right:
        st.toast(f"Right: {_named(step)} = {numbers.text(step.value, 9)}", icon="🎉")


def _reveal(page: str, step: Step) -> None:
    _log()[f"{page}.{step.name}"] = "revealed"


def practice_progress(page: str, names: Sequence[str]) -> None:
    """How many of this page's steps the learner has answered correctly (this session)."""
    names = list(dict.fromkeys(names))  # a factor shared by several chains counts once
    if not names:
        return
    right = sum(_log().get(f"{page}.{n}") == "correct" for n in names)
    st.progress(right / len(names), text=f"Practice: {right} of {len(names)} steps answered correctly")
