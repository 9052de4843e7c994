"""A formula read aloud: the LaTeX a step shows, in words a screen reader speaks ("d E_total by d w5
equals d E_total by d out_o1 times … equals 0.74136507 times … equals 0.0821670406").

Read from the very LaTeX on the page, so the words and the typeset formula cannot disagree. (Lessons 1,
2 and the Playground print theirs from SymPy; lessons 0, 4, 5 and 6 typeset theirs by hand: one reader
of the LaTeX serves every lesson.) It knows the commands the lessons use; anything else is spelled by
its name without the backslash, so the words never hold LaTeX. Our own LaTeX only: never a visitor's.
"""

import re
from functools import lru_cache

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[0-9]+(?:\.[0-9]+)?|[A-Za-z]|\S")
# a formula's size (a slide's, a wide matrix's) says nothing aloud
_SIZES = {
    "\\" + s for s in "tiny scriptsize footnotesize small normalsize large Large LARGE huge Huge".split()
}
_SILENT = _SIZES | {r"\displaystyle", r"\left", r"\right", r"\bigl", r"\bigr", r"\big",
           r"\Big", r"\,", r"\;", r"\!", r"\ ", r"\mathbf"}  # fmt: skip
_WORDS = {
    "=": "equals", "+": "plus", "-": "minus", "/": "over", "<": "is less than", ">": "is greater than",
    "'": "prime", ",": ",", r"\cdot": "times", r"\times": "times", r"\odot": "times element by element",
    r"\approx": "is about", r"\in": "in", r"\to": "goes to", r"\le": "is at most", r"\ge": "is at least",
    r"\quad": ",", r"\qquad": ",", r"\dots": "and so on", r"\cdots": "and so on", r"\ldots": "and so on",
    r"\eta": "eta", r"\lambda": "lambda", r"\sigma": "sigma", r"\rho": "rho", r"\alpha": "alpha",
    r"\delta": "delta", r"\nabla": "grad", r"\partial": "d", r"\infty": "infinity", r"\top": "transposed",
    r"\log": "log", r"\exp": "exp", r"\tanh": "tanh", r"\min": "min", r"\max": "max",
    r"\lVert": "the norm of (", r"\rVert": ")", r"\lceil": "the ceiling of (", r"\rceil": ")",
    r"\{": "(", r"\}": ")", r"\%": "percent",
}  # fmt: skip
_POWERS = {"2": "squared", "3": "cubed", "transposed": "transposed"}


@lru_cache(maxsize=4096)  # a lesson's formulas repeat on every rerun
def read(latex: str) -> str:
    """A formula (an ``aligned`` block's rows too) as one line of words."""
    latex = re.sub(r"\\text\{([^{}]*)\}", lambda m: r"\text{" + m[1].replace(" ", "~") + "}", latex)
    words, _ = _Reader(_TOKEN.findall(latex)).sequence()
    text = " ".join(w for w in words if w)
    text = re.sub(r"\s+([,;)\]])", r"\1", text).replace(";,", ";")
    text = re.sub(r"([(\[])\s+", r"\1", text)
    return re.sub(r"\s+", " ", re.sub(r",(\s*,)+", ",", text)).strip(" ,")


