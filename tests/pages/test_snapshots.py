"""No behaviour change: every page shows what it showed before the one-room-per-lesson move (texts,
formulas, widgets and their values, figures and tables by hash), in its default state and after two
Next clicks. Recorded with ``python -m tests.pages.snapshot``; re-record only for an intended change."""

import difflib
import json

import pytest

from tests.pages import snapshot


def same(recorded, now) -> bool:
    """Equal, numbers to 1e-9 (a figure's sums of its numbers: the last bit differs between CPUs)."""
    if isinstance(recorded, float) or isinstance(now, float):
        return isinstance(now, int | float) and now == pytest.approx(recorded, rel=1e-9, abs=1e-12)
    if isinstance(recorded, dict):
        return (
            isinstance(now, dict)
            and recorded.keys() == now.keys()
            and all(same(recorded[k], now[k]) for k in recorded)
        )
    if isinstance(recorded, list):
        return isinstance(now, list) and len(recorded) == len(now) and all(map(same, recorded, now))
    return recorded == now


@pytest.mark.parametrize("page", sorted(snapshot.pages()))
def test_the_page_shows_what_it_showed_before_the_move(page):
    recorded = snapshot.path(page).read_text()
    now = json.dumps(snapshot.capture(page), indent=1, ensure_ascii=False) + "\n"
    if not same(json.loads(recorded), json.loads(now)):
        diff = difflib.unified_diff(
            recorded.splitlines(), now.splitlines(), "recorded", "now", n=2, lineterm=""
        )
        pytest.fail(f"{page} changed:\n" + "\n".join(list(diff)[:60]))
