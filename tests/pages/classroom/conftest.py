"""Class mode's AppTests: every test on a class database of its own (an SQLite file in tmp_path, reached
through the app's own st.connection by its environment variable), a teacher's session and students'."""

import re

import pytest
from sqlalchemy import create_engine
from streamlit.testing.v1 import AppTest

from tests.apptest import ROOT
from ui.classroom import follow, store

CLASS_PAGE = "pages/classroom/page.py"


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'classroom.sqlite'}"
    monkeypatch.setenv("BACKPROP_CLASS_DB", url)
    engine = create_engine(url)
    store.migrate(engine)
    yield engine
    engine.dispose()


def session() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def start(app: AppTest) -> tuple[AppTest, str, str]:
    """A teacher's session: the Class page, Start a class; returns it with the code and token."""
    app.run()
    app.switch_page(CLASS_PAGE).run()
    app.button(key="class_start").click().run()
    assert not app.exception
    m = app.session_state[follow.MEMBER]
    return app, m.code, m.token


def submit(app: AppTest, label: str) -> AppTest:
    """Click a form's submit button (AppTest lists them with the buttons) by its label."""
    [button] = [b for b in app.button if b.label == label]
    return button.click().run()


def join(code: str, nickname: str = "") -> AppTest:
    """A student's session opening the students' link and joining."""
    app = session()
    app.query_params["class"] = code
    app.run()
    app.switch_page(CLASS_PAGE).run()
    app.text_input(key="class_join_name").input(nickname)
    return synced(submit(app, "Join the class"))


def synced(app: AppTest) -> AppTest:
    """AppTest runs the page it last switched to, not the one a script's st.switch_page went to (a
    student's page moved to the teacher's): point it at the page the session is on."""
    app.switch_page(follow.BY_PATH[app.session_state[follow.PAGE]].path)
    return app


def tick(app: AppTest) -> AppTest:
    """What the follow fragment does every second: look at the class, move with the teacher."""
    return synced(app.run())


def texts(app: AppTest) -> str:
    """Every text the page shows (main and sidebar), for what must or must not appear."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "warning", "error", "info", "success", "code")
        for e in app.get(kind)
    ]
    parts += [e.value for e in app.title] + [e.value for e in app.subheader]
    return "\n".join(plain(p) for p in parts)


def plain(text) -> str:
    """Markdown's escapes taken out: the text as the reader sees it."""
    return re.sub(r"\\(.)", r"\1", str(text))
