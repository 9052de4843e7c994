"""Worksheets and answer keys (ui/worksheet, issue 28): every formula of the four lessons typesets, the
key's numbers are the core's, the PDFs open and hold the expected text (read back with PDFium), lessons 1
and 2 fit on two pages of A4 and of US Letter, the command line's errors, and the page's block."""

import os
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from backprop_core import numbers, solve
from backprop_core.cli import main
from backprop_core.example import ARTICLE, SEEDS, random_example
from backprop_core.symbolic import backward_steps, forward_steps
from pages.sgd import maths as sgd
from pages.sgd import sheet as sgd_sheet
from pages.sgd.steps import epoch_steps
from pages.vectorised import maths as vec
from pages.vectorised import sheet as vec_sheet
from pages.vectorised.steps import stage_views
from tests.apptest import ROOT, open_page
from tests.core.test_purity import loaded_after
from ui.worksheet import tex, typeset, worked

SEED_LIST = st.integers(*SEEDS)
DIGITS = numbers.DIGITS


def text(pdf: bytes) -> str:
    """The PDF's text, with math's minus sign as a hyphen (numbers.text writes a hyphen)."""
    document = pdfium.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document).replace("−", "-")


def pages(pdf: bytes) -> int:
    return len(pdfium.PdfDocument(pdf))


@pytest.fixture(scope="module")
def sgd_epoch():
    setup = sgd.Setup(seed=7)
    train, _ = sgd.data(setup)
    return setup, sgd.first_epoch(setup, sgd.three_runs(setup)[1]), train.m


# --- the lessons' LaTeX in Typst ----------------------------------------------------------------------


def every_formula(epoch) -> list[str]:
    setup, ep, m = epoch
    lines = [s.latex or s.symbol + "=" + s.formula for s in forward_steps(ARTICLE, DIGITS)]
    lines += [s.numbers for s in forward_steps(random_example(3), DIGITS)]
    for chain in backward_steps(ARTICLE, DIGITS, update_biases=True).values():
        lines += [s.latex for s in chain] + [s.symbol + "=" + s.formula + "=" + s.numbers for s in chain]
    lines += [e for view in stage_views(vec.lesson(vec.Batch()), 4) for e in view.equations]
    lines += [
        s.symbol + "=" + s.formula + "=" + s.numbers for s in epoch_steps(ep, m, sgd.FIRST_WEIGHT, 4)[:9]
    ]
    return [line for line in dict.fromkeys(lines) if line]


def test_every_formula_of_the_four_lessons_typesets(sgd_epoch):
    import typst

    lines = every_formula(sgd_epoch)
    assert len(lines) > 90
    body = "\n".join(f"$ {tex.typst_math(line)} $" for line in lines)
    assert typst.compile(f"#set page(height: auto)\n{body}".encode()).startswith(b"%PDF")


def test_outside_the_subset_is_refused_not_guessed():
    with pytest.raises(ValueError, match="not in the worksheet"):
        tex.typst_math(r"\unknowncommand{x}")
    with pytest.raises(ValueError):
        tex.typst_math(r"\frac{1}{2")


def test_text_is_a_typst_string_never_markup():
    assert tex.quoted('a "quote" \\ #import') == '"a \\"quote\\" \\\\ #import"'


# --- the key's numbers are the core's -----------------------------------------------------------------


def core_value(sol, name: str) -> float:
    """A backward box's value from the core's Solution (names as the lesson spells them)."""
    if name.endswith("_new"):
        return sol.updated[name[: -len("_new")]]
    if name.startswith("dE_d") and name[4:] in sol.gradients:
        return sol.gradients[name[4:]]
    return sol.factors[name]


@settings(max_examples=8, deadline=None)
@given(SEED_LIST, st.booleans())
def test_the_keys_numbers_are_the_cores(seed, update_biases):
    example = random_example(seed)
    sol = solve(example, update_biases=update_biases)
    fwd = worked.forward(example, seed)
    assert [b.name for b in fwd.boxes] == list(sol.forward)
    for box in fwd.boxes:
        assert box.answer == numbers.text(sol.forward[box.name], DIGITS)
    bwd = worked.backward(example, seed, update_biases=update_biases)
    assert {b.name for b in bwd.boxes} >= {f"dE_d{p}" for p in sol.gradients} | {
        f"{p}_new" for p in sol.updated
    }
    for box in bwd.boxes:
        assert box.answer == numbers.text(core_value(sol, box.name), DIGITS), box.name


