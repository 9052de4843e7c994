"""Backward pass's own setting, declared once: whether the chains that repeat an earlier one are folded."""

from ui.settings import Flag

FOLD = Flag(
    "bwd_fold",
    "Fold repeated chains",
    True,
    "A weight into the same neuron as the weight before it repeats that chain up to its last factor: "
    "folded, its chain is one step showing every factor with its number.",
)
SETTINGS = (FOLD,)
