"""The Worksheet block of lessons 1, 2, 4 and 5: the paper, "New numbers" (a seeded example: the page and
the sheet then agree) and two downloads, the worksheet and its answer key. The PDFs are built when a
button is pressed (deferred data, as ui/worked_example.export_buttons), never on a rerun."""

import functools
import random
from collections.abc import Callable, Mapping

import streamlit as st

from backprop_core.example import SEEDS, random_example
from ui.example_settings import EXAMPLE, LessonState
from ui.settings import Whole, read_link
from ui.worksheet import typeset, worked
from ui.worksheet.sheet import Sheet, file_name

PAPERS = {"a4": "A4", "letter": "US Letter"}
UNSEEDED = "These numbers have no seed: the sheets say where they came from."
EXAMPLE_SEED = "example_seed"  # session: the seed of the worked example's new numbers (lessons 1 and 2)
ABOUT = (
    "A worksheet to print from the numbers on this page: the given numbers and a box for each value, with "
    "its formula; the answer key fills them in. **New numbers** draws a seeded example, so each group can "
    "get its own; the seed is printed on both sheets."
)


def block(
    prefix: str,
    sheet: Callable[[], Sheet],
    new_numbers: Callable[[int], Mapping[str, object]],
    seeds: tuple[int, int],
    seed: int | None,
    slug: str,
    full_rerun: bool = False,
) -> None:
    """``sheet`` builds the page's sheet (only when a download is pressed); ``new_numbers(seed)`` gives the
    session values that put the seed's example on the page; ``seed`` the one on the page now, if any."""
    st.subheader("Worksheet")
    st.markdown(ABOUT)
    paper_column, new_column, sheet_column, key_column = st.columns(
        [1.3, 1, 1, 1], vertical_alignment="bottom"
    )
    with paper_column:
        paper = st.radio(
            "Paper", tuple(PAPERS), format_func=PAPERS.get, horizontal=True, key=f"{prefix}_paper"
        )
    with new_column:
        clicked = st.button(
            "🎲 New numbers", key=f"{prefix}_new_numbers", on_click=_new, args=(new_numbers, seeds, seed)
        )
    for column, key, label in (
        (sheet_column, False, "⬇️ Worksheet (PDF)"),
        (key_column, True, "⬇️ Answer key (PDF)"),
    ):
        with column:
            st.download_button(
                label,
                functools.partial(_pdf, sheet, key, paper),
                file_name=file_name(slug, seed, key),
                mime="application/pdf",
                key=f"{prefix}_{'key' if key else 'sheet'}_pdf",
                on_click="ignore",
            )
    st.caption(f"Seed {seed}: the same seed gives the same numbers." if seed is not None else UNSEEDED)
    if clicked and full_rerun:
        st.rerun(scope="app")  # the sidebar shows the example's new numbers too


def _new(new_numbers, seeds: tuple[int, int], current: int | None) -> None:
    """A seed other than the current one, and the session values for its example."""
    seed = current
    while seed == current:
        seed = random.randint(*seeds)  # noqa: S311 (a worksheet's numbers, not a secret)
    st.session_state.update(new_numbers(seed))


def _pdf(sheet: Callable[[], Sheet], key: bool, paper: str) -> bytes:
    return typeset.pdf(sheet(), key=key, paper=paper)


# --- lessons 1 and 2: the worked example's numbers are the sidebar's --------------------------------------


def worked_example(prefix: str, state: LessonState) -> None:
    """The block for lesson 1 (``prefix`` "fwd") or 2 ("bwd"): New numbers sets the sidebar's example; the
    seed is in the link (``fwd_seed``) while the example is still that seed's."""
    setting = Whole(f"{prefix}_seed", "Seed", *SEEDS, SEEDS[0], "The seed of the worksheet's new numbers.")
    ss = st.session_state
    if EXAMPLE_SEED not in ss and setting.key in st.query_params:
        ss[EXAMPLE_SEED] = read_link(setting)
    seed = ss.get(EXAMPLE_SEED)
    seed = seed if seed is not None and random_example(seed) == state.example else None
    if seed is None:
        if setting.key in st.query_params:
            del st.query_params[setting.key]
    elif st.query_params.get(setting.key) != setting.link(seed):
        st.query_params[setting.key] = setting.link(seed)  # even seed 0: no seed says "typed in"
    lesson = (
        worked.forward
        if prefix == "fwd"
        else functools.partial(worked.backward, update_biases=state.update_biases)
    )
    block(
        prefix,
        functools.partial(lesson, state.example, seed, state.digits),
        _example_values,
        SEEDS,
        seed,
        "forward" if prefix == "fwd" else "backward",
        full_rerun=True,
    )


def _example_values(seed: int) -> dict:
    """The sidebar's fields for the seed's example (their keys are the example's field names)."""
    example = random_example(seed)
    return {EXAMPLE_SEED: seed} | {s.key: getattr(example, s.key) for s in EXAMPLE}
