"""The vectorised lesson in AppTest: stepping, sizes, an edited cell, practice, bad links.

Expected numbers come from pages.vectorised.maths, printed by the one formatter."""

import pytest

from backprop_core import numbers
from backprop_core.example import ARTICLE
from pages.vectorised import maths as v
from tests.apptest import all_latex, open_page, show_all

PAGE = "pages/vectorised/page.py"
DIGITS = 4  # the page's default digits in matrices
STAGES = [s.name for s in v.STAGES]
UNREACHED = "?"


def entries(batch: v.Batch, name: str) -> list[str]:
    return [numbers.latex(x, DIGITS) for x in v.lesson(batch)[name].ravel()]


def shows(app, batch: v.Batch, name: str) -> bool:
    latex = all_latex(app)
    return all(e in latex for e in entries(batch, name))


def test_opens_on_the_batch_and_steps_to_the_end(app):
    open_page(app, PAGE)
    assert not app.exception
    assert app.select_slider(key="vec_step").value == "batch"
    assert app.button(key="prev").disabled
    assert shows(app, v.Batch(), "X") and shows(app, v.Batch(), "W1")
    for name in STAGES[1:]:
        app.button(key="next").click().run()
        assert not app.exception
        assert app.select_slider(key="vec_step").value == name
        stage = next(s for s in v.STAGES if s.name == name)
        for matrix in stage.matrices:
            assert shows(app, v.Batch(), matrix), matrix
    assert app.button(key="next").disabled
    assert app.query_params["vec_step"] == "update"


def test_the_output_error_comes_with_sympys_derivation(app):
    open_page(app, PAGE, vec_step="dZ2")
    latex = all_latex(app)
    assert r"dZ^{[2]} &= A^{[2]} - Y" in latex
    assert "&= a - y" in latex  # cross-entropy through the sigmoid
    assert r"a \left(- a + y\right) \left(a - 1\right)" in latex  # squared error keeps a(1 - a)


def test_show_all_steps_shows_every_matrix(app):
    open_page(app, PAGE)
    show_all(app)
    for name in v.MATRICES:
        assert shows(app, v.Batch(), name), name


def test_editing_the_sizes_changes_every_matrix(app):
    open_page(app, PAGE, vec_step="Z1")
    app.number_input(key="vec_m").set_value(2).run()
    app.selectbox(key="vec_g").set_value("relu").run()
    assert not app.exception
    batch = v.Batch(m=2, activation="relu")
    assert shows(app, batch, "Z1") and not shows(app, v.Batch(), "Z1")
    # the URL follows in the browser (AppTest does not run the front end's binding): tests/e2e


def set_cell(app, matrix: str, row: int, col: int, value: float):
    app.radio(key="vec_edit_matrix").set_value(matrix)
    app.number_input(key="vec_edit_row").set_value(row)
    app.number_input(key="vec_edit_col").set_value(col)
    app.number_input(key="vec_edit_value").set_value(value)
    return app.button(key="vec_edit_set").click().run()


def test_editing_a_cell_reaches_every_matrix_and_the_link(app):
    open_page(app, PAGE, vec_step="A2")
    set_cell(app, "W2", 0, 1, 2.5)
    assert not app.exception
    batch = v.with_cell(v.Batch(), "W2", 0, 1, 2.5)
    assert shows(app, batch, "A2") and not shows(app, v.Batch(), "A2")
    assert app.query_params["vec_cells"] == "W2[0,1]=2.5"
    app.button(key="vec_edit_clear").click().run()
    assert shows(app, v.Batch(), "A2") and "vec_cells" not in app.query_params


@pytest.mark.parametrize("cell, words", [(("Y", 0, 0, 0.5), "0 or 1"), (("X", 7, 0, 1.0), "outside")])
def test_a_bad_cell_is_refused_with_a_note(app, cell, words):
    open_page(app, PAGE)
    set_cell(app, *cell)
    assert not app.exception
    assert any(words in w.value for w in app.warning)
    assert "vec_cells" not in app.query_params


def test_a_shared_link_reproduces_sizes_cells_and_step(app):
    cells = "X[1,0]=-1.5;Y[0,2]=1"
    open_page(app, PAGE, vec_n="2", vec_h="3", vec_seed="42", vec_cells=cells, vec_step="dW1")
    assert not app.exception and not app.warning
    batch = v.Batch(n_in=2, hidden=3, seed=42, cells=(("X", 1, 0, -1.5), ("Y", 0, 2, 1.0)))
    assert shows(app, batch, "dW1")
    assert app.select_slider(key="vec_step").value == "dW1"


def test_bad_link_values_are_named_and_replaced(app):
    open_page(
        app,
        PAGE,
        vec_n="9",
        vec_g="softmax",
        vec_m="0.5",
        vec_cells="X[0,0]=1;rm -rf;W1[9,9]=1",
        vec_step="nonsense",
    )
    assert not app.exception
    warnings = " ".join(w.value for w in app.warning)
    for words in ("vec_n", "vec_g", "vec_m", "W1[9,9] is outside"):
        assert words in warnings, words
    assert "vec_cells in the link is not like X[0,1]=0.5;W1[2,0]=-1 at edit 2; showing the other edits." in (
        warnings
    )
    assert app.number_input(key="vec_n").value == v.Batch().n_in
    assert app.select_slider(key="vec_step").value == "batch"
    assert shows(app, v.Batch(m=v.Batch().m, cells=(("X", 0, 0, 1.0),)), "X")
    app.number_input(key="vec_h").set_value(2).run()  # answered: the link's notices go
    assert not any("vec_n" in w.value for w in app.warning)


