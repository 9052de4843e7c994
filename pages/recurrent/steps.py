"""The recurrent lesson's steps as LaTeX: formula, the same with the numbers in, the value.

Pure functions from the core's results to the one ``Step`` type every lesson's stepper walks (no
``st.*`` calls; every number shown is one the core computed, printed by ``backprop_core.numbers``; the
only arithmetic is practice's marking: each step's formula again on its inputs rounded as a learner
copies them, and the values its likely mistakes give). Each step is typeset whole (its rows break
where a long sum or a matrix needs them); its formula is the first row, and its value is the number
practice mode asks for, or None where the step's result is a vector or a matrix (shown, never asked).
"""

import re
from collections.abc import Mapping, Sequence

import numpy as np

from backprop_core import mistakes, numbers
from backprop_core.answers import on_paper
from backprop_core.notation import COST_RECURRENT
from backprop_core.recurrent import BPTT, RNN, FixedPoint, Unrolled, spectral_radius
from backprop_core.steps import SUBSCRIPT, Step
from ui.latex import bmatrix

MATRIX_DIGITS = {2: 9, 3: 6}  # significant digits in a matrix by its units (4 from 4×4 up): it must fit
LOSS = COST_RECURRENT.latex  # L: one name for a recurrent network's loss, in part A and part B
SHOWN_ITERATIONS = 10  # each relaxation shows its first iterations one by one, then its last


# Practice's likely mistakes here (with mistakes.NO_HALF, NO_ROOT, …: one wording for every lesson).
NO_TANH = "tanh looks left out: the weighted sum used as h"
SIGMOID_FOR_TANH = "the sigmoid looks used where tanh belongs"
NO_C = "c looks left out"
EARLIER_H = "h_(t−1) looks used where h_t belongs"
LAST_ONLY = "only the last step's error looks counted: every step's adds to L"
NO_V = "v looks left out: ∂y/∂h = v"
NO_W = "w looks left out: ∂h_(t+1)/∂h_t = w·(1 − h_(t+1)²)"
NO_TANH_SLOPE = "tanh's slope 1 − h² looks left out"
SLOPE_AT_T = "the slope looks taken at h_t: it is at h_(t+1)"
NO_OWN = "its own output's error looks left out"
NO_LATER = "the error from h_(t+1) looks left out"
H_FOR_EARLIER = "h_t looks used where h_(t−1) belongs"
ONE_TERM = "only step T's term looks counted: w acts at every step"
NO_SLOPES = "the slopes f′(u) look left out: that is ρ(W)"


def _tanh(w, h, u, x, b):
    return np.tanh(w * h + u * x + b)


def _half_squares(ys, targets):
    return 0.5 * np.sum((np.asarray(ys) - np.asarray(targets)) ** 2)


class Row(str):
    """An aligned row with its own left-hand side and relation (``lhs &= rhs``)."""


# --- LaTeX pieces -------------------------------------------------------------------------


def _n(x, digits: int) -> str:
    return numbers.latex(x, digits)


def _p(x, digits: int) -> str:
    """A number as a factor: in parentheses when negative."""
    s = _n(x, digits)
    return f"({s})" if s.startswith("-") else s


def _d(top: str, bottom: str) -> str:
    return rf"\frac{{\partial {top}}}{{\partial {bottom}}}"


def _h(t: int) -> str:
    """h_t in a title, as it is read: h₈."""
    return "h" + str(t).translate(SUBSCRIPT)


def _step(
    name: str,
    title: str,
    symbol: str,
    rows: Sequence[str],
    value=None,
    size: str = "",
    marking=None,
    slips=(),
) -> Step:
    """symbol = row = row …, typeset whole: the first row is the formula and, of three rows or more, the
    second its numbers (practice mode's hint); the value a scalar (the diagram shows it, practice asks
    it) or None. ``marking``: (the formula as a function, its inputs), for the value from the inputs
    rounded as a learner copies them; ``slips``: its likely mistakes (practice names them)."""
    numbers_in = rows[1] if len(rows) > 2 and not isinstance(rows[1], Row) else ""
    latex = _aligned(symbol, *rows)
    rounded = None if marking is None else on_paper(*marking)
    slips = mistakes.kept(float(value), rounded, slips) if value is not None else ()
    return Step(
        name,
        title,
        symbol,
        rows[0],
        numbers_in,
        value,
        "",
        latex=latex,
        size=size,
        rounded=rounded,
        slips=slips,
    )


