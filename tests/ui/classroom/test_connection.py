"""ui/classroom/connection.py: where the class database is, migrated once, purged once a minute."""

import pytest
from sqlalchemy import inspect
from streamlit import config
from streamlit.runtime.secrets import secrets_singleton

from ui.classroom import connection, store


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch, tmp_path):
    """Each test as a new server process whose data folder is empty; no URL configured."""
    monkeypatch.setattr(connection, "_migrated", set())
    monkeypatch.setattr(connection, "_last_purge", [float("-inf")])
    monkeypatch.setenv("BACKPROP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BACKPROP_CLASS_DB", raising=False)
    old_files = config.get_option("secrets.files")
    config.set_option("secrets.files", [str(tmp_path / "secrets.toml")])
    secrets_singleton._reset()
    yield
    config.set_option("secrets.files", old_files)
    secrets_singleton._reset()


def tables(engine):
    return set(inspect(engine).get_table_names())


def test_the_default_is_an_sqlite_file_in_the_data_folder(tmp_path):
    engine = connection.engine()
    assert engine.url.database == str(tmp_path / "data" / "classroom.sqlite")
    assert (tmp_path / "data" / "classroom.sqlite").is_file()
    assert {"classes", "students", "answers", "schema_version"} <= tables(engine)
    assert connection.engine() is engine  # st.connection keeps one engine per process


def test_the_environment_variable_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_CLASS_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    (tmp_path / "secrets.toml").write_text(
        f'[connections.classroom]\nurl = "sqlite:///{tmp_path / "s.sqlite"}"\n'
    )
    assert connection.engine().url.database == str(tmp_path / "env.sqlite")


def test_secrets_give_the_url(tmp_path):
    (tmp_path / "secrets.toml").write_text(
        f'[connections.classroom]\nurl = "sqlite:///{tmp_path / "s.sqlite"}"\n'
    )
    engine = connection.engine()
    assert engine.url.database == str(tmp_path / "s.sqlite")
    assert "classes" in tables(engine)
    assert not (tmp_path / "data").exists()


def test_migrated_once_and_purged_at_most_once_a_minute(monkeypatch):
    calls = {"migrate": 0, "purge": 0}
    migrate = store.migrate

    def counting_migrate(engine):
        calls["migrate"] += 1
        migrate(engine)

    monkeypatch.setattr(store, "migrate", counting_migrate)
    monkeypatch.setattr(store, "purge", lambda engine: calls.__setitem__("purge", calls["purge"] + 1))
    clock = [1000.0]
    monkeypatch.setattr(connection.time, "monotonic", lambda: clock[0])
    for _ in range(5):
        connection.engine()
    assert calls == {"migrate": 1, "purge": 1}
    clock[0] += connection.PURGE_EVERY - 1
    connection.engine()
    assert calls["purge"] == 1
    clock[0] += 2
    connection.engine()
    connection.engine()
    assert calls == {"migrate": 1, "purge": 2}


@pytest.mark.parametrize(
    ("hours", "expected"), [("", 24.0), ("2", 2.0), ("0.5", 0.5), ("soon", 24.0), ("-3", 24.0)]
)
def test_retention_comes_from_the_environment(monkeypatch, capsys, hours, expected):
    monkeypatch.setenv("BACKPROP_CLASS_RETENTION_HOURS", hours)
    assert store._retention().total_seconds() == expected * 3600
    warned = capsys.readouterr().err
    assert (warned.count("\n") == 1 and "BACKPROP_CLASS_RETENTION_HOURS" in warned) == (
        expected == 24 and hours != ""
    )


def test_a_database_that_does_not_answer_is_one_line_for_the_page(tmp_path, monkeypatch, capsys):
    from tests.postgres import free_port

    monkeypatch.setenv("BACKPROP_CLASS_DB", f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/postgres")
    for _ in range(2):  # not migrated: the next page's call tries again
        with pytest.raises(
            store.ClassError, match="^The class database did not answer; try again in a moment.$"
        ):
            connection.engine()
    assert connection._migrated == set()
    logged = capsys.readouterr().err.splitlines()
    assert len(logged) == 2 and logged[0].startswith("class database: OperationalError: ")


def test_an_sqlite_file_that_cannot_be_opened_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_CLASS_DB", f"sqlite:///{tmp_path / 'no' / 'such' / 'folder.sqlite'}")
    with pytest.raises(store.ClassError, match="did not answer"):
        connection.engine()
    (tmp_path / "file").write_text("")
    monkeypatch.delenv("BACKPROP_CLASS_DB")
    monkeypatch.setenv("BACKPROP_DATA_DIR", str(tmp_path / "file" / "data"))
    with pytest.raises(
        store.ClassError, match="^Cannot create the class database's folder .*data: Not a directory.$"
    ):
        connection.engine()
