"""Each store test runs against an SQLite file and against a real PostgreSQL (tests/postgres.py)."""

import pytest
from sqlalchemy import create_engine, text

from ui.classroom import store


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """A migrated, empty class database of each kind."""
    if request.param == "sqlite":
        eng = create_engine(f"sqlite:///{tmp_path / 'classroom.sqlite'}")
    else:
        eng = create_engine(request.getfixturevalue("postgres_url"))
        with eng.begin() as conn:  # a clean slate: the cluster lives for the whole session
            conn.execute(text("DROP TABLE IF EXISTS answers, students, classes, schema_version"))
    store.migrate(eng)
    yield eng
    eng.dispose()
