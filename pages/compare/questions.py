"""Lesson 3's questions for the class, answered with the numbers the page shows: the article's figures
against the core's, at the article's own values."""

from backprop_core import names, numbers
from backprop_core.example import ALIASES, EARLIER_CODE, SLIP, TARGETS
from backprop_core.teaching import Question

TOTAL = ALIASES[names.COST]


def questions(
    matching: int, figures: int, printed_e: str, errata: dict, retold_t2: str, retold_w7: str, steps: int
) -> list[Question]:
    """``matching`` of ``figures`` printed figures match; ``printed_e``: the article's E_total after
    training; ``errata``: the numbers the errata quote (ui/article.errata); the retellings' figures."""

    def n(value) -> str:
        return numbers.text(value, 6)  # as many digits as the printed 0.0000351085

    return [
        Question(
            "Before reading the tables: the article rounds its intermediate values. Should every printed "
            "figure match ours to its last digit?",
            "Not exactly: a figure is counted as matching when it is within one unit of its last printed "
            f"digit, which is what carrying rounded intermediates can cost. **{matching} of {figures}** "
            "match; every one that does not is explained by an erratum below.",
            predict=True,
        ),
        Question(
            f"The article prints {TOTAL} = {printed_e} after {steps:,} steps. Does that follow from the "
            "outputs it prints beside it?",
            f"No. ½ Σ (t − out)² of its printed outputs is **{n(errata['E_from_printed_outputs'])}**, "
            f"{EARLIER_CODE}'s own {TOTAL} ({n(errata['variant_E'])}), whose outputs it prints. The printed "
            f"{printed_e} is the described method's {TOTAL} after {steps - 1:,} steps "
            f"(**{n(errata['described_E_9999'])}**); after {steps:,} it is {n(errata['described_E'])}. "
            "Figures from two runs were printed side by side.",
        ),
        Question(
            f"Where does the text's formula for {SLIP['net']} go wrong, and does it change the numbers?",
            f"Differentiating {SLIP['net']} by {SLIP['weights'][0]} it writes {SLIP['written']} where "
            f"{SLIP['meant']} belongs ({SLIP['written']} joins {' to '.join(SLIP['written_joins'])}). The "
            f"derivative is unchanged, ∂{SLIP['net']}/∂{SLIP['weights'][0]} = "
            f"**{numbers.text(errata['slip_slope'])}** either way; read as written, the sum would be "
            f"{numbers.text(errata['slip'])} instead of **{numbers.text(errata['slip_right'])}**, the value "
            "the article uses. A typo in a formula, not in its arithmetic.",
        ),
        Question(
            f"Some retellings print {TARGETS[-1]} = {retold_t2} beside an updated weight of {retold_w7}. "
            "Which is wrong?",
            f"With the article's {TARGETS[-1]} the update gives **{numbers.text(errata['retold'])}**, their "
            f"{retold_w7}; with {TARGETS[-1]} = {retold_t2} it would be "
            f"{numbers.text(errata['retold_t2'])}. So they computed with the article's target and mistyped "
            "it: a copied figure is a claim to check, not a fact.",
        ),
    ]
