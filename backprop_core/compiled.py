"""The single-run trainer, compiled to straight-line Python for one network shape.

At the worked example's size a NumPy call costs more than the arithmetic it
does (about 1 µs against 50 ns for a float multiply), so ten thousand steps
through array code are several times slower than a plain scalar loop. Here
the scalar loop is written out once per network shape from the activation's
and loss's ``scalar_fn``/``scalar_der`` templates and compiled, then cached.
The source is built only from integers and those fixed templates: no user
text ever reaches ``exec``; the numbers arrive as arguments.

Tests check it against the NumPy engine in ``network.py`` on random networks.
"""

from functools import lru_cache
from math import exp, isfinite, log, log1p, tanh

from .activations import activation
from .losses import clip, loss
from .network import Network, fused

# Above this many parameters NumPy's per-call cost is amortised: use the array engine.
MAX_PARAMETERS = 128


def fits(network: Network) -> bool:
    elementwise = activation(network.activations[-1]).scalar_fn and loss(network.loss).scalar_fn
    return bool(elementwise) and n_parameters(network) <= MAX_PARAMETERS


def n_parameters(network: Network) -> int:
    s = network.sizes
    return sum(s[l] * s[l - 1] + network.bias_size(l) for l in range(1, len(s)))


@lru_cache(maxsize=64)
def trainer(network: Network, update_biases: bool, article_variant: bool, trainable: tuple | None = None):
    """A function ``run(flat_params, x, t, lr, steps, record_every)``.

    ``trainable`` (one bool per flat parameter, None for all) leaves the others fixed.

    It returns ``(diverged_at, steps, losses, outputs, params, final)``: lists of the
    recorded steps, losses, output tuples and flat-parameter tuples, and the
    final flat parameters; ``diverged_at`` is -1 or the first step whose loss or any net
    input was non-finite (an infinite parameter always makes one).
    """
    source = "\n".join(_lines(network, update_biases, article_variant, trainable))
    namespace = {"exp": exp, "tanh": tanh, "log": log, "log1p": log1p, "clip": clip, "isfinite": isfinite}
    exec(compile(source, f"<trainer {network}>", "exec"), namespace)  # noqa: S102 (see module doc)
    return namespace["run"]


def _names(network: Network):
    s, L = network.sizes, len(network.sizes) - 1
    w = [[[f"w_{l}_{j}_{i}" for i in range(s[l - 1])] for j in range(s[l])] for l in range(1, L + 1)]
    b = [[f"b_{l}_{j}" for j in range(network.bias_size(l))] for l in range(1, L + 1)]
    flat = [n for layer in w for row in layer for n in row] + [n for layer in b for n in layer]
    return w, b, flat


def _lines(network: Network, update_biases: bool, article_variant: bool, trainable=None):
    s, L = network.sizes, len(network.sizes) - 1
    w, b, flat = _names(network)
    fixed = {name for name, train in zip(flat, trainable or ()) if not train}
    out = [[f"o_{l}_{j}" for j in range(s[l])] for l in range(L + 1)]
    targets = [f"t_{k}" for k in range(s[L])]
    params = ", ".join(flat)
    yield "def run(flat, x, t, lr, steps, record_every):"
    yield f"    ({params},) = flat"
    yield f"    ({', '.join(out[0])},) = x"
    yield f"    ({', '.join(targets)},) = t"
    yield "    rec_steps, losses, outputs, trajectory = [], [], [], []"
    yield "    for k in range(steps + 1):"
    for l in range(1, L + 1):
        act = activation(network.activations[l - 1])
        for j in range(s[l]):
            bias = b[l - 1][j if not network.shared_bias else 0]
            terms = " + ".join(f"{w[l - 1][j][i]} * {out[l - 1][i]}" for i in range(s[l - 1]))
            yield f"        n_{l}_{j} = {terms} + {bias}"
            yield f"        {out[l][j]} = {act.scalar_fn.format(net=f'n_{l}_{j}')}"
    lo = loss(network.loss)
    errors = " + ".join(f"({lo.scalar_fn.format(out=o, t=t)})" for o, t in zip(out[L], targets))
    yield f"        e = {errors}"
    nets = "".join(f" + 0.0 * n_{l}_{j}" for l in range(1, L + 1) for j in range(s[l]))
    yield f"        if not isfinite(e{nets}):  # 0 * inf is nan: any overflowed net shows"
    yield f"            return k, rec_steps, losses, outputs, trajectory, ({params},)"
    yield "        if k % record_every == 0 or k == steps:"
    yield "            rec_steps.append(k)"
    yield "            losses.append(e)"
    yield f"            outputs.append(({', '.join(out[L])},))"
    yield f"            trajectory.append(({params},))"
    yield "        if k == steps:"
    yield "            break"
    for k, (o, t) in enumerate(zip(out[L], targets)):
        yield f"        g_{L}_{k} = {lo.scalar_der.format(out=o, t=t)}"
    for l in range(L, 0, -1):
        act = activation(network.activations[l - 1])
        for j in range(s[l]):
            der = act.scalar_der.format(net=f"n_{l}_{j}", out=out[l][j])
            if l == L and fused(network):  # out - t, as network.backward computes it
                yield f"        d_{l}_{j} = {out[l][j]} - {targets[j]}"
            else:
                yield f"        d_{l}_{j} = g_{l}_{j} * ({der})"
        if article_variant:  # update before propagating through these weights
            yield from _updates(network, l, w, b, out, update_biases, fixed)
        if l > 1:
            for i in range(s[l - 1]):
                terms = " + ".join(f"d_{l}_{j} * {w[l - 1][j][i]}" for j in range(s[l]))
                yield f"        g_{l - 1}_{i} = {terms}"
    if not article_variant:
        for l in range(L, 0, -1):
            yield from _updates(network, l, w, b, out, update_biases, fixed)
    yield f"    return -1, rec_steps, losses, outputs, trajectory, ({params},)"


def _updates(network, l, w, b, out, update_biases, fixed=frozenset()):
    s = network.sizes
    for j in range(s[l]):
        for i in range(s[l - 1]):
            if w[l - 1][j][i] not in fixed:
                yield f"        {w[l - 1][j][i]} -= lr * (d_{l}_{j} * {out[l - 1][i]})"
    if update_biases:
        if network.shared_bias:
            if b[l - 1][0] not in fixed:
                yield f"        {b[l - 1][0]} -= lr * ({' + '.join(f'd_{l}_{j}' for j in range(s[l]))})"
        else:
            for j in range(s[l]):
                if b[l - 1][j] not in fixed:
                    yield f"        {b[l - 1][j]} -= lr * d_{l}_{j}"