def _aligned(symbol: str, *rows: str) -> str:
    """symbol = row = row …; a ``Row`` keeps its own relation."""
    lines = [row if isinstance(row, Row) else f"&= {row}" for row in rows]
    return rf"\begin{{aligned}} {symbol} " + r" \\ ".join(lines) + r" \end{aligned}"


def _sum(values, digits: int, per_line: int = 3) -> list[str]:
    """a − b + … as rows of ``per_line`` terms, each row after the first led by its term's sign."""
    terms = numbers.signed_terms([_n(v, digits) for v in values])
    rows = ["".join(terms[:per_line])]
    rows += [Row(rf"&\quad{''.join(terms[i : i + per_line])}") for i in range(per_line, len(terms), per_line)]
    return rows


def _vec(v, digits: int) -> str:
    """A vector as a column."""
    return bmatrix(np.asarray(v)[:, None], digits)


# --- Part A: through time -----------------------------------------------------------------


def bptt_steps(rnn: RNN, run: Unrolled, g: BPTT, d: int) -> tuple[Step, ...]:
    """Forward (h_t, y_t, L), then backward from step T to 1 (∂L/∂y_t, the factor ∂h_(t+1)/∂h_t,
    ∂L/∂h_t, step t's term of ∂L/∂w), then ∂L/∂w as their sum: for the first sequence."""
    return (*_forward(rnn, run, d), *_backward(rnn, run, g, d), *_totals(g, run.T, d))


def _forward(r: RNN, run: Unrolled, d: int):
    x, h, y, target = run.xs[:, 0], run.h[:, 0], run.y[:, 0], run.targets[:, 0]
    for t in range(1, run.T + 1):
        net = rf"{_p(r.w, d)} \cdot {_p(h[t - 1], d)} + {_p(r.u, d)} \cdot {_p(x[t - 1], d)} + {_p(r.b, d)}"
        formula = rf"\tanh(w\,h_{{{t - 1}}} + u\,x_{{{t}}} + b)"
        rows = (formula, rf"\tanh({net})", rf"\tanh({_n(run.net[t - 1, 0], d)})", _n(h[t], d))
        inputs = (r.w, h[t - 1], r.u, x[t - 1], r.b)
        slips = ((run.net[t - 1, 0], NO_TANH), (1 / (1 + np.exp(-run.net[t - 1, 0])), SIGMOID_FOR_TANH))
        yield _step(
            f"h_{t}", f"Hidden state at step {t}", f"h_{{{t}}}", rows, h[t], "", (_tanh, *inputs), slips
        )
        rows = (rf"v\,h_{{{t}}} + c", rf"{_p(r.v, d)} \cdot {_p(h[t], d)} + {_p(r.c, d)}", _n(y[t - 1], d))
        marking = (lambda v, h, c: v * h + c, r.v, h[t], r.c)
        slips = ((r.v * h[t], NO_C), (r.v * h[t - 1] + r.c, EARLIER_H))
        yield _step(f"y_{t}", f"Output at step {t}", f"y_{{{t}}}", rows, y[t - 1], "", marking, slips)
    T = run.T
    if run.in_loss.all() and T > 1:
        rows = (rf"\sum_{{t=1}}^{{{T}}} \tfrac12\,(y_t - \text{{target}}_t)^2", *_sum(run.step_losses, d))
        title = "The loss, every step's error added up"
    else:
        numbers_in = rf"\tfrac12\,({_n(y[-1], d)} - {_p(target[-1], d)})^2"
        rows = (rf"\tfrac12\,(y_{{{T}}} - \text{{target}})^2", numbers_in)
        title = "The loss at the last step"
    counted = run.in_loss
    marking = (_half_squares, y[counted], target[counted])
    slips = ((2 * run.loss, mistakes.NO_HALF), (float(_half_squares(y[-1:], target[-1:])), LAST_ONLY))
    yield _step("L", title, "L", (*rows, _n(run.loss, d)), run.loss, "", marking, slips)


