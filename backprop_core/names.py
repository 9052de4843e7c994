"""Names and diagram geometry generated from a ``Network``, in the notation of the vectorised lesson.

Every parameter and value of any network has one text name, one LaTeX form and a parse
back to (kind, layer, indices). Indices count from 0, as the arrays do, in the text and
in the LaTeX alike, so what a page shows is what a test or a URL says:

==========  =====================  ==================  =======================================
name        LaTeX                  where it lives      what it is
==========  =====================  ==================  =======================================
x[j]        x_{j}                  Trace.outs[0][j]    input j (``a0[j]`` parses to it too)
W1[i,j]     W^{[1]}_{i,j}          Params.weights[0]   weight of layer 1, to neuron i from j
b1[i], b1   b^{[1]}_{i}, b^{[1]}   Params.biases[0]    bias of neuron i (or shared by layer 1)
z1[i]       z^{[1]}_{i}            Trace.nets[0][i]    weighted input of neuron i of layer 1
a1[i]       a^{[1]}_{i}            Trace.outs[1][i]    its activation (output)
δ1[i]       \\delta^{[1]}_{i}       Gradients.deltas    ∂J/∂z1[i]
y[k]        y_{k}                  the targets T       target of output k
L[k]        L_{k}                  Trace.errors[k]     loss term of output k (½(y_k − a_k)², ...)
J           J                      Trace's cost        the cost
==========  =====================  ==================  =======================================

Pure: names and geometry need no arrays; nothing here needs SymPy.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .network import Gradients, Network, Params, Trace

KINDS = ("x", "W", "b", "z", "a", "δ", "y", "L", "J")
_PATTERN = re.compile(
    r"(?P<kind>W|b|z|a|δ|delta|x|y|L|J)(?P<layer>\d*)(?:\[(?P<i>\d+)(?:,\s*(?P<j>\d+))?\])?"
)
_LAYERED = {"W", "b", "z", "a", "δ"}


@dataclass(frozen=True)
class Name:
    """A parsed name: ``kind`` (one of KINDS), ``layer`` (0 for inputs, None for y, L, J) and ``index``."""

    kind: str
    layer: int | None = None
    index: tuple[int, ...] = ()

    def __str__(self) -> str:
        index = f"[{','.join(map(str, self.index))}]" if self.index else ""
        if self.kind == "a" and self.layer == 0:
            return f"x{index}"
        return f"{self.kind}{'' if self.layer is None else self.layer}{index}"


# How many indices each kind takes (a bias: none when its layer shares one).
_INDICES = {
    "W": (2,),
    "b": (0, 1),
    "z": (1,),
    "a": (1,),
    "δ": (1,),
    "x": (1,),
    "y": (1,),
    "L": (1,),
    "J": (0,),
}


def parse(name: str, network: Network | None = None) -> Name:
    """``"W2[0,1]"`` -> Name("W", 2, (0, 1)); with ``network``, also checked against its sizes."""
    m = _PATTERN.fullmatch(name.strip())
    kind = "δ" if m and m["kind"] == "delta" else m and m["kind"]
    if not m or (kind in _LAYERED) != bool(m["layer"]):
        raise ValueError(f"not a name: {name!r}")
    index = tuple(int(i) for i in (m["i"], m["j"]) if i is not None)
    if len(index) not in _INDICES[kind]:
        raise ValueError(f"not a name: {name!r}")
    layer = int(m["layer"]) if m["layer"] else None
    parsed = Name("a", 0, index) if kind == "x" else Name(kind, layer, index)
    if network is not None:
        _check(parsed, network, name)
    return parsed


def _check(n: Name, network: Network, name: str) -> None:
    sizes, depth = network.sizes, len(network.sizes) - 1
    bounds = {
        "W": lambda: (sizes[n.layer], sizes[n.layer - 1]),
        "b": lambda: (sizes[n.layer],) if n.index else (),
        "y": lambda: (sizes[-1],),
        "L": lambda: (sizes[-1],),
        "J": lambda: (),
    }.get(n.kind, lambda: (sizes[n.layer],))
    low = 0 if n.kind == "a" else 1
    if n.layer is not None and not low <= n.layer <= depth:
        raise ValueError(f"{name!r}: the network has layers 1 to {depth}")
    if n.kind == "b" and network.shared_bias == bool(n.index):
        which = "one bias per layer" if network.shared_bias else "a bias per neuron"
        raise ValueError(f"{name!r}: this network has {which}")
    if any(not 0 <= i < size for i, size in zip(n.index, bounds())):
        raise ValueError(f"{name!r}: index out of range for sizes {sizes}")


def latex(name: str) -> str:
    """LaTeX of a name: W1[0,1] -> W^{[1]}_{0,1}, x[0] -> x_{0}, δ2[1] -> \\delta^{[2]}_{1}."""
    n = parse(name)
    symbol = {"δ": r"\delta"}.get(n.kind, n.kind)
    if n.kind == "a" and n.layer == 0:
        symbol = "x"
    layer = f"^{{[{n.layer}]}}" if n.layer else ""
    index = f"_{{{','.join(map(str, n.index))}}}" if n.index else ""
    return symbol + layer + index


# --- the names of one network, layer by layer -------------------------------------------------


def weight(layer: int, i: int, j: int) -> str:
    return f"W{layer}[{i},{j}]"


def bias(network: Network, layer: int, i: int) -> str:
    """The bias neuron ``i`` of ``layer`` adds: ``b1`` when the layer shares one."""
    return f"b{layer}" if network.shared_bias else f"b{layer}[{i}]"


def net(layer: int, i: int) -> str:
    return f"z{layer}[{i}]"


def out(layer: int, i: int) -> str:
    """Activation ``i`` of ``layer``; layer 0 is the input, ``x[i]``."""
    return f"x[{i}]" if layer == 0 else f"a{layer}[{i}]"


def delta(layer: int, i: int) -> str:
    return f"δ{layer}[{i}]"


COST = "J"


def target(k: int) -> str:
    return f"y[{k}]"


def loss_term(k: int) -> str:
    return f"L[{k}]"


def layers(network: Network) -> range:
    """The layers after the input: 1 .. depth."""
    return range(1, len(network.sizes))


def inputs(network: Network) -> tuple[str, ...]:
    return tuple(out(0, j) for j in range(network.sizes[0]))


def targets(network: Network) -> tuple[str, ...]:
    return tuple(target(k) for k in range(network.sizes[-1]))


def weights(network: Network, layer: int) -> tuple[str, ...]:
    """Layer ``layer``'s weights, row by row (to-neuron i, then from-neuron j), as ``flat`` orders them."""
    n_out, n_in = network.sizes[layer], network.sizes[layer - 1]
    return tuple(weight(layer, i, j) for i in range(n_out) for j in range(n_in))


