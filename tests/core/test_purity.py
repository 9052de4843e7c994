"""The core stays a pure-NumPy library, and a lesson's maths stays pure: importing them loads no UI (and
the core no SymPy outside ``symbolic``). A lesson's figures build Plotly figures without Streamlit."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]

HEAVY = ("streamlit", "plotly", "sympy")
UI = ("streamlit", "plotly")


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(done.stdout.split())


def lesson_modules(*names: str) -> list[str]:
    """``pages.<lesson>.<name>`` for every lesson folder that has such a module."""
    found = [p for name in names for p in (ROOT / "pages").glob(f"*/{name}.py")]
    return sorted(".".join(p.relative_to(ROOT).with_suffix("").parts) for p in found)


def test_importing_the_core_loads_no_ui_and_no_sympy():
    assert loaded_after("import backprop_core").isdisjoint(HEAVY)


def test_the_command_line_loads_none_either():
    assert loaded_after("import backprop_core.cli").isdisjoint(HEAVY)


def test_the_step_type_loads_no_sympy():
    """A lesson's own steps (pages/*/steps.py) build the core's Step: it must not bring SymPy."""
    assert loaded_after("import backprop_core.steps").isdisjoint(HEAVY)


def test_sympy_arrives_with_symbolic_only():
    assert "sympy" in loaded_after("import backprop_core.symbolic")  # the check above can fail


def test_every_lesson_has_maths_or_steps_to_check():
    assert len(lesson_modules("maths", "steps", "derivation")) >= 5


@pytest.mark.parametrize("module", lesson_modules("maths", "steps", "derivation"))
def test_a_lessons_maths_steps_and_derivation_load_neither_streamlit_nor_plotly(module):
    assert loaded_after(f"import {module}").isdisjoint(UI)


def test_the_plans_and_questions_load_neither_streamlit_nor_plotly():
    """Declared beside each lesson as data and pure text (ui/teaching.py draws them): one process for all."""
    modules = lesson_modules("plan", "questions")
    assert len(modules) >= 17  # ten plans, seven lessons' questions
    assert loaded_after("; ".join(f"import {m}" for m in modules)).isdisjoint(UI)


@pytest.mark.parametrize("module", lesson_modules("figures"))
def test_a_lessons_figures_load_no_streamlit(module):
    loaded = loaded_after(f"import {module}")
    assert "plotly" in loaded and "streamlit" not in loaded
