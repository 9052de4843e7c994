"""The forward-pass lesson in AppTest: the article's numbers, edits, stepping, links, practice, the code."""

import json
from dataclasses import replace

from backprop_core import ARTICLE, names, numbers, solve
from backprop_core.answers import round_to
from backprop_core.example import FORWARD_NAMES, NETWORK, PARAMETERS
from tests.apptest import all_latex, open_page, show_all, tables
from tests.ui.diagram_reading import labels
from ui import notation

PAGE = "pages/forward_pass/page.py"


def test_defaults_show_the_first_step_and_every_article_number_on_show_all(app):
    open_page(app, PAGE)
    assert not app.exception
    assert app.select_slider(key="fwd_step").value == "net_h1"
    assert "0.3775" in all_latex(app) and "0.593269992" not in all_latex(app)
    show_all(app)
    assert not app.exception
    for number in ("0.3775", "0.593269992", "0.596884378", "1.10590597", "0.75136507", "0.772928465"):
        assert number in all_latex(app)
    assert "0.274811083" in all_latex(app) and "0.298371109" in all_latex(app)


def test_editing_w5_changes_every_value_shown(app):
    open_page(app, PAGE)
    app.number_input(key="w5").set_value(0.3).run()
    show_all(app)
    assert not app.exception
    new = solve(replace(ARTICLE, w5=0.3)).forward
    for name in FORWARD_NAMES:
        assert f"{new[name]:.9g}" in all_latex(app), name
    assert "0.75136507" not in all_latex(app)  # the article's out_o1 is gone
    table = tables(app)[0].value
    assert table["value"].tolist() == [f"{new[name]:.9g}" for name in FORWARD_NAMES]
    assert labels(json.loads(app.get("plotly_chart")[0].proto.spec))["w5"] == "<b>w5</b> = 0.3"


def test_next_and_previous_step_through_and_the_table_grows(app):
    open_page(app, PAGE)
    assert app.button(key="prev").disabled
    app.button(key="next").click().run()
    assert app.select_slider(key="fwd_step").value == "out_h1"
    assert "0.593269992" in all_latex(app)
    assert tables(app)[0].value["name"].tolist() == ["net_h1", "out_h1"]
    app.button(key="next").click().run()
    assert app.select_slider(key="fwd_step").value == "net_h2"
    app.button(key="prev").click().run()
    assert app.select_slider(key="fwd_step").value == "out_h1"
    assert not app.exception


def test_the_last_step_stops_next(app):
    open_page(app, PAGE, step="E_total")
    assert app.button(key="next").disabled and not app.button(key="prev").disabled
    assert "0.298371109" in all_latex(app)


def test_a_link_opens_at_its_step(app):
    open_page(app, PAGE, step="out_h1")
    assert not app.exception
    assert app.select_slider(key="fwd_step").value == "out_h1"
    assert "0.593269992" in all_latex(app)


def test_a_malformed_step_falls_back_to_the_first(app):
    open_page(app, PAGE, step="zzz")
    assert not app.exception
    assert app.select_slider(key="fwd_step").value == "net_h1"
    assert not app.sidebar.warning  # "step" is the page's own parameter, not an unknown one


def test_practice_hides_the_value_then_checks_answers(app):
    open_page(app, PAGE, step="out_h1")
    app.toggle(key="fwd_practice").set_value(True).run()
    assert "0.593269992" not in all_latex(app) and r"= \;?" in all_latex(app)
    assert tables(app)[0].value["name"].tolist() == ["net_h1"]  # the answer is not in the table either
    app.text_input(key="answer_out_h1").input("0.6").run()
    app.button(key="check_out_h1").click().run()
    assert "Close: give more digits" in app.warning[0].value
    assert r"\frac{1}{1 + e^{- net_{h1}}}" in all_latex(app)  # the hint: the formula
    assert r"\frac{1}{1 + e^{- 0.3775}}" in all_latex(app)  # and the numbers to put in
    assert "0.593269992" not in all_latex(app)
    app.text_input(key="answer_out_h1").input("0.593").run()  # the audit's answer: right to 3 digits
    app.button(key="check_out_h1").click().run()
    assert not app.exception
    assert "0.593269992" in all_latex(app)
    assert "1 of 11" in app.get("progress")[0].proto.text


def test_practice_rejects_text_and_can_reveal(app):
    open_page(app, PAGE)
    app.toggle(key="fwd_practice").set_value(True).run()
    app.text_input(key="answer_net_h1").input("__import__('os')").run()
    app.button(key="check_net_h1").click().run()
    assert "Type a number" in app.warning[0].value
    app.button(key="reveal_net_h1").click().run()
    assert "0.3775" in all_latex(app)
    assert "0 of 11" in app.get("progress")[0].proto.text  # revealed is not answered


def test_downloads_are_offered(app):
    open_page(app, PAGE)
    keys = {b.proto.id.rsplit("-", 1)[-1] for b in app.get("download_button")}
    assert keys == {"export_md", "export_csv", "fwd_sheet_pdf", "fwd_key_pdf"}  # the worksheet's two too


def test_a_layer_and_the_model_are_said_with_the_networks_own_counts(app):
    open_page(app, PAGE)
    text = " ".join(m.value for m in app.markdown)
    layer, model = (f"[{t}]({notation.term_link(t)})" for t in ("layer", "model"))  # to the glossary
    assert f"A **{layer}** is" in text and f"The **{model}** is" in text
    depth = len(NETWORK.sizes) - 1
    weights = sum(len(names.weights(NETWORK, l)) for l in names.layers(NETWORK))
    assert f"This network has {depth}: the hidden layer" in text
    assert (
        f"its {len(PARAMETERS)} parameters ({weights} weights and {len(PARAMETERS) - weights} biases)" in text
    )
    assert weights == sum(a * b for a, b in zip(NETWORK.sizes, NETWORK.sizes[1:]))  # counted another way


def test_practice_accepts_e_o2_worked_from_out_o2_rounded_to_four_digits(app):
    """The audit's case: E_o2 = ½(t2 − 0.7729)² = 0.02357 was "Not yet" (the value is 0.02356…)."""
    out_o2 = solve(ARTICLE).forward["out_o2"]
    answer = f"{0.5 * (ARTICLE.t2 - round_to(out_o2)) ** 2:#.4g}"  # the learner's working, to 4 digits
    assert answer == "0.02357"
    open_page(app, PAGE, fwd_step="E_o2", fwd_practice="1")  # practice mode from the link
    assert app.toggle(key="fwd_practice").value and app.text_input(key="answer_E_o2")
    assert app.text_input(key="answer_E_o2").label == "Your value for E_o2"
    app.text_input(key="answer_E_o2").input(answer).run()
    app.button(key="check_E_o2").click().run()
    assert not app.exception and not app.text_input  # accepted: shown worked
    [note] = [s.value for s in app.success]
    assert "rounded to 4 significant digits" in note and numbers.text(out_o2, 9) not in note
    assert any(m.value.startswith("#### 10. E\\_o2") and "✅" in m.value for m in app.markdown)
