"""The teacher's view of a class (the Class page opened with the teacher's link): the students' link and
its QR code, then, for the step on the teacher's screen, joined / answered / correct, what the class
answered, the most common wrong answers with their likely mistakes, Reveal, the answers as CSV, End class.
"""

import functools
import io

import pandas as pd
import segno
import streamlit as st

from pages.classroom import tally
from pages.classroom.figures import answers_chart
from ui import chart, echo
from ui.classroom import follow, store
from ui.figures import QUIET

QR_SCALE = 8  # pixels a module: about 300 px for a link of this length, read from the back of a room


def students_link(code: str) -> str:
    """The Class page's own address with ``class=CODE`` and nothing else."""
    page = (st.context.url or "").split("?", 1)[0].split("#", 1)[0]
    return f"{page.rsplit('/', 1)[0]}/{follow.CLASS_PAGE.url_path}?{follow.CLASS}={code}"


@functools.lru_cache(maxsize=64)
def qr_png(link: str) -> bytes:
    """The link as a QR code, a PNG drawn here (segno: no network, no image library)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=QR_SCALE, border=2)
    return out.getvalue()


def view(m: follow.Member) -> None:
    link = students_link(m.code)
    st.subheader(f"Class {m.code}")
    words, code = st.columns([3, 2], gap="large")
    with words:
        st.markdown("**The students' link**: students open it, or scan the code, and join with a nickname.")
        st.code(link, language=None, wrap_lines=True)
        with st.expander("Your teacher's link: keep it to yourself"):
            st.caption(
                "It opens this view on another device. Anyone with it can reveal answers and end the class."
            )
            st.code(f"{link}&{follow.TEACHER}={m.token}", language=None, wrap_lines=True)
        st.markdown("Now open a lesson (presenter mode or not): every student's page follows yours.")
    with code:
        st.image(  # its own size, within the column; the alt text for a screen reader (axe: image-alt)
            qr_png(link), caption=f"Class {m.code}: scan to join", alt="QR code of the students' link above"
        )
    st.fragment(results, run_every=follow.COUNT_EVERY)(m)
    actions(m)


def results(m: follow.Member) -> None:
    """The step on the teacher's screen, as the class answered it: read again every few seconds."""
    state = follow.call(store.state, m.code)
    if state is None:
        st.error(echo.markdown(st.session_state.pop(follow.NOTICE, follow.DATABASE)))
        return
    if state.ended:
        st.info(follow.ENDED, icon="🏁")
        return
    key = state.key
    asked = key is not None and key.value is not None
    counts = follow.call(store.counts, m.code, m.token, *((key.lesson, key.step) if key else ("", "")))
    if counts is None:
        st.error(echo.markdown(st.session_state.pop(follow.NOTICE, follow.DATABASE)))
        return
    if not asked:
        st.metric("Joined", counts.joined)
        st.info("Step to a question in a lesson: what the class answers shows here.", icon="👉")
        return
    entry = follow.BY_PATH.get(key.lesson)
    st.markdown(f"#### {echo.markdown(entry.title if entry else key.lesson)}: {echo.markdown(key.title)}")
    joined, answered, correct = st.columns(3)
    joined.metric("Joined", counts.joined)
    answered.metric("Answered", counts.answered)
    correct.metric("Correct", counts.correct)
    given = tally.latest(follow.call(store.answers, m.code, m.token, key.lesson, key.step) or [])
    if given:
        bars, common = st.columns(2, gap="large")  # the likely mistakes need the room to be read
        said = f"A histogram of the {counts.answered} answers given, {counts.correct} of them right."
        chart.show(
            answers_chart(tally.bars(given)),
            said,
            name="class_answers",
            place=bars,
            key="class_answers_chart",
            **QUIET,
        )
        with common:
            wrong_answers(tally.wrong(given, key.value, key.rounded, key.slips))
    revealed = (key.lesson, key.step) in state.revealed
    st.button(
        "Revealed on every screen" if revealed else "Reveal",
        key="class_reveal",
        disabled=revealed,
        on_click=follow.reveal,
        args=(key.lesson, key.step),
        help="Show this step's value on every student's screen.",
    )


def wrong_answers(wrong: list[tally.Wrong]) -> None:
    st.markdown("**The most common wrong answers**")
    if not wrong:
        st.caption("None yet.")
        return
    table = pd.DataFrame(
        {
            "answer": [w.answer for w in wrong],
            "students": [w.students for w in wrong],
            "likely mistake": [w.mistake or "none of the known slips" for w in wrong],
        }
    )
    st.table(table, hide_index=True)  # a static table wraps a long mistake; a data grid cuts it off


def actions(m: follow.Member) -> None:
    """Download answers (CSV), made when clicked; End class, confirmed."""
    csv, end = st.columns(2, vertical_alignment="center")
    csv.download_button(
        "Download answers (CSV)",
        data=functools.partial(store.csv_text, follow.engine(), m.code, m.token),
        file_name=f"class-{m.code}-answers.csv",
        mime="text/csv",
        on_click="ignore",
        key="class_csv",
    )
    state = follow.call(store.state, m.code)
    if state is not None and state.ended:
        end.button("Start a new class", on_click=follow.start_again, key="class_again")
        return
    with end.popover("End class"):
        st.markdown("Every student's page then says the class has ended; the answers stay for the download.")
        st.button("End the class for everyone", type="primary", on_click=follow.end, key="class_end")
