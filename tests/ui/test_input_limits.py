"""What one browser can send is bounded: every text field has a length limit, and the server's
settings (.streamlit/config.toml, read through Streamlit's own loader) do what they say."""

import ast

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.apptest import ROOT, open_page
from tests.sources import APP
from ui.navigation import ENTRIES
from ui.stepper import ANSWER_CHARS, is_right

TEXT_FIELDS = {"text_input", "text_area", "chat_input"}
PAGES = [e.path for e in ENTRIES]


def text_field_calls():
    """Every st.text_input / st.text_area / st.chat_input call in the app's source."""
    for path in APP:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in TEXT_FIELDS:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", {k.arg: k.value for k in node.keywords}


def test_every_text_field_in_the_source_has_a_length_limit():
    calls = dict(text_field_calls())
    assert any(name.startswith("ui/stepper.py") for name in calls)  # the practice answer is seen
    for where, keywords in calls.items():
        limit = keywords.get("max_chars")
        assert limit is not None, f"{where}: no max_chars"
        value = ast.literal_eval(limit) if isinstance(limit, ast.Constant) else None
        assert value is None or 0 < value <= 200, where


@pytest.mark.parametrize("page", PAGES)
def test_every_text_field_drawn_has_a_length_limit(app, page):
    open_page(app, page)
    for key in [t.key for t in app.toggle if (t.key or "").endswith("practice")]:
        app.toggle(key=key).set_value(True).run()  # the lessons' answer boxes (recurrent: rnn_practice)
    assert not app.exception
    for box in [*app.text_input, *app.text_area]:
        assert 0 < box.proto.max_chars <= 200, box.label


@pytest.fixture
def repo_config(monkeypatch):
    """Streamlit's options as `streamlit run` reads them from the repository root."""
    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    yield config
    config.get_config_options(force_reparse=True)


def test_users_never_see_a_traceback(repo_config):
    at = AppTest.from_string("raise ValueError('a secret detail')").run()
    (shown,) = at.exception
    assert "secret" not in shown.message and "ValueError" not in shown.message
    assert not shown.stack_trace  # the server's log keeps it


def test_what_a_browser_may_send_is_small(repo_config):
    assert repo_config.get_option("server.maxWidgetStateSize") == 1  # MB per rerun (default 25)
    assert repo_config.get_option("server.maxMessageSize") <= 16  # a 20 MB frame is never read whole
    assert repo_config.get_option("server.maxUploadSize") == 1
    assert "localhost" in repo_config.get_option("server.allowedHosts")


def test_an_answer_longer_than_the_box_allows_is_not_read():
    close = "0.5" + "0" * (ANSWER_CHARS - 3)
    assert is_right(close, 0.5) is True
    assert is_right(close + "0", 0.5) is None  # a client that ignored max_chars
