"""The Class page: start a class or join one; a student's place in it; the teacher's view (teacher.py)."""

import streamlit as st

from pages.classroom import teacher
from ui import echo
from ui.classroom import follow, store


def intro() -> str:
    hours = round(store.RETENTION.total_seconds() / 3600)
    return (
        "Teach a lesson with the class on their own devices. Start a class and show its link or QR code: "
        "students join with an optional nickname, and their pages follow yours (page, step and numbers) "
        "within a second or two. At each step's question they answer on their own screens; you see how "
        "many answered, how many are right, and which mistakes the wrong answers most likely come from. "
        f"Nothing about a student is kept but the nickname and the answers, deleted {hours} hours after "
        "the class starts."
    )


def page() -> None:
    st.title("Class")
    m = follow.member()
    if m is not None and m.teaching:
        teacher.view(m)
    elif m is not None:
        joined(m)
    elif code := st.session_state.get(follow.PENDING):
        follow.join_form(code)
    else:
        start_or_join()


def start_or_join() -> None:
    st.markdown(intro())
    teach, learn = st.columns(2, gap="large")
    with teach:
        st.subheader("Teach")
        st.markdown("Start a class, then open a lesson: the students' pages follow yours.")
        st.button("Start a class", type="primary", on_click=follow.start, key="class_start")
    with learn, st.form("class_code_form", enter_to_submit=True):
        st.subheader("Join")
        st.text_input("Class code", key="class_code", max_chars=6, placeholder="e.g. K7QX3M")
        st.text_input(
            "Nickname (optional)",
            key="class_code_name",
            max_chars=follow.NICKNAME_CHARS,
            help=f"At most {follow.NICKNAME_CHARS} characters; nothing else about you is kept.",
        )
        st.form_submit_button(
            "Join the class", on_click=follow.join_with_code, args=("class_code", "class_code_name")
        )


def joined(m: follow.Member) -> None:
    """A student on the Class page: where the class is (the follow line above moves the page there)."""
    state = st.session_state.get(follow.STATE)
    name = echo.markdown(m.student.name if m.student else "")
    st.markdown(f"You are in class **{m.code}** as **{name}**.")
    if state is None or not state.lesson:
        st.info("Waiting for your teacher to open a lesson: this page moves there by itself.", icon="⏳")
    elif entry := follow.BY_PATH.get(state.lesson):
        st.page_link(entry.path, label=f"Your teacher is on {entry.title}", icon=entry.icon)
    st.caption(
        "Leave class is in the sidebar. Your answers are kept for your teacher, under your nickname only."
    )
