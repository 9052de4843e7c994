"""AppTest fixtures: the whole app (app.py with its navigation and sidebar), no browser."""

import pathlib

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _navigation_mode(monkeypatch):
    """Run app.py's st.navigation on every AppTest run, as the real server does.

    AppTest (Streamlit 1.67) re-detects a ``pages/`` folder before each run and
    then executes the page file alone, skipping app.py and its sidebar; the
    server instead switches that legacy mode off once st.navigation is called.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def app():
    """A fresh app session; ``app.run()`` it, then ``switch_page(...)`` as needed."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def open_page(app: AppTest, page: str, **query) -> AppTest:
    """Run the app with ``query`` parameters in the URL and switch to ``page`` (e.g. "pages/training.py")."""
    for name, value in query.items():
        app.query_params[name] = value
    app.run()
    return app.switch_page(page).run()


def all_latex(app: AppTest) -> str:
    """Every formula on the page, as one LaTeX string."""
    return "\n".join(e.value for e in app.latex)


def show_all(app: AppTest) -> AppTest:
    return app.toggle(key="show_all").set_value(True).run()
