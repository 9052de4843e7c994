"""The chain rule of one weight, factor by factor, with its numbers: what the Playground shows.

For the weight W_l[i,j] (from neuron j of layer l−1 to neuron i of layer l) and the batch
the next update learns from, every factor of

    ∂J/∂W_l[i,j] = (1/m) Σ_s δ_l[i](s) · a_(l−1)[j](s) + λ·W_l[i,j],
    δ_l[i] = g′(z_l[i]) · Σ_k W_(l+1)[k,i] · δ_(l+1)[k]     (a hidden neuron)
    δ_L[i] = a_L[i] − y[i]                                  (the output: each of its three losses)

comes from the core's own forward and backward pass (nothing is recomputed here), for one
sample s or as the mean over the batch, with the learning-rate step, the weight before and
after, and a central finite difference of the same cost to check it. ``lines`` renders the
LaTeX with ``numbers.latex`` and ``names.latex``: the page prints it, it pastes nothing.

The lessons' derivation (``symbolic.weight_chain``, SymPy) reaches the same gradient (a test
compares them); this one is what the Playground shows on every Step because it includes the L2
term and so the exact update training takes, names δ and the sum over the next layer as the
Playground's text does, and costs about 0.1 ms instead of the 10–40 ms of SymPy's printing.
"""

from dataclasses import dataclass

import numpy as np

from . import names, numbers
from .network import Network, Params, backward, forward
from .training import penalty

SATURATED = 1e-3  # a sigmoid or tanh whose g′(z) is below this passes almost no gradient back
SHOWN_TERMS = 3  # sums longer than this are shown with their first terms, "…", and the last


@dataclass(frozen=True)
class Term:
    k: int  # the neuron of the next layer
    weight: float  # W_(l+1)[k,i]
    delta: float  # δ_(l+1)[k]


@dataclass(frozen=True, eq=False)
class Factors:
    """Every number in the chain of one weight; arrays are per sample of the batch."""

    name: str  # "W2[0,3]"
    layer: int
    i: int
    j: int
    output_layer: bool
    activation: str  # g of neuron i
    samples: np.ndarray  # the batch's sample indices (columns of the training set)
    z: np.ndarray  # z_l[i] per sample
    a: np.ndarray  # a_l[i] per sample
    target: np.ndarray | None  # y[i] per sample (output layer only)
    g_prime: np.ndarray  # g′(z_l[i]) per sample
    upstream: np.ndarray  # Σ_k W_(l+1)[k,i] δ_(l+1)[k] per sample (hidden layers), else ∂L/∂a
    terms: tuple[tuple[Term, ...], ...]  # per sample, the terms of that sum (hidden layers)
    delta: np.ndarray  # δ_l[i] per sample
    a_in: np.ndarray  # a_(l−1)[j] per sample (the input x[j] for layer 1)
    contribution: np.ndarray  # δ_l[i] · a_(l−1)[j] per sample
    l2: float
    l2_term: float  # λ·w
    gradient: float  # ∂J/∂w over the batch: the mean of the contributions plus λ·w
    lr: float
    before: float
    after: float  # before − lr·gradient: the weight after the next update

    @property
    def m(self) -> int:
        return self.samples.size


def factors(
    network: Network, params: Params, x, t, samples, weight: str, *, lr: float, l2: float = 0.0
) -> Factors:
    """The chain of ``weight`` over the batch ``samples`` (columns of ``x`` and ``t``)."""
    kind = names.parse(weight, network)
    if kind.kind != "W":
        raise ValueError(f"{weight!r} is not a weight")
    layer, (i, j) = kind.layer, kind.index
    samples = np.asarray(samples, dtype=int)
    xb, tb = x[:, samples], t[:, samples]
    with np.errstate(all="ignore"):
        trace = forward(network, params, xb, tb)
        g = backward(network, params, trace, tb)
    n = len(params.weights)
    output = layer == n
    w = float(params.weights[layer - 1][i, j])
    delta = g.deltas[layer - 1][i]
    a_in = trace.outs[layer - 1][j]
    terms = ()
    if not output:
        w_next, d_next = params.weights[layer], g.deltas[layer]
        terms = tuple(
            tuple(Term(k, float(w_next[k, i]), float(d_next[k, s])) for k in range(w_next.shape[0]))
            for s in range(samples.size)
        )
    contribution = delta * a_in
    gradient = float(g.grads.weights[layer - 1][i, j]) + l2 * w
    return Factors(
        name=weight, layer=layer, i=i, j=j, output_layer=output, activation=network.activations[layer - 1],
        samples=samples, z=trace.nets[layer - 1][i], a=trace.outs[layer][i],
        target=tb[i] if output else None, g_prime=g.dout_dnet[layer - 1][i], upstream=g.dE_dout[layer - 1][i],
        terms=terms, delta=delta, a_in=a_in, contribution=contribution, l2=l2, l2_term=l2 * w,
        gradient=gradient, lr=lr, before=w, after=w - lr * gradient,
    )  # fmt: skip


