"""Class mode, the session's side (#25): which class this session is in and as whom; the teacher's page
published to the class; the students' pages following it; "My own pace"; the "Your answer" box the
stepper shows at the teacher's question; the teacher's compact counter with Reveal.

A student's page draws a fragment (``follow``) that reads the class's state (one small query,
``store.state``) and, when its version changed, moves the page to the teacher's lesson, step and
numbers with ``st.switch_page``, as a link would. The server reruns a follower's page when its class
changes (ui/classroom/wake.py); the fragment's own timer (``FOLLOW_EVERY``) is only a safety net. What
a class shares lives in the database (ui/classroom/store.py, the only module that talks SQL); a session
keeps only who it is there: the class code and either the teacher's token (it is in the teacher's
link) or the student's own id (in that student's own address, below).

The links: the students' ``?class=CODE``, the teacher's ``?class=CODE&teacher=TOKEN``. Both keys are
written into the address bar on every run, as the sidebar writes the example, so they survive the
navigation; the teacher's token is never published to the class nor put in a link a page shows
students (``PRIVATE``; ui/presenter.py's students' link leaves it out too). A student's own address
carries their own id too (``student=``, never in the students' link): a page that reconnects to another
process (its machine died, deploy/school.sh) or reloads is back in the class as the same student.
"""

import math
import time
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from backprop_core import answers
from backprop_core.steps import Step, heading
from ui import echo
from ui import said as in_words
from ui.classroom import connection, store, wake
from ui.navigation import CLASS as CLASS_PAGE
from ui.navigation import ENTRIES, HOME
from ui.settings import NOTES, SEEN, plain_number

CLASS, TEACHER, STUDENT = "class", "teacher", "student"  # the links' keys
PRIVATE = store.NOT_IN_LINK  # never published as the teacher's page: the class adds its own keys
# s: how often a student's page looks at the class by itself; the server wakes it when the class moves
# (ui/classroom/wake.py), so this is only a safety net for a wake that went missing
FOLLOW_EVERY = 10.0
COUNT_EVERY = 2.0  # s: how often the teacher's counts are read again
NICKNAME_CHARS = 24
WRONG_CODES, WRONG_WINDOW = 5, 300.0  # wrong codes a session may try in WRONG_WINDOW seconds
ENDED = "This class has ended."
UNREADABLE = "Type a number, like 0.5933 or 5.933e-1: nothing was stored."
DATABASE = "The class's database is not answering; try again in a moment."
BY_PATH = {e.url_path: e for e in ENTRIES}
FRESH = 0.1  # s: how long a class's state read by this process serves every follower on it
# the store's functions that leave a class's state (ClassState) as it was
KEEP_STATE = (
    *(store.state, store.is_teacher, store.counts, store.answers),
    *(store.join, store.rejoin, store.leave, store.record_answer),
)
_states: dict[str, tuple[float, store.ClassState]] = {}  # code -> (monotonic time read, state)

# session_state keys
MEMBER = "class_member"  # Member: the class this session is in
PENDING = "class_pending"  # a students' link's code, checked, waiting for Join
READ = "class_link_read"  # the (code, token) of the link last read, so a link is read once
STATE = "class_state"  # store.ClassState as last read by this session
VERSION = "class_version_seen"  # the state's version this student's page has followed
PACE = "class_own_pace"  # the "My own pace" toggle
PAGE = "class_page"  # the URL path of the page this run draws
FULL = "class_full_run"  # set by a full run, taken by the follow fragment drawn in it
CURRENT = "class_current_key"  # the teacher's current step, as the stepper has just shown it
PUBLISHED = "class_published"  # what this teacher's session published last
MOVE = "class_move"  # (lesson, query): where a student's page is being moved to
TRIED = "class_wrong_codes"  # monotonic times of this session's wrong codes
NOTICE = "class_notice"  # one line to show once (a bad link, the class ended)
MARKED = "class_marked"  # (lesson, step) -> (answer, answers.Verdict) of this student's stored answers
SAID = "class_said"  # (lesson, step) -> (kind, line): what the last Check said