@settings(max_examples=4, deadline=None)
@given(st.integers(0, 9999))
def test_lesson_4s_key_holds_every_matrix_of_the_lesson(seed):
    batch = vec.Batch(seed=seed)
    lesson, sheet = vec.lesson(batch), vec_sheet.sheet(batch, 4)
    assert [b.name for b in sheet.boxes] == [n for s in vec.STAGES[1:] for n in s.matrices]
    for box in sheet.boxes:
        assert box.answer == " ".join(numbers.text(x, 4) for x in lesson[box.name].ravel())
    assert sheet.seed == seed and f"seed {seed}" in sheet.source


def test_lesson_5s_key_follows_the_first_epoch(sgd_epoch):
    setup, epoch, m = sgd_epoch
    sheet = sgd_sheet.sheet(setup, epoch, m, sgd.FIRST_WEIGHT, DIGITS)
    by_name = {b.name: b for b in sheet.boxes}
    first = epoch.steps[0]
    assert by_name["shuffle"].answer == str(len(epoch.steps))
    assert by_name["b1-forward"].answer == numbers.text(first.cost, DIGITS)
    assert by_name["b1-backward"].answer == numbers.text(first.grad_norm, DIGITS)
    assert by_name[f"b{len(epoch.steps)}-take"].answer == str(len(epoch.steps[-1].indices))
    # the forward box gives every loss of its batch, so the mean can be worked by hand
    assert by_name["b1-forward"].given.count("L_{") == len(first.indices)


# --- the PDFs: they open, hold the text, fit -----------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_sheets_hold_the_seed_the_formulas_and_on_the_key_the_answers(paper):
    example = random_example(7)
    for sheet in (worked.forward(example, 7), worked.backward(example, 7)):
        blank, key = typeset.pdf(sheet, False, paper), typeset.pdf(sheet, True, paper)
        assert pages(blank) <= 2 and pages(key) <= 2  # lessons 1 and 2 fit two pages
        words, answers = text(blank), text(key)
        assert "seed 7" in words and "seed 7" in answers and "Answer key" in answers
        checked = [b.answer for b in sheet.boxes if "e" not in b.answer]
        assert len(checked) > 0.9 * len(sheet.boxes)
        for answer in checked:
            assert answer in answers
        computed = sheet.boxes[-1] if sheet.slug == "forward" else {b.name: b for b in sheet.boxes}["dE_dw1"]
        assert computed.answer not in words  # a value the sheet asks for is not given away


@settings(max_examples=6, deadline=None)
@given(SEED_LIST, st.sampled_from(["a4", "letter"]), st.booleans())
def test_lessons_1_and_2_fit_two_pages_for_any_seed(seed, paper, update_biases):
    sheet = worked.backward(random_example(seed), seed, update_biases=update_biases)
    assert pages(typeset.pdf(sheet, True, paper)) <= 2


def test_typed_numbers_and_the_article_say_so_instead_of_a_seed():
    typed = replace(random_example(7), w1=0.123)
    assert worked.forward(typed, 7).seed is None
    assert "typed in" in text(typeset.pdf(worked.forward(typed, 7)))
    assert "article" in worked.backward(ARTICLE, None).source


def test_lessons_4_and_5_typeset_both_sheets(sgd_epoch):
    setup, epoch, m = sgd_epoch
    edited = vec.Batch(seed=3, cells=(("X", 0, 0, 0.5),))
    assert "typed in" in vec_sheet.sheet(edited, 4).source and vec_sheet.sheet(edited, 4).seed is None
    for sheet in (vec_sheet.sheet(vec.Batch(seed=3), 4), sgd_sheet.sheet(setup, epoch, m, "W2[0,0]", 4)):
        for key in (False, True):
            words = text(typeset.pdf(sheet, key, "letter"))
            assert f"seed {sheet.seed}" in words and sheet.lesson in words


def test_a_bad_paper_is_refused():
    with pytest.raises(ValueError, match="a4 or letter"):
        typeset.pdf(worked.forward(ARTICLE), paper="legal")


def test_the_command_line_stays_pure_until_the_verb_runs():
    assert loaded_after("import backprop_core.cli").isdisjoint({"typst", "streamlit", "sympy"})
    sheets = "import ui.worksheet.typeset, ui.worksheet.worked, pages.vectorised.sheet, pages.sgd.sheet"
    assert loaded_after(sheets).isdisjoint({"streamlit", "plotly"})  # the PDFs need no page


# --- the command line ------------------------------------------------------------------------------------


def test_the_command_line_writes_the_sheet(tmp_path):
    out = tmp_path / "sheet.pdf"
    assert main(["worksheet", "--lesson", "forward", "--seed", "7", "--out", str(out), "--key"]) == 0
    words = text(out.read_bytes())
    assert "seed 7" in words and worked.forward(random_example(7), 7).boxes[-1].answer in words
    assert (
        main(["worksheet", "--lesson", "vectorised", "--seed", "5", "--out", str(out), "--paper", "letter"])
        == 0
    )
    assert "seed 5" in text(out.read_bytes())


