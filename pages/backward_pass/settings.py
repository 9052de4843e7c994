"""Backward pass's own setting, declared once: whether the chains that repeat an earlier one are folded."""

from ui.settings import Flag

FOLD = Flag(
    "bwd_fold",
    "Fold repeated chains",
    True,
    "w2, w4, w6 and w8 repeat the chains of w1, w3, w5 and w7 up to their last factor: folded, each is "
    "one step showing its factors with their numbers (44 steps instead of 72).",
)
