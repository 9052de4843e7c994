"""The recurrent lesson's cached core calls: pure functions of frozen keys with named fields, for the
steps of each part (``rnn_lesson``, ``fixed_point_lesson``), the analysis of Part A and both parts'
training."""

from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from backprop_core import numbers
from backprop_core.recurrent import (
    RNN,
    Task,
    bptt,
    clip,
    contribution_by_length,
    dependence,
    fixed_point,
    numeric_fixed_point_gradient,
    train_fixed_point,
    train_rnn,
    unroll,
    unrolled_gradient,
)
from backprop_core.steps import Step
from pages.recurrent.steps import bptt_steps, fixed_point_steps

SHORT_T, LONG_T = 4, 40  # the training comparison: T small and T large


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
    task: Task  # its T is the current one; SHORT_T and LONG_T are trained too
    loss: str
    lr: float
    steps: int
    truncate: int | None
    max_norm: float | None


@st.cache_data(max_entries=32, show_spinner=False)
def rnn_training(key: RnnTrainingKey) -> dict[str, tuple[np.ndarray, int | None]]:
    """Loss curves for T small, the current T and T large: {label: (losses, diverged_at)}."""
    out = {}
    for T in sorted({SHORT_T, key.task.T, LONG_T}):
        h = train_rnn(
            key.rnn, replace(key.task, T=T), key.lr, key.steps, key.loss, key.truncate, key.max_norm
        )
        out[f"T = {T}" + (" (this lesson's)" if T == key.task.T else "")] = (h.losses, h.diverged_at)
    return out


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


@dataclass(frozen=True)
class FixedPointLesson:
    steps: tuple[Step, ...]
    forward_changes: np.ndarray
    adjoint_changes: np.ndarray
    converged: bool
    forward_converged: bool
    iterations: int
    last_change: float
    spectral_radius: float
    loss: float
    grad_W: np.ndarray
    bptt_grad_W: np.ndarray | None
    numeric_grad_W: np.ndarray | None
    adjoint_blew_up: bool  # the error network grew past any bound (so it stopped early)


@st.cache_data(max_entries=64, show_spinner=False)
def fixed_point_lesson(key: FixedPointKey) -> FixedPointLesson:
    W, I, target = np.array(key.W), np.array(key.I), np.array(key.target)
    fp = fixed_point(W, I, target, key.f, key.tol, key.cap)
    bptt_grad = numeric = None
    updated = W
    if fp.converged:
        updated = train_fixed_point(W, I, target, key.lr, 1, key.f, key.tol, key.cap).weights[-1]
        bptt_grad = unrolled_gradient(W, I, target, fp.forward.iterations, key.f)[1]
        try:
            numeric = numeric_fixed_point_gradient(W, I, target, key.f, cap=max(key.cap, 10_000))
        except ValueError:  # a nudged network that does not settle: no finite difference to show
            numeric = None
    steps = fixed_point_steps(fp, W, I, target, key.f, key.lr, updated, key.digits)
    return FixedPointLesson(
        steps,
        fp.forward.changes,
        fp.adjoint.changes,
        fp.converged,
        fp.forward.converged,
        fp.forward.iterations,
        float(fp.forward.changes[-1]),
        fp.spectral_radius,
        fp.loss,
        fp.grad_W,
        bptt_grad,
        numeric,
        fp.adjoint.blew_up,
    )


@st.cache_data(max_entries=32, show_spinner=False)
def fixed_point_training(key: FixedPointKey, steps: int):
    return train_fixed_point(
        np.array(key.W), np.array(key.I), np.array(key.target), key.lr, steps, key.f, key.tol, key.cap
    )