def finite_difference(network: Network, params: Params, x, t, samples, weight: str, *, l2: float = 0.0,
                      h: float = 1e-6) -> float:  # fmt: skip
    """(J(w + h) − J(w − h)) / 2h of the batch's cost with the L2 penalty: an independent check."""
    _, l, index = names.location(network, weight)
    samples = np.asarray(samples, dtype=int)
    xb, tb = x[:, samples], t[:, samples]

    def cost(shift: float) -> float:
        weights = list(params.weights)
        weights[l] = weights[l].copy()
        weights[l][index] += shift
        moved = Params(tuple(weights), params.biases)
        with np.errstate(all="ignore"):  # a diverged run's numbers overflow: the page says so
            return float(forward(network, moved, xb, tb).cost) + penalty(moved, l2)

    step = h * max(1.0, abs(float(params.weights[l][index])))
    return (cost(step) - cost(-step)) / (2 * step)


# --- the words and the LaTeX ------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    title: str
    equation: str  # symbol = formula = numbers = value, on one line
    value: float

    @property
    def latex(self) -> str:
        """The equation with each "=" on its own row, so long sums stay readable on a narrow page."""
        first, *rest = self.equation.split(" = ")
        rows = r" \\ ".join(f"&= {part}" for part in rest)
        return rf"\begin{{aligned}} {first} {rows} \end{{aligned}}"


def _n(value, digits: int) -> str:
    """A number as LaTeX, bracketed when negative so products read right."""
    text = numbers.latex(value, digits)
    return f"({text})" if float(value) < 0 else text


def _sum(parts: list[str]) -> str:
    if len(parts) > SHOWN_TERMS + 1:
        parts = parts[:SHOWN_TERMS] + [r"\dots", parts[-1]]
    return " + ".join(parts)


def lines(f: Factors, sample: int | None, digits: int = 6) -> list[Line]:
    """The chain as LaTeX lines: for the batch position ``sample`` (0..m−1), or the mean (None)."""
    L, i, j = f.layer, f.i, f.j
    w, z, a = names.latex(f.name), names.latex(names.net(L, i)), names.latex(names.out(L, i))
    d, a_in = names.latex(names.delta(L, i)), names.latex(names.out(L - 1, j))
    sum_back = rf"\sum_k W^{{[{L + 1}]}}_{{k,{i}}}\,\delta^{{[{L + 1}]}}_{{k}}"

    def v(x) -> str:
        return numbers.latex(x, digits)

    def n(x) -> str:
        return _n(x, digits)

    if sample is None:
        return _mean_lines(f, w, d, a_in, digits)
    s = sample
    out = [
        Line(
            f"The weighted input and activation of neuron {i} of layer {L}",
            rf"{a} = g({z}) = \mathrm{{{f.activation}}}({v(f.z[s])}) = {v(f.a[s])}",
            float(f.a[s]),
        )
    ]
    if f.output_layer:
        y = names.latex(names.target(i))
        out.append(
            Line(
                "The output's δ: for each output/loss pair here, ∂L/∂z simplifies to a − y",
                rf"{d} = {a} - {y} = {n(f.a[s])} - {n(f.target[s])} = {v(f.delta[s])}",
                float(f.delta[s]),
            )
        )
    else:
        terms = f.terms[s]
        symbols = [rf"{names.latex(names.weight(L + 1, t.k, i))}\,{names.latex(names.delta(L + 1, t.k))}"
                   for t in terms]  # fmt: skip
        values = [rf"{n(t.weight)} \cdot {n(t.delta)}" for t in terms]
        out += [
            Line(
                f"What flows back into neuron {i} of layer {L}: every path through layer {L + 1}",
                rf"{sum_back} = {_sum(symbols)} = {_sum(values)} = {v(f.upstream[s])}",
                float(f.upstream[s]),
            ),
            Line(
                f"The slope of its activation, g′(z) for {f.activation}",
                rf"g'({z}) = {_slope_formula(f.activation, a)} = {v(f.g_prime[s])}",
                float(f.g_prime[s]),
            ),
            Line(
                "Its δ: the slope times what flows back",
                rf"{d} = g'({z}) \cdot {sum_back} = {n(f.g_prime[s])} \cdot {n(f.upstream[s])} "
                rf"= {v(f.delta[s])}",
                float(f.delta[s]),
            ),
        ]
    out.append(
        Line(
            "This sample's share of the gradient: δ times the activation the weight carries",
            rf"\frac{{\partial L}}{{\partial {w}}} = {d} \cdot {a_in} = {n(f.delta[s])} \cdot {n(f.a_in[s])} "
            rf"= {v(f.contribution[s])}",
            float(f.contribution[s]),
        )
    )
    return out