def _backward(r: RNN, run: Unrolled, g: BPTT, d: int):
    h, y, target, T = run.h[:, 0], run.y[:, 0], run.targets[:, 0], run.T
    for t in range(T, 0, -1):
        dy, dh = g.dL_dy[t - 1, 0], g.dL_dh[t - 1, 0]
        if run.in_loss[t - 1]:
            name = r"\text{target}" if T == 1 or not run.in_loss.all() else rf"\text{{target}}_{{{t}}}"
            rows = (f"y_{{{t}}} - {name}", f"{_n(y[t - 1], d)} - {_p(target[t - 1], d)}", _n(dy, d))
            marking = (lambda y, t: y - t, y[t - 1], target[t - 1])
            yield _step(
                f"dL_dy_{t}", f"The error at output {t}", _d("L", f"y_{{{t}}}"), rows, dy, "", marking
            )
        if t == T:
            rows = (rf"{_d('L', f'y_{{{t}}}')}\,v", rf"{_p(dy, d)} \cdot {_p(r.v, d)}", _n(dh, d))
            marking = (lambda dy, v: dy * v, dy, r.v)
            title = f"Back into {_h(t)}"
            yield _step(f"dL_dh_{t}", title, _d("L", f"h_{{{t}}}"), rows, dh, "", marking, ((dy, NO_V),))
        else:
            factor, later = g.dh_next_dh[t - 1, 0], g.dL_dh[t, 0]
            here, next_ = f"h_{{{t}}}", f"h_{{{t + 1}}}"
            rows = (rf"w\,(1 - {next_}^2)", rf"{_p(r.w, d)} \cdot (1 - {_p(h[t + 1], d)}^2)", _n(factor, d))
            title = f"How much {_h(t + 1)} moves with {_h(t)}"
            marking = (lambda w, h: w * (1 - h**2), r.w, h[t + 1])
            slips = ((1 - h[t + 1] ** 2, NO_W), (r.w, NO_TANH_SLOPE), (r.w * (1 - h[t] ** 2), SLOPE_AT_T))
            yield _step(f"dh_{t + 1}_dh_{t}", title, _d(next_, here), rows, factor, "", marking, slips)
            chain = rf"{_d('L', next_)}\,{_d(next_, here)} + {_d('L', f'y_{{{t}}}')}\,v"
            numbers_in = rf"{_p(later, d)} \cdot {_p(factor, d)} + {_p(dy, d)} \cdot {_p(r.v, d)}"
            title = f"Back into {_h(t)}: through {_h(t + 1)}, plus its own output's error"
            marking = (lambda later, f, dy, v: later * f + dy * v, later, factor, dy, r.v)
            slips = ((later * factor, NO_OWN), (dy * r.v, NO_LATER))
            rows = (chain, numbers_in, _n(dh, d))
            yield _step(f"dL_dh_{t}", title, _d("L", here), rows, dh, "", marking, slips)
        term = g.contributions[t - 1]
        rows = (
            rf"{_d('L', f'h_{{{t}}}')}\,(1 - h_{{{t}}}^2)\,h_{{{t - 1}}}",
            rf"{_p(dh, d)} \cdot (1 - {_p(h[t], d)}^2) \cdot {_p(h[t - 1], d)}",
            _n(term, d),
        )
        symbol = rf"{_d('L', 'w')}\Big|_{{t={t}}}"
        marking = (lambda dh, h, before: dh * (1 - h**2) * before, dh, h[t], h[t - 1])
        slips = ((dh * h[t - 1], NO_TANH_SLOPE), (dh * (1 - h[t] ** 2) * h[t], H_FOR_EARLIER))
        yield _step(f"dw_{t}", f"Step {t}'s term of ∂L/∂w", symbol, rows, term, "", marking, slips)


