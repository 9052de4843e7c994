"""Each store test runs against an SQLite file and against a real PostgreSQL (tests/postgres.py)."""

import shutil

import pytest
from sqlalchemy import create_engine, text

from ui.classroom import store


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated, empty SQLite file, copied for each test (faster than creating the schema)."""
    path = tmp_path_factory.mktemp("classroom") / "template.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    store.migrate(engine)
    engine.dispose()  # the last connection gone, the WAL is folded into the file
    return path


@pytest.fixture(scope="session")
def postgres_engine(postgres_url):
    engine = create_engine(postgres_url)
    store.migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """A migrated, empty class database of each kind."""
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), tmp_path / "classroom.sqlite")
        eng = create_engine(f"sqlite:///{tmp_path / 'classroom.sqlite'}")
        yield eng
        eng.dispose()
    else:
        eng = request.getfixturevalue("postgres_engine")
        with eng.begin() as conn:  # a clean slate: the cluster lives for the whole session
            conn.execute(text("TRUNCATE answers, students, classes"))
        yield eng
