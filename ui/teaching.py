"""What a page shows a teacher: its plan behind one "For teachers" control (folded by default, and
away with the rest of a slide's folds in presenter mode), and its questions for the class, each answer
hidden until opened. The texts are declared beside each lesson (backprop_core/teaching.py's types)."""

import contextlib

import streamlit as st

from backprop_core.teaching import Plan, Question
from ui import presenter
from ui.navigation import ENTRIES

LABEL = "🧑‍🏫 For teachers: a 50-minute plan"
QUESTIONS = "Questions for the class"
PREDICT = "Predict first: "  # a question asked before the step that answers it
BOX = "class_questions"  # the questions' container (tests find them in it)
PAGES = {e.url_path: e for e in ENTRIES}


@contextlib.contextmanager
def for_teachers(plan: Plan):
    """The plan in one folded expander; whatever the page draws inside the ``with`` follows the plan in
    the same fold (a worksheet's downloads)."""
    with presenter.fold("teachers"), st.expander(LABEL, expanded=False):
        show_plan(plan)
        yield


def teachers(plan: Plan) -> None:
    """The plan alone in its fold (``for_teachers`` when more follows it)."""
    with for_teachers(plan):
        pass


def show_plan(plan: Plan) -> None:
    st.markdown("**After this class a student can**\n" + _bullets(plan.objectives))
    if plan.prerequisites:
        st.markdown("**Take first**")
        for url_path in plan.prerequisites:
            entry = PAGES[url_path]
            st.page_link(entry.path, label=entry.title, icon=entry.icon)
    st.markdown(f"**The {plan.minutes} minutes**\n\n" + outline(plan))
    st.markdown("**Misconceptions to watch for**\n" + _bullets(plan.misconceptions))
    st.markdown("**To assign after**\n" + _bullets(plan.assign))


def outline(plan: Plan) -> str:
    """The outline as a Markdown table, each part with its start and end (minutes from the start of the
    class). Markdown, not ``st.table``: the page's own tables stay the only ones it has."""
    rows, start = ["| minutes | who | what |", "| :-- | :-- | :-- |"], 0
    for part in plan.outline:
        rows.append(f"| {start}–{start + part.minutes} | {part.activity.value} | {part.what} |")
        start += part.minutes
    return "\n".join(rows)


def questions(asked: list[Question], answers: bool = True) -> None:
    """The questions, each answer in an expander (closed until a student or teacher opens it), folded away
    on a slide. ``answers`` False (practice mode: they quote the values asked for) lists the questions
    alone."""
    with presenter.fold("questions"), st.container(key=BOX):
        st.header(QUESTIONS)
        if not answers:
            st.caption("The answers are hidden while you practise: they quote the values the steps ask for.")
            st.markdown("\n".join(f"{i}. {label(q)}" for i, q in enumerate(asked, 1)))
            return
        for q in asked:
            with st.expander(label(q)):
                st.markdown(q.answer)


def label(q: Question) -> str:
    return PREDICT + q.text if q.predict else q.text


def _bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)