def _totals(g: BPTT, T: int, d: int):
    rows = (rf"\sum_{{t=1}}^{{{T}}} {_d('L', 'w')}\Big|_t", *_sum(g.contributions, d), _n(g.grad.w, d))
    title = "∂L/∂w: every step's term added up (the same w acts at every step)"
    marking = (np.sum, g.contributions)
    slips = ((g.contributions[-1], ONE_TERM),) if T > 1 else ()
    yield _step("dL_dw", title, _d("L", "w"), rows, g.grad.w, "", marking, slips)
    others = (
        ("u", rf"{_d('L', 'h_t')}\,(1 - h_t^2)\,x_t", g.grad.u),
        ("b", rf"{_d('L', 'h_t')}\,(1 - h_t^2)", g.grad.b),
        ("v", rf"{_d('L', 'y_t')}\,h_t", g.grad.v),
        ("c", _d("L", "y_t"), g.grad.c),
    )
    rows = [rf"{_d('L', p)} &= \sum_{{t=1}}^{{{T}}} {body} = {_n(v, d)}" for p, body, v in others]
    latex = r"\begin{aligned} " + r" \\ ".join(rows) + r" \end{aligned}"
    title = "The other weights' gradients, summed over time the same way"
    symbol = ", ".join(_d("L", p) for p, _, _ in others)  # four numbers at once: shown, never asked
    yield Step("dL_dothers", title, symbol, r"\sum_t \dots", "", None, "", latex=latex)


def focus_of(name: str, T: int) -> int:
    """The step of time a lesson step is about ("dh_4_dh_3" -> 3), to centre the diagram on it."""
    found = re.findall(r"\d+", name)
    return int(found[-1]) if found else T


def highlight_of(name: str, T: int) -> tuple[str, ...]:
    """The diagram's nodes a step is about."""
    t = focus_of(name, T)
    if re.fullmatch(r"(h|y|dL_dh)_\d+", name):
        return (name,)
    if name.startswith("dL_dy_"):
        return (f"y_{t}",)
    if name.startswith("dw_"):
        return (f"dL_dh_{t}", f"h_{t - 1}")
    if name.startswith("dh_"):
        return (f"h_{t + 1}", f"h_{t}")
    return (f"y_{T}",) if name == "L" else ()


def reached(xs, known: Mapping[str, float | None]) -> dict[str, float]:
    """The diagram's values: the inputs (given) and h_0, then whatever the steps so far computed
    (``known``: the stepper's values the learner may see)."""
    shown = {f"x_{t}": x for t, x in enumerate(xs, 1)} | {"h_0": 0.0}
    return shown | {name: value for name, value in known.items() if value is not None}


# --- Part B: to a fixed point -------------------------------------------------------------


def shown_iterations(iterations: int) -> list[int]:
    """The first ``SHOWN_ITERATIONS`` one by one, then the last."""
    first = list(range(1, min(iterations, SHOWN_ITERATIONS) + 1))
    return first + ([iterations] if iterations > SHOWN_ITERATIONS else [])


