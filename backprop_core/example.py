"""The classic 2-2-2 worked example and the one mapping from its names to matrices.

Names follow the lesson: inputs x1, x2; weights w1..w8; one shared bias per
layer b1 (hidden) and b2 (output); targets t1, t2; learning rate lr.
"""

from dataclasses import asdict, dataclass, fields

import numpy as np

from .network import Gradients, Network, Params, Trace, backward, forward, update

NETWORK = Network(sizes=(2, 2, 2), activations=("sigmoid", "sigmoid"))

# name -> (layer index, to-neuron, from-neuron) in Params.weights
WEIGHTS = {
    "w1": (0, 0, 0),  # x1 -> h1
    "w2": (0, 0, 1),  # x2 -> h1
    "w3": (0, 1, 0),  # x1 -> h2
    "w4": (0, 1, 1),  # x2 -> h2
    "w5": (1, 0, 0),  # h1 -> o1
    "w6": (1, 0, 1),  # h2 -> o1
    "w7": (1, 1, 0),  # h1 -> o2
    "w8": (1, 1, 1),  # h2 -> o2
}
BIASES = {"b1": 0, "b2": 1}  # name -> layer index in Params.biases
PARAMETERS = tuple(WEIGHTS) + tuple(BIASES)
FORWARD_NAMES = (
    "net_h1", "out_h1", "net_h2", "out_h2",
    "net_o1", "out_o1", "net_o2", "out_o2",
    "E_o1", "E_o2", "E_total",
)  # fmt: skip
HIDDEN, OUTPUT = ("h1", "h2"), ("o1", "o2")
INPUTS = ("x1", "x2")


@dataclass(frozen=True)
class Example:
    """Every number a user can edit. Frozen and hashable: a good cache key."""

    x1: float = 0.05
    x2: float = 0.10
    w1: float = 0.15
    w2: float = 0.20
    w3: float = 0.25
    w4: float = 0.30
    w5: float = 0.40
    w6: float = 0.45
    w7: float = 0.50
    w8: float = 0.55
    b1: float = 0.35
    b2: float = 0.60
    t1: float = 0.01
    t2: float = 0.99
    lr: float = 0.5

    @property
    def inputs(self) -> np.ndarray:
        return np.array([self.x1, self.x2])

    @property
    def targets(self) -> np.ndarray:
        return np.array([self.t1, self.t2])

    @property
    def params(self) -> Params:
        return params_from_values(asdict(self))

    def with_params(self, params: Params) -> "Example":
        values = asdict(self) | values_from_params(params)
        return Example(**{k: float(v) for k, v in values.items()})


FIELDS = tuple(f.name for f in fields(Example))
ARTICLE = Example()


def params_from_values(values: dict) -> Params:
    weights = [np.zeros((2, 2)), np.zeros((2, 2))]
    for name, (layer, j, i) in WEIGHTS.items():
        weights[layer][j, i] = values[name]
    biases = tuple(np.array([float(values[name])]) for name in BIASES)
    return Params(tuple(weights), biases)


def values_from_params(params: Params) -> dict:
    """The named parameters of one network; batched params give arrays per name."""
    named = {name: params.weights[layer][..., j, i] for name, (layer, j, i) in WEIGHTS.items()}
    named |= {name: params.biases[layer][..., 0] for name, layer in BIASES.items()}
    return named


# name -> position in Params.flat(), read off the one mapping above
FLAT_INDEX = {
    name: int(i)
    for name, i in values_from_params(ARTICLE.params.from_flat(np.arange(len(PARAMETERS)))).items()
}


def named_forward(trace: Trace) -> dict:
    values = {}
    for layer, names in ((1, HIDDEN), (2, OUTPUT)):
        for j, neuron in enumerate(names):
            values[f"net_{neuron}"] = trace.nets[layer - 1][..., j, 0]
            values[f"out_{neuron}"] = trace.outs[layer][..., j, 0]
    values |= {f"E_{o}": trace.errors[..., k, 0] for k, o in enumerate(OUTPUT)}
    values["E_total"] = trace.cost
    return {name: values[name] for name in FORWARD_NAMES}


def named_factors(trace: Trace, gradients: Gradients, weights: Params) -> dict:
    """Every chain-rule factor by the lesson's name.

    ``weights`` are the weights the error was propagated through: the current
    ones, or in the article's variant the already-updated output weights.
    """
    f = {}
    for k, o in enumerate(OUTPUT):
        f[f"dE_dout_{o}"] = gradients.dE_dout[1][..., k, 0]
        f[f"dout_{o}_dnet_{o}"] = gradients.dout_dnet[1][..., k, 0]
        f[f"dE_dnet_{o}"] = gradients.deltas[1][..., k, 0]
    for j, h in enumerate(HIDDEN):
        for k, o in enumerate(OUTPUT):
            f[f"dnet_{o}_dout_{h}"] = weights.weights[1][..., k, j]
            f[f"dE_{o}_dout_{h}"] = gradients.deltas[1][..., k, 0] * weights.weights[1][..., k, j]
        f[f"dE_dout_{h}"] = gradients.dE_dout[0][..., j, 0]
        f[f"dout_{h}_dnet_{h}"] = gradients.dout_dnet[0][..., j, 0]
        f[f"dE_dnet_{h}"] = gradients.deltas[0][..., j, 0]
    for name, (layer, j, i) in WEIGHTS.items():
        neuron = (HIDDEN, OUTPUT)[layer][j]
        f[f"dnet_{neuron}_d{name}"] = trace.outs[layer][..., i, 0]
    return f


@dataclass(frozen=True)
class Solution:
    """One full step of the worked example, every number by name (floats)."""

    forward: dict
    factors: dict
    gradients: dict  # dE_total/d parameter, keyed w1..w8, b1, b2
    updated: dict  # parameters after one step, keyed w1..w8, b1, b2


def solve(example: Example, *, update_biases: bool = False, article_variant: bool = False) -> Solution:
    params = example.params
    trace = forward(NETWORK, params, example.inputs, example.targets)
    lr = example.lr if article_variant else None
    grads = backward(NETWORK, params, trace, example.targets, updated_lr=lr)
    new = update(params, grads.grads, example.lr, update_biases=update_biases)
    through = update(params, grads.grads, example.lr) if article_variant else params
    return Solution(
        forward=_floats(named_forward(trace)),
        factors=_floats(named_factors(trace, grads, through)),
        gradients=_floats(values_from_params(grads.grads)),
        updated=_floats(values_from_params(new)),
    )


def _floats(values: dict) -> dict:
    return {name: float(v) for name, v in values.items()}
