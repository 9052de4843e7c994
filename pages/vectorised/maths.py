"""The vectorised lesson: one hidden layer in matrix form, m samples at once as the columns of X.

Every matrix of one forward pass, backward pass and update, by name, with its shape, why the
shapes fit, its formula (LaTeX in symbols) and the line of the core that computes it. The
numbers come from ``network.forward``/``backward``/``update``; the code lines are read from
their source, so what the lesson shows is what runs. Pure: no SymPy, no UI.
"""

import inspect
from dataclasses import asdict, dataclass, replace
from functools import cache

import numpy as np

from backprop_core import names, network, numbers
from backprop_core.example import ALIASES, NETWORK, Example, alias, solve
from backprop_core.gradcheck import numeric_gradient
from backprop_core.network import Network, Params, backward, forward, init_params, update
from backprop_core.notation import LEARNING_RATE

HIDDEN_ACTIVATIONS = ("tanh", "sigmoid", "relu")
LIMITS = {"n_in": (1, 4), "hidden": (1, 5), "m": (1, 5)}  # every number readable at a projector's 1024 px
DIGITS = 4  # significant digits of a matrix entry, unless the learner asks for others
CELL_LIMIT = 10.0  # an edited input, weight, bias: |value| at most this; a target: 0 or 1
EDITABLE = ("X", "Y", "W1", "b1", "W2", "b2")


@dataclass(frozen=True)
class Batch:
    """The lesson's batch: sizes, the hidden activation, the seed and any edited cells. Hashable."""

    n_in: int = 3
    hidden: int = 4
    m: int = 4
    activation: str = "tanh"
    seed: int = 0
    lr: float = 0.5
    cells: tuple[tuple[str, int, int, float], ...] = ()  # (matrix, row, column, value), applied in order

    def __post_init__(self):
        for field, (low, high) in LIMITS.items():
            if not low <= getattr(self, field) <= high:
                raise ValueError(f"{field} must be from {low} to {high}")
        if self.activation not in HIDDEN_ACTIVATIONS:
            raise ValueError(f"the hidden activation is one of {', '.join(HIDDEN_ACTIVATIONS)}")
        if not (np.isfinite(self.lr) and self.lr > 0):
            raise ValueError("the learning rate must be a positive number")
        for cell in self.cells:
            problem = cell_problem(self, *cell)
            if problem:
                raise ValueError(problem)

    @property
    def network(self) -> Network:
        sizes, activations = (self.n_in, self.hidden, 1), (self.activation, "sigmoid")
        return Network(sizes, activations, "binary_cross_entropy", shared_bias=False)

    def shape(self, matrix: str) -> tuple[int, int]:
        n, h, m = self.n_in, self.hidden, self.m
        return {"X": (n, m), "Y": (1, m), "W1": (h, n), "b1": (h, 1), "W2": (1, h), "b2": (1, 1)}[matrix]


def cell_problem(batch: Batch, matrix: str, row: int, column: int, value: float) -> str | None:
    """Why an edited cell cannot be used (None when it can)."""
    if matrix not in EDITABLE:
        return f"{matrix} is not editable; edit one of {', '.join(EDITABLE)}"
    rows, cols = batch.shape(matrix)
    if not (0 <= row < rows and 0 <= column < cols):
        return f"{matrix}[{row},{column}] is outside {matrix}, which is {rows}×{cols}"
    if not np.isfinite(value):
        return f"{matrix}[{row},{column}] must be a number"
    if matrix == "Y" and value not in (0.0, 1.0):
        return f"Y[{row},{column}] is a label: 0 or 1"
    if abs(value) > CELL_LIMIT:
        limit = numbers.text(CELL_LIMIT)
        return f"{matrix}[{row},{column}] must be between -{limit} and {limit}"
    return None


def inputs(batch: Batch) -> tuple[np.ndarray, np.ndarray, Params]:
    """X, Y and the initial parameters: seeded, then the edited cells written in."""
    rng = np.random.default_rng(batch.seed)
    x = rng.normal(0.0, 1.0, (batch.n_in, batch.m))
    y = rng.integers(0, 2, (1, batch.m)).astype(float)
    params = init_params(batch.network, rng, "normal", scale=0.5)
    arrays = {"X": x, "Y": y, "W1": params.weights[0].copy(), "W2": params.weights[1].copy()}
    arrays |= {"b1": params.biases[0][:, None].copy(), "b2": params.biases[1][:, None].copy()}
    for matrix, row, column, value in batch.cells:
        arrays[matrix][row, column] = value
    params = Params((arrays["W1"], arrays["W2"]), (arrays["b1"][:, 0], arrays["b2"][:, 0]))
    return arrays["X"], arrays["Y"], params


