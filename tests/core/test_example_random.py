"""New numbers for a worksheet: a seed gives one example, always the same, inside the app's limits and away
from the sigmoid's flat ends (checked through the core's own forward pass)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core.example import FIELDS, NETWORK, SEEDS, random_example
from backprop_core.limits import RANGES
from backprop_core.network import forward

seeds = st.integers(*SEEDS)


def test_a_seed_gives_the_same_example_and_seeds_differ():
    assert random_example(7) == random_example(7)
    assert len({random_example(s) for s in range(20)}) == 20


@settings(max_examples=40, deadline=None)
@given(seeds)
def test_every_number_is_in_range_with_two_decimals(seed):
    example = random_example(seed)
    for name in FIELDS:
        value = getattr(example, name)
        low, high = RANGES[name]
        assert low <= value <= high, name
        assert round(value, 2) == value, name


@settings(max_examples=40, deadline=None)
@given(seeds)
def test_no_neuron_is_saturated(seed):
    """|net| ≤ 3 for every neuron: each sigmoid's slope stays at least σ'(3) ≈ 0.045."""
    e = random_example(seed)
    trace = forward(NETWORK, e.params, e.inputs, e.targets)
    for net in trace.nets:
        assert np.all(np.abs(net) <= 3)