def _mean_lines(f: Factors, w: str, d: str, a_in: str, digits: int) -> list[Line]:
    def v(x) -> str:
        return numbers.latex(x, digits)

    def n(x) -> str:
        return _n(x, digits)

    products = _sum([rf"{n(d_)} \cdot {n(x_)}" for d_, x_ in zip(f.delta, f.a_in)])
    mean = float(np.mean(f.contribution))
    out = [
        Line(
            f"The mean over the batch of {f.m} sample(s) of δ times the activation the weight carries",
            rf"\frac{{1}}{{m}}\sum_{{s}} {d}(s)\, {a_in}(s) = \frac{{1}}{{{f.m}}}\left({products}\right) "
            rf"= {v(mean)}",
            mean,
        )
    ]
    if f.l2:
        out.append(
            Line(
                "The L2 penalty's share: λ times the weight",
                rf"\lambda\, {w} = {n(f.l2)} \cdot {n(f.before)} = {v(f.l2_term)}",
                f.l2_term,
            )
        )
    grad = rf"\frac{{\partial J}}{{\partial {w}}}"
    total = rf"{v(mean)} + {n(f.l2_term)} = " if f.l2 else ""
    out += [
        Line("The gradient the next update uses", rf"{grad} = {total}{v(f.gradient)}", f.gradient),
        Line(
            "The learning-rate step: the weight before and after the next update",
            rf"{{{w}}}^{{+}} = {w} - \eta\, {grad} = {n(f.before)} - {n(f.lr)} \cdot {n(f.gradient)} "
            rf"= {v(f.after)}",
            f.after,
        ),
    ]
    return out


def _slope_formula(activation: str, a: str) -> str:
    return {
        "sigmoid": rf"{a}\,(1 - {a})",
        "tanh": rf"1 - \left({a}\right)^2",
        "relu": r"[z > 0]",
        "linear": "1",
    }[activation]


def warnings(f: Factors) -> list[str]:
    """What the factors say in words: a saturated sigmoid or tanh, a ReLU dead for the whole batch."""
    said = []
    if f.output_layer:
        return said
    where = f"neuron {f.i} of layer {f.layer}"
    if f.activation == "relu" and np.all(f.g_prime == 0):
        said.append(
            f"{where} is a dead ReLU for this batch: z ≤ 0 for every sample, so g′(z) = 0 and no gradient "
            f"reaches {f.name} (nor any weight into it)."
        )
    elif f.activation in ("sigmoid", "tanh") and np.all(np.abs(f.g_prime) < SATURATED):
        said.append(
            f"{where} is saturated: its {f.activation} sits on a flat tail "
            f"(g′(z) < {numbers.text(SATURATED)} for every "
            f"sample of the batch), so almost nothing flows back through it: the gradient vanishes."
        )
    return said
