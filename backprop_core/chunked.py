"""A long training run in pieces, each continuing from the last, joined into one History.

A page trains a million steps piece by piece so it can show progress (and
cache each piece); joined, the pieces equal one uninterrupted run.
"""

from collections.abc import Sequence

import numpy as np

from .network import Params
from .training import History

PIECE = 50_000  # steps per piece: about 0.1 s with the compiled trainer


def record_every(steps: int, records: int = 10_000) -> int:
    """Record every k-th step so a run of any length keeps at most about ``records`` rows."""
    return max(1, -(-steps // records))


def pieces(steps: int, every: int, size: int = PIECE) -> list[tuple[int, int]]:
    """(first step, steps) of each piece; all but the last a multiple of ``every``, so records align."""
    size = every * max(1, size // every)
    return [(start, min(size, steps - start)) for start in range(0, steps, size)] or [(0, 0)]


def join(parts: Sequence[History], starts: Sequence[int]) -> History:
    """One History from consecutive pieces (each piece's first record repeats the previous last)."""
    first = [slice(None)] + [slice(1, None)] * (len(parts) - 1)
    diverged = [start + int(p.diverged_at) for p, start in zip(parts, starts) if p.diverged_at >= 0]

    def cat(arrays):
        return np.concatenate([a[s] for a, s in zip(arrays, first)])

    params = Params(
        tuple(cat(layer) for layer in zip(*(p.params.weights for p in parts))),
        tuple(cat(layer) for layer in zip(*(p.params.biases for p in parts))),
    )
    return History(
        steps=cat([p.steps + start for p, start in zip(parts, starts)]),
        loss=cat([p.loss for p in parts]),
        outputs=cat([p.outputs for p in parts]),
        params=params,
        final=parts[-1].final,
        diverged_at=np.array(diverged[0] if diverged else -1),
    )
