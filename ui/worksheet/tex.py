"""The lessons' LaTeX as Typst math: the subset the lessons' steps write (fractions, partials, sub- and
superscripts, \\left( \\right), \\text, bmatrix, aligned rows, a few operators), so a sheet typesets the
very formula a page renders. Pure strings. Anything outside the subset raises ``ValueError``: a test
converts every formula of the four lessons and compiles it.

A run of letters is written letter by letter ("net" -> ``n e t``): Typst reads a word as a variable
name, and letters side by side render as KaTeX shows them, italic and tight.
"""

import re

# LaTeX command -> Typst (Unicode where a symbol will do: no dependence on Typst's symbol names).
SYMBOLS = {
    "partial": "∂", "cdot": "⋅", "times": "×", "odot": "⊙", "eta": "η", "sigma": "σ", "delta": "δ",
    "lambda": "λ", "alpha": "α", "rho": "ρ", "nabla": "∇", "top": "⊤", "approx": "≈", "infty": "∞",
    "lVert": "‖", "rVert": "‖", "Vert": "‖", "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋",
    "dots": "…", "ldots": "…", "cdots": "⋯", "sum": "∑", "to": "→", "le": "≤", "ge": "≥", "neq": "≠",
    "in": "∈", "prime": "′", "quad": "quad", "qquad": "wide", ",": "thin", ";": "med", ":": "med",
    " ": "thin", "{": "\\{", "}": "\\}", "|": "‖", "!": "",
}  # fmt: skip
OPERATORS = {"log", "ln", "exp", "tanh", "min", "max", "sin", "cos"}  # upright, like \log
SIZES = {"left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr", "displaystyle", "small"}
FRACTIONS = {"frac", "dfrac", "tfrac"}
_TOKEN = re.compile(r"\\[a-zA-Z]+|\\.|[0-9]+(?:\.[0-9]+)?|[a-zA-Z]|\s+|.", re.S)
_ESCAPE = {"/": "\\/", ",": "\\,", ";": "\\;", "[": "\\[", "]": "\\]", "#": "\\#", "$": "\\$", '"': '\\"',
           "@": "\\@", "*": "∗", "'": "'"}  # fmt: skip


def typst_math(latex: str) -> str:
    """One LaTeX formula (without $) as the body of a Typst equation."""
    tokens = [t for t in _TOKEN.findall(latex) if not t.isspace() or t == " "]
    parser = _Parser([t for t in tokens if not t.isspace()])
    out = parser.sequence(stop=())
    if parser.i != len(parser.tokens):
        raise ValueError(f"unbalanced braces in {latex!r}")
    return out


def quoted(text: str) -> str:
    """Text inside a Typst string (math ``"..."``, or a ``#"..."`` in markup)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Parser:
    def __init__(self, tokens: list[str]):
        self.tokens, self.i = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        if self.i >= len(self.tokens):
            raise ValueError("the formula ends too early")
        self.i += 1
        return self.tokens[self.i - 1]

    def sequence(self, stop: tuple[str, ...], matrix: bool = False) -> str:
        parts = []
        while (t := self.peek()) is not None and t not in stop:
            parts.append(self.atom(matrix))
        return " ".join(p for p in parts if p)

    def group(self) -> str:
        """A braced group or a single token: an argument."""
        if self.peek() == "{":
            self.take()
            body = self.sequence(stop=("}",))
            self.take()
            return body
        return self.atom(False)

    def raw_group(self) -> str:
        """A braced group's text as it is (\\text, \\mathcal's argument)."""
        self.take() if self.peek() == "{" else None
        text, depth = "", 1
        while depth:
            t = self.take()
            depth += {"{": 1, "}": -1}.get(t, 0)
            text += t if depth else ""
        return text

    def atom(self, matrix: bool) -> str:
        t = self.take()
        if t == "{":
            body = self.sequence(stop=("}",))
            self.take()
            return body
        if t in ("^", "_"):
            return f"{t}({self.group()})"
        if t == "&":
            return "," if matrix else "&"
        if t == "\\\\":
            return ";" if matrix else "\\"
        if t.startswith("\\"):
            return self.command(t[1:])
        if t.isalpha():
            return t
        if t[0].isdigit():
            return t
        return _ESCAPE.get(t, t)

    def command(self, name: str) -> str:
        if name in FRACTIONS:
            top, bottom = self.group(), self.group()
            return f"({top})/({bottom})"
        if name == "sqrt":
            return f"sqrt({self.group()})"
        if name in ("text", "mathrm", "operatorname", "textrm"):
            return quoted(self.raw_group())
        if name == "mathcal":
            return f"cal({self.raw_group()})"
        if name in ("begin", "end"):
            return self.environment(name)
        if name in OPERATORS:
            return f'op("{name}")'
        if name in SIZES:
            return ""
        if name in SYMBOLS:
            return SYMBOLS[name]
        raise ValueError(f"\\{name} is not in the worksheet's LaTeX")

    def environment(self, which: str) -> str:
        kind = self.raw_group()
        if kind == "aligned":
            return ""  # Typst aligns a whole equation's rows at & by itself
        if kind == "bmatrix" and which == "begin":
            body = self.sequence(stop=("\\end",), matrix=True)
            self.take(), self.raw_group()
            return f'mat(delim: "[", {body})'
        raise ValueError(f"the {kind} environment is not in the worksheet's LaTeX")
