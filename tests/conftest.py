"""AppTest fixtures for every test: the whole app (app.py with its navigation and sidebar), no browser."""

import functools

import pytest
from streamlit.components.v2.component_manager import BidiComponentManager
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


@functools.cache
def _components() -> BidiComponentManager:
    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


@pytest.fixture(autouse=True)
def _components_found_once(monkeypatch):
    """One custom-component registry for every AppTest in this process, as the server has one.

    AppTest (Streamlit 1.67) scans every installed distribution's metadata for component manifests at
    each new AppTest's first run: 0.12 s here, paid by hundreds of tests. No package here ships one (the
    app's components are inline, registered by name when their module is imported), so one scan serves.
    """
    original = AppTest.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._bidi_component_manager = _components()

    monkeypatch.setattr(AppTest, "__init__", init)


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
