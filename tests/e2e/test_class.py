"""A class in real browsers (issue 25): a teacher and two students, each a browser context of its own,
through the Backward pass, on the session server's class database (an SQLite file of the run's own).

The teacher starts a class on the Class page; the students open the students' link and join, one with a
nickname, one without; the teacher edits w5 in the sidebar, opens the lesson and steps. Both pages follow
(lesson, step heading, w5), one at "My own pace" only once it is turned off again. Ann answers
∂E_total/∂w5 right, Student 2 with the minus of −(t − out) dropped (the core's own slip); both answers are
acknowledged, and the value is nowhere on the page before. The teacher's counts, chart and likely mistake
are right; Reveal shows the value on the students' screens; the CSV holds one row per answer; Leave class
takes a student out of the count; End class ends the other's. The teacher's token is in no student's page
or address at any point. About 30 s on this 2-core machine (a third student cost about 10 s more: each
student's page redraws the lesson at every move).
"""

import contextlib
import csv
import re
from dataclasses import replace
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page, expect

from backprop_core import ARTICLE, mistakes, numbers
from backprop_core.steps import heading
from backprop_core.symbolic import backward_steps
from ui.classroom import follow

from .axe import assert_accessible
from .conftest import (
    SCREENSHOTS,
    SIZES,
    TABLE,
    WATCH,
    assert_no_exception,
    go_to,
    main,
    number_input,
    set_number,
    shots,
    sidebar,
    wait_for_run,
)

W5 = 0.45  # the teacher's edit: every number of the chain moves with it
CHAIN = backward_steps(replace(ARTICLE, w5=W5), 9, update_biases=False)["w5"]
ASKED = next(s for s in CHAIN if s.name == "dE_dw5")  # ∂E_total/∂w5, the question the class answers
DROPPED = next(v for v, why in ASKED.slips if why == mistakes.MINUS)  # the minus of −(t − out) dropped
FOLLOW = 15_000  # ms: the server wakes a student's page when the teacher moves; its own timer is 10 s
LESSON = "2 · Backward pass"


def heading_of(step) -> str:
    """The step's heading on the page: its number in the chain, then the core's words for it."""
    return f"{[s.name for s in CHAIN].index(step.name) + 1}. {heading(step)}"


def at_step(page: Page, step) -> None:
    """The page shows ``step`` of w5's chain at the teacher's w5: heading, link and sidebar."""
    expect(page).to_have_url(re.compile(rf"/backward_pass\?.*bwd_step={step.name}(&|$)"), timeout=FOLLOW)
    expect(page).to_have_url(re.compile(rf"[?&]w5={W5}(&|$)"))
    expect(main(page).get_by_role("heading", name=heading_of(step))).to_be_visible(timeout=FOLLOW)
    expect(number_input(page, "w5")).to_have_value(str(W5))


def ticks(page: Page, n: int) -> None:
    """Wait until ``n`` more of the page's runs have finished (conftest's WATCH counts the server's
    "finished" messages)."""
    seen = page.evaluate("window.__runs.finished")
    page.wait_for_function("n => window.__runs.finished >= n", arg=seen + n, timeout=FOLLOW)


def no_token(page: Page, token: str) -> None:
    assert token not in page.url and token not in page.content()


def answer(page: Page, text: str) -> None:
    field = main(page).get_by_label("Your answer", exact=True)
    field.fill(text)
    field.press("Enter")


def alert(page: Page, text: str):
    return main(page).locator('[data-testid="stAlert"]').filter(has_text=text)


