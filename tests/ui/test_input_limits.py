"""What one browser can send is bounded: every text field has a length limit, and the server's
settings (.streamlit/config.toml, read through Streamlit's own loader) do what they say."""

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from ui.lesson import ANSWER_CHARS, is_right

from .conftest import ROOT, open_page

PAGES = [f"pages/{p.name}" for p in sorted((ROOT / "pages").glob("*.py"))]


@pytest.mark.parametrize("page", PAGES)
def test_every_text_field_has_a_length_limit(app, page):
    open_page(app, page)
    if any(toggle.key == "practice" for toggle in app.toggle):
        app.toggle(key="practice").set_value(True).run()  # the lessons' answer boxes
    assert not app.exception
    boxes = [*app.text_input, *app.text_area]
    assert boxes or page.endswith(("home.py", "compare.py", "loss_surface.py", "playground.py"))
    for box in boxes:
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