def biases(network: Network, layer: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(bias(network, layer, i) for i in range(network.sizes[layer])))


def parameters(network: Network) -> tuple[str, ...]:
    """Every parameter in the order of ``Params.flat()``: all weights layer by layer, then all biases."""
    ws = (w for l in layers(network) for w in weights(network, l))
    bs = (b for l in layers(network) for b in biases(network, l))
    return (*ws, *bs)


def forward_values(network: Network) -> tuple[str, ...]:
    """What a forward pass computes, in the order a lesson derives it: z then a per neuron, layer by
    layer; then each output's loss term; then the cost."""
    values = [v for l in layers(network) for i in range(network.sizes[l]) for v in (net(l, i), out(l, i))]
    return (*values, *(loss_term(k) for k in range(network.sizes[-1])), COST)


def location(network: Network, name: str) -> tuple[str, int, tuple[int, ...]]:
    """Where a parameter lives in ``Params``: ("weights" | "biases", layer - 1, array index)."""
    n = parse(name, network)
    if n.kind == "W":
        return "weights", n.layer - 1, n.index
    if n.kind == "b":
        return "biases", n.layer - 1, n.index or (0,)
    raise ValueError(f"{name!r} is not a parameter")


def flat_index(network: Network) -> dict[str, int]:
    """Parameter name -> its position in ``Params.flat()``."""
    return {name: i for i, name in enumerate(parameters(network))}


