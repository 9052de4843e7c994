"""The core stays a pure-NumPy library: importing it loads no UI or SymPy."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]

HEAVY = ("streamlit", "plotly", "sympy")


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(done.stdout.split())


def test_importing_the_core_loads_no_ui_and_no_sympy():
    assert loaded_after("import backprop_core").isdisjoint(HEAVY)


def test_the_command_line_loads_none_either():
    assert loaded_after("import backprop_core.cli").isdisjoint(HEAVY)


def test_sympy_arrives_with_symbolic_only():
    assert "sympy" in loaded_after("import backprop_core.symbolic")  # the check above can fail
