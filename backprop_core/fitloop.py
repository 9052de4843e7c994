"""``fit``'s inner loop: the updates of one stretch of an epoch, in place, at NumPy's pace.

Each update is the arithmetic of ``network.forward``, ``backward`` (without the factors) and
``update``, operation for operation and in the same order, so every number equals the
step-by-step loop's bit for bit (tests/core/test_fitloop.py checks it). What it saves is NumPy's
cost per call, which on a mini-batch of 10 is most of an update:

- the parameters and their gradients are views into two flat vectors, written in place, so one
  update of every parameter is two calls and nothing is looked up or wrapped per update;
- the mini-batch costs are computed once per stretch from the outputs kept for it (the loss is
  element by element; each batch's sum is the same sum as before), not once per update;
- the check that stops a run whose cost overflows is deferred the same way and made strict: a
  stretch is kept only if every cost is finite and the net inputs are small enough that no sum
  of them can overflow (their sum of squares below ``SAFE``). Otherwise ``training.fit`` takes the
  stretch again from its start, update by update, and stops exactly where it always did.
"""

import math

import numpy as np

from .activations import activation
from .losses import loss
from .network import Network, Params, fused

# Net inputs whose sum of squares is below this have sums far from overflow (each |z| < 1e150).
SAFE = 1e300


