"""A dense feed-forward network: forward, backward and one gradient-descent step.

Every array may carry leading batch axes ("runs"): a weight of shape
``(..., n_out, n_in)`` is many networks at once, which is how learning-rate
sweeps and loss surfaces are computed without a Python loop. The unbatched
network is simply the case with no leading axes.

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


def init_params(network: Network, rng: np.random.Generator, scale: float = 0.5) -> Params:
    sizes = network.sizes
    return Params(
        tuple(rng.normal(0, scale, (sizes[l], sizes[l - 1])) for l in range(1, len(sizes))),
        tuple(rng.normal(0, scale, network.bias_size(l)) for l in range(1, len(sizes))),
    )


@dataclass(frozen=True, eq=False)
class Trace:
    """Every value the forward pass computed."""

    outs: tuple[np.ndarray, ...]  # outs[0] is the input; outs[l] is layer l's output
    nets: tuple[np.ndarray, ...]  # nets[l-1] is layer l's weighted input
    errors: np.ndarray  # the loss of each output neuron (E_o1, E_o2, ...)
    total: np.ndarray  # E_total, the sum of ``errors``


@dataclass(frozen=True, eq=False)
class Gradients:
    """Every chain-rule factor of the backward pass and the resulting gradients."""

    dE_dout: tuple[np.ndarray, ...]  # per layer: dE_total/d out
    dout_dnet: tuple[np.ndarray, ...]  # per layer: the activation's derivative
    deltas: tuple[np.ndarray, ...]  # per layer: dE_total/d net = dE_dout * dout_dnet
    # per hidden layer l: [..., k, j] = dE_{k}/d out_j = delta_k of layer l+1 times the
    # weight from j to k (the weights used, already updated in the article's variant)
    contributions: tuple[np.ndarray, ...]
    grads: Params  # dE_total/d every weight and bias


def _matvec(w, a):
    return (w @ a[..., None])[..., 0]


def forward(network: Network, params: Params, x, t) -> Trace:
    outs, nets = [np.asarray(x, dtype=float)], []
    for name, w, b in zip(network.activations, params.weights, params.biases):
        nets.append(_matvec(w, outs[-1]) + b)
        outs.append(activation(name).fn(nets[-1]))
    errors = loss(network.loss).fn(outs[-1], np.asarray(t, dtype=float))
    return Trace(tuple(outs), tuple(nets), errors, errors.sum(axis=-1))


def backward(network: Network, params: Params, trace: Trace, t, *, updated_lr=None) -> Gradients:
    """Backpropagate from the loss to every parameter.

    With ``updated_lr``, each layer's weights are updated with that learning
    rate before the error is propagated through them: the article's variant,
    whose published post-training figures come from code that did this.
    """
    n = len(params.weights)
    dE_dout = [None] * n
    dout_dnet = [None] * n
    deltas = [None] * n
    contributions = [None] * (n - 1)
    dw = [None] * n
    db = [None] * n
    dE_dout[-1] = loss(network.loss).der(trace.outs[-1], np.asarray(t, dtype=float))
    for l in range(n - 1, -1, -1):
        dout_dnet[l] = activation(network.activations[l]).der(trace.nets[l], trace.outs[l + 1])
        deltas[l] = dE_dout[l] * dout_dnet[l]  # the chain rule, one layer
        dw[l] = deltas[l][..., :, None] * trace.outs[l][..., None, :]  # d net / d w = input
        db[l] = deltas[l].sum(axis=-1, keepdims=True) if network.shared_bias else deltas[l]
        if l > 0:
            w = params.weights[l]
            if updated_lr is not None:
                w = w - _expand(updated_lr, 2) * dw[l]
            contributions[l - 1] = deltas[l][..., :, None] * w
            dE_dout[l - 1] = contributions[l - 1].sum(axis=-2)
    return Gradients(
        tuple(dE_dout), tuple(dout_dnet), tuple(deltas), tuple(contributions), Params(tuple(dw), tuple(db))
    )


def _expand(lr, ndim: int):
    """A learning rate per run, shaped to broadcast against arrays with ``ndim`` more axes."""
    lr = np.asarray(lr, dtype=float)
    return lr.reshape(lr.shape + (1,) * ndim)


def update(params: Params, grads: Params, lr, *, update_biases: bool = False) -> Params:
    """One gradient-descent step: p+ = p - lr * dE/dp. The article keeps the biases fixed."""
    weights = tuple(w - _expand(lr, 2) * g for w, g in zip(params.weights, grads.weights))
    if not update_biases:
        return replace(params, weights=weights)
    biases = tuple(b - _expand(lr, 1) * g for b, g in zip(params.biases, grads.biases))
    return Params(weights, biases)


def step(network: Network, params: Params, x, t, lr, *, update_biases=False, article_variant=False):
    """Forward, backward and update once; returns (new params, trace, gradients)."""
    trace = forward(network, params, x, t)
    grads = backward(network, params, trace, t, updated_lr=lr if article_variant else None)
    return update(params, grads.grads, lr, update_biases=update_biases), trace, grads
