"""A dense feed-forward network: initialisation, forward, backward and one gradient-descent step.

Samples are columns, as in the vectorised lesson: ``X`` is (n_inputs, m), ``Z = W·A + b``,
and the cost is the mean of the per-sample losses. Every array may also carry leading batch
axes ("runs"): a weight of shape ``(..., n_out, n_in)`` is many networks at once, which is
how learning-rate sweeps and loss surfaces are computed without a Python loop. The worked
example is the case with one sample and no leading axes.

Layers are numbered from 1 (the first layer after the input); index ``l - 1``
in the tuples below belongs to layer ``l``.
"""

from dataclasses import dataclass, replace

import numpy as np

from .activations import activation
from .losses import loss


@dataclass(frozen=True)
class Network:
    """The shape of a network, by names only, so it is hashable and fits in a URL."""

    sizes: tuple[int, ...]  # neurons per layer, input first: (2, 2, 2) for the article
    activations: tuple[str, ...]  # one per layer after the input
    loss: str = "half_squared"
    shared_bias: bool = True  # one bias per layer (the article) or one per neuron

    def __post_init__(self):
        if len(self.sizes) < 2 or min(self.sizes) < 1:
            raise ValueError(f"a network needs at least two layers of at least one neuron: {self.sizes}")
        if len(self.activations) != len(self.sizes) - 1:
            raise ValueError("give one activation per layer after the input")
        for name in self.activations:
            activation(name)
        loss(self.loss)
        if "softmax" in self.activations[:-1]:
            raise ValueError("softmax belongs to the output layer only")
        if (self.activations[-1] == "softmax") != (self.loss == "cross_entropy"):
            raise ValueError("softmax and (categorical) cross-entropy go together: choose both or neither")
        if self.loss == "binary_cross_entropy" and self.activations[-1] != "sigmoid":
            raise ValueError("binary cross-entropy needs outputs between 0 and 1: a sigmoid output layer")

    def bias_size(self, layer: int) -> int:
        return 1 if self.shared_bias else self.sizes[layer]


@dataclass(frozen=True, eq=False)
class Params:
    weights: tuple[np.ndarray, ...]  # W[l-1][..., j, i]: from neuron i of layer l-1 to neuron j of layer l
    biases: tuple[np.ndarray, ...]  # b[l-1][..., 1] (shared) or [..., n_l] (per neuron)

    def map(self, fn, other=None) -> "Params":
        """Apply ``fn`` to every array (paired with ``other``'s, if given)."""
        if other is None:
            return Params(tuple(map(fn, self.weights)), tuple(map(fn, self.biases)))
        return Params(tuple(map(fn, self.weights, other.weights)), tuple(map(fn, self.biases, other.biases)))

    def flat(self) -> np.ndarray:
        """All parameters in one vector (weights, then biases); batch axes stay in front,
        as ``from_flat`` reads them."""
        weights = [w.reshape(w.shape[:-2] + (w.shape[-2] * w.shape[-1],)) for w in self.weights]
        return np.concatenate(weights + list(self.biases), axis=-1)

    def from_flat(self, vector: np.ndarray) -> "Params":
        """The inverse of ``flat``; leading axes of ``vector`` become batch axes."""
        vector = np.asarray(vector, dtype=float)
        parts, start = [], 0
        for a in self.weights + self.biases:
            parts.append(vector[..., start : start + a.size].reshape(vector.shape[:-1] + a.shape))
            start += a.size
        n = len(self.weights)
        return Params(tuple(parts[:n]), tuple(parts[n:]))


INITS = ("xavier", "he", "uniform", "zero", "normal")


def init_params(
    network: Network, rng: np.random.Generator, method: str = "xavier", scale: float = 0.5
) -> Params:
    """Seeded initial weights, by name; biases start at zero (except ``normal``, the tests' own).

    - ``xavier`` (Glorot): uniform on ±√(6 / (n_in + n_out)), variance 2 / (n_in + n_out);
    - ``he``: normal with variance 2 / n_in, for ReLU layers;
    - ``uniform``: uniform on ±0.5, variance 1/12;
    - ``zero``: every weight 0, so every neuron of a layer computes the same thing and gets the
      same gradient: symmetry that gradient descent never breaks (the lesson shows why);
    - ``normal``: weights and biases normal with standard deviation ``scale``.
    """
    if method not in INITS:
        raise ValueError(f"unknown initialisation {method!r}; choose from {', '.join(INITS)}")
    sizes, weights, biases = network.sizes, [], []
    for l in range(1, len(sizes)):
        n_in, n_out = sizes[l - 1], sizes[l]
        shape = (n_out, n_in)
        if method == "xavier":
            limit = np.sqrt(6.0 / (n_in + n_out))
            weights.append(rng.uniform(-limit, limit, shape))
        elif method == "he":
            weights.append(rng.normal(0.0, np.sqrt(2.0 / n_in), shape))
        elif method == "uniform":
            weights.append(rng.uniform(-0.5, 0.5, shape))
        elif method == "zero":
            weights.append(np.zeros(shape))
        else:
            weights.append(rng.normal(0.0, scale, shape))
        n_bias = network.bias_size(l)
        biases.append(rng.normal(0.0, scale, n_bias) if method == "normal" else np.zeros(n_bias))
    return Params(tuple(weights), tuple(biases))


def columns(a) -> np.ndarray:
    """Samples as columns: a 1-D vector is one sample, shape (n, 1); anything else is kept."""
    a = np.asarray(a, dtype=float)
    return a[:, None] if a.ndim == 1 else a