def fixed_point_steps(fp: FixedPoint, W, I, target, f: str, lr: float, updated, d: int) -> tuple[Step, ...]:
    """Each shown iteration of the relaxation, the loss, the slopes, the spectral radius; when it
    settled, each shown iteration of the adjoint, the gradient and one update (``updated``)."""
    W, I = np.asarray(W), np.asarray(I)
    size = r"\small " if len(W) >= 4 else r"\normalsize "
    m = min(d, MATRIX_DIGITS.get(len(W), 4))
    steps = list(_relaxation(fp, W, I, f, d, m, size))
    star = "x^*" if fp.forward.converged else r"\bar{x}"  # x̄: the last iterate
    said = "the fixed point" if fp.forward.converged else "the last iterate (it did not settle)"
    squares = " + ".join(f"({_n(a, d)} - {_p(b, d)})^2" for a, b in zip(fp.forward.x, target))
    formula = rf"\tfrac12 \sum_i ({star}_i - \text{{target}}_i)^2"
    rows = (formula, rf"\tfrac12\left({squares}\right)", _n(fp.loss, d))
    marking = (_half_squares, fp.forward.x, target)
    slips = ((2 * fp.loss, mistakes.NO_HALF),)
    steps.append(_step("E", f"The loss at {said}", LOSS, rows, fp.loss, "", marking, slips))  # its link name
    slope = rf"{star}(1 - {star})" if f == "sigmoid" else rf"1 - ({star})^2"
    rows = rf"u &= W\,{star} + I = {_vec(fp.u, m)} \\ f'(u) &= {slope} = {_vec(fp.slope, m)}"
    latex = rf"\begin{{aligned}} {rows} \end{{aligned}}"
    steps.append(
        Step("slope", "Each unit's slope there", "f'(u)", slope, "", None, "", latex=latex, size=size)
    )
    rho = fp.spectral_radius
    verdict = r"< 1\text{: both relaxations contract}" if rho < 1 else r"\ge 1\text{: no promise of settling}"
    matrix = r"\operatorname{diag}(f'(u))\,W"
    symbol = rf"\rho\big({matrix}\big)"
    # its one row is the value and the verdict: practice's hint is the definition instead
    formula = rf"\max_i \lvert \lambda_i \rvert,\ \lambda_i \text{{ the eigenvalues of }} {matrix}"
    title = "Contractive? The spectral radius of diag(f′(u))·W"
    latex = _aligned(symbol, f"{_n(rho, d)} {verdict}")
    rounded = on_paper(lambda s, W: spectral_radius(W, s), fp.slope, W)
    slips = mistakes.kept(rho, rounded, ((spectral_radius(W, np.ones(len(W))), NO_SLOPES),))
    numbers_in = (  # practice's hint: the definition with the slopes and W in
        rf"\max_i \lvert \lambda_i \rvert,\ \lambda_i \text{{ the eigenvalues of }} "
        rf"\operatorname{{diag}}{_vec(fp.slope, m)}\,{bmatrix(W, m)}"
    )
    step = Step("rho", title, symbol, formula, numbers_in, rho, "", latex=latex, rounded=rounded, slips=slips)
    steps.append(step)
    if fp.converged:
        steps += _adjoint(fp, W, d, m, size)
        rows = (
            r"\big(f'(u) \odot y\big)\,{x^*}^\top",
            rf"\left({_vec(fp.slope, m)} \odot {_vec(fp.adjoint.x, m)}\right){_vec(fp.forward.x, m)}^\top",
            bmatrix(fp.grad_W, m),
        )
        title = "The gradient: the settled error times the fixed point"
        steps.append(_step("grad", title, _d(LOSS, "W"), rows, size=size))
        numbers_in = rf"{bmatrix(W, m)} - {_p(lr, d)}\,{bmatrix(fp.grad_W, m)}"
        rows = (rf"W - \eta\,{_d(LOSS, 'W')}", numbers_in, bmatrix(updated, m))
        steps.append(_step("update", "One step of gradient descent on W", "W^+", rows, size=size))
    return tuple(steps)


def _relaxation(fp: FixedPoint, W, I, f: str, d: int, m: int, size: str):
    x, changes, fn = fp.forward.history, fp.forward.changes, r"\sigma" if f == "sigmoid" else r"\tanh"
    for k in shown_iterations(fp.forward.iterations):
        rows = (
            rf"{fn}(W\,x_{{{k - 1}}} + I)",
            rf"{fn}\left({bmatrix(W, m)}{_vec(x[k - 1], m)} + {_vec(I, m)}\right)",
            rf"{_vec(x[k], m)} \qquad \lVert x_{{{k}}} - x_{{{k - 1}}} \rVert = {_n(changes[k - 1], d)}",
        )
        yield _step(f"x_{k}", f"Relaxation, iteration {k}", f"x_{{{k}}}", rows, size=size)


def _adjoint(fp: FixedPoint, W, d: int, m: int, size: str):
    y, changes = fp.adjoint.history, fp.adjoint.changes
    for k in shown_iterations(fp.adjoint.iterations):
        rows = (
            rf"W^\top\big(f'(u) \odot y_{{{k - 1}}}\big) + (x^* - \text{{target}})",
            rf"{bmatrix(W.T, m)}\left({_vec(fp.slope, m)} \odot {_vec(y[k - 1], m)}\right)",
            Row(rf"&\quad + {_vec(fp.error, m)}"),
            rf"{_vec(y[k], m)} \qquad \lVert y_{{{k}}} - y_{{{k - 1}}} \rVert = {_n(changes[k - 1], d)}",
        )
        yield _step(f"y_{k}", f"The error network, iteration {k}", f"y_{{{k}}}", rows, size=size)


def iteration_of(name: str) -> tuple[str, int] | None:
    """("forward" | "adjoint", k) for an iteration's step name ("x_3", "y_12"), else None."""
    found = re.fullmatch(r"([xy])_(\d+)", name)
    return ({"x": "forward", "y": "adjoint"}[found[1]], int(found[2])) if found else None