@pytest.mark.parametrize(
    ("args", "status", "said"),
    [
        (["--lesson", "nope", "--out", "{tmp}/x.pdf"], 2, "invalid choice"),
        (["--lesson", "forward", "--seed", "x", "--out", "{tmp}/x.pdf"], 2, "not a whole number"),
        (["--lesson", "forward", "--seed", "10000", "--out", "{tmp}/x.pdf"], 2, "seed must be from 0"),
        (["--lesson", "sgd", "--seed", "100", "--out", "{tmp}/x.pdf"], 2, "from 0 to 99"),
        (["--lesson", "forward", "--out", "{tmp}/x.pdf", "--paper", "legal"], 2, "invalid choice"),
        (["--lesson", "forward", "--out", "{tmp}"], 2, "not a regular file"),
        (["--lesson", "forward", "--out", "{tmp}/missing/x.pdf"], 1, "No such file"),
    ],
)
def test_the_command_lines_errors_are_one_line(tmp_path, capsys, args, status, said):
    argv = ["worksheet", *(a.replace("{tmp}", str(tmp_path)) for a in args)]
    try:
        got = main(argv)
    except SystemExit as exit:  # argparse's own refusals
        got = exit.code
    err = capsys.readouterr().err
    assert got == status and said in err and err.count("\n") == 1


# --- the page's block (AppTest, no browser) -------------------------------------------------------------


def param(app, key: str) -> str:
    value = app.query_params[key]
    return value[-1] if isinstance(value, list) else value


def test_new_numbers_on_lesson_1_puts_a_seeds_example_on_the_page_and_in_the_link(app):
    open_page(app, "pages/forward_pass/page.py")
    downloads = {b.proto.id.rsplit("-", 1)[-1] for b in app.get("download_button")}
    assert {"fwd_sheet_pdf", "fwd_key_pdf"} <= downloads
    assert "fwd_seed" not in app.query_params  # the article's numbers have no seed
    for _ in range(2):
        before = app.number_input(key="w1").value, app.query_params.get("fwd_seed")
        app.button(key="fwd_new_numbers").click().run()
        seed = int(param(app, "fwd_seed"))
        example = random_example(seed)
        assert all(
            app.number_input(key=n).value == getattr(example, n) for n in ("x1", "w1", "w8", "b2", "t2")
        )
        assert (app.number_input(key="w1").value, app.query_params.get("fwd_seed")) != before
        assert any(f"Seed {seed}" in c.value for c in app.caption)
    app.number_input(key="w1").set_value(0.123).run()  # typed: the seed no longer says where they came from
    assert "fwd_seed" not in app.query_params


@pytest.mark.parametrize(
    ("page", "seed_key"), [("pages/vectorised/page.py", "vec_seed"), ("pages/sgd/page.py", "sgd_seed")]
)
def test_new_numbers_on_lessons_4_and_5_changes_the_lessons_seed(app, page, seed_key):
    open_page(app, page)
    prefix = seed_key.split("_")[0]
    assert {f"{prefix}_sheet_pdf", f"{prefix}_key_pdf"} <= {
        b.proto.id.rsplit("-", 1)[-1] for b in app.get("download_button")
    }
    before = app.session_state[seed_key]
    app.button(key=f"{prefix}_new_numbers").click().run()
    after = app.session_state[seed_key]
    assert after != before and param(app, seed_key) == str(after)
    assert any(f"Seed {after}" in c.value for c in app.caption)


def test_a_shared_link_keeps_its_seed_and_a_bad_one_is_no_seed(app):
    example = random_example(7)
    fields = {name: repr(getattr(example, name)) for name in ("x1", "x2", "w1", "w2", "w3", "w4", "w5", "w6")}
    fields |= {name: repr(getattr(example, name)) for name in ("w7", "w8", "b1", "b2", "t1", "t2", "lr")}
    open_page(app, "pages/backward_pass/page.py", **fields, bwd_seed="7")
    assert any("Seed 7" in c.value for c in app.caption) and param(app, "bwd_seed") == "7"
    for bad in ("1e400", "x", "-1"):
        fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        open_page(fresh, "pages/forward_pass/page.py", fwd_seed=bad)
        assert not fresh.exception and "fwd_seed" not in fresh.query_params


def test_a_pipe_or_a_device_as_out_is_refused_before_anything_is_written(tmp_path, capsys):
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    for out in (pipe, "/dev/null"):
        assert main(["worksheet", "--lesson", "forward", "--out", str(out)]) == 2  # never blocks on the pipe
        assert "not a regular file" in capsys.readouterr().err
