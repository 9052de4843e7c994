"""Lesson 4's settings, declared once (ui/settings draws, binds and checks them), and its edited cells.

The sizes, activation, seed, learning rate and digits are widgets bound to the URL. The edited cells
have no widget of their own (the cell editor makes one edit at a time): they travel in ``vec_cells``
(``X[0,1]=0.5;W1[2,0]=-1``), parsed here with a regular expression and the app's plain-number rule,
never evaluated; an edit that is not one is named in the app's one wording and the others kept.
"""

import math
import re

import streamlit as st

from backprop_core import numbers
from backprop_core.notation import LEARNING_RATE
from pages.vectorised import maths as v
from ui.settings import Choice, Number, Whole, listed, notice, plain_number

CELLS = "vec_cells"  # URL key and session key of the edited cells
NOTICES = "vec_notices"  # session_state: what was wrong with the link's edited cells
DEFAULT = v.Batch()
SEED = Whole("vec_seed", "Seed", 0, 9999, DEFAULT.seed, "The random numbers of X, Y and the initial weights.")
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
SETTINGS = (
    Whole("vec_n", "Inputs n", *v.LIMITS["n_in"], DEFAULT.n_in, "Rows of X: the numbers of each sample."),
    Whole("vec_h", "Hidden neurons h", *v.LIMITS["hidden"], DEFAULT.hidden, "Rows of W1, Z1 and A1."),
    Whole("vec_m", "Samples m", *v.LIMITS["m"], DEFAULT.m, "Columns of X: the samples computed at once."),
    Choice("vec_g", "Hidden activation g", v.HIDDEN_ACTIVATIONS, DEFAULT.activation,
           "g in A1 = g(Z1); the output is always a sigmoid.", kind="select"),
    SEED,
    Number("vec_lr", f"Learning rate {LEARNING_RATE.text}", 0.001, 10.0, DEFAULT.lr,
           "How far the update moves each parameter.", 0.1),
    Whole("vec_digits", "Digits in matrices", 2, 5, v.DIGITS, "Significant digits of each matrix entry."),
)  # fmt: skip
ROWS = (SETTINGS[:4], SETTINGS[4:])  # two rows: readable at a projector's 1024 px
_CELL = re.compile(r"\s*(X|Y|W1|b1|W2|b2)\[([0-9]{1,2}),([0-9]{1,2})\]=([^;]{1,40})\s*")  # ASCII digits only


def parse_cells(text: str) -> tuple[tuple, list[int]]:
    """``X[0,1]=0.5;W1[2,0]=-1`` -> the cells, and the number of each edit that is not one."""
    cells, bad = [], []
    for i, part in enumerate(p for p in text.split(";") if p.strip()):
        m = _CELL.fullmatch(part)
        value = plain_number(m[4]) if m else None  # the app's one rule for a number in a link
        if value is None or not math.isfinite(value):
            bad.append(i + 1)
        else:
            cells.append((m[1], int(m[2]), int(m[3]), value))
    return tuple(cells), bad


def cells_text(cells) -> str:
    return ";".join(f"{m}[{i},{j}]={numbers.text(x, 17)}" for m, i, j, x in cells)


def session_cells() -> tuple:
    """The edited cells (from the link on the session's first visit), checked later against the sizes."""
    ss = st.session_state
    if CELLS not in ss:
        cells, bad = parse_cells(st.query_params.get(CELLS, ""))
        ss[CELLS] = cells
        if bad:
            which = listed(bad)
            said = notice(CELLS, f"is not like X[0,1]=0.5;W1[2,0]=-1 at edit {which}", "the other edits")
            ss[NOTICES] = ss.get(NOTICES, []) + [said]
    return ss[CELLS]


def write_cells(cells) -> None:
    if cells:
        st.query_params[CELLS] = cells_text(cells)
    elif CELLS in st.query_params:
        del st.query_params[CELLS]