class _Reader:
    def __init__(self, tokens: list[str]):
        self.tokens, self.i, self.bars = tokens, 0, 0

    def peek(self) -> str:
        return self.tokens[self.i] if self.i < len(self.tokens) else ""

    def take(self) -> str:
        token = self.peek()
        self.i += 1
        return token

    def sequence(self, stop: str = "") -> tuple[list[str], bool]:
        """Words up to ``stop`` (a closing brace) or the end; whether more than one thing was read."""
        words, things = [], 0
        while self.i < len(self.tokens) and self.peek() != stop:
            token = self.take()
            if token in "^_" and words:
                words[-1:] = self.script(token, words[-1])
            else:
                words += self.atom(token)
                things += 1
        self.take()  # the stop itself
        return words, things > 1

    def group(self) -> tuple[list[str], bool]:
        """The braced group (or the one token: a letter alone, ``\nabla_W J`` is not "WJ") next."""
        if self.peek() == "{":
            self.take()
            return self.sequence("}")
        token = self.take()
        return ([token] if token.isalpha() else self.atom(token)), False

    def flat(self) -> str | None:
        """The next group's letters, digits and commas run together (``{o1}``, ``{total}``, ``{0,0}``);
        None (nothing taken) when it holds anything else."""
        if self.peek() != "{":
            token = self.peek()
            return self.take() if token.isalnum() else None
        end = self.tokens.index("}", self.i) if "}" in self.tokens[self.i :] else -1
        inside = self.tokens[self.i + 1 : end]
        if end < 0 or not inside or not all(t.isalnum() or t == "," for t in inside):
            return None
        self.i = end + 1
        return "".join(inside)

    def plain(self) -> str:
        """A group as a name's letters and digits run together (``{o1}``, ``{total}``, ``{0,0}``)."""
        words, _ = self.group()
        return "".join(words)

    def script(self, kind: str, base: str) -> list[str]:
        if kind == "_":
            inner = self.flat()
            words = [] if inner is not None else self.group()[0]
            inner = inner or ""
            if inner.isdigit() and base[-1:].isalpha():
                return [base + inner]  # w5, x1
            if re.fullmatch(r"[0-9]+(,[0-9]+)+", inner):
                return [base + f"[{inner}]"]  # W2[0,0]
            return [base + "_" + (inner or f"({' '.join(words)})")]  # E_total, n_(l minus 1)
        words, several = self.group()
        power = " ".join(words)
        if layer := re.match(
            r"\[ ?([0-9]+) ?\] ?", power
        ):  # W^{[2]}: layer 2, W2 (W^{[2]\top}: W2 transposed)
            base, power = base + layer[1], power[layer.end() :]
            if not power:
                return [base]
        if power == "plus":
            return ["new " + base]  # w5 after the update
        if power in _POWERS:
            return [base, _POWERS[power]]
        return [base, "to the power", *(["(", *words, ")"] if several else words)]

    def atom(self, token: str) -> list[str]:
        if token == "{":
            words, several = self.sequence("}")
            return words
        if token in (r"\frac", r"\tfrac", r"\dfrac"):
            return self.fraction()
        if token == r"\sqrt":
            words, several = self.group()
            return ["the square root of", *(["(", *words, ")"] if several else words)]
        if token == r"\sum":
            return self.sum()
        if token == r"\lim":
            below = self.group()[0] if self.take_if("_") else []
            return ["the limit", *(["as", *below] if below else []), "of"]
        if token == r"\overline":
            return ["the mean of", *self.group()[0]]
        if token == r"\mathcal":
            return [self.plain()]
        if token in (r"\text", r"\mathrm", r"\operatorname"):
            return [" ".join(self.group()[0]).replace(" ", "") if token != r"\text" else self.text()]
        if token == r"\begin":
            return self.begin(self.plain())
        if token == r"\end":
            self.plain()
            return []
        if token == r"\\":
            return [","]
        if token == "&":
            return []
        if token == "|":
            self.bars += 1
            return ["the size of ("] if self.bars % 2 else [")"]
        if token in _SILENT:
            return []
        if token in _WORDS:
            return [_WORDS[token]]
        if token.startswith("\\"):
            return [token[1:]]  # a command this reader does not know: its name, never the LaTeX
        if token.isalpha():
            return [self.letters(token)]
        return [token]

    def take_if(self, token: str) -> bool:
        if self.peek() == token:
            self.take()
            return True
        return False

    def letters(self, first: str) -> str:
        """Letters in a row are one name (net, out): LaTeX writes a name's letters apart."""
        name = first
        while len(self.peek()) == 1 and self.peek().isalpha():
            name += self.take()
        return name

    def text(self) -> str:
        """``\\text{path by path}``: its words as written (read() kept its spaces as "~")."""
        start = self.i
        self.group()
        return "".join(self.tokens[start + 1 : self.i - 1]).replace("~", " ")

    def fraction(self) -> list[str]:
        top, top_several = self.group()
        bottom, bottom_several = self.group()
        if top[:1] == ["d"] and bottom[:1] == ["d"]:  # ∂E/∂w: "d E_total by d w5"
            return ["d", *top[1:], "by", "d", *bottom[1:]]
        wrap = lambda words, several: ["(", *words, ")"] if several else words  # noqa: E731
        return [*wrap(top, top_several), "over", *wrap(bottom, bottom_several)]

    def sum(self) -> list[str]:
        below = self.group()[0] if self.take_if("_") else []
        above = self.group()[0] if self.take_if("^") else []
        if "equals" in below and above:
            name, start = below[: below.index("equals")], below[below.index("equals") + 1 :]
            return ["the sum for", *name, "from", *start, "to", *above, "of"]
        return ["the sum", *(["over", *below] if below else []), "of"]

    def begin(self, environment: str) -> list[str]:
        if environment != "bmatrix":
            return []  # aligned: its rows read on, "&" silent, "\\" a pause
        rows, row, cell = [], [], []
        while self.i < len(self.tokens):
            token = self.take()
            if token == r"\end":
                self.plain()
                break
            if token in ("&", r"\\"):
                row.append(" ".join(cell))
                cell = []
                if token == r"\\":
                    rows.append(row)
                    row = []
            elif token in "^_" and cell:
                cell[-1:] = self.script(token, cell[-1])
            else:
                cell += self.atom(token)
        row.append(" ".join(cell))
        rows.append(row)
        size = f"{len(rows)} by {len(rows[0])}"
        said = "; ".join(f"row {k}: {', '.join(r)}" for k, r in enumerate(rows, 1))
        return [f"the {size} matrix with {said};"]
