"""Compare with the article: every figure it prints beside the computed one, and its errata explained."""

from dataclasses import asdict

import streamlit as st

from backprop_core import ARTICLE
from backprop_core.example import EARLIER_CODE, OUTPUTS, SLIP
from backprop_core.numbers import places, text
from backprop_core.symbolic import lesson_tex
from pages.compare.plan import PLAN
from pages.compare.questions import questions
from ui import notation, teaching
from ui.article import (
    CITATION,
    FIGURES,
    HALF_SQUARED_SUM,
    PRINTED,
    RETELLING_T2,
    RETELLING_W5,
    RETELLING_W7,
    SECTIONS,
    STEPS,
    TRAINED,
    computed,
    errata,
    matches_print,
    shown,
)
from ui.sidebar import current_state

MATCH, DIFFERS = ":green-badge[✓ matches]", ":red-badge[✗ differs]"
TICK, CROSS = ":green[**✓**]", ":red[**✗**]"  # in the four-column table: badges do not fit a projector


def number(value: float, printed: str) -> str:
    """``value`` to the printed decimals, then two more in grey: the digits the article left off."""
    written = shown(value, printed)
    return f"{written[:-2]}:gray[{written[-2:]}]"


def flag(value: float, printed: str) -> str:
    return MATCH if matches_print(value, printed) else DIFFERS


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def at(name: str, value: float) -> str:
    """An erratum's number, written to the precision of the printed figure it is set against."""
    return f"**{shown(value, PRINTED['train', name], 0)}**"


def edited_notice() -> None:
    """The published figures hold only at the article's values: say so when the sidebar differs."""
    state = current_state()
    mine, article = asdict(state.example), asdict(ARTICLE)
    changed = [f"{k} = {text(mine[k])} (article: {text(article[k])})" for k in mine if mine[k] != article[k]]
    if state.update_biases:
        changed.append("biases updated (article: fixed)")
    if changed:
        st.info(
            "You have changed the sidebar: " + "; ".join(changed) + ". The article's figures hold only for "
            "its own values, so **everything on this page is computed at the article's values**, "
            "not yours.",
            icon="ℹ️",
        )


def summary(described: dict, variant: dict) -> None:
    trained = [f for f in FIGURES if f.section == TRAINED]
    ok = sum(matches_print(described[f.source], f.printed) for f in FIGURES)
    ok_variant = sum(matches_print(variant[f.source], f.printed) for f in trained)
    left, middle, right = st.columns(3)
    left.metric(
        "Figures that match",
        f"{ok} of {len(FIGURES)}",
        border=True,
        help="Computed by the method the article describes.",
    )
    middle.metric(
        "Earlier code, trained",
        f"{ok_variant} of {len(trained)}",
        border=True,
        help=f"The post-training figures that {EARLIER_CODE} gives.",
    )
    right.metric("Errata", f"{len(ERRATA)}", border=True, help="Each difference, explained below.")


def one_step_table(section: str, described: dict) -> str:
    rows = ["| Quantity | Article prints | Computed here | |", "| :-- | --: | --: | :-- |"]
    for f in FIGURES:
        if f.section == section:
            value = described[f.source]
            rows.append(row(f"${f.symbol}$", f.printed, number(value, f.printed), flag(value, f.printed)))
    return "\n".join(rows)


def trained_table(described: dict, variant: dict) -> str:
    rows = [
        f"| Quantity | Article prints | Described method | {EARLIER_CODE.capitalize()} |",
        "| :-- | --: | --: | --: |",
    ]
    for f in FIGURES:
        if f.section == TRAINED:
            cells = [f"${f.symbol}$", f.printed]
            for value in (described[f.source], variant[f.source]):
                mark = TICK if matches_print(value, f.printed) else CROSS
                cells.append(f"{number(value, f.printed)} {mark}")
            rows.append(row(*cells))
    return "\n".join(rows)


def erratum_variant(n: dict) -> None:
    e = PRINTED["train", "E"]
    st.markdown(
        f"#### 1 · The post-training figures come from {EARLIER_CODE}\n"
        "In that code the hidden layer's deltas were sent back through the *already-updated* "
        "$w_5 \\ldots w_8$, not through the weights of the forward pass as the text describes.\n"
        f"- **After one step** the earlier code gives $E_{{total}}$ = {at('E_1', n['variant_E_1'])}, "
        f"as printed; the described method gives {at('E_1', n['described_E_1'])}.\n"
        f"- **After {STEPS:,} steps** the earlier code's outputs are "
        f"{' and '.join(at(o, n[f'variant_{o}']) for o in OUTPUTS)}, exactly as printed. "
        f"But the printed $E_{{total}}$ = {e} does not follow from them: "
        f"${HALF_SQUARED_SUM}$ of the printed outputs is "
        f"{at('E', n['E_from_printed_outputs'])}, the earlier code's own $E_{{total}}$ "
        f"({at('E', n['variant_E'])}).\n"
        f"- The printed {e} is the described method's $E_{{total}}$ after **{STEPS - 1:,}** steps "
        f"({at('E', n['described_E_9999'])}); after {STEPS:,} it is {at('E', n['described_E'])}."
    )


