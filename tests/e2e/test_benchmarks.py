"""The browser benchmark still runs: one page, one turn, no time asserted (times belong in the
benchmark's report, never in a test)."""

from concurrent.futures import ThreadPoolExecutor

from benchmarks.browser import EDITS, measure, report


def test_the_browser_benchmark_measures_a_page_and_its_welcome_floor(app_server):
    # a page with a field of its own, the lightest such (python -m benchmarks.browser measures them all)
    titles = ["4 · The vectorised network"]
    with ThreadPoolExecutor(1) as thread:  # its own Playwright, away from the suite's event loop
        results = thread.submit(measure, app_server, titles, 1).result()
    for title in titles:
        page, floor = results[title]["page"], results[title]["welcome"]
        times = ("visible", "load", "main", "edit")
        assert all(len(page[k]) == len(floor[k]) == 1 and page[k][0] > 0 for k in times)
        assert page["visible"][0] <= page["load"][0]  # the main content is part of everything
    assert results[titles[0]]["field"] == EDITS[titles[0]].label
    assert all(title in report(results, 1) for title in titles)


def test_the_remount_benchmark_draws_the_last_step_both_ways(capsys):
    # measure() stops with SystemExit when a chart does not hold the last step's figure at the end
    from benchmarks import remount

    with ThreadPoolExecutor(1) as thread:
        thread.submit(remount.main, ["--repeats", "1"]).result()
    said = capsys.readouterr().out
    assert "drawn anew" in said and "updated in place" in said
    assert float(said.rsplit("in place: ", 1)[1].rstrip("x\n")) > 0