class Stretch:
    """One ``fit``'s parameters, gradients and buffers, for its network, data and batch size."""

    def __init__(self, network: Network, params: Params, m: int, size: int, l2: float, penalty):
        self.network, self.m, self.size, self.l2, self.penalty = network, m, size, l2, penalty
        self.flat = np.array(params.flat(), dtype=float)  # a copy: the caller's params stay as given
        self.params = params.from_flat(self.flat)  # views into flat: an update moves them all
        self.scratch = np.empty_like(self.flat)
        self.n_weights = sum(w.size for w in params.weights)
        self.acts = [activation(name) for name in network.activations]
        self.loss, self.fused = loss(network.loss), fused(network)
        # Bound once, as views that follow the updates: each layer's W, b as a column and g for
        # the forward pass; Wᵀ and g' to pass δ back.
        p = self.params
        self.forward_layers = [(w, b[:, None], a.fn) for w, b, a in zip(p.weights, p.biases, self.acts)]
        self.transposed, self.derivatives = [w.T for w in p.weights], [a.der for a in self.acts]
        # Each batch of an epoch has its own row for its gradient and its net inputs, kept for the
        # stretch's norms and check; a batch's views of its rows are made once (``_slot``).
        per_epoch, nets = -(-m // size), sum(network.sizes[1:])
        self.grad_rows = np.empty((per_epoch, self.flat.size))
        self.net_rows = np.zeros((per_epoch, nets * size))  # a smaller last batch leaves zeros
        self.slots, self.deltas = {}, {}

    def snapshot(self) -> Params:
        return self.params.map(np.copy)

    def load(self, params: Params) -> None:
        self.flat[:] = params.flat()

    def run(self, xe, te, first: int, last: int, lr: float, recorded, norms, costs) -> list | None:
        """Batches ``first`` to ``last - 1`` of the epoch ordered as ``xe``, ``te``: their costs into
        ``costs``, the norms of their weights' gradients into ``norms`` (a row each), and the
        parameters before each update of ``recorded`` (batch numbers). Returns those rows, or None
        if the stretch must be taken again step by step (the parameters are then back where it
        began)."""
        rows, outputs, size, begin = [], [], self.size, self.flat.copy()
        penalties = np.zeros(last - first)
        flat, scratch = self.flat, self.scratch
        for j in range(first, last):
            cols = slice(j * size, (j + 1) * size)
            if self.l2:
                penalties[j - first] = self.penalty(self.params, self.l2)
            grad = self._gradients(xe[:, cols], te[:, cols], j, outputs)
            if j in recorded:
                rows.append(flat.copy())
            np.multiply(grad, lr, out=scratch)
            flat -= scratch
        self._norms(self.grad_rows[first:last, : self.n_weights], norms)
        targets = te[:, first * size : last * size]
        costs[:] = self._costs(np.concatenate(outputs, axis=-1), targets) + penalties
        nets = self.net_rows[first:last].ravel()
        if np.isfinite(costs).all() and np.vdot(nets, nets) < SAFE:
            return rows
        flat[:] = begin
        return None

    def _gradients(self, xb, tb, j: int, outputs: list) -> np.ndarray:
        """Batch ``j``: its outputs onto ``outputs``, its net inputs into its row, and its gradient
        (returned: a row of ``grad_rows``, every parameter's ∂J/∂p in ``flat``'s order)."""
        k = xb.shape[-1]
        nets, grad, grads, bias_grad = self.slots.get(j) or self._slot(j, k)
        all_deltas, deltas = self.deltas.get(k) or self._deltas(k)
        outs = [xb]
        for (w, b, fn), z in zip(self.forward_layers, nets):
            np.dot(w, outs[-1], out=z)  # w @ a: the same product, for less of NumPy's time a call
            z += b
            outs.append(fn(z))
        out = outs[-1]
        outputs.append(out)
        if self.fused:
            delta = np.subtract(out, tb, out=deltas[-1])
        else:
            delta = np.multiply(self.loss.der(out, tb), self.derivatives[-1](nets[-1], out), out=deltas[-1])
        for l in range(len(nets) - 1, -1, -1):
            np.dot(delta, outs[l].T, out=grads.weights[l])
            if l:
                back = np.dot(self.transposed[l], delta)
                delta = np.multiply(back, self.derivatives[l - 1](nets[l - 1], outs[l]), out=deltas[l - 1])
        if self.network.shared_bias:  # each layer's mean deltas summed: divided first, as before
            for b, d in zip(grads.biases, deltas):
                b[...] = (d.sum(axis=-1) / k).sum(axis=-1, keepdims=True)
            grad[: self.n_weights] /= k
        else:  # every layer's delta.sum(axis=-1) at once: the biases follow the weights in grad
            np.add.reduce(all_deltas, axis=-1, out=bias_grad)
            grad /= k
        if self.l2:
            for g, w in zip(grads.weights, self.params.weights):
                g += self.l2 * w
        return grad

    def _slot(self, j: int, k: int):
        """Batch ``j``'s views of its rows: each layer's net inputs (n, k), its gradient, that
        gradient as every parameter's array, and its biases' part."""
        grad, n = self.grad_rows[j], len(self.network.activations)
        parts = _views(grad, [a.shape for a in self.params.weights + self.params.biases])
        grads = Params(tuple(parts[:n]), tuple(parts[n:]))
        nets = _views(self.net_rows[j], [(size, k) for size in self.network.sizes[1:]])
        self.slots[j] = nets, grad, grads, grad[self.n_weights :]
        return self.slots[j]

    def _deltas(self, k: int):
        """Every layer's δ for a batch of ``k``: all of them, one neuron a row, and each layer's rows."""
        if k not in self.deltas:
            whole = np.empty(sum(self.network.sizes[1:]) * k)
            self.deltas[k] = whole.reshape(-1, k), _views(whole, [(n, k) for n in self.network.sizes[1:]])
        return self.deltas[k]

    def _norms(self, weight_grads: np.ndarray, norms: np.ndarray) -> None:
        """Each layer's ‖∂J/∂W‖ for each update: the stacked matmul of a row with itself is the dot
        product np.vdot takes (BLAS's ddot, summed in the same order), for every row in one call."""
        start = 0
        for i, w in enumerate(self.params.weights):
            g = weight_grads[:, start : start + w.size]
            norms[:, i] = np.sqrt((g[:, None, :] @ g[:, :, None])[:, 0, 0])
            start += w.size

    def _costs(self, outputs, targets) -> np.ndarray:
        """Each batch's mean loss, from the outputs kept: the same sums as ``forward``'s cost."""
        size, span = self.size, outputs.shape[-1]
        losses = self.loss.fn(outputs, targets).sum(axis=-2)
        full = span // size
        costs = losses[: full * size].reshape(full, size).sum(axis=-1) / size
        if full * size < span:  # the epoch's last, smaller batch
            rest = losses[full * size :]
            costs = np.r_[costs, rest.sum(axis=-1) / rest.shape[-1]]
        return costs


def _views(vector: np.ndarray, shapes) -> list[np.ndarray]:
    """Consecutive views of ``vector``, one of each shape, from its start (made once a batch)."""
    views, start = [], 0
    for shape in shapes:
        stop = start + math.prod(shape)
        views.append(vector[start:stop].reshape(shape))
        start = stop
    return views
