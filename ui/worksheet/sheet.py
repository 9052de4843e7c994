"""What a worksheet holds, as plain data: the lesson, where its numbers came from, the network, the numbers
given, and one box per value the lesson computes, in the lesson's order. The worksheet prints each box's
formula with room for the answer; the key fills it with the formula's numbers plugged in and the value.
Every number arrives here already printed by backprop_core.numbers (in the lesson's own steps)."""

from dataclasses import dataclass

from backprop_core.steps import Step


@dataclass(frozen=True)
class Box:
    name: str  # the step's name, as the lesson and the link spell it: "net_h1", "dE_dw5", "Z1"
    title: str  # the value in words
    symbol: str  # LaTeX of the left-hand side
    formula: str  # LaTeX of the right-hand side, in symbols: printed on both sheets
    numbers: str  # LaTeX: the right-hand side with the numbers in (the key; "" when it adds nothing)
    value: str  # LaTeX of the value (the key)
    answer: str  # the value as plain text (numbers.text): what a reader of the key's text finds
    given: str = ""  # LaTeX of numbers this box needs that no earlier box gives (a batch's losses)
    shape: tuple[int, int] | None = None  # a matrix's rows and columns: a grid of blanks on the worksheet
    worked: str = ""  # LaTeX the key shows instead of "= numbers" (a matrix: its top-left entry worked)

    @classmethod
    def of(cls, step: Step, answer: str, **more) -> "Box":
        numbers = step.numbers if step.numbers not in (step.formula, step.value_latex) else ""
        return cls(
            step.name, step.title, step.symbol, step.formula, numbers, step.value_latex, answer, **more
        )


@dataclass(frozen=True)
class Sheet:
    lesson: str  # "1 · Forward pass"
    slug: str  # the command line's name for the lesson and the file's: "forward"
    source: str  # where the numbers came from: a seed, the article, or typed in by the teacher
    network: str  # the network in words
    task: str  # what to do, one sentence
    given: tuple[tuple[str, str], ...]  # (LaTeX symbol, LaTeX value): every number the sheet starts from
    boxes: tuple[Box, ...]
    seed: int | None = None  # printed on both sheets when the numbers are the seed's
    columns: int = 2  # columns of boxes on the page: 1 for a few wide formulas, 2 for many

    def file_name(self, key: bool) -> str:
        return file_name(self.slug, self.seed, key)


def file_name(slug: str, seed: int | None, key: bool) -> str:
    """backprop_forward_seed7_key.pdf: the lesson, the seed when there is one, which sheet."""
    seeded = f"_seed{seed}" if seed is not None else ""
    return f"backprop_{slug}{seeded}_{'key' if key else 'worksheet'}.pdf"