@dataclass(frozen=True)
class Matrix:
    name: str  # "Z1", "dW2", "W1+"
    symbol: str  # LaTeX: Z^{[1]}, dW^{[2]}, W^{[1]+}
    dims: tuple[str, str]  # the shape in letters: ("h", "m")
    formula: str  # LaTeX of the right-hand side in symbols ("" for a given matrix)
    numbers: str  # the right-hand side with ``$name`` where each matrix's numbers go
    fit: str  # one line: why the shapes fit
    code: str  # the core's own line that computes it ("" for a given matrix)


@dataclass(frozen=True)
class Stage:
    """One step of the lesson: a title and the matrices it computes (or, first, the ones it is given)."""

    name: str
    title: str
    matrices: tuple[str, ...]


def _symbol(name: str) -> str:
    """X, W^{[1]}, dZ^{[2]}, W^{[1]+}, g'(Z^{[1]})."""
    if name.endswith("+"):  # every updated matrix is a parameter: W^{[1]} -> W^{[1]+}
        return _symbol(name[:-1]).replace("]}", "]+}")
    if name == "gZ1":
        return r"g'(Z^{[1]})"
    if name.startswith("d"):
        return "d" + _symbol(name[1:])
    if name[-1].isdigit():
        return f"{name[:-1]}^{{[{name[-1]}]}}"
    return name


@cache
def _source_line(function, marker: str) -> str:
    """The one line of ``function``'s source holding ``marker`` (so the lesson shows the real code)."""
    lines = [line.strip() for line in inspect.getsource(function).splitlines() if marker in line]
    if len(lines) != 1:
        raise LookupError(f"{marker!r} is on {len(lines)} lines of {function.__name__}")
    return lines[0]


F, B, U = network.forward, network.backward, network.update
_W, _B = (U, "weights = tuple("), (U, "biases = tuple(")
ETA = LEARNING_RATE.latex  # the learning rate, as every lesson writes it
# name: (dims, formula, numbers, why the shapes fit, (function, markers of the lines computing it))
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
_MATRICES = {
    "X": (("n", "m"), "", "", "one column per sample, one row per input", None),
    "Y": (("1", "m"), "", "", "one label (0 or 1) per sample", None),
    "W1": (("h", "n"), "", "", "one row per hidden neuron, one column per input", None),
    "b1": (("h", "1"), "", "", "one bias per hidden neuron, added to every column", None),
    "W2": (("1", "h"), "", "", "one row (the output), one column per hidden neuron", None),
    "b2": (("1", "1"), "", "", "the output's bias", None),
    "Z1": (("h", "m"), r"W^{[1]} X + b^{[1]}", "$W1 $X + $b1",
           "(h×n)·(n×m) is h×m: the inner n's meet; b1 (h×1) is added to each of the m columns",
           (F, "nets.append(")),
    "A1": (("h", "m"), r"g(Z^{[1]})", r"g\left($Z1\right)", "g acts on each entry: the shape stays h×m",
           (F, "outs.append(")),
    "Z2": (("1", "m"), r"W^{[2]} A^{[1]} + b^{[2]}", "$W2 $A1 + $b2",
           "(1×h)·(h×m) is 1×m: one number per sample", (F, "nets.append(")),
    "A2": (("1", "m"), r"\sigma(Z^{[2]})", r"\sigma\left($Z2\right)",
           "σ acts on each entry: each sample's predicted probability", (F, "outs.append(")),
    "L": (("1", "m"), r"-\left[Y \log A^{[2]} + (1 - Y) \log(1 - A^{[2]})\right]", "",
          "entry by entry on two 1×m rows: one loss per sample", (F, "errors = ", "losses = ")),
    "J": (("1", "1"), r"\frac{1}{m} \sum_{i=1}^{m} L_i", r"\frac{1}{$m} \sum $L",
          "the mean of the m losses: one number", (F, "return Trace(")),
    "dZ2": (("1", "m"), r"A^{[2]} - Y", "$A2 - $Y",
            "two 1×m rows: one error per sample (why so simple: the derivation below)",
            (B, "deltas[l] = trace.outs[-1] - t")),
    "dW2": (("1", "h"), r"\frac{1}{m}\, dZ^{[2]} A^{[1]\top}", r"\frac{1}{$m} $dZ2 ${A1}^{\top}",
            "(1×m)·(m×h) is 1×h, the shape of W2: the sum over samples is the matrix product",
            (B, "dw[l] = ")),
    "db2": (("1", "1"), r"\frac{1}{m} \sum_{i=1}^{m} dZ^{[2]}_i", r"\frac{1}{$m} \sum $dZ2",
            "the mean over the m columns: 1×1, the shape of b2", (B, "db[l] = deltas")),
    "dA1": (("h", "m"), r"W^{[2]\top} dZ^{[2]}", r"${W2}^{\top} $dZ2",
            "(h×1)·(1×m) is h×m: each hidden neuron's share of each sample's error",
            (B, "dE_dout[l - 1] = ")),
    "gZ1": (("h", "m"), r"g'(Z^{[1]})", r"g'\left($Z1\right)", "entry by entry: h×m",
            (B, "dout_dnet[l] = ")),
    "dZ1": (("h", "m"), r"W^{[2]\top} dZ^{[2]} \odot g'(Z^{[1]})", r"$dA1 \odot $gZ1",
            "two h×m matrices multiplied entry by entry (⊙)", (B, "deltas[l] = dE_dout[l] * dout_dnet[l]")),
    "dW1": (("h", "n"), r"\frac{1}{m}\, dZ^{[1]} X^{\top}", r"\frac{1}{$m} $dZ1 ${X}^{\top}",
            "(h×m)·(m×n) is h×n, the shape of W1", (B, "dw[l] = ")),
    "db1": (("h", "1"), r"\frac{1}{m} \sum_{i=1}^{m} dZ^{[1]}_{:,i}", r"\frac{1}{$m} \sum $dZ1",
            "the mean over the m columns, row by row: h×1, the shape of b1", (B, "db[l] = deltas")),
    "W1+": (("h", "n"), r"W^{[1]} - " + ETA + r"\, dW^{[1]}", r"$W1 - $lr $dW1",
            "a gradient has its parameter's shape, so they subtract entry by entry", _W),
    "b1+": (("h", "1"), r"b^{[1]} - " + ETA + r"\, db^{[1]}", r"$b1 - $lr $db1", "h×1 minus h×1", _B),
    "W2+": (("1", "h"), r"W^{[2]} - " + ETA + r"\, dW^{[2]}", r"$W2 - $lr $dW2", "1×h minus 1×h", _W),
    "b2+": (("1", "1"), r"b^{[2]} - " + ETA + r"\, db^{[2]}", r"$b2 - $lr $db2", "1×1 minus 1×1", _B),
}  # fmt: skip