def test_a_teacher_and_two_students_through_a_lesson(page: Page, browser: Browser, base_url, screenshot):
    teacher = page
    teacher.set_viewport_size(SIZES["1024"])
    with contextlib.ExitStack() as stack:

        def student() -> Page:
            context = browser.new_context(base_url=base_url, viewport=SIZES["1024"])
            stack.callback(context.close)
            context.add_init_script(WATCH)
            return context.new_page()

        ann, second = student(), student()

        # The teacher starts a class: the students' link has the class code and nothing else.
        teacher.goto("/class")
        main(teacher).get_by_role("button", name="Start a class").click()
        link = main(teacher).locator('[data-testid="stCode"]').first
        expect(link).to_contain_text("class=", timeout=30_000)
        token = parse_qs(urlsplit(teacher.url).query)[follow.TEACHER][0]
        code = parse_qs(urlsplit(teacher.url).query)[follow.CLASS][0]
        students_link = link.inner_text().replace("\n", "")
        assert parse_qs(urlsplit(students_link).query) == {follow.CLASS: [code]}
        assert urlsplit(students_link).path == "/class"
        qr = main(teacher).locator('[data-testid="stImage"]').filter(has_text=f"Class {code}: scan to join")
        expect(qr.locator("img")).to_be_visible()
        drawn, room = qr.locator("img").bounding_box(), qr.bounding_box()
        assert drawn["x"] + drawn["width"] <= room["x"] + room["width"] + 1, "the QR code runs off its column"

        # The students open it and join, one with a nickname, one without (then "Student 2").
        for s in (ann, second):
            s.goto(students_link)
        for s, nickname, name in ((ann, "Ann", "Ann"), (second, "", "Student 2")):
            main(s).get_by_label("Nickname (optional)", exact=True).fill(nickname)
            main(s).get_by_role("button", name="Join the class").click()
            expect(main(s)).to_contain_text(f"You are in class {code} as {name}.", timeout=30_000)
            expect(main(s)).to_contain_text("Waiting for your teacher to open a lesson")
            expect(sidebar(s).get_by_role("button", name="Leave class")).to_be_visible()
            no_token(s, token)
        if SCREENSHOTS:
            shots(ann, screenshot, "class/student_joined")
        assert_accessible(ann, "a student who joined")  # WCAG 2.2 AA (tests/e2e/axe.py)

        # The teacher edits w5 (the sidebar, on the Class page: no lesson yet, nothing to follow), opens the
        # lesson and steps: both pages follow, to the lesson, the step and the teacher's w5.
        set_number(teacher, "w5", str(W5))
        expect(teacher).to_have_url(re.compile(rf"[?&]w5={W5}(&|$)"), timeout=30_000)
        wait_for_run(teacher)
        go_to(teacher, LESSON)
        wait_for_run(teacher)  # a Next pressed while the lesson's first runs go on was seen taken twice
        expect(main(teacher).get_by_role("heading", name=heading_of(CHAIN[0]))).to_be_visible(timeout=FOLLOW)
        for step in CHAIN[1:3]:
            main(teacher).locator(".st-key-next button").click()
            wait_for_run(teacher)
            at_step(teacher, step)
        for s in (ann, second):
            at_step(s, CHAIN[2])
            expect(main(s).locator(".st-key-class_bar")).to_contain_text("following the teacher")

        # Student 2 goes at their own pace: the teacher's next step moves Ann, not them, until it is off.
        bar = main(second).locator(".st-key-class_bar")
        bar.get_by_text("My own pace").click()
        expect(bar).to_contain_text("at your own pace", timeout=FOLLOW)
        main(teacher).locator(".st-key-next button").click()
        at_step(teacher, ASKED)
        at_step(ann, ASKED)
        ticks(second, 1)  # Student 2's page ran since (woken by the server, or its safety tick): it stays
        expect(second).to_have_url(re.compile(rf"bwd_step={CHAIN[2].name}(&|$)"))
        bar.get_by_text("My own pace").click()
        at_step(second, ASKED)
        expect(bar).to_contain_text("following the teacher")

        # The question waits for each student's answer: Ann's right, Student 2's with the minus dropped.
        expect(main(second).get_by_label("Your answer", exact=True)).to_be_visible()
        for digits in (4, 9):  # the diagram's and the formula's: the value waits for the answer
            expect(main(second)).not_to_contain_text(numbers.text(ASKED.value, digits))
        if SCREENSHOTS:
            shots(second, screenshot, "class/student_question")
        assert_accessible(second, "a student asked")
        answer(ann, numbers.text(ASKED.value, 6))
        answer(second, numbers.text(DROPPED, 6))
        expect(alert(ann, "Answer stored: right.")).to_be_visible(timeout=FOLLOW)
        expect(alert(second, f"Answer stored. Not yet: {mistakes.MINUS}.")).to_be_visible(timeout=FOLLOW)
        counter = main(teacher).locator(".st-key-class_counter")
        expect(counter).to_contain_text(f"Class {code} · 2 joined · 2 answered · 1 correct", timeout=FOLLOW)
        if SCREENSHOTS:  # presenter mode with the teacher's counter: a second tab on the teacher's link
            slide = teacher.context.new_page()
            slide.goto(f"{teacher.url}&present=1")
            counter_on_slide = main(slide).locator(".st-key-class_counter")
            expect(counter_on_slide).to_contain_text("2 answered", timeout=30_000)
            shots(slide, screenshot, "class/teacher_presenting")
            for size in SIZES.values():  # the counter on one line, clear of the slide's tools
                slide.set_viewport_size(size)
                reveal = counter_on_slide.get_by_role("button", name="Reveal").bounding_box()
                tools = slide.locator(".st-key-present_tools").bounding_box()
                assert reveal["x"] + reveal["width"] < tools["x"], size
                assert reveal["y"] < counter_on_slide.bounding_box()["y"] + 10, size
            slide.close()

        # The Class page: the counts, what the class answered, the likely mistake named; Reveal.
        sidebar(teacher).get_by_role("link", name="The class's answers").click()
        metrics = main(teacher).locator('[data-testid="stMetric"]')
        for label, value in (("Joined", 2), ("Answered", 2), ("Correct", 1)):
            expect(metrics.filter(has_text=label)).to_contain_text(str(value), timeout=30_000)
        grid = main(teacher).locator(f"{TABLE} td")
        expect(grid.filter(has_text=mistakes.MINUS)).to_have_count(1, timeout=30_000)
        expect(grid.filter(has_text=numbers.text(DROPPED, 6))).to_have_count(1)
        chart = main(teacher).locator('[data-testid="stPlotlyChart"]')
        expect(chart).to_contain_text(f"{numbers.text(ASKED.value, 3)} ✓", timeout=30_000)
        expect(chart).to_contain_text(numbers.text(DROPPED, 3))
        if SCREENSHOTS:
            shots(teacher, screenshot, "class/teacher")
        assert_accessible(teacher, "the teacher's Class page, the class's answers in")
        expect(alert(second, "Answer stored.")).to_be_visible()  # the value waits for Reveal
        main(teacher).get_by_role("button", name="Reveal", exact=True).click()
        expect(main(teacher).get_by_role("button", name="Revealed on every screen")).to_be_disabled()
        expect(main(second).get_by_label("Your answer", exact=True)).to_have_count(0, timeout=FOLLOW)
        revealed = main(second).locator(".katex-display").filter(has_text=numbers.text(ASKED.value, 9))
        expect(revealed).not_to_have_count(0)

        # The answers as CSV: one row per answer.
        with teacher.expect_download() as download:
            main(teacher).get_by_role("button", name="Download answers (CSV)").click()
        rows = list(csv.reader(open(download.value.path(), encoding="utf-8")))
        assert rows[0] == ["student", "lesson", "step", "answer", "correct", "answered_at"]
        where = ("backward_pass", ASKED.name)
        assert [tuple(r[:5]) for r in rows[1:]] == [
            ("Ann", *where, numbers.text(ASKED.value, 6), "true"),
            ("Student 2", *where, numbers.text(DROPPED, 6), "false"),
        ]
        assert all(datetime.fromisoformat(r[5]) for r in rows[1:])

        # Student 2 leaves: out of the class, and out of the teacher's count (store.counts: present ones).
        sidebar(second).get_by_role("button", name="Leave class").click()
        expect(bar).to_have_count(0, timeout=FOLLOW)
        expect(second).not_to_have_url(re.compile(r"[?&]class="))
        expect(metrics.filter(has_text="Joined")).to_contain_text("1", timeout=FOLLOW)

        # End class: Ann's page says so and leaves the class.
        main(teacher).get_by_role("button", name="End class").click()
        teacher.get_by_role("button", name="End the class for everyone").click()  # a popover: not in stMain
        expect(main(ann)).to_contain_text(follow.ENDED, timeout=FOLLOW)
        expect(ann).not_to_have_url(re.compile(r"[?&]class="))
        expect(main(teacher)).to_contain_text(follow.ENDED, timeout=FOLLOW)
        for s in (ann, second):
            no_token(s, token)
            assert_no_exception(s)
