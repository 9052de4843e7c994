"""Lesson 6's settings, declared once (ui/settings draws, binds and checks them). Keys start with
``rnn_`` (Part A, through time) or ``fp_`` (Part B, to a fixed point)."""

import math

import streamlit as st

from backprop_core import numbers
from backprop_core.recurrent import (
    FIXED_POINT_ACTIVATIONS,
    LOSS_KINDS,
    MAX_T,
    MAX_UNITS,
    RNN,
    TASKS,
    parse_matrix,
    parse_vector,
)
from pages.recurrent import maths as rl
from pages.recurrent.maths import DEFAULT_NETWORK, PRESETS
from ui.settings import Choice, Number, Text, Whole, plain_number

FORMAT = "%0.2f"  # the real numbers' widgets, as Streamlit shows a float by default
_LIMIT = f"from −{numbers.text(rl.LIMIT)} to {numbers.text(rl.LIMIT)}"
_ROWS = f"a square matrix, 2×2 to {MAX_UNITS}×{MAX_UNITS}, of numbers {_LIMIT} (rows like 0.1,-0.2;0.3,0.1)"
_ENTRIES = f"one number per unit of W, each {_LIMIT} (like 0.5,-0.5)"


def _matrix(text: str) -> None:
    """A link's W: rows separated by ";", entries by ",", each a plain number, square and in range."""
    for row in text.split(";"):
        _plain(row)
    if rl.matrix_problem(parse_matrix(text)):
        raise ValueError(text)


def _vector(text: str) -> None:
    """A link's I or target: plain numbers in range, one per unit of the link's W (or the default's)."""
    _plain(text)
    if rl.vector_problem(parse_vector(text), _units()):
        raise ValueError(text)


def _plain(text: str) -> None:
    entries = [plain_number(entry) for entry in text.split(",")]
    if ";" in text or any(x is None or not math.isfinite(x) for x in entries):
        raise ValueError(text)


def _units() -> int:
    text = st.query_params.get(FP_W.key, DEFAULT_NETWORK[0])  # FP_W: declared below, read at call time
    try:
        _matrix(text)
    except ValueError:
        text = DEFAULT_NETWORK[0]
    return len(parse_matrix(text))


PART = Choice(
    "rnn_part",
    "Part",
    ("through time", "fixed point"),
    "through time",
    "A: backpropagation through time. B: recurrent backpropagation to a fixed point (Almeida–Pineda).",
    kind="radio",
)

RNN_T = Whole("rnn_T", "T, steps", 1, MAX_T, 8, "How many steps the network is unrolled.")
RNN_WEIGHTS = tuple(
    Number(f"rnn_{p}", p, -5.0, 5.0, getattr(RNN(), p), text, format=FORMAT)
    for p, text in (
        ("w", "The recurrent weight: h_(t−1) → h_t. Its size decides whether gradients vanish or explode."),
        ("u", "The input weight: x_t → h_t."),
        ("b", "The hidden bias."),
        ("v", "The output weight: h_t → y_t."),
        ("c", "The output bias."),
    )
)
RNN_TASK = Choice(
    "rnn_task",
    "Task",
    TASKS,
    "remember",
    "remember: output the first input after T steps. sine: predict the next value of a noisy sine.",
    "radio",
)
RNN_LOSS = Choice(
    "rnn_loss", "Loss at", LOSS_KINDS, "last", "last: the last step's error only. sum: every step's.", "radio"
)
RNN_SEED = Whole("rnn_seed", "Seed", 0, 9999, 0)
RNN_W2 = Number(
    "rnn_w2",
    "Compare with another w",
    -3.0,
    3.0,
    1.5,
    "A second recurrent weight, on the same inputs: slide it across |w| = 1 and watch the line turn.",
    step=0.05,
    format=FORMAT,
    slider=True,
)
RNN_TRUNCATE = Whole(
    "rnn_truncate",
    "Truncate BPTT to k steps (0: off)",
    0,
    MAX_T,
    0,
    "Each step's error is sent back at most k steps (truncated BPTT).",
)
RNN_CLIP = Number(
    "rnn_clip",
    "Clip the gradient's norm at (0: off)",
    0.0,
    100.0,
    0.0,
    "Scale the gradient down to this length when it is longer (gradient clipping).",
    format=FORMAT,
)
RNN_LR = Number("rnn_lr", "Learning rate η", 0.001, 10.0, 0.1, format=FORMAT)
RNN_STEPS = Whole("rnn_steps", "Training steps", 10, 1000, 300)
RNN_SETTINGS = (
    PART,
    RNN_T,
    *RNN_WEIGHTS,
    RNN_TASK,
    RNN_LOSS,
    RNN_SEED,
    RNN_W2,
    RNN_TRUNCATE,
    RNN_CLIP,
    RNN_LR,
    RNN_STEPS,
)

FP_W = Text(
    "fp_W", "W (rows separated by ; entries by ,)", DEFAULT_NETWORK[0], parse=_matrix, rule=f"is not {_ROWS}"
)
FP_I = Text("fp_I", "External input I", DEFAULT_NETWORK[1], parse=_vector, rule=f"is not {_ENTRIES}")
FP_TARGET = Text(
    "fp_target", "Target fixed point", DEFAULT_NETWORK[2], parse=_vector, rule=f"is not {_ENTRIES}"
)
FP_F = Choice("fp_f", "f", FIXED_POINT_ACTIVATIONS, "sigmoid", kind="radio")
FP_CAP = Whole("fp_cap", "Iteration cap", 1, 5000, 1000)
FP_TOL = Whole("fp_tol", "Tolerance 10^−k, k =", 2, 14, 10)
FP_LR = Number("fp_lr", "Learning rate η", 0.01, 20.0, 2.0, format=FORMAT)
FP_STEPS = Whole("fp_steps", "Training steps", 1, 500, 50)
FP_SETTINGS = (FP_W, FP_I, FP_TARGET, FP_F, FP_CAP, FP_TOL, FP_LR, FP_STEPS)
SETTINGS = (*RNN_SETTINGS, *FP_SETTINGS)


def load_preset() -> None:
    """The example network chosen in the selectbox, into the three text fields (a callback). The selectbox
    is a plain widget, not a setting: choosing is an action, and the link carries the three fields."""
    ss = st.session_state
    choice = ss.get("fp_preset")
    if choice in PRESETS:
        ss[FP_W.key], ss[FP_I.key], ss[FP_TARGET.key] = PRESETS[choice]
