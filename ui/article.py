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

URL = "https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/"
STEPS = 10_000  # the article's long run


@dataclass(frozen=True)
class Figure:
    section: str  # where in the article it is printed
    symbol: str  # LaTeX, in the lesson's names
    printed: str  # exactly as printed
    source: tuple[str, str]  # where the core keeps it: (Solution table, name) or ("train", name)


def _figures(section: str, table: str, rows: tuple) -> tuple[Figure, ...]:
    return tuple(Figure(section, symbol, printed, (table, name)) for name, symbol, printed in rows)


def _d(top: str, bottom: str) -> str:
    return rf"\dfrac{{\partial {top}}}{{\partial {bottom}}}"  # display size: legible on a projector


FORWARD, OUTPUT, HIDDEN, TRAINED = (
    "Forward pass",
    "Backward pass: output layer",
    "Backward pass: hidden layer",
    "After training",
)
FIGURES = (
    *_figures(FORWARD, "forward", (
        ("net_h1", "net_{h1}", "0.3775"),
        ("out_h1", "out_{h1}", "0.593269992"),
        ("out_h2", "out_{h2}", "0.596884378"),
        ("net_o1", "net_{o1}", "1.105905967"),
        ("out_o1", "out_{o1}", "0.75136507"),
        ("out_o2", "out_{o2}", "0.772928465"),
        ("E_o1", "E_{o1}", "0.274811083"),
        ("E_o2", "E_{o2}", "0.023560026"),
        ("E_total", "E_{total}", "0.298371109"),
    )),
    *_figures(OUTPUT, "factors", (
        ("dE_dout_o1", _d("E_{total}", "out_{o1}"), "0.74136507"),
        ("dout_o1_dnet_o1", _d("out_{o1}", "net_{o1}"), "0.186815602"),
        ("dnet_o1_dw5", _d("net_{o1}", "w_5"), "0.593269992"),
    )),
    *_figures(OUTPUT, "gradients", (("w5", _d("E_{total}", "w_5"), "0.082167041"),)),
    *_figures(OUTPUT, "updated", (
        ("w5", "w_5^{+}", "0.35891648"),
        ("w6", "w_6^{+}", "0.408666186"),
        ("w7", "w_7^{+}", "0.511301270"),
        ("w8", "w_8^{+}", "0.561370121"),
    )),
    *_figures(HIDDEN, "factors", (
        ("dE_dnet_o1", _d("E_{o1}", "net_{o1}"), "0.138498562"),
        ("dE_o1_dout_h1", _d("E_{o1}", "out_{h1}"), "0.055399425"),
        ("dE_o2_dout_h1", _d("E_{o2}", "out_{h1}"), "-0.019049119"),
        ("dE_dout_h1", _d("E_{total}", "out_{h1}"), "0.036350306"),
        ("dout_h1_dnet_h1", _d("out_{h1}", "net_{h1}"), "0.241300709"),
    )),
    *_figures(HIDDEN, "gradients", (("w1", _d("E_{total}", "w_1"), "0.000438568"),)),
    *_figures(HIDDEN, "updated", (
        ("w1", "w_1^{+}", "0.149780716"),
        ("w2", "w_2^{+}", "0.19956143"),
        ("w3", "w_3^{+}", "0.24975114"),
        ("w4", "w_4^{+}", "0.29950229"),
    )),
    *_figures(TRAINED, "train", (
        ("E_1", r"E_{total}\ \text{(1 step)}", "0.291027924"),
        ("E", rf"E_{{total}}\ \text{{({STEPS:,} steps)}}", "0.0000351085"),
        ("out_o1", rf"out_{{o1}}\ \text{{({STEPS:,} steps)}}", "0.015912196"),
        ("out_o2", rf"out_{{o2}}\ \text{{({STEPS:,} steps)}}", "0.984065734"),
    )),
)  # fmt: skip
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
    return f"{value:.{decimals(printed) + extra}f}"


@st.cache_data(show_spinner="Training the article's network 10,000 steps…")
def trained(article_variant: bool) -> dict[str, float]:
    """The article's long run, by the described method or the article's earlier code."""
    e = ARTICLE
    h = train(NETWORK, e.params, e.inputs, e.targets, e.lr, STEPS, article_variant=article_variant)
    out = h.outputs[-1]
    return {
        "E_1": float(h.loss[1]),
        "E_before_last": float(h.loss[-2]),  # after 9,999 steps
        "E": float(h.final_loss),
        "out_o1": float(out[0]),
        "out_o2": float(out[1]),
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
    printed_outputs = np.array([float(PRINTED["train", name]) for name in ("out_o1", "out_o2")])
    return {
        "variant_E_1": variant["E_1"],
        "described_E_1": described["E_1"],
        "variant_E": variant["E"],
        "variant_out_o1": variant["out_o1"],
        "variant_out_o2": variant["out_o2"],
        "E_from_printed_outputs": float(loss(NETWORK.loss).fn(printed_outputs, ARTICLE.targets).sum()),
        "described_E": described["E"],
        "described_E_9999": described["E_before_last"],
        "net_h1": right.forward["net_h1"],
        "net_h1_slip": solve(replace(ARTICLE, w2=ARTICLE.w3)).forward["net_h1"],
        "w7_new": right.updated["w7"],
        "w7_new_t2_retold": solve(replace(ARTICLE, t2=float(RETELLING_T2))).updated["w7"],
        "w5_new": right.updated["w5"],
    }