# --- the diagram's geometry ------------------------------------------------------------------

BIAS_DROP = 0.85  # a layer's bias node sits this far below the lower of the two layers it joins
LOSS_GAP, COST_GAP = 0.85, 1.6  # loss terms and the cost, right of the output layer


@dataclass(frozen=True)
class Node:
    name: str  # x[j], a1[i], b1 (the bias node of layer 1), L[k], J
    kind: str  # "input", "neuron", "bias", "loss" or "cost"
    x: float  # the layer, from 0 (inputs) rightwards
    y: float  # centred on 0, the first neuron on top, one unit apart


@dataclass(frozen=True)
class Edge:
    name: str  # a weight's name, or "src-dst" for the others ("b1-a1[0]", "a2[0]-L[0]", "L[0]-J")
    src: str
    dst: str
    parameter: str | None  # the weight or bias it carries (None for the loss edges)


@dataclass(frozen=True)
class Geometry:
    """Where a diagram puts every node and which edges join them; edges are in a left-to-right
    (topological) order: every weight, then every bias edge, then the loss edges."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def node(self, name: str) -> Node:
        return next(n for n in self.nodes if n.name == name)


def _column(n: int) -> list[float]:
    return [(n - 1) / 2 - i for i in range(n)]


def geometry(network: Network) -> Geometry:
    """Node positions per layer (centred) and every edge with the parameter it carries."""
    sizes, depth = network.sizes, len(network.sizes) - 1
    nodes = [
        Node(out(l, i), "input" if l == 0 else "neuron", l, y)
        for l, n in enumerate(sizes)
        for i, y in enumerate(_column(n))
    ]
    bottom = [min(_column(n)) for n in sizes]
    nodes += [
        Node(f"b{l}", "bias", l - 0.5, min(bottom[l - 1], bottom[l]) - BIAS_DROP) for l in layers(network)
    ]
    outputs = _column(sizes[-1])
    nodes += [Node(loss_term(k), "loss", depth + LOSS_GAP, y) for k, y in enumerate(outputs)]
    nodes.append(Node(COST, "cost", depth + COST_GAP, 0.0))
    edges = [
        Edge(weight(l, i, j), out(l - 1, j), out(l, i), weight(l, i, j))
        for l in layers(network)
        for i in range(sizes[l])
        for j in range(sizes[l - 1])
    ]
    edges += [
        Edge(f"b{l}-{out(l, i)}", f"b{l}", out(l, i), bias(network, l, i))
        for l in layers(network)
        for i in range(sizes[l])
    ]
    edges += [
        Edge(f"{out(depth, k)}-{loss_term(k)}", out(depth, k), loss_term(k), None) for k in range(sizes[-1])
    ]
    edges += [Edge(f"{loss_term(k)}-{COST}", loss_term(k), COST, None) for k in range(sizes[-1])]
    return Geometry(tuple(nodes), tuple(edges))


# --- parameters by name ------------------------------------------------------------------------


def parameter_values(network: Network, params: Params) -> dict[str, np.ndarray]:
    """Every parameter by name; batched ``params`` give an array (the batch axes) per name."""
    named = {}
    for name in parameters(network):
        table, l, index = location(network, name)
        named[name] = getattr(params, table)[l][(..., *index)]
    return named


def params_from(network: Network, values: Mapping[str, float]) -> Params:
    """The ``Params`` holding ``values`` (one float per parameter name)."""
    sizes = network.sizes
    weights = [np.zeros((sizes[l], sizes[l - 1])) for l in layers(network)]
    biases = [np.zeros(network.bias_size(l)) for l in layers(network)]
    for name in parameters(network):
        table, l, index = location(network, name)
        (weights if table == "weights" else biases)[l][index] = values[name]
    return Params(tuple(weights), tuple(biases))


# --- every value of a forward and backward pass by name -----------------------------------------


def sample_values(a: np.ndarray, sample: int | str) -> np.ndarray:
    """One sample's column of ``a`` (..., n, m), or with ``sample="mean"`` the mean over the samples."""
    return a.mean(axis=-1) if sample == "mean" else a[..., sample]


