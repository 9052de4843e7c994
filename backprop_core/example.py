"""The classic 2-2-2 worked example: one configuration of names.py, with its own names.

Names follow the lesson: inputs x1, x2; weights w1..w8; one shared bias per layer b1
(hidden) and b2 (output); targets t1, t2; learning rate lr. The alias table below maps them
to the generic names every other module uses (W2[0,0] is w5, z1[0] is net_h1), and this is
the only module that spells them (tests/core/test_one_alias_table.py checks).
"""

from dataclasses import asdict, dataclass, fields

import numpy as np

from . import names
from .network import Gradients, Network, Params, Trace, backward, forward, update

NETWORK = Network(sizes=(2, 2, 2), activations=("sigmoid", "sigmoid"))
# ``article_variant=True`` everywhere: one name for it in the pages, the command line and the README.
EARLIER_CODE = "the article's earlier code"
EARLIER_CODE_DOES = "sends the hidden layer's error back through the already-updated w5..w8"

# --- the alias table: the only place that spells w1..w8, h1, o1 and their wiring -------------------
# A diagram node (names.geometry) -> the lesson's label for it.
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
LABELS = {
    "x[0]": "x1", "x[1]": "x2",
    "a1[0]": "h1", "a1[1]": "h2",
    "a2[0]": "o1", "a2[1]": "o2",
    "b1": "b1", "b2": "b2",
    "L[0]": "E_o1", "L[1]": "E_o2", "J": "E_total",
}  # fmt: skip
# A generic name (names.py) -> the lesson's name for the same number.
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
ALIASES = {
    "x[0]": "x1", "x[1]": "x2",
    "W1[0,0]": "w1",  # x1 -> h1
    "W1[0,1]": "w2",  # x2 -> h1
    "W1[1,0]": "w3",  # x1 -> h2
    "W1[1,1]": "w4",  # x2 -> h2
    "W2[0,0]": "w5",  # h1 -> o1
    "W2[0,1]": "w6",  # h2 -> o1
    "W2[1,0]": "w7",  # h1 -> o2
    "W2[1,1]": "w8",  # h2 -> o2
    "b1": "b1", "b2": "b2",  # one bias shared by each layer
    "y[0]": "t1", "y[1]": "t2",
    "z1[0]": "net_h1", "a1[0]": "out_h1", "z1[1]": "net_h2", "a1[1]": "out_h2",
    "z2[0]": "net_o1", "a2[0]": "out_o1", "z2[1]": "net_o2", "a2[1]": "out_o2",
    "L[0]": "E_o1", "L[1]": "E_o2", "J": "E_total",
}  # fmt: skip
GENERIC = {alias: name for name, alias in ALIASES.items()}
PARAMETERS = tuple(ALIASES[p] for p in names.parameters(NETWORK))
FORWARD_NAMES = tuple(ALIASES[v] for v in names.forward_values(NETWORK))
INPUTS = tuple(ALIASES[x] for x in names.inputs(NETWORK))
TARGETS = tuple(ALIASES[y] for y in names.targets(NETWORK))
OUTPUTS = tuple(ALIASES[names.out(2, k)] for k in range(NETWORK.sizes[-1]))
LAYER_NAMES = {1: "hidden", 2: "output"}
# The sidebar's groups of fields of ``Example``, in the order it shows them.
GROUPS = (
    ("Inputs", INPUTS),
    *(
        (f"Weights into the {LAYER_NAMES[l]} layer", tuple(ALIASES[w] for w in names.weights(NETWORK, l)))
        for l in names.layers(NETWORK)
    ),
    ("Biases", tuple(ALIASES[b] for l in names.layers(NETWORK) for b in names.biases(NETWORK, l))),
    ("Targets and learning rate", (*TARGETS, "lr")),
)
ORDINALS = ("first", "second")


