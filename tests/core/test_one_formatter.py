"""Every number the app prints goes through backprop_core/numbers.py: no module of the app
formats a float with its own f-string spec (``:g``, ``:.9g``, ``:.4f``, ``:.1e``).

Integers with ``:,`` and progress with ``:.0%`` are not the lesson's numbers and may stay.
"""

import io
import re
import tokenize
from pathlib import Path

from tests.sources import APP

ROOT = Path(__file__).parents[2]
FORMATTER = ROOT / "backprop_core" / "numbers.py"
# a replacement field with a float spec; the spec may hold a nested field ({value:.{digits}g})
FLOAT_SPEC = re.compile(r"(?<!\{)\{[^{}:]+:(?:[^{}]|\{[^{}]*\})*[eEfFgG]\}")


def own_formats(path: Path) -> list[str]:
    found = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        if token.type == tokenize.STRING and re.match(r"[rRbB]*[fF]", token.string):
            where = f"{path.relative_to(ROOT)}:{token.start[0]}"
            found += [f"{where}: {m}" for m in FLOAT_SPEC.findall(token.string)]
    return found


def test_no_module_formats_a_float_itself():
    assert own_formats(FORMATTER)  # the check can see one
    found = [hit for path in APP if path != FORMATTER for hit in own_formats(path)]
    assert not found, "\n".join(found)
