"""A trained network as a JSON object, and back: what the Playground downloads and
``python -m backprop_core train --save`` writes.

The object (plain JSON types only)::

    {"layers": [2, 4, 1],                      # neurons per layer, the input first
     "activations": ["tanh", "sigmoid"],       # one per layer after the input
     "loss": "binary_cross_entropy",
     "weights": [[[...], ...], ...],           # per layer an n_out × n_in matrix (rows: to-neurons)
     "biases": [[...], ...]}                   # per layer n_out numbers (or [b]: one shared bias)

A layer whose bias list has one number while the layer has more neurons shares that bias
(the article's network); both forms are read back. Reading checks everything and raises
``ValueError`` with a one-line message meant for the user; nothing in the object is evaluated.
The loss may be named by its short name too (``bce``), as on the command line.
"""

import json
import re

import numpy as np

from .losses import canonical
from .network import Network, Params

KEYS = ("layers", "activations", "loss", "weights", "biases")
MAX_LAYERS = 64  # input and output included: far more than any lesson draws
MAX_NEURONS = 4096  # per layer
MAX_BYTES = 20_000_000  # of JSON text, for ``loads``
# Brackets open at once: the format needs 4 (the object, "weights", a layer, a row), and
# json.loads recurses once per level, so a 100,000-deep file must be refused before it is parsed.
MAX_DEPTH = 16
# A JSON string, to its closing quote or the end of the text (so the scan stays linear).
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\\?\Z)', re.DOTALL)


def to_json(network: Network, params: Params) -> dict:
    """The network and its parameters as the JSON object above (floats kept exactly)."""
    if params.weights[0].ndim != 2:
        raise ValueError("export one network at a time (these parameters have batch axes)")
    return {
        "layers": list(network.sizes),
        "activations": list(network.activations),
        "loss": network.loss,
        "weights": [w.tolist() for w in params.weights],
        "biases": [b.tolist() for b in params.biases],
    }


def dumps(network: Network, params: Params) -> str:
    """``to_json`` as text; ``repr`` of each float, so reading it back gives the same bits."""
    return json.dumps(to_json(network, params), indent=1)


def loads(text: str | bytes, check_sizes=None) -> tuple[Network, Params]:
    """``from_json`` of JSON text (UTF-8, at most MAX_BYTES long and MAX_DEPTH deep)."""
    if len(text) > MAX_BYTES:
        raise ValueError(f"the network file is larger than {MAX_BYTES // 1_000_000} MB")
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    if depth(raw) > MAX_DEPTH:
        raise ValueError(f"the network file nests brackets deeper than {MAX_DEPTH} levels")
    try:
        obj = json.loads(raw.decode("utf-8"))
    except ValueError as error:  # not UTF-8, not JSON, or a 5,000-digit number
        raise ValueError(f"not a JSON network file: {str(error).splitlines()[0][:80]}") from None
    return from_json(obj, check_sizes)


def depth(raw: bytes) -> int:
    """How many brackets ([ or {) are open at most, outside JSON strings: what json.loads recurses."""
    codes = np.frombuffer(_STRING.sub(b"", raw), np.uint8)
    opens = (codes == ord("[")) | (codes == ord("{"))
    closes = (codes == ord("]")) | (codes == ord("}"))
    return int(np.cumsum(opens.astype(np.int8) - closes, dtype=np.int32).max(initial=0))


def from_json(obj, check_sizes=None) -> tuple[Network, Params]:
    """The network and parameters of a JSON object written by ``to_json``; ValueError if malformed.

    ``check_sizes(sizes)`` may refuse the layer sizes (raising ValueError) before any weight is read."""
    if not isinstance(obj, dict):
        raise ValueError("a network is a JSON object with " + ", ".join(KEYS))
    missing = [k for k in KEYS if k not in obj]
    if missing:
        raise ValueError(f"the network object lacks {', '.join(missing)}")
    sizes = _sizes(obj["layers"])
    if check_sizes:
        check_sizes(sizes)
    activations, loss = obj["activations"], obj["loss"]
    if not isinstance(activations, list) or not all(isinstance(a, str) for a in activations):
        raise ValueError("activations must be a list of names")
    if not isinstance(loss, str):
        raise ValueError("loss must be a name")
    loss = canonical(loss)
    weights = _matrices(obj["weights"], sizes)
    biases, shared = _biases(obj["biases"], sizes)
    try:
        network = Network(sizes, tuple(activations), loss, shared_bias=shared)
    except ValueError as error:
        raise ValueError(str(error).splitlines()[0][:160]) from None
    return network, Params(weights, biases)


def _sizes(layers) -> tuple[int, ...]:
    if not isinstance(layers, list) or not 2 <= len(layers) <= MAX_LAYERS:
        raise ValueError(f"layers must be a list of 2 to {MAX_LAYERS} layer sizes")
    if not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= MAX_NEURONS for n in layers):
        raise ValueError(f"every layer size must be a whole number from 1 to {MAX_NEURONS}")
    return tuple(layers)


def _numbers(values, shape: tuple[int, ...], what: str) -> np.ndarray:
    """A nested list of finite numbers of exactly ``shape`` (text and true/false refused, not converted)."""
    if not _of_shape(values, shape):
        count = "one number" if shape == (1,) else f"{_dims(shape)} numbers"
        raise ValueError(f"{what} must be {count}, as nested lists")
    try:
        array = np.array(values, dtype=float)
    except OverflowError:  # a whole number too large for a float
        array = np.array([np.inf])
    if not np.isfinite(array).all():
        raise ValueError(f"{what} holds a number that is not finite")
    return array


def _of_shape(values, shape: tuple[int, ...]) -> bool:
    if not shape:
        return isinstance(values, int | float) and not isinstance(values, bool)
    n, rest = shape[0], shape[1:]
    return isinstance(values, list) and len(values) == n and all(_of_shape(v, rest) for v in values)


def _dims(shape) -> str:
    return " × ".join(map(str, shape))


def _matrices(weights, sizes) -> tuple[np.ndarray, ...]:
    if not isinstance(weights, list) or len(weights) != len(sizes) - 1:
        n = len(sizes) - 1
        raise ValueError(f"weights must be a list of {n} matrices, one per layer after the input")
    return tuple(
        _numbers(w, (sizes[l], sizes[l - 1]), f"weights of layer {l}") for l, w in enumerate(weights, 1)
    )


def _biases(biases, sizes) -> tuple[tuple[np.ndarray, ...], bool]:
    """The bias vectors, and whether every layer shares one bias."""
    if not isinstance(biases, list) or len(biases) != len(sizes) - 1:
        raise ValueError(f"biases must be a list of {len(sizes) - 1} lists, one per layer after the input")
    lengths = [len(b) if isinstance(b, list) else -1 for b in biases]
    shared = all(n == 1 for n in lengths) and any(s > 1 for s in sizes[1:])
    vectors = tuple(
        _numbers(b, (1 if shared else sizes[l],), f"biases of layer {l}") for l, b in enumerate(biases, 1)
    )
    return vectors, shared
