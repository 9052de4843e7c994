"""The teacher's pack: every lesson's and demonstration's plan (50 minutes, real prerequisites, folded
under one control that a slide folds away), each lesson's questions, and the glossary (unique terms, each
on the Notation page under its anchor and linked from the page where it first appears)."""

import importlib

import pytest

from backprop_core.notation import GLOSSARY
from backprop_core.teaching import LESSON_MINUTES, Activity
from tests.apptest import keyed, open_page, show_all
from ui import notation, teaching
from ui.navigation import ENTRIES, NOTATION

PAGES = {e.url_path: e for e in ENTRIES}
PLANNED = (
    "slope", "forward_pass", "backward_pass", "compare", "vectorised", "sgd", "recurrent",
    "training", "loss_surface", "playground",
)  # fmt: skip
PLANS = {p: importlib.import_module(f"pages.{p}.plan").PLAN for p in PLANNED}
LESSONS = PLANNED[:7]  # lessons 0-6 ask questions; the demonstrations have a plan only


@pytest.mark.parametrize("url_path", PLANNED)
def test_a_plan_fills_fifty_minutes_and_takes_real_pages_first(url_path):
    plan = PLANS[url_path]
    assert plan.minutes == LESSON_MINUTES
    assert all(part.minutes > 0 and part.what for part in plan.outline)
    kinds = {part.activity for part in plan.outline}
    assert {Activity.PRESENT, Activity.ASK, Activity.DEVICES} <= kinds  # present, stop and ask, own devices
    assert plan.objectives and plan.misconceptions and plan.assign
    order = list(PAGES)
    for before in plan.prerequisites:
        assert before in PAGES and before != url_path
        assert order.index(before) < order.index(url_path)  # taken earlier in the navigation's order


def test_the_outline_table_counts_the_minutes_from_the_start():
    rows = teaching.outline(PLANS["forward_pass"]).splitlines()[2:]
    assert len(rows) == len(PLANS["forward_pass"].outline)
    assert rows[0].startswith("| 0–") and rows[-1].split(" | ")[0].endswith(f"–{LESSON_MINUTES}")


def _ancestors(app, target) -> list:
    """The blocks that hold ``target``, outermost first."""

    def walk(node, path):
        if node is target:
            return path
        for child in getattr(node, "children", {}).values():
            found = walk(child, [*path, node])
            if found is not None:
                return found
        return None

    return walk(app.main, []) or []


def _plan(app):
    [found] = [e for e in app.main.expander if e.label == teaching.LABEL]
    return found


def _in_the_slides_fold(app) -> bool:
    blocks = [b.proto for b in _ancestors(app, _plan(app)) if b.proto is not None]
    return any(str(getattr(p, "id", "")).endswith("present_fold_teachers") for p in blocks)


@pytest.mark.parametrize("url_path", PLANNED)
def test_the_teachers_pack_on_the_page(app, url_path):
    """One visit per page (they are the suite's slow part): the plan folded under one control, a slide
    folding it away; a lesson's 4-8 questions, one a prediction, answers folded; each glossary term that
    first appears here linked once."""
    open_page(app, PAGES[url_path].path)
    assert not app.exception
    plan = _plan(app)
    assert not plan.proto.expanded and not _in_the_slides_fold(app)
    shown = "\n".join(m.value for m in plan.markdown)
    assert PLANS[url_path].objectives[0] in shown and PLANS[url_path].misconceptions[-1] in shown
    links = [link.proto.page for link in plan.get("page_link")]
    assert links == list(PLANS[url_path].prerequisites)  # each a link to a page of the navigation
    if url_path in LESSONS:
        _asks_four_to_eight_one_a_prediction(app)
    _links_its_first_mentions(app, url_path)
    app.sidebar.toggle(key="present").set_value(True).run()
    assert not app.exception and _in_the_slides_fold(app)  # hidden with the other folds on a slide


def _asks_four_to_eight_one_a_prediction(app) -> None:
    box = keyed(app, teaching.BOX)
    assert [h.value for h in box.get("header")] == [teaching.QUESTIONS]
    asked = box.get("expander")
    assert 4 <= len(asked) <= 8 and any(e.label.startswith(teaching.PREDICT) for e in asked)
    assert not any(e.proto.expanded for e in asked) and all(e.markdown for e in asked)  # answers folded


def _links_its_first_mentions(app, url_path: str) -> None:
    terms = [t for t in GLOSSARY if t.first == url_path]
    if any(t.name == "saturation" for t in terms):  # lesson 4 says it under a later step
        show_all(app)
    text = "\n".join(m.value for m in app.markdown) + "\n".join(c.value for c in app.caption)
    for term in terms:
        assert text.count(f"]({notation.term_link(term.anchor)})") == 1, term.name


def test_more_content_can_follow_the_plan_in_its_fold(app):
    """A worksheet's downloads go inside ``with teaching.for_teachers(plan):`` (the lead's merge)."""
    import inspect

    assert inspect.isgeneratorfunction(inspect.unwrap(teaching.for_teachers))


# --- the glossary --------------------------------------------------------------------------------------


def test_the_glossary_terms_and_anchors_are_unique_and_first_pages_real():
    assert len({t.name for t in GLOSSARY}) == len({t.anchor for t in GLOSSARY}) == len(GLOSSARY)
    assert all(t.first in PAGES and t.meaning for t in GLOSSARY)


def test_the_notation_page_heads_every_term_with_its_anchor(app):
    open_page(app, NOTATION.path)
    anchors = {h.proto.anchor for h in app.subheader}
    assert {t.anchor for t in GLOSSARY} <= anchors
    assert not app.get("iframe")  # no term in the link: nothing to scroll to


def test_a_link_to_a_term_scrolls_there_and_a_bad_one_is_named(app):
    open_page(app, NOTATION.path, glossary_term="mini-batch")
    [script] = app.get("iframe")
    assert '"mini-batch"' in script.proto.srcdoc and not app.warning
    open_page(app, NOTATION.path, glossary_term="<b>nope</b>")
    assert [w.value for w in app.warning] == [notation.TERM.bad()]  # the visitor's text is not echoed
    assert '"glossary"' in app.get("iframe")[0].proto.srcdoc


def test_every_term_first_appears_on_a_page_visited_above():
    assert {t.first for t in GLOSSARY} <= set(PLANNED)


def test_a_term_is_linked_at_its_first_mention_only_and_never_inside_a_longer_one():
    [intro, later] = notation.linked(
        "sgd", "Each **mini-batch** of a batch size B; an epoch.", "Another epoch, another mini-batch."
    )
    link = "notation?glossary_term="
    words = f"Each **[mini-batch]({link}mini-batch)** of a [batch size]({link}batch) B;"
    assert intro == f"{words} an [epoch]({link}epoch)."
    assert later == "Another epoch, another mini-batch."