def alias(name: str) -> str:
    """The lesson's name for a generic name (names.py) or a step of symbolic.py; others unchanged.

    Steps are named after what they differentiate: dJ/da2[0] -> dE_dout_o1, da2[0]/dz2[0] ->
    dout_o1_dnet_o1, the path term dJ/dz2[0]*dz2[0]/da1[0] -> dE_o1_dout_h1 (o1's part of
    h1's error), W2[0,0]+ (after the update) -> w5_new.
    """
    if name in ALIASES:
        return ALIASES[name]
    if name.endswith("+"):
        return alias(name[:-1]) + "_new"
    if "*" in name:  # through an output neuron: that output's own error term
        (top, middle), (_, bottom) = (part[1:].split("/d") for part in name.split("*"))
        k = names.parse(middle).index[0]
        return f"d{alias(names.loss_term(k))}_d{alias(bottom)}"
    if name.startswith("d") and "/d" in name:
        top, bottom = name[1:].split("/d")
        return f"d{'E' if top == names.COST else alias(top)}_d{alias(bottom)}"
    return name


def help_text(name: str) -> str:
    """The sidebar's help for one field of ``Example``."""
    if name == "lr":
        return "Learning rate η: how far each step moves a weight against its gradient."
    n = names.parse(GENERIC[name], NETWORK)
    if n.kind == "a":
        return f"Input {name}: the {ORDINALS[n.index[0]]} value fed into the network."
    if n.kind == "y":
        output = LABELS[names.out(2, n.index[0])]
        return f"Target {name}: the value we want output {output} to reach (0 to 1, like a sigmoid)."
    if n.kind == "b":
        fed = [LABELS[names.out(n.layer, i)] for i in range(NETWORK.sizes[n.layer])]
        return f"Bias {name}: shared by both {LAYER_NAMES[n.layer]} neurons {' and '.join(fed)}."
    return f"Weight {name}: from {_neuron(n.layer - 1, n.index[1])} to {_neuron(n.layer, n.index[0])}."


def _neuron(layer: int, i: int) -> str:
    label = LABELS[names.out(layer, i)]
    return {0: f"input {label}", 1: f"hidden neuron {label}", 2: f"output {label}"}[layer]


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

# --- new numbers for a worksheet: a seeded example a learner can work by hand -----------------------
SEEDS = (0, 9999)  # the seeds a page offers and a link or the command line accepts
# Two decimals each, so a sheet's given numbers are short. Every |net| stays at most 3 (inputs, weights
# and biases at most 1 in size, two inputs or hidden outputs per neuron, outputs below 1), so each sigmoid
# keeps a slope of at least σ'(3) ≈ 0.045: no gradient vanishes to nothing on paper. Every range lies
# inside limits.RANGES (tests/core/test_example_random.py checks).
NEW_NUMBERS = {"inputs": (0.05, 1.0), "weights": (0.05, 0.95), "biases": (0.1, 0.9), "targets": (0.01, 0.99)}


def random_example(seed: int) -> Example:
    """The example a worksheet's "New numbers" draws from ``seed``: the same seed, the same numbers."""
    rng = np.random.default_rng(seed)

    def draw(kind: str, names: tuple, signed: bool = False) -> dict:
        low, high = NEW_NUMBERS[kind]
        values = np.round(rng.uniform(low, high, len(names)), 2)
        signs = rng.choice((-1.0, 1.0), len(names)) if signed else np.ones(len(names))
        return {n: float(s * v) for n, s, v in zip(names, signs, values)}

    weights = tuple(ALIASES[w] for l in names.layers(NETWORK) for w in names.weights(NETWORK, l))
    biases = tuple(ALIASES[b] for l in names.layers(NETWORK) for b in names.biases(NETWORK, l))
    return Example(
        **draw("inputs", INPUTS),
        **draw("weights", weights, signed=True),
        **draw("biases", biases),
        **draw("targets", TARGETS),
        lr=ARTICLE.lr,
    )


def params_from_values(values: dict) -> Params:
    """The parameters of the lesson's names (w1..w8, b1, b2) as ``Params``."""
    return names.params_from(NETWORK, {GENERIC[name]: float(values[name]) for name in PARAMETERS})


def values_from_params(params: Params) -> dict:
    """The named parameters of one network; batched params give arrays per name."""
    return {ALIASES[name]: v for name, v in names.parameter_values(NETWORK, params).items()}


# name -> position in Params.flat()
FLAT_INDEX = {ALIASES[name]: i for name, i in names.flat_index(NETWORK).items()}


def named_forward(trace: Trace) -> dict:
    """Every forward value by the lesson's name (the example has one sample)."""
    return {ALIASES[name]: v for name, v in names.forward_named(NETWORK, trace).items()}


