"""After a lost connection, the page reruns the whole app before anything else.

When a server process dies (deploy/classroom.sh starts it again), each of its students' pages
reconnects, to a new session that has never run their page. Streamlit's page (1.67) then asks
for a full run with every widget's value only if a timer (``st.fragment(run_every=...)``) is
registered or its last run was a fragment's. Otherwise it waits for the student, and their
first click inside a page is lost: every lesson is a fragment, which the new session does not
know ("fragment ... does not exist anymore" in the server's log), and the first sidebar edit was
the new session's first run, which read the fields from the older link.

So every run registers one timer that does nothing. Its tick, once an hour, reruns an empty
fragment (a few milliseconds); what counts is that a reconnect is followed by a full run.
tests/e2e/test_classroom.py kills a process under a browser and checks that its first edit
and its first Next after the reconnect are kept.
"""

import streamlit as st

TICK = 3600  # seconds: once an hour; the browser's timers allow at most about 24 days


def _nothing() -> None:
    """The timer's fragment: nothing to draw."""


def rerun_after_reconnect() -> None:
    """Register the timer (on every full run: the page forgets its timers when a run starts)."""
    st.fragment(_nothing, run_every=TICK)()
