"""No behaviour change: every page shows what it showed before the one-room-per-lesson move (texts,
formulas, widgets and their values, figures and tables by hash), in its default state and after two
Next clicks. Recorded with ``python -m tests.pages.snapshot``; re-record only for an intended change."""

import difflib
import json

import pytest

from tests.pages import snapshot


@pytest.mark.parametrize("page", sorted(snapshot.pages()))
def test_the_page_shows_what_it_showed_before_the_move(page):
    recorded = snapshot.path(page).read_text()
    now = json.dumps(snapshot.capture(page), indent=1, ensure_ascii=False) + "\n"
    if now != recorded:
        diff = difflib.unified_diff(
            recorded.splitlines(), now.splitlines(), "recorded", "now", n=2, lineterm=""
        )
        pytest.fail(f"{page} changed:\n" + "\n".join(list(diff)[:60]))
