"""AppTest fixtures for every test: the whole app (app.py with its navigation and sidebar), no browser."""

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tests.apptest import ROOT


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


@pytest.fixture(scope="session")
def postgres_url():
    """A throw-away PostgreSQL cluster for the whole session (tests/postgres.py); skipped without one."""
    from tests.postgres import cluster, server_bin

    if server_bin() is None:
        pytest.skip("PostgreSQL is not installed (Debian's postgresql package; .ci/run installs it)")
    with cluster() as url:
        yield url