def _sum(weights, inputs, bias: str) -> str:
    return " + ".join(rf"{w} \cdot {i}" for w, i in zip(weights, inputs)) + f" + {bias}"


def erratum_slip(n: dict) -> None:
    # Checked against a copy of the article that keeps its own typeset formulas (WordPress LaTeX images):
    # github.com/mltrees/document, note/A_Step_by_Step_Backpropagation_Example/
    # A_Step_by_Step_Backpropagation_Example.md (commit eeaccc6c). The forward pass prints
    # "net_{h1} = w_1 * i_1 + w_2 * i_2 + b_1 * 1"; the hidden layer's backward pass, just before
    # "\frac{\partial net_{h1}}{\partial w_1} = i_1 = 0.05", prints
    # "net_{h1} = w_1 * i_1 + w_3 * i_2 + b_1 * 1"
    # (https://s0.wp.com/latex.php?latex=net_%7Bh1%7D+%3D+w_1+%2A+i_1+%2B+w_3+%2A+i_2+%2B+b_1+%2A+1).
    s, value = SLIP, asdict(ARTICLE)
    written = [s["written"] if w == s["meant"] else w for w in s["weights"]]
    as_printed = [rf"i_{{{k + 1}}}" for k in range(len(s["inputs"]))]  # the article calls the inputs i
    source, target = (lesson_tex(name) for name in s["written_joins"])
    net, first = lesson_tex(s["net"]), lesson_tex(s["weights"][0])
    meant, slip = lesson_tex(s["meant"]), lesson_tex(s["written"])

    def numbers_of(weights):
        return _sum(
            (text(value[w]) for w in weights), (text(value[i]) for i in s["inputs"]), text(value[s["bias"]])
        )

    st.markdown(
        f"#### 2 · The text's slip: ${net} = "
        f"{_sum(map(lesson_tex, written), as_printed, lesson_tex(s['bias']))}$\n"
        f"In the backward pass through the hidden layer, where it differentiates ${net}$ by ${first}$, the "
        f"article writes ${slip}$ where its forward pass wrote ${meant}$: "
        f"it means ${meant}$, because ${slip}$ connects ${source}$ to "
        f"${target}$ (the article calls the inputs ${', '.join(as_printed)}$). "
        f"The slip changes no number there: $\\partial {net} / \\partial {first}$ = "
        f"${as_printed[0]}$ = **{text(n['slip_slope'])}** either way. Read as written, the sum would be "
        f"${numbers_of(written)}$ = **{text(n['slip'])}**; the forward pass's sum, "
        f"${numbers_of(s['weights'])}$ = **{text(n['slip_right'])}**, "
        "is the value the article uses."
    )


def erratum_target(n: dict) -> None:
    st.markdown(
        f"#### 3 · Retellings that print $t_2$ = {RETELLING_T2}\n"
        rf"Their own $w_7^{{+}}$ = {RETELLING_W7} implies $t_2$ = {text(ARTICLE.t2)}: "
        rf"with $t_2$ = {text(ARTICLE.t2)}, $w_7^{{+}}$ = **{text(n['retold'])}**; "
        rf"with $t_2$ = {RETELLING_T2} it would be **{text(n['retold_t2'])}**."
    )


def erratum_w5(n: dict) -> None:
    st.markdown(
        rf"#### 4 · Retellings that print $w_5^{{+}}$ = {RETELLING_W5}"
        "\n"
        r"Exactly, $w_5^{+} = w_5 - \eta \cdot \frac{\partial E_{total}}{\partial w_5}$ "
        f"= **{text(n['rounded'])}**, which to four decimals is **{places(n['rounded'], 4)}**, "
        f"not {RETELLING_W5}."
    )


ERRATA = (erratum_variant, erratum_slip, erratum_target, erratum_w5)

st.title("Compare with the article")
notation.link()
st.markdown(
    f"Every figure that the article this app follows, {CITATION}, prints, beside the value computed "
    "here. A figure "
    "**matches** when it is within one unit of its last printed digit, because the article rounds its "
    "intermediates. Computed values show two digits more than printed, in grey."
)
teaching.teachers(PLAN)
edited_notice()
described, variant = computed(False), computed(True)
summary(described, variant)
for section in SECTIONS:
    st.subheader(section)
    if section == TRAINED:
        st.markdown(trained_table(described, variant))
        st.caption("Why these differ, and why the earlier code matches most of them: erratum 1 below.")
    else:
        st.markdown(one_step_table(section, described))

st.header("Errata")
numbers = errata()
for erratum in ERRATA:
    with st.container(border=True):
        erratum(numbers)
matching = sum(matches_print(described[f.source], f.printed) for f in FIGURES)
printed_e = PRINTED["train", "E"]
retold = (RETELLING_T2, RETELLING_W7)
teaching.questions(questions(matching, len(FIGURES), printed_e, numbers, *retold, STEPS))
