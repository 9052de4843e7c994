"""Presenter mode: the lesson alone, large, one step at a time, driven from the keyboard.

A toggle in the sidebar, and a URL flag (``?present=1``) so a teacher's link opens in it.
It hides the sidebar, enlarges type and formulas for a projector, makes Previous / Next
large, and answers → or Space (next) and ← (previous) while focus is not in a text field.
Streamlit has no key-press API: a small script in a zero-height component listens on the
app's own document (``window.parent``, the same origin) and clicks the lesson's buttons.
"""

import streamlit as st
import streamlit.components.v1 as components

from ui.settings import Flag

HELP = (
    "For a projector: no sidebar, large type, one step at a time; → or Space for Next, ← for Previous. "
    "The link keeps it (present=1)."
)
# Read and named as every setting is; drawn here, its notice under it in one container, so that no field
# of the sidebar moves when one shows (ui/sidebar.py says why that matters).
PRESENT = Flag("present", "Presenter mode", False, HELP)
KEY = PRESENT.key  # session state, and the URL flag
SEEN = "present_link_seen"
NOTICE = "present_notice"  # a bad link value's warning, shown until the toggle is used
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 4.5rem 3rem 2rem; font-size: 1.35rem; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.35rem; }
[data-testid="stMain"] .katex-display { font-size: 1.45em; }
</style>
"""

# Clicks the lesson's own buttons, so a key does exactly what a click does (and nothing when the
# button is disabled). One listener at a time: each render replaces the last one's.
KEYS = """
<script>
const SELECTORS = {next: `NEXT_BUTTONS`, prev: `PREVIOUS_BUTTONS`};
const doc = window.parent.document;
if (window.parent.__backpropKeys) doc.removeEventListener("keydown", window.parent.__backpropKeys);
window.parent.__backpropKeys = (event) => {
  const target = event.target;
  // keys that a focused field or control uses itself (a text box, the step slider, a radio group)
  const typing = target.closest && target.closest(
    "input, textarea, select, [contenteditable=true], [role=slider], [role=radiogroup], [role=combobox]");
  if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
  const key = {ArrowRight: "next", " ": "next", ArrowLeft: "prev"}[event.key];
  if (!key) return;
  const buttons = [...doc.querySelectorAll(SELECTORS[key])];  // the first one on screen, else the first
  const onScreen = buttons.find(b => {
    const box = b.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.parent.innerHeight;
  });
  const button = onScreen || buttons[0];
  if (!button) return;
  event.preventDefault();  // Space would scroll the page
  if (!button.disabled) button.click();
};
doc.addEventListener("keydown", window.parent.__backpropKeys);
</script>
"""


def _buttons(keys, inside: str = "button") -> str:
    return ", ".join(f'[data-testid="stMain"] .st-key-{k} {inside}' for k in keys)


def toggle() -> bool:
    """The sidebar's toggle, set once from the link; the URL follows it. Returns whether presenting."""
    ss = st.session_state
    link = st.query_params.get(KEY)
    if link is not None and link != ss.get(SEEN):  # a link's value (not the one this session wrote)
        value = PRESENT.read(link)
        ss[KEY] = PRESENT.default if value is None else value
        if value is None:  # named in the one wording: the visitor's text is never echoed
            ss[NOTICE] = PRESENT.bad()
    # the notice under the toggle, both in one container: every field after them keeps its place
    with st.sidebar, st.container():
        st.toggle(PRESENT.label, key=KEY, on_change=ss.pop, args=(NOTICE, None), help=PRESENT.help)
        if ss.get(NOTICE):
            st.warning(ss[NOTICE], icon="⚠️")
    if ss.get(KEY):
        st.query_params[KEY] = PRESENT.link(True)
    else:
        st.query_params.pop(KEY, None)
    ss[SEEN] = st.query_params.get(KEY)
    return bool(ss.get(KEY))


def presenting() -> bool:
    return bool(st.session_state.get(KEY))


def apply() -> None:
    """On every run while presenting: the large layout, a way out, and the keyboard."""
    if not presenting():
        return
    st.html(CSS)
    st.button("✕ Leave presenter mode", key="leave_presenter", on_click=_leave, type="tertiary")


def keyboard(next_key: str, previous_key: str) -> None:
    """A lesson's Previous / Next made large, and the key listener clicking them. The stepper calls this
    with its buttons' keys (``next``, ``rnn_next``), so a lesson with keys of its own needs nothing here."""
    if not presenting():
        return
    both = (next_key, previous_key)
    large = f"{_buttons(both)} {{ min-height: 4.5rem; }}"
    label = f"{_buttons(both, 'button p')} {{ font-size: 2rem; font-weight: 600; }}"
    st.html(f"<style>\n{large}\n{label}\n</style>")  # style only: Streamlit gives it no room on the page
    script = KEYS.replace("NEXT_BUTTONS", _buttons([next_key])).replace(
        "PREVIOUS_BUTTONS", _buttons([previous_key])
    )
    components.html(script, height=0)


def _leave() -> None:
    st.session_state[KEY] = False