@dataclass(frozen=True)
class Member:
    code: str
    token: str = ""  # the teacher's session holds the teacher's token
    student: store.Student | None = None

    @property
    def teaching(self) -> bool:
        return bool(self.token)


def member() -> Member | None:
    return st.session_state.get(MEMBER)


def teaching() -> bool:
    return bool((m := member()) and m.teaching)


def engine():
    return connection.engine()


def call(fn, *args):
    """``fn(engine, *args)``; a store's refusal or a database that does not answer becomes one line
    (``NOTICE``) and None: a page never shows a traceback for it. A change this process makes to a
    class is seen at once by the class's followers here (``class_state``)."""
    changes = fn not in KEEP_STATE
    if changes and args:
        _states.pop(args[0], None)
    try:
        result = fn(engine(), *args)
        if changes:
            wake.poke()  # the followers on this process see it now, not at the next poll
        return result
    except (store.Unreachable, SQLAlchemyError):  # passing: a follower keeps its class and tries again
        st.session_state[NOTICE] = DATABASE
    except store.ClassError as refused:
        st.session_state[NOTICE] = str(refused)
    return None


def class_state(code: str) -> store.ClassState | None:
    """The class's state for a follower's tick or the teacher's counter: read at most once per
    ``FRESH`` seconds per process, so 30 followers on a process ask the database at most 10 times a
    second, not 30 (an idle tick's query was an eighth of its CPU, measured)."""
    now = time.monotonic()
    read = _states.get(code)
    if read is not None and now - read[0] < FRESH:
        return read[1]
    state = call(store.state, code)
    if state is not None:
        _remember(code, state, now)
    return state


def _remember(code: str, state: store.ClassState, when: float) -> None:
    if len(_states) > 1000:  # classes that ended long ago
        _states.clear()
    _states[code] = (when, state)


# --- every full run: where it is, the link read, a move finished, the class's keys in the link ---------


def enter(page) -> None:
    """app.py, right after the navigation and before the sidebar draws its fields."""
    ss = st.session_state
    ss[PAGE] = page.url_path or HOME.url_path
    ss[FULL] = True
    ss.pop(CURRENT, None)
    if MEMBER not in ss:
        _read_link()
    _arrive()
    _write_link()


def _read_link() -> None:
    """A class's link, read once: the teacher's token checked, a students' code checked (the join form
    then waits for the student); a bad one is named in one line and leaves the address bar."""
    ss, query = st.session_state, st.query_params
    code, token = query.get(CLASS), query.get(TEACHER)
    if (code, token) == ss.get(READ):
        return
    ss[READ] = (code, token)
    ss.pop(PENDING, None)
    if code is None:
        if token is not None:
            ss[NOTICE] = "This teacher's link has lost its class code: open the whole link again."
        return
    code = code.strip().upper()
    state = _open_class(code)
    if state is None:
        return
    if token is None:
        if (me := _rejoin(code, query.get(STUDENT))) is not None:
            ss[MEMBER] = Member(code, student=me)
        else:
            ss[PENDING] = code
    elif call(store.is_teacher, code, token):
        ss[MEMBER] = Member(code, token=token)
    else:
        _wrong("This teacher's link is not valid for the class: you can join it as a student.")
        ss[PENDING] = code


def _rejoin(code: str, student_id: str | None) -> store.Student | None:
    """A student's own address: back in the class as themselves (their answers and number kept)."""
    me = call(store.rejoin, code, student_id) if student_id else None
    if student_id and me is None and NOTICE not in st.session_state:
        st.session_state[NOTICE] = f"Your place in class {code} has gone: join it again."
    return me


