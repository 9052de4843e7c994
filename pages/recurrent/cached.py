"""The recurrent lesson's cached core calls: pure functions of frozen keys with named fields, for the
steps of each part (``rnn_lesson``, ``fixed_point_lesson``), the analysis of Part A and both parts'
training."""

from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from backprop_core import numbers, work
from backprop_core.recurrent import (
    RNN,
    FixedPoint,
    FixedPointHistory,
    Task,
    bptt,
    clip,
    contribution_by_length,
    dependence,
    fixed_point,
    train_fixed_point,
    unroll,
)
from backprop_core.steps import Step
from pages.recurrent import maths as rl
from pages.recurrent.steps import bptt_steps
from ui import heavy

# --- Part A: the steps --------------------------------------------------------------------


@dataclass(frozen=True)
class RnnLessonKey:
    rnn: RNN
    task: Task
    loss: str
    digits: int


@dataclass(frozen=True)
class RnnLesson:
    steps: tuple[Step, ...]
    xs: np.ndarray  # the first sequence's inputs


@st.cache_data(max_entries=64, show_spinner=False)
def rnn_lesson(key: RnnLessonKey) -> RnnLesson:
    """The forward pass and BPTT of one sequence, every value a step."""
    xs, targets = key.task.data()
    run = unroll(key.rnn, xs, targets, key.loss)
    return RnnLesson(bptt_steps(key.rnn, run, bptt(key.rnn, run), key.digits), xs[:, 0])


# --- Part A: vanishing and exploding, truncation and clipping, training --------------------


@dataclass(frozen=True)
class RnnAnalysisKey:
    rnn: RNN
    task: Task
    loss: str
    w2: float
    truncate: int | None
    max_norm: float | None


@dataclass(frozen=True)
class RnnAnalysis:
    dependence: dict[str, np.ndarray]
    terms_by_length: np.ndarray
    full_terms: np.ndarray
    truncated_terms: np.ndarray
    grad: RNN
    truncated: RNN
    clipped: RNN
    was_clipped: bool
    norm: float


@st.cache_data(max_entries=64, show_spinner=False)
def rnn_analysis(key: RnnAnalysisKey) -> RnnAnalysis:
    xs, targets = key.task.data()
    r = key.rnn
    curves = {
        f"w = {numbers.text(r.w, 4)}": dependence(r, xs),
        f"w = {numbers.text(key.w2, 4)}": dependence(replace(r, w=key.w2), xs),
    }
    terms, _ = contribution_by_length(r, key.task, key.loss, key.truncate)
    run = unroll(r, xs, targets, key.loss)
    full, cut = bptt(r, run), bptt(r, run, key.truncate)
    clipped, was = clip(cut.grad, key.max_norm)
    return RnnAnalysis(
        curves, terms, full.contributions, cut.contributions, full.grad, cut.grad, clipped, was, cut.norm
    )


@dataclass(frozen=True)
class RnnTrainingKey:
    rnn: RNN
    task: Task  # its T is the current one; maths.SHORT_T and LONG_T are trained too
    loss: str
    lr: float
    steps: int
    truncate: int | None
    max_norm: float | None


def rnn_training(key: RnnTrainingKey) -> dict[str, tuple[np.ndarray, int | None]]:
    """Loss curves for T small, the current T and T large: {label: (losses, diverged_at)}; a long
    training takes turns in the worker (``ui.heavy``)."""
    with heavy.LongRun(work.rnn(key.steps, rl.training_lengths(key.task.T))) as turn:
        return turn.call(_rnn_training, key)


@st.cache_data(max_entries=32, show_spinner=False)
def _rnn_training(key: RnnTrainingKey) -> dict[str, tuple[np.ndarray, int | None]]:
    heavy.my_turn()
    k = key
    return heavy.compute(rl.training_curves, k.rnn, k.task, k.loss, k.lr, k.steps, k.truncate, k.max_norm)


# --- Part B -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FixedPointKey:
    W: tuple[tuple[float, ...], ...]
    I: tuple[float, ...]
    target: tuple[float, ...]
    f: str
    tol: float
    cap: int
    lr: float
    digits: int


def relaxed(key: FixedPointKey) -> FixedPoint:
    """The network relaxed forward and back once: what the lesson's cost follows from (at most twice
    the cap's iterations: in the page, or with a high cap in the worker)."""
    with heavy.LongRun(work.relaxations(2 * key.cap)) as turn:
        return turn.call(_relaxed, key.W, key.I, key.target, key.f, key.tol, key.cap)


@st.cache_data(max_entries=64, show_spinner=False)
def _relaxed(W: tuple, I: tuple, target: tuple, f: str, tol: float, cap: int) -> FixedPoint:
    heavy.my_turn()
    return heavy.compute(fixed_point, np.array(W), np.array(I), np.array(target), f, tol, cap)


def fixed_point_lesson(key: FixedPointKey) -> rl.FixedPointLesson:
    """The lesson of Part B (a long one takes turns in the worker, ``ui.heavy``)."""
    with heavy.LongRun(rl.lesson_cost(relaxed(key), len(key.W), key.tol, key.cap)) as turn:
        return turn.call(_fixed_point_lesson, key)


@st.cache_data(max_entries=64, show_spinner=False)
def _fixed_point_lesson(key: FixedPointKey) -> rl.FixedPointLesson:
    heavy.my_turn()
    k = key
    return heavy.compute(rl.fixed_point_lesson, k.W, k.I, k.target, k.f, k.tol, k.cap, k.lr, k.digits)


def fixed_point_training(key: FixedPointKey, steps: int) -> FixedPointHistory:
    """``steps`` steps of training W (at most ``maths.max_training_steps`` of the key's cap)."""
    with heavy.LongRun(rl.training_cost(relaxed(key), steps)) as turn:
        return turn.call(_fixed_point_training, key, steps)


@st.cache_data(max_entries=32, show_spinner=False)
def _fixed_point_training(key: FixedPointKey, steps: int) -> FixedPointHistory:
    heavy.my_turn()
    W, I, target = np.array(key.W), np.array(key.I), np.array(key.target)
    return heavy.compute(train_fixed_point, W, I, target, key.lr, steps, key.f, key.tol, key.cap)
