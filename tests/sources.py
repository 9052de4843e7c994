"""The app's own Python files, for the tests that read the source (one formatter, one alias table, ...)."""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def python_files(*folders: str) -> list[pathlib.Path]:
    """Every .py file under ``folders``, sub-packages included, in order."""
    return [path for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))]


APP = [ROOT / "app.py", *python_files("backprop_core", "ui", "pages")]