def named_factors(trace: Trace, gradients: Gradients, weights: Params) -> dict:
    """Every chain-rule factor by the lesson's name.

    ``weights`` are the weights the error was propagated through: the current
    ones, or in the article's variant the already-updated output weights.
    """
    return {alias(name): v for name, v in names.factors_named(NETWORK, trace, gradients, weights).items()}


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


# --- the article's published figures (Mazur 2015), exactly as printed ------------------------------
# Its precision is part of the claim. Rows: (part of the article, the core's table, name, LaTeX symbol,
# printed); the "train" table holds the long run's figures (ui/article.py computes them).
ARTICLE_STEPS = 10_000  # the article's long run


def _rows(part: str, table: str, rows: tuple) -> tuple:
    return tuple((part, table, name, symbol, printed) for name, symbol, printed in rows)


def _d(top: str, bottom: str) -> str:
    return rf"\dfrac{{\partial {top}}}{{\partial {bottom}}}"  # display size: legible on a projector


# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
PUBLISHED = (
    *_rows("forward", "forward", (
        ("net_h1", "net_{h1}", "0.3775"),
        ("out_h1", "out_{h1}", "0.593269992"),
        ("out_h2", "out_{h2}", "0.596884378"),
        ("net_o1", "net_{o1}", "1.105905967"),
        ("out_o1", "out_{o1}", "0.75136507"),
        ("out_o2", "out_{o2}", "0.772928465"),
        ("E_o1", "E_{o1}", "0.274811083"),
        ("E_o2", "E_{o2}", "0.023560026"),
        ("E_total", "E_{total}", "0.298371109"),
    )),
    *_rows("output", "factors", (
        ("dE_dout_o1", _d("E_{total}", "out_{o1}"), "0.74136507"),
        ("dout_o1_dnet_o1", _d("out_{o1}", "net_{o1}"), "0.186815602"),
        ("dnet_o1_dw5", _d("net_{o1}", "w_5"), "0.593269992"),
    )),
    *_rows("output", "gradients", (("w5", _d("E_{total}", "w_5"), "0.082167041"),)),
    *_rows("output", "updated", (
        ("w5", "w_5^{+}", "0.35891648"),
        ("w6", "w_6^{+}", "0.408666186"),
        ("w7", "w_7^{+}", "0.511301270"),
        ("w8", "w_8^{+}", "0.561370121"),
    )),
    *_rows("hidden", "factors", (
        ("dE_dnet_o1", _d("E_{o1}", "net_{o1}"), "0.138498562"),
        ("dE_o1_dout_h1", _d("E_{o1}", "out_{h1}"), "0.055399425"),
        ("dE_o2_dout_h1", _d("E_{o2}", "out_{h1}"), "-0.019049119"),
        ("dE_dout_h1", _d("E_{total}", "out_{h1}"), "0.036350306"),
        ("dout_h1_dnet_h1", _d("out_{h1}", "net_{h1}"), "0.241300709"),
    )),
    *_rows("hidden", "gradients", (("w1", _d("E_{total}", "w_1"), "0.000438568"),)),
    *_rows("hidden", "updated", (
        ("w1", "w_1^{+}", "0.149780716"),
        ("w2", "w_2^{+}", "0.19956143"),
        ("w3", "w_3^{+}", "0.24975114"),
        ("w4", "w_4^{+}", "0.29950229"),
    )),
    *_rows("trained", "train", (
        ("E_1", r"E_{total}\ \text{(1 step)}", "0.291027924"),
        ("E", rf"E_{{total}}\ \text{{({ARTICLE_STEPS:,} steps)}}", "0.0000351085"),
        ("out_o1", rf"out_{{o1}}\ \text{{({ARTICLE_STEPS:,} steps)}}", "0.015912196"),
        ("out_o2", rf"out_{{o2}}\ \text{{({ARTICLE_STEPS:,} steps)}}", "0.984065734"),
    )),
)  # fmt: skip
# The two weights the errata of some retellings are about, and the article's slip in net_h1's sum.
RETOLD_UPDATE, ROUNDED_UPDATE = "w7", "w5"
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
SLIP = {
    "net": "net_h1", "weights": ("w1", "w2"), "inputs": ("x1", "x2"), "bias": "b1",
    "meant": "w2", "written": "w3", "written_joins": ("x1", "h2"),
}  # fmt: skip
