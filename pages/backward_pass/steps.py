"""Folding Backward's repeated chains: w2's chain is w1's up to its last factor (w4's is w3's, w6's
w5's, w8's w7's), so folded it is one step, "same pattern, numbers shown": the one new factor, the
gradient as the product of the chain's factors with their numbers, and the update. Pure: steps in,
steps out."""

from collections.abc import Mapping, Sequence

from backprop_core.steps import Step

Chains = Mapping[str, Sequence[Step]]
TAIL = 3  # a weight's chain ends with its own factor ∂net/∂w, its gradient ∂E/∂w and its update w⁺


def _rows(step: Step) -> list[str]:
    """symbol &= formula, then &= numbers and &= value where they add something."""
    rows = [step.formula]
    for line in (step.numbers, step.value_latex):
        if line and line not in rows:
            rows.append(line)
    return [f"{step.symbol} &= {rows[0]}", *(f"&= {line}" for line in rows[1:])]


def pattern_of(chains: Chains, parameter: str) -> str | None:
    """The earlier parameter whose chain ``parameter``'s repeats up to its last factor, if any."""
    steps = [s.name for s in chains[parameter]]
    if len(steps) <= TAIL or not steps[-1].endswith("_new"):
        return None
    for earlier, chain in chains.items():
        if earlier == parameter:
            return None
        names = [s.name for s in chain]
        if len(names) == len(steps) and names[:-TAIL] == steps[:-TAIL]:
            return earlier
    return None


def folded_step(chain: Sequence[Step], like: str) -> Step:
    """The chain as one step: its new factor, the gradient with every factor's number, the update.
    Practice asks for the gradient; the factor and the update are stated with it (``also``)."""
    factor, gradient, update = chain[-TAIL:]
    rows = [*_rows(factor), *_rows(gradient), *_rows(update)]
    latex = r"\begin{aligned} " + r" \\ ".join(rows) + r" \end{aligned}"
    return Step(
        gradient.name,
        f"Same pattern as {like}, numbers shown",
        gradient.symbol,
        gradient.formula,
        gradient.numbers,
        gradient.value,
        gradient.value_latex,
        latex=latex,
        rounded=gradient.rounded,
        slips=gradient.slips,
        also=((factor.name, factor.value), (update.name, update.value)),
    )


def fold(chains: Chains) -> dict[str, tuple[Step, ...]]:
    """Every chain that repeats an earlier one, folded to one step; the others as they are."""
    out = {}
    for parameter, chain in chains.items():
        like = pattern_of(chains, parameter)
        out[parameter] = (folded_step(chain, like),) if like else tuple(chain)
    return out


def stops(chains: Chains) -> int:
    """How many steps the lesson has from its first to its last (Next takes one fewer clicks)."""
    return sum(len(chain) for chain in chains.values())
