"""A teacher's plan for a page and its questions for the class: the one declaration each lesson's
``plan.py`` and ``questions.py`` fill in (ui/teaching.py draws them). Pure: text only, no Streamlit.
"""

from dataclasses import dataclass
from enum import Enum

from . import names
from .example import ALIASES, LABELS, NETWORK

LESSON_MINUTES = 50


class Activity(Enum):
    """What the class does in a part of the outline (its mark in the plan's table)."""

    PRESENT = "present"  # the teacher steps through the page on the projector
    ASK = "stop and ask"  # the class answers; the teacher waits before the next step
    DEVICES = "own devices"  # students work the page on their own devices


@dataclass(frozen=True)
class Part:
    """One part of the 50-minute outline."""

    minutes: int
    activity: Activity
    what: str  # names the page's own steps by their titles in words


@dataclass(frozen=True)
class Plan:
    objectives: tuple[str, ...]  # what a student can do afterwards
    prerequisites: tuple[str, ...]  # URL paths of the pages to take first (ui/navigation's entries)
    outline: tuple[Part, ...]  # adds up to LESSON_MINUTES
    misconceptions: tuple[str, ...]  # to watch for, each with how to answer it
    assign: tuple[str, ...]  # what to set after the class

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.outline)


@dataclass(frozen=True)
class Question:
    """A question for the class; ``answer`` quotes the numbers of the page's current state."""

    text: str
    answer: str
    predict: bool = False  # asked before the step that answers it is revealed


# The worked example's names for the plans' prose, from example.py's tables (never spelled here):
# WEIGHTS[4] is the first output weight, HIDDEN[0] and OUTPUTS[0] the first hidden and output neuron.
WEIGHTS = tuple(ALIASES[w] for layer in names.layers(NETWORK) for w in names.weights(NETWORK, layer))
HIDDEN = tuple(LABELS[names.out(1, i)] for i in range(NETWORK.sizes[1]))
OUTPUTS = tuple(LABELS[names.out(2, k)] for k in range(NETWORK.sizes[2]))