def _open_class(code: str) -> store.ClassState | None:
    """The class a code names, while it is open; else None and one line why (a wrong code counts)."""
    if too_many_wrong():
        st.session_state[NOTICE] = "Too many wrong class codes: wait a few minutes, then check the code."
        return None
    known = len(code) == 6 and all(c in store.CODE_ALPHABET for c in code)
    state = call(store.state, code) if known else None
    if state is None:
        if st.session_state.get(NOTICE) != DATABASE:
            _wrong("No class is open with that code: check it, or ask your teacher for the link again.")
        return None
    if state.ended:
        st.session_state[NOTICE] = ENDED
        return None
    return state


def _wrong(line: str) -> None:
    ss = st.session_state
    ss[NOTICE] = line
    ss[TRIED] = [*ss.get(TRIED, []), time.monotonic()]


def too_many_wrong() -> bool:
    now = time.monotonic()
    recent = [t for t in st.session_state.get(TRIED, []) if now - t < WRONG_WINDOW]
    st.session_state[TRIED] = recent
    return len(recent) >= WRONG_CODES


def _write_link() -> None:
    """The class's keys in the address bar on every run (the navigation drops them otherwise); a
    student's never carries a teacher's token."""
    query, m = st.query_params, member()
    code = m.code if m else st.session_state.get(PENDING)
    if code:
        query[CLASS] = code
    else:
        query.pop(CLASS, None)
    if m and m.teaching:
        query[TEACHER] = m.token
    else:
        query.pop(TEACHER, None)
    if m and m.student:
        query[STUDENT] = m.student.id  # this student's own address only
    else:
        query.pop(STUDENT, None)


# --- joining and leaving ---------------------------------------------------------------------------


def join_form(code: str, key: str = "class_join") -> None:
    """A students' link's form: an optional nickname, then Join (or Enter)."""
    with st.form(key, border=True, enter_to_submit=True):
        st.markdown(f"**Join class {code}**")
        st.text_input(
            "Nickname (optional)",
            key=f"{key}_name",
            max_chars=NICKNAME_CHARS,
            placeholder="e.g. Sam",
            help=f"At most {NICKNAME_CHARS} characters; nothing else about you is kept. Empty: a number.",
        )
        st.form_submit_button("Join the class", type="primary", on_click=_join, args=(code, f"{key}_name"))


def _join(code: str, field: str) -> None:
    ss = st.session_state
    nickname = ss.get(field) or ""
    if len(nickname) > NICKNAME_CHARS:  # only a client that ignores max_chars sends more
        ss[NOTICE] = f"A nickname has at most {NICKNAME_CHARS} characters."
        return
    student = call(store.join, code, nickname)
    if student is not None:
        ss[MEMBER] = Member(code, student=student)
        ss.pop(PENDING, None)
        ss.pop(VERSION, None)  # the next look at the class moves the page to the teacher's


def join_with_code(code_field: str, name_field: str) -> None:
    """The Class page's form: a code typed (checked as a link's is, a wrong one counted), a nickname."""
    code = (st.session_state.get(code_field) or "").strip().upper()[:12]
    if _open_class(code) is not None:
        _join(code, name_field)


def start() -> None:
    """Start a class: this session teaches it."""
    started = call(store.start_class)
    if started is not None:
        code, token = started
        st.session_state[MEMBER] = Member(code, token=token)
        st.session_state[READ] = (code, token)


def leave() -> None:
    """Leave class (a teacher leaves the class running: the teacher's link comes back to it)."""
    ss, m = st.session_state, member()
    if m is not None and m.student is not None:
        call(store.leave, m.code, m.student.id)
    for key in (MEMBER, PENDING, STATE, VERSION, PUBLISHED, MARKED, SAID):
        ss.pop(key, None)
    wake.forget()
    ss[READ] = (None, None)
    st.query_params.pop(CLASS, None)
    st.query_params.pop(TEACHER, None)
    st.query_params.pop(STUDENT, None)


# --- the teacher publishes ----------------------------------------------------------------------------


def on_step(step: Step, asked: bool) -> None:
    """The stepper, on the teacher's page: the step on screen now, and whether it is a question."""
    if teaching():
        value = step.value if asked else None
        lesson = st.session_state.get(PAGE, "")
        st.session_state[CURRENT] = store.Key(
            lesson, step.name, heading(step), value, step.rounded, step.slips
        )