def forward_named(network: Network, trace: Trace, sample: int | str = 0) -> dict[str, np.ndarray]:
    """Every value of ``forward_values`` for one sample (J: that sample's loss), or their means over
    the samples (J: the cost)."""
    values = {}
    for l in layers(network):
        nets, outs = sample_values(trace.nets[l - 1], sample), sample_values(trace.outs[l], sample)
        for i in range(network.sizes[l]):
            values[net(l, i)], values[out(l, i)] = nets[..., i], outs[..., i]
    errors = sample_values(trace.errors, sample)
    values |= {loss_term(k): errors[..., k] for k in range(network.sizes[-1])}
    values[COST] = trace.cost if sample == "mean" else trace.losses[..., sample]
    return values


def factor_names(network: Network) -> tuple[str, ...]:
    """Every chain-rule factor, from the output layer back (the order a lesson meets them):

    ``dJ/da2[0]`` (∂J/∂a), ``da2[0]/dz2[0]`` (g′(z)), ``dJ/dz2[0]`` (δ), for a hidden neuron first each
    path through the next layer, ``dz2[0]/da1[0]`` (the weight) and ``dJ/dz2[0]*dz2[0]/da1[0]`` (δ_k·w_kj),
    then its own three; finally ``dz1[0]/dW1[0,1]`` (the input the weight carries) for every weight.
    """
    sizes, depth, f = network.sizes, len(network.sizes) - 1, []
    for l in reversed(layers(network)):
        for i in range(sizes[l]):
            a, z = out(l, i), net(l, i)
            if l < depth:
                for k in range(sizes[l + 1]):
                    f += [f"d{net(l + 1, k)}/d{a}", path(l + 1, k, i)]
            f += [f"d{COST}/d{a}", f"d{a}/d{z}", f"d{COST}/d{z}"]
    f += [f"d{net(l, i)}/d{weight(l, i, j)}" for l in layers(network) for i, j in _pairs(network, l)]
    return tuple(f)


def path(layer: int, k: int, j: int) -> str:
    """The part of ∂J/∂a(layer-1)[j] that flows through z(layer)[k]: δ_k·w_kj."""
    return f"d{COST}/d{net(layer, k)}*d{net(layer, k)}/d{out(layer - 1, j)}"


def _pairs(network: Network, layer: int):
    return ((i, j) for i in range(network.sizes[layer]) for j in range(network.sizes[layer - 1]))


def factors_named(
    network: Network, trace: Trace, gradients: Gradients, through: Params, sample: int | str = 0
) -> dict[str, np.ndarray]:
    """Every factor of ``factor_names`` for one sample, or its mean over the samples.

    ``through`` holds the weights the error was propagated through: the current ones, or in the
    article's variant the already-updated ones.
    """
    sizes, depth, f = network.sizes, len(network.sizes) - 1, {}
    for l in reversed(layers(network)):
        dE_dout, dout_dnet, delta_ = (
            gradients.dE_dout[l - 1],
            gradients.dout_dnet[l - 1],
            gradients.deltas[l - 1],
        )
        for i in range(sizes[l]):
            a, z = out(l, i), net(l, i)
            if l < depth:
                w = through.weights[l]
                for k in range(sizes[l + 1]):
                    f[f"d{net(l + 1, k)}/d{a}"] = w[..., k, i]
                    f[path(l + 1, k, i)] = sample_values(
                        gradients.deltas[l][..., k, :] * w[..., k, i, None], sample
                    )
            f[f"d{COST}/d{a}"] = sample_values(dE_dout[..., i, :], sample)
            f[f"d{a}/d{z}"] = sample_values(dout_dnet[..., i, :], sample)
            f[f"d{COST}/d{z}"] = sample_values(delta_[..., i, :], sample)
    for l in layers(network):
        inputs_ = sample_values(trace.outs[l - 1], sample)
        for i, j in _pairs(network, l):
            f[f"d{net(l, i)}/d{weight(l, i, j)}"] = inputs_[..., j]
    return {name: f[name] for name in factor_names(network)}