def tables(app) -> tuple[dict, dict]:
    """The gradient check and the worked example's table, each as column -> list."""
    check, table = (d.value.to_dict(orient="list") for d in app.dataframe)
    return check, table


def by_name(table: dict, column: str) -> dict:
    return dict(zip(table["in lessons 1–2"], table[column]))


def test_the_gradient_check_and_the_worked_example_table(app):
    open_page(app, PAGE)
    show_all(app)
    worst = max(c.relative for c in v.gradient_check(v.lesson(v.Batch())))
    assert any(numbers.text(worst, 2) in m.value for m in app.markdown)
    check, table = tables(app)
    assert len(check["entry"]) == 16 and check["entry"][0] == "dW1[0,0]"
    rows = by_name(table, "in the matrices")
    assert rows["w5"] == "W2[0,0]" and rows["net_o1"] == "Z2[0,0]" and rows["dE_dw5"] == "dW2[0,0]"
    values = by_name(table, "value in the matrices")
    named = {r.lesson_name: r.named_value for r in v.worked_example(ARTICLE)}
    assert values["E_total"] == numbers.text(named["E_total"]) == "0.298371109"  # the article's
    assert UNREACHED not in check["backprop"] + table["value in the matrices"]


def test_the_tables_show_only_what_the_steps_have_reached(app):
    """At the batch the gradients, the cost and the updates are "?"; each appears at its stage."""
    open_page(app, PAGE)
    found = v.gradient_check(v.lesson(v.Batch()))
    gradients = {c.entry: numbers.text(c.backprop, DIGITS) for c in found}
    check, table = tables(app)
    assert set(check["backprop"]) == set(check["finite difference"]) == {UNREACHED}
    values = by_name(table, "value in the matrices")
    assert values["w5"] == "0.4" and values["t2"] == "0.99"  # given: the batch stage holds them
    for name in ("net_h1", "out_o1", "E_total", "dE_dnet_o1", "dE_dw5", "w5_new", "b1_new"):
        assert values[name] == UNREACHED == by_name(table, "value in lessons 1–2")[name], name
    page = " ".join(m.value for m in app.markdown)
    assert "0.298371109" not in page and "Largest relative difference" not in page

    app.select_slider(key="vec_step").set_value("J").run()
    values = by_name(tables(app)[1], "value in the matrices")
    assert values["E_total"] == "0.298371109" and values["out_o1"] == "0.75136507"  # the article's
    assert values["dE_dw5"] == values["dE_dnet_o1"] == UNREACHED

    app.select_slider(key="vec_step").set_value("dW2").run()
    check, table = tables(app)
    for entry, backprop in zip(check["entry"], check["backprop"]):
        assert backprop == (gradients[entry] if entry.startswith("dW2") else UNREACHED), entry
    values = by_name(table, "value in the matrices")
    assert values["dE_dw5"] == "0.0821670406"  # the article's 0.082167041
    assert values["dE_dnet_o1"] != UNREACHED
    assert values["dE_dw1"] == values["w5_new"] == UNREACHED

    while not app.button(key="next").disabled:  # on to the update
        app.button(key="next").click().run()
    check, table = tables(app)
    assert check["backprop"] == list(gradients.values())
    assert UNREACHED not in by_name(table, "value in the matrices").values()
    assert by_name(table, "value in the matrices")["w5_new"] == "0.35891648"  # the article's w5⁺


def test_practice_mode_asks_for_an_entry_before_showing_the_matrices(app):
    open_page(app, PAGE, vec_step="Z1")
    app.toggle(key="vec_practice").set_value(True).run()
    z = v.lesson(v.Batch())["Z1"][0, 0]
    assert not shows(app, v.Batch(), "Z1")
    app.text_input(key="answer_Z1").input(repr(float(z))).run()
    app.button(key="check_Z1").click().run()
    assert not app.exception
    assert shows(app, v.Batch(), "Z1")
    assert not app.dataframe  # the check and the table hold answers


def test_edited_cells_follow_the_apps_number_rule():
    """Only ASCII digits and plain decimal or scientific numbers, as everywhere else in a link."""
    from pages.vectorised.settings import parse_cells

    cells, bad = parse_cells("X[0,1]=0.5;X[٠,1]=1;W1[1,0]=1_0;Y[0,0]=-0;b1[0,0]=infinity")
    assert cells == (("X", 0, 1, 0.5), ("Y", 0, 0, 0.0))
    assert bad == [2, 3, 5]


def test_thousands_of_bad_edits_in_a_link_make_two_notices_not_thousands(app):
    cells = ";".join(["nonsense"] * 2000 + ["W1[9,9]=1"] * 3000)
    open_page(app, PAGE, vec_cells=cells)
    notices, (rows, cols) = [w.value for w in app.warning], v.Batch().shape("W1")
    assert notices == [
        "vec_cells in the link is not like X[0,1]=0.5;W1[2,0]=-1 at edit 1, 2, 3 and 1,997 more; "
        "showing the other edits.",
        f"3,000 edited cells are not used: W1[9,9] is outside W1, which is {rows}×{cols}, and 2,999 more.",
    ]


def test_the_layout_is_said_as_one_convention_among_two(app):
    """Samples as columns is the course's convention, not every library's: PyTorch, Keras and
    scikit-learn put them in rows."""
    open_page(app, PAGE)
    intro = app.main.markdown[0].value
    assert "every deep-learning course and library" not in intro
    assert "**columns**" in intro and "**rows**" in intro
    assert all(library in intro for library in ("PyTorch", "Keras", "scikit-learn"))


def test_the_sigmoid_output_is_a_probability_and_logistic_regression_is_named(app):
    open_page(app, PAGE)
    text = " ".join(m.value for m in app.markdown)
    assert "**a = P(y = 1 | x)**" in text and "**logistic regression**" in text