def teacher_query() -> tuple[tuple[str, str], ...]:
    """The teacher's link keys for this page: everything in the link but the class's own keys."""
    query = st.query_params
    return tuple((k, v) for k in query if k not in PRIVATE for v in query.get_all(k))


def publish() -> None:
    """The teacher's page, at the end of each run (app.py; a lesson's fragment, through presenter.tools):
    its lesson, link and current question, sent when they changed. The Class page is not a lesson."""
    ss, m = st.session_state, member()
    lesson = ss.get(PAGE)
    if m is None or not m.teaching or lesson in (None, CLASS_PAGE.url_path):
        return
    current = ss.get(CURRENT)
    key = current if current is not None and current.lesson == lesson else None
    now = (m.code, lesson, teacher_query(), key)
    if ss.get(PUBLISHED) != now and (state := call(store.publish, m.code, m.token, lesson, now[2], key)):
        ss[PUBLISHED] = now
        _remember(m.code, state, time.monotonic())


# --- a student's page follows ------------------------------------------------------------------------


def bar() -> None:
    """app.py, above the page: a one-line notice, the join form for a students' link, the class's line
    (a student's follows the teacher; a teacher's counts the answers)."""
    ss = st.session_state
    if notice := ss.pop(NOTICE, None):
        st.warning(echo.markdown(notice), icon="🎓")
    m = member()
    if m is None:
        if ss.get(PENDING) and ss.get(PAGE) != CLASS_PAGE.url_path:  # the Class page draws it itself
            join_form(ss[PENDING], key="class_join_bar")
        return
    if m.teaching:
        if ss.get(PAGE) != CLASS_PAGE.url_path:
            st.fragment(counter, run_every=COUNT_EVERY)()
        return
    st.fragment(follow, run_every=FOLLOW_EVERY)()
    if (state := ss.get(STATE)) is not None and (m := member()) is not None:
        _student_line(m, state)


def _student_line(m: Member, state: store.ClassState) -> None:
    """Drawn by a full run, outside the follow fragment: a tick that finds nothing new then draws
    nothing at all (each element a tick draws is CPU, times every follower)."""
    with st.container(horizontal=True, vertical_alignment="center", key="class_bar"):
        st.markdown(line(m, state))
        st.toggle(
            "My own pace",
            key=PACE,
            on_change=st.session_state.pop,
            args=(VERSION, None),  # either way: back to following catches up at once
            help="Stop following the teacher's page; turn it off to catch up.",
        )


def follow() -> None:
    """A student's look at the class, at each run of the page and each safety tick: when the teacher
    has moved (the state's version), the page moves to the teacher's place, unless "My own pace" is on;
    a reveal or an end redraws it. It draws nothing but a passing failure: the class's line is the full
    run's (``bar``)."""
    ss, m = st.session_state, member()
    full = ss.pop(FULL, False)  # drawn in a full run: the page below draws with this state anyway
    if m is None or m.teaching:
        return
    state = class_state(m.code)
    if state is None and ss.get(NOTICE) == DATABASE:
        st.caption(echo.markdown(DATABASE))  # a passing failure: the next look tries again
        return
    if state is None or state.ended:
        leave()
        ss[NOTICE] = ENDED
        st.rerun(scope="app")
    ss[STATE] = state
    wake.watch(m.code, state.version, engine())  # this page shows that version from now on
    if state.version == ss.get(VERSION):
        return
    ss[VERSION] = state.version
    if not ss.get(PACE) and state.lesson in BY_PATH and not here(state):
        move(state)
    elif not full:
        st.rerun(scope="app")  # a reveal, or the teacher's question on the step this page is at


def line(m: Member, state: store.ClassState) -> str:
    """The student's class line: the class, their name (as typed: escaped), following or not."""
    name = echo.markdown(m.student.name) if m.student else ""
    where = "at your own pace" if st.session_state.get(PACE) else "following the teacher"
    waiting = "" if state.lesson else " · waiting for the teacher to open a lesson"
    return f"🎓 Class **{m.code}** · you are **{name}** · {where}{waiting}"