@dataclass(frozen=True, eq=False)
class Trace:
    """Every value the forward pass computed, samples as columns (the last axis, m of them)."""

    outs: tuple[np.ndarray, ...]  # outs[0] is the input X; outs[l] is layer l's output A_l: (..., n_l, m)
    nets: tuple[np.ndarray, ...]  # nets[l-1] is layer l's weighted input Z_l = W_l A_(l-1) + b_l
    errors: np.ndarray  # (..., n_out, m): each output's loss for each sample (E_o1, E_o2, ...)
    losses: np.ndarray  # (..., m): each sample's loss, the sum of its ``errors``
    cost: np.ndarray  # (...): the mean of ``losses`` over the samples (E_total when m = 1)


@dataclass(frozen=True, eq=False)
class Gradients:
    """Every chain-rule factor of the backward pass, per sample, and the gradients of the mean cost."""

    dE_dout: tuple[np.ndarray, ...]  # per layer (..., n_l, m): d loss / d out, each sample's own
    dout_dnet: tuple[np.ndarray, ...]  # per layer: the activation's derivative g'(z)
    deltas: tuple[np.ndarray, ...]  # per layer: d loss / d net = dE_dout * dout_dnet (δ)
    grads: Params  # d cost / d every weight and bias: the mean over the samples


def _t(a: np.ndarray) -> np.ndarray:
    return a.swapaxes(-1, -2)


def fused(network: Network) -> bool:
    """Softmax with cross-entropy (and sigmoid with binary cross-entropy): δ = out - t exactly.

    The product dE/dout · dout/dnet simplifies to that; computed as the product it loses every
    digit once out saturates (cross-entropy's log is clipped there), so the simplified form is used.
    """
    pairs = (("softmax", "cross_entropy"), ("sigmoid", "binary_cross_entropy"))
    return (network.activations[-1], network.loss) in pairs


def forward(network: Network, params: Params, x, t) -> Trace:
    """Z = W·A + b and A = g(Z), layer by layer, for every sample (column) of ``x`` at once."""
    outs, nets = [columns(x)], []
    for name, w, b in zip(network.activations, params.weights, params.biases):
        nets.append(w @ outs[-1] + b[..., :, None])
        outs.append(activation(name).fn(nets[-1]))
    errors = loss(network.loss).fn(outs[-1], columns(t))
    losses = errors.sum(axis=-2)
    # sum / m rather than mean(): the same number, without mean()'s per-call overhead in fit's loop
    return Trace(tuple(outs), tuple(nets), errors, losses, losses.sum(axis=-1) / losses.shape[-1])


def backward(
    network: Network, params: Params, trace: Trace, t, *, updated_lr=None, factors: bool = True
) -> Gradients:
    """Backpropagate from the cost to every parameter.

    Each sample's δ is the derivative of its own loss; the gradients are of the mean cost,
    dW = (1/m) δ·Aᵀ. With ``updated_lr``, each layer's weights are updated with that learning
    rate before the error is propagated through them: the article's variant, whose published
    post-training figures come from code that did this. ``factors=False`` skips the output
    layer's two factors where δ = out - t needs neither (a trainer's loop shows no factors).
    """
    t = columns(t)
    n, m = len(params.weights), t.shape[-1]
    dE_dout, dout_dnet, deltas, dw, db = [None] * n, [None] * n, [None] * n, [None] * n, [None] * n
    simplified = fused(network)
    if factors or not simplified:
        dE_dout[-1] = loss(network.loss).der(trace.outs[-1], t)
    for l in range(n - 1, -1, -1):
        if l < n - 1 or factors or not simplified:
            dout_dnet[l] = activation(network.activations[l]).der(trace.nets[l], trace.outs[l + 1])
        if l == n - 1 and simplified:
            deltas[l] = trace.outs[-1] - t
        else:
            deltas[l] = dE_dout[l] * dout_dnet[l]  # the chain rule, one layer
        dw[l] = deltas[l] @ _t(trace.outs[l]) / m  # d net / d w = the input it carries
        db[l] = deltas[l].sum(axis=-1) / m
        if network.shared_bias:
            db[l] = db[l].sum(axis=-1, keepdims=True)
        if l > 0:
            w = params.weights[l]
            if updated_lr is not None:
                w = w - _expand(updated_lr, 2) * dw[l]
            dE_dout[l - 1] = _t(w) @ deltas[l]  # Σ_k δ_k w_kj: every path through the next layer
    return Gradients(tuple(dE_dout), tuple(dout_dnet), tuple(deltas), Params(tuple(dw), tuple(db)))


def _expand(lr, ndim: int):
    """A learning rate per run, shaped to broadcast against arrays with ``ndim`` more axes."""
    if isinstance(lr, float):
        return lr
    lr = np.asarray(lr, dtype=float)
    return lr.reshape(lr.shape + (1,) * ndim)


def update(params: Params, grads: Params, lr, *, update_biases: bool = False) -> Params:
    """One gradient-descent step: p+ = p - lr * dE/dp. The article keeps the biases fixed."""
    weights = tuple(w - _expand(lr, 2) * g for w, g in zip(params.weights, grads.weights))
    if not update_biases:
        return replace(params, weights=weights)
    biases = tuple(b - _expand(lr, 1) * g for b, g in zip(params.biases, grads.biases))
    return Params(weights, biases)