STAGES = (
    Stage("batch", "The batch: m samples as columns, and the parameters", ("X", "Y", "W1", "b1", "W2", "b2")),
    Stage("Z1", "The hidden layer's weighted inputs, every sample at once", ("Z1",)),
    Stage("A1", "The hidden activations", ("A1",)),
    Stage("Z2", "The output's weighted input", ("Z2",)),
    Stage("A2", "The output: a probability per sample", ("A2",)),
    Stage("L", "Each sample's cross-entropy loss", ("L",)),
    Stage("J", "The cost: the mean loss", ("J",)),
    Stage("dZ2", "Backward: the output's error", ("dZ2",)),
    Stage("dW2", "The output weights' gradient", ("dW2",)),
    Stage("db2", "The output bias's gradient", ("db2",)),
    Stage("dZ1", "The hidden layer's error, through W2 and g'", ("dA1", "gZ1", "dZ1")),
    Stage("dW1", "The hidden weights' gradient", ("dW1",)),
    Stage("db1", "The hidden biases' gradient", ("db1",)),
    Stage("update", f"The update with the learning rate {LEARNING_RATE.text}", ("W1+", "b1+", "W2+", "b2+")),
)


def matrix(name: str) -> Matrix:
    dims, formula, numbers, fit, where = _MATRICES[name]
    code = "\n".join(_source_line(where[0], marker) for marker in where[1:]) if where else ""
    return Matrix(name, _symbol(name), dims, formula, numbers, fit, code)


MATRICES = tuple(_MATRICES)


@dataclass(frozen=True, eq=False)
class Lesson:
    """Every matrix of one step, by name (2-D arrays, J and the scalars m, lr 0-d), and the code."""

    values: dict  # name -> np.ndarray, for every name in MATRICES plus "m" and "lr"
    network: Network
    params: Params

    def __getitem__(self, name: str) -> np.ndarray:
        return self.values[name]