def here(state: store.ClassState) -> bool:
    """Whether this page is the teacher's page with the teacher's link keys."""
    return st.session_state.get(PAGE) == state.lesson and sorted(teacher_query()) == sorted(state.query)


def move(state: store.ClassState) -> None:
    """To the teacher's page with the teacher's link keys (and the class's own). The student's own id
    is in the address from the move on: a page cut off before the new page's run writes it again
    (its machine died mid-move) comes back in the class, not at a join form."""
    query: dict[str, list[str]] = {CLASS: [state.code]}
    if (m := member()) is not None and m.student is not None:
        query[STUDENT] = [m.student.id]
    for k, v in state.query:
        query.setdefault(k, []).append(v)
    st.session_state[MOVE] = (state.lesson, query)
    _unbind(query)
    st.switch_page(BY_PATH[state.lesson].path, query_params=query)


def _unbind(keys) -> None:
    """Let a move set this page's keys that a widget binds to the link (``bind="query-params"``), which
    Streamlit 1.67 refuses to set directly; the widgets bind again as they draw (the one private use
    here, as ui/settings.py's ``_unseed_refused``)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with ctx.session_state.query_params() as query:
        for key in keys:
            if binding := query.get_binding_for_param(key):
                query.unbind_widget(binding.widget_id)


def _arrive() -> None:
    """A moved page's first run, before anything draws: its keys take the teacher's values (each setting
    reads the link again, as a fresh link's), the example the teacher's numbers."""
    ss = st.session_state
    moved = ss.pop(MOVE, None)
    if moved is None or moved[0] != ss.get(PAGE):
        return
    lesson, query = moved
    owned = BY_PATH[lesson].prefixes
    seen, notes = ss.setdefault(SEEN, {}), ss.setdefault(NOTES, {})
    for key in set(seen) | set(query):
        if owned and key.startswith(owned):
            ss.pop(key, None), seen.pop(key, None), notes.pop(key, None)
    from ui import sidebar  # the sidebar imports nothing of the class; a move is its one use of it

    sidebar.adopt(query)


# --- a student answers --------------------------------------------------------------------------------

ASK, SHOWN = "ask", "shown"


def question(step: Step) -> str:
    """For a student in a class: ``ASK`` at the teacher's question, until answered right or revealed;
    ``SHOWN`` for a step the teacher revealed or this student answered right; "" otherwise."""
    m, state = member(), st.session_state.get(STATE)
    if m is None or m.teaching or state is None or state.ended:
        return ""
    lesson = st.session_state.get(PAGE)
    if (lesson, step.name) in state.revealed:
        return SHOWN
    key = state.key
    if key is None or key.value is None or (key.lesson, key.step) != (lesson, step.name):
        return ""
    if step.value is None or not math.isclose(step.value, key.value, rel_tol=1e-9, abs_tol=1e-12):
        return ""  # this page's own numbers (at its own pace): not the class's question
    marked = st.session_state.get(MARKED, {}).get((lesson, step.name))
    return SHOWN if marked and marked[1].right else ASK


def answer_box(step: Step, symbol_latex: str) -> None:
    """The teacher's question on a student's page: "Your answer", Enter or Check, stored, then marked."""
    st.latex(symbol_latex)
    in_words.formula(symbol_latex, f"class_{step.name}")
    with st.form(f"class_answer_{step.name}", border=False, enter_to_submit=True):
        field, check = st.columns([4, 1], vertical_alignment="bottom")
        field.text_input(
            "Your answer", key=f"class_answer_text_{step.name}", max_chars=40, placeholder="e.g. 0.5933"
        )
        check.form_submit_button("Check", on_click=_submit, args=(step.name,), width="stretch")
    said(step)


def said(step: Step) -> None:
    """What the last Check of this step said (stored or not, right or not)."""
    where = (st.session_state.get(PAGE), step.name)
    kind, text = st.session_state.get(SAID, {}).get(where, (None, ""))
    if kind:
        getattr(st, kind)(echo.markdown(text), icon={"success": "✅", "info": "📝"}.get(kind, "⚠️"))


def mark(text: str, key: store.Key) -> answers.Verdict | None:
    """The stepper's fair marking against the teacher's key; None when the text is not a number a
    float holds (1e400 too)."""
    from ui import stepper  # the stepper imports this module: its marking is read when it is needed

    number = plain_number(text.strip().replace("−", "-")) if len(text) <= 40 else None
    if number is None or not math.isfinite(number):
        return None
    return stepper.verdict(
        text, Step("", "", "", "", "", key.value, "", rounded=key.rounded, slips=key.slips)
    )


def _submit(step_name: str) -> None:
    ss, m, state = st.session_state, member(), st.session_state.get(STATE)
    key = state.key if state else None
    if m is None or m.student is None or key is None or key.step != step_name:
        return
    where = (key.lesson, key.step)
    text = (ss.get(f"class_answer_text_{step_name}") or "").strip()
    verdict = mark(text, key)
    told = ss.setdefault(SAID, {})
    if verdict is None:
        told[where] = ("warning", UNREADABLE)
        return
    stored = call(store.record_answer, m.code, m.student.id, key.lesson, key.step, text, verdict.right)
    if stored is None:  # refused (too fast, the class ended) or not stored: said, never acknowledged
        told[where] = ("error", ss.pop(NOTICE, DATABASE))
        return
    ss.setdefault(MARKED, {})[where] = (text, verdict)
    told[where] = (
        ("success", "Answer stored: right.") if verdict.right else ("info", f"Answer stored. {verdict.note}")
    )


# --- the teacher's counter on a lesson page ------------------------------------------------------------


def counter() -> None:
    """The teacher's compact line on a lesson page: joined, answered, correct for the question on
    screen, and Reveal."""
    m = member()
    ss = st.session_state
    ss.pop(FULL, None)
    if m is None or not m.teaching:
        return
    state = class_state(m.code)
    if state is None or state.ended:
        st.caption(echo.markdown(ss.pop(NOTICE, ENDED)))
        return
    key = state.key
    counts = call(store.counts, m.code, m.token, *((key.lesson, key.step) if key else ("", "")))
    with st.container(horizontal=True, vertical_alignment="center", key="class_counter"):
        if counts is None:
            st.caption(echo.markdown(ss.pop(NOTICE, DATABASE)))
            return
        text = f"🎓 Class **{m.code}** · {counts.joined} joined"
        if key and key.value is not None:
            text += f" · {counts.answered} answered · {counts.correct} correct"
        st.markdown(text)
        if key and key.value is not None:
            revealed = (key.lesson, key.step) in state.revealed
            st.button(
                "Revealed" if revealed else "Reveal",
                key="class_reveal_counter",
                disabled=revealed,
                on_click=reveal,
                args=(key.lesson, key.step),
                help="Show this step's value on every student's screen.",
            )


def reveal(lesson: str, step: str) -> None:
    m = member()
    if m is not None and m.teaching:
        call(store.reveal, m.code, m.token, lesson, step)


def end() -> None:
    """End class: every student's page says so and leaves it; the answers stay for the download."""
    m = member()
    if m is not None and m.teaching:
        call(store.end_class, m.code, m.token)


def start_again() -> None:
    """A teacher whose class has ended starts a new one."""
    leave()
    start()


# --- the sidebar's line -------------------------------------------------------------------------------


def sidebar_line() -> None:
    """In the sidebar's top box: the class this session is in, as whom, and Leave class."""
    m = member()
    if m is None:
        return
    who = "the teacher" if m.teaching else echo.markdown(m.student.name if m.student else "")
    st.markdown(f"🎓 In class **{m.code}** as **{who}**")
    if m.teaching:
        st.page_link(CLASS_PAGE.path, label="The class's answers", icon="📊")
    st.button("Leave class", key="class_leave", on_click=leave)
