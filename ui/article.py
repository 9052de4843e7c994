"""The article's published figures as data, each with where it comes from, and the core's own values.

The article is Matt Mazur's "A Step by Step Backpropagation Example" (2015).
Every figure is kept as the exact text it prints, because its precision is
part of the claim: a figure matches when the computed value is within one
unit of its last printed digit (the article rounds its intermediates).
"""

from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

from backprop_core import ARTICLE, NETWORK, loss, solve, train
from backprop_core.example import (
    ARTICLE_STEPS,
    OUTPUTS,
    PUBLISHED,
    RETOLD_UPDATE,
    ROUNDED_UPDATE,
    SLIP,
    TARGETS,
)
from backprop_core.numbers import places as numbers_places
from backprop_core.symbolic import lesson_tex

# The article every worked-example page follows, named once: Welcome and Compare cite it from here.
AUTHOR, TITLE, YEAR = "Matt Mazur", "A Step by Step Backpropagation Example", 2015
URL = "https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/"
CITATION = f"{AUTHOR}, [*{TITLE}*]({URL}) ({YEAR})"  # Markdown
STEPS = ARTICLE_STEPS
# E_total as the sum of each output's half squared error, in LaTeX.
HALF_SQUARED_SUM = " + ".join(
    rf"\tfrac12({lesson_tex(t)} - {lesson_tex(o)})^2" for t, o in zip(TARGETS, OUTPUTS)
)


@dataclass(frozen=True)
class Figure:
    section: str  # where in the article it is printed
    symbol: str  # LaTeX, in the lesson's names
    printed: str  # exactly as printed
    source: tuple[str, str]  # where the core keeps it: (Solution table, name) or ("train", name)


FORWARD, OUTPUT, HIDDEN, TRAINED = (
    "Forward pass",
    "Backward pass: output layer",
    "Backward pass: hidden layer",
    "After training",
)
_PARTS = {"forward": FORWARD, "output": OUTPUT, "hidden": HIDDEN, "trained": TRAINED}
FIGURES = tuple(
    Figure(_PARTS[part], symbol, printed, (table, name)) for part, table, name, symbol, printed in PUBLISHED
)
SECTIONS = (FORWARD, OUTPUT, HIDDEN, TRAINED)
PRINTED = {f.source: f.printed for f in FIGURES}

# What some retellings of the article print instead (errata 3 and 4).
RETELLING_T2, RETELLING_W7, RETELLING_W5 = "0.22", "0.511", "0.3595"


def decimals(printed: str) -> int:
    return len(printed.partition(".")[2])


def matches_print(value: float, printed: str) -> bool:
    """Within one unit of the last printed digit (the tiny factor absorbs float noise)."""
    return abs(value - float(printed)) <= 10.0 ** -decimals(printed) * 1.000001


def shown(value: float, printed: str, extra: int = 2) -> str:
    """``value`` written like ``printed``, with ``extra`` more decimals so a difference shows."""
    return numbers_places(value, decimals(printed) + extra)


@st.cache_data(show_spinner="Training the article's network 10,000 steps…")
def trained(article_variant: bool) -> dict[str, float]:
    """The article's long run, by the described method or the article's earlier code."""
    e = ARTICLE
    h = train(NETWORK, e.params, e.inputs, e.targets, e.lr, STEPS, article_variant=article_variant)
    return {
        "E_1": float(h.loss[1]),
        "E_before_last": float(h.loss[-2]),  # after 9,999 steps
        "E": float(h.final_loss),
        **{name: float(out) for name, out in zip(OUTPUTS, np.ravel(h.outputs[-1]))},
    }


@st.cache_data
def computed(article_variant: bool = False) -> dict[tuple[str, str], float]:
    """Every figure's computed value, keyed by its ``source``, at the article's own values."""
    s = solve(ARTICLE, article_variant=article_variant)
    tables = {"forward": s.forward, "factors": s.factors, "gradients": s.gradients, "updated": s.updated}
    tables["train"] = trained(article_variant)
    return {f.source: tables[f.source[0]][f.source[1]] for f in FIGURES}


@st.cache_data
def errata() -> dict[str, float]:
    """Every number the errata quote, from the core."""
    right = solve(ARTICLE)
    described, variant = trained(False), trained(True)
    printed_outputs = np.array([float(PRINTED["train", name]) for name in OUTPUTS])
    slip = replace(ARTICLE, **{SLIP["meant"]: getattr(ARTICLE, SLIP["written"])})
    retold = replace(ARTICLE, **{TARGETS[-1]: float(RETELLING_T2)})
    return {
        "variant_E_1": variant["E_1"],
        "described_E_1": described["E_1"],
        "variant_E": variant["E"],
        **{f"variant_{name}": variant[name] for name in OUTPUTS},
        "E_from_printed_outputs": float(loss(NETWORK.loss).fn(printed_outputs, ARTICLE.targets).sum()),
        "described_E": described["E"],
        "described_E_9999": described["E_before_last"],
        "slip_right": right.forward[SLIP["net"]],
        "slip": solve(slip).forward[SLIP["net"]],
        "slip_slope": right.factors[f"d{SLIP['net']}_d{SLIP['weights'][0]}"],  # ∂net_h1/∂w1 = i1
        "retold": right.updated[RETOLD_UPDATE],
        "retold_t2": solve(retold).updated[RETOLD_UPDATE],
        "rounded": right.updated[ROUNDED_UPDATE],
    }
