"""Every link is bounded (issue 23): four of the heaviest links opened at once beside ten editing
students, on one server process, over Streamlit's websocket protocol (benchmarks/load.py).

Before, one Playground link retrained 13-29 s in the page's own process, and four of them pushed the
other students' edits to p95 1.1 s. Each link now costs its page's process at most a bounded,
documented amount (backprop_core/work.py) and computes the rest in the low-priority worker, taking
turns. The check is a ratio against the same students' latency measured alone in the same test,
not a wall-clock limit (a slower machine slows both alike); the issue's absolute figure (p95 ≤ 1 s)
is measured by ``python -m benchmarks.load --links`` and recorded in docs/benchmarks.md.
"""

import pytest

from benchmarks.load import HEAVY_LINKS, links_scenario, start_server, stop_server
from pages.recurrent.maths import max_training_steps

from .conftest import ARTIFACTS, in_thread

pytestmark = pytest.mark.alone  # it measures time or load: run with nothing else

EDITORS, SECONDS, WARM = 10, 10.0, 3.0
# Beside the links an editor's p50 and p95 may grow to this many times their own alone. Measured on
# this project's machine (docs/benchmarks.md): with the links retraining in the page's process, p50
# 11× and p95 4.2×; now 1.5× and 1.2-1.4× (the links' pages still draw large networks and long runs
# there, about 0.1-0.3 s each).
RATIO = 3


@pytest.fixture(scope="module")
def server():
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "heavy_links.log", "w") as log:
        process, url, _ = start_server(log)
    try:
        yield url
    finally:
        stop_server(process)  # its process group: the worker too


def test_four_heavy_links_at_once_leave_ten_editors_about_as_quick(server):
    r = in_thread(links_scenario(server, EDITORS, SECONDS, WARM))
    assert not r["errors"], r["results"][1].examples
    assert len(r["links_s"]) == len(HEAVY_LINKS)  # every link's page finished
    for q in ("p50", "p95"):
        alone, beside = r["alone"][q], r["beside the links"][q]
        assert beside <= RATIO * alone, (q, alone, beside)
    playground, _, _, fixed_point = ("\n".join(texts) for texts in r["texts"])
    assert "pg_step in the link asks for more updates than a link reproduces" in playground
    assert f"training here takes at most {max_training_steps(5000):,} steps" in fixed_point
