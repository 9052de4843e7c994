"""Only backprop_core/example.py spells the worked example's names (w1..w8, h1, h2, o1, o2) and wiring.

Every other module of the app asks example.py's alias table (or names.py) for them, so a
second network needs no copied code. Code is read token by token: strings and names
count, comments and docstrings (which may explain the table) do not; inside f-strings
only the literal text and the strings inside its fields count.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

from tests.sources import APP

ROOT = Path(__file__).parents[2]
ONLY_HERE = ROOT / "backprop_core" / "example.py"
# The lesson's names inside a longer one: net_h1, out_o1, E_o1, dE_dw5.
IN_NAME = r"(?<=net_|out_)[ho][12]|(?<=E_)o[12]|(?<=_d)w[1-8]"
# In text also alone, or in LaTeX: "w5", "h1", "out_{o1}" (but not "rnn_w2").
ALIAS = re.compile(rf"(?<![A-Za-z0-9_])(?:w[1-8]|[ho][12])(?![A-Za-z0-9])|{IN_NAME}")
ALIAS_IN_NAME = re.compile(IN_NAME)
FSTRING_FIELD = re.compile(r"(?<!\{)\{(?!\{)[^{}]*\}(?!\})")  # a replacement field of an f-string
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")  # the string literals inside one


def docstrings(source: str) -> set[int]:
    """Line numbers where a docstring starts."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    lines.add(first.lineno)
    return lines


def spelled(path: Path) -> list[str]:
    source = path.read_text()
    skip = docstrings(source)
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and token.start[0] not in skip:
            text = token.string
            prefix = text[: len(text) - len(text.lstrip("rRbBuUfF"))]
            if "f" in prefix.lower():
                text = FSTRING_FIELD.sub(lambda field: " ".join(QUOTED.findall(field.group())), text)
            pattern = ALIAS
        elif token.type == tokenize.NAME:  # out_o1 is the lesson's; a variable w2 need not be
            text, pattern = token.string, ALIAS_IN_NAME
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{token.start[0]}: {m}" for m in pattern.findall(text)]
    return found


def test_no_module_but_example_py_spells_the_examples_names():
    assert ONLY_HERE.exists() and spelled(ONLY_HERE)  # the check can see them
    found = [hit for path in APP if path != ONLY_HERE for hit in spelled(path)]
    assert not found, "\n".join(found)