def compute(net: Network, params: Params, x, y, lr: float) -> Lesson:
    """One forward pass, backward pass and update of ``net`` on the columns of ``x``."""
    trace = forward(net, params, x, y)
    grads = backward(net, params, trace, y)
    new = update(params, grads.grads, lr, update_biases=True)
    g = grads.grads
    v = {"X": trace.outs[0], "Y": np.asarray(y, float).reshape(trace.outs[-1].shape)}
    v |= {"W1": params.weights[0], "b1": params.biases[0][:, None]}
    v |= {"W2": params.weights[1], "b2": params.biases[1][:, None]}
    v |= {"Z1": trace.nets[0], "A1": trace.outs[1], "Z2": trace.nets[1], "A2": trace.outs[2]}
    v |= {"L": trace.losses[None, :], "J": np.asarray(trace.cost)}
    v |= {"dZ2": grads.deltas[1], "dW2": g.weights[1], "db2": g.biases[1][:, None]}
    v |= {"dA1": grads.dE_dout[0], "gZ1": grads.dout_dnet[0], "dZ1": grads.deltas[0]}
    v |= {"dW1": g.weights[0], "db1": g.biases[0][:, None]}
    v |= {"W1+": new.weights[0], "b1+": new.biases[0][:, None]}
    v |= {"W2+": new.weights[1], "b2+": new.biases[1][:, None]}
    v |= {"m": np.asarray(trace.outs[0].shape[-1]), "lr": np.asarray(float(lr))}
    return Lesson(v, net, params)


def lesson(batch: Batch) -> Lesson:
    x, y, params = inputs(batch)
    return compute(batch.network, params, x, y, batch.lr)


# --- checks the page shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    entry: str  # "dW1[0,2]"
    backprop: float
    numeric: float

    @property
    def relative(self) -> float:
        scale = max(abs(self.backprop), abs(self.numeric))
        return abs(self.backprop - self.numeric) / scale if scale else 0.0


def gradient_check(result: Lesson) -> tuple[Check, ...]:
    """Central finite differences of J on every entry of dW1 and dW2, beside backprop's."""
    numeric = numeric_gradient(result.network, result.params, result["X"], result["Y"])
    checks = []
    for layer, fd in enumerate(numeric.weights, start=1):
        name = f"dW{layer}"
        for (i, j), value in np.ndenumerate(fd):
            checks.append(Check(f"{name}[{i},{j}]", float(result[name][i, j]), float(value)))
    return tuple(checks)


@dataclass(frozen=True)
class Correspondence:
    lesson_name: str  # the worked example's name: w5, net_o1, dE_dw5, w5_new, ...
    entry: str  # the same number in the matrices: W2[0,0], Z2[0,0], dW2[0,0], W2+[0,0]
    matrix_value: float
    named_value: float


def _entry(name: str) -> tuple[str, tuple[int, ...]]:
    """A generic name (names.py) -> (matrix, index) in the lesson: a1[0] -> ("A1", (0, 0))."""
    n = names.parse(name)
    if n.kind == "J":
        return "J", ()
    if n.kind == "W":
        return f"W{n.layer}", n.index
    if n.kind == "b":
        return f"b{n.layer}", (n.index or (0,)) + (0,)
    if n.kind == "a" and n.layer == 0:
        return "X", n.index + (0,)
    matrix = {"a": "A", "z": "Z", "y": "Y"}[n.kind] + (str(n.layer) if n.layer else "")
    return matrix, n.index + (0,)


def _entry_text(matrix_name: str, index: tuple[int, ...]) -> str:
    return matrix_name + (f"[{','.join(map(str, index))}]" if index else "")


def worked_example(example: Example) -> tuple[Correspondence, ...]:
    """With m = 1, squared error and one shared bias a layer, the matrices hold the worked
    example's named values: the table is read off example.py's own alias table."""
    params = example.params
    result = compute(NETWORK, params, example.inputs, example.targets, example.lr)
    solution = solve(example, update_biases=True)
    named = solution.forward | solution.factors
    given, rows = asdict(example), []
    for generic, name in ALIASES.items():
        if generic.startswith("L["):
            continue  # a loss term per output: the lesson's L is per sample instead
        m, index = _entry(generic)
        value = float(result[m][index])
        rows.append(Correspondence(name, _entry_text(m, index), value, float((given | named)[name])))
    for generic in names.parameters(NETWORK):
        m, index = _entry(generic)
        name = ALIASES[generic]
        rows.append(
            Correspondence(
                f"dE_d{name}",
                _entry_text("d" + m, index),
                float(result["d" + m][index]),
                solution.gradients[name],
            )
        )
        rows.append(
            Correspondence(
                f"{name}_new",
                _entry_text(m + "+", index),
                float(result[m + "+"][index]),
                solution.updated[name],
            )
        )
    for k in range(NETWORK.sizes[-1]):
        name = alias(f"dJ/d{names.net(2, k)}")  # dE_dnet_o1, ...: the output's δ
        rows.append(Correspondence(name, f"dZ2[{k},0]", float(result["dZ2"][k, 0]), named[name]))
    return tuple(rows)


def with_cell(batch: Batch, matrix_name: str, row: int, column: int, value: float) -> Batch:
    """The batch with one more edited cell (an earlier edit of the same cell is replaced)."""
    kept = tuple(c for c in batch.cells if c[:3] != (matrix_name, row, column))
    return replace(batch, cells=kept + ((matrix_name, row, column, float(value)),))
