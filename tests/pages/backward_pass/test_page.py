"""The backward-pass lesson in AppTest: each chain's factors, edits, stepping across parameters, checks."""

import json
from dataclasses import replace

from backprop_core import ARTICLE, mistakes, names, numbers, solve
from backprop_core.example import ALIASES
from tests.apptest import all_latex, open_page, show_all, tables
from tests.ui.diagram_reading import halos
from ui import notation

PAGE = "pages/backward_pass/page.py"


def test_defaults_show_w5s_chain_with_the_article_numbers(app):
    open_page(app, PAGE)
    assert not app.exception
    assert (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value) == ("w5", "dE_dout_o1")
    assert "0.74136507" in all_latex(app)
    show_all(app)
    for number in ("0.74136507", "0.186815602", "0.593269992", "0.0821670406", "0.35891648"):
        assert number in all_latex(app)


def test_w1s_chain_sums_both_outputs_parts(app):
    open_page(app, PAGE, p1="w1")
    show_all(app)
    assert not app.exception
    latex = all_latex(app)
    for number in ("0.0553994247", "-0.0190491183", "0.0363503064", "0.241300709", "0.000438567734"):
        assert number in latex
    assert "0.149780716" in latex  # w1 after one step
    assert r"\frac{\partial E_{o1}}{\partial out_{h1}} + \frac{\partial E_{o2}}{\partial out_{h1}}" in latex


def test_editing_w5_changes_the_factors_and_the_update(app):
    open_page(app, PAGE)
    app.number_input(key="w5").set_value(0.3).run()
    show_all(app)
    assert not app.exception
    new = solve(replace(ARTICLE, w5=0.3))
    for number in (new.factors["dE_dout_o1"], new.factors["dout_o1_dnet_o1"], new.gradients["w5"]):
        assert f"{number:.9g}" in all_latex(app)
    assert f"{new.updated['w5']:.9g}" in all_latex(app)
    assert "0.74136507" not in all_latex(app)


def test_the_factor_being_differentiated_is_lit(app):
    open_page(app, PAGE, bwd_param="w1", bwd_step="dnet_o1_dout_h1")  # through w5, from h1 to o1
    assert halos(json.loads(app.get("plotly_chart")[0].proto.spec)) == {"w5"}
    app.button(key="next").click().run()  # o1's part of h1's error: from h1 through w5 on to E_total
    assert halos(json.loads(app.get("plotly_chart")[0].proto.spec)) == {"w5", "o1-E_o1", "E_o1-E_total"}


def test_next_runs_from_one_parameter_into_the_next(app):
    open_page(app, PAGE, p1="w5", step="w5_new")
    assert app.select_slider(key="bwd_step").value == "w5_new"
    app.button(key="next").click().run()  # w6's chain, folded: one step
    assert (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value) == ("w6", "dE_dw6")
    app.button(key="prev").click().run()
    assert (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value) == ("w5", "w5_new")
    app.toggle(key="bwd_fold").set_value(False).run()  # unfolded, w6's chain from its first step
    app.button(key="next").click().run()
    assert (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value) == ("w6", "dE_dout_o1")
    app.button(key="prev").click().run()
    assert (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value) == ("w5", "w5_new")
    assert not app.exception


def test_changing_parameter_keeps_a_shared_step_or_starts_the_chain(app):
    open_page(app, PAGE, p1="w5", step="dout_o1_dnet_o1", bwd_fold="0")
    app.radio(key="bwd_param").set_value("w6").run()
    assert app.select_slider(key="bwd_step").value == "dout_o1_dnet_o1"  # w6 needs the same factor
    app.toggle(key="bwd_fold").set_value(True).run()  # folded, w6's chain is one step
    assert app.select_slider(key="bwd_step").value == "dE_dw6"
    app.radio(key="bwd_param").set_value("b1").run()
    assert app.select_slider(key="bwd_step").value == "dE_dnet_h1"
    assert not app.exception


def test_a_malformed_link_falls_back_without_an_exception(app):
    open_page(app, PAGE, p1="zz", step="<b>zzz</b>")
    assert not app.exception
    assert (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value) == ("w5", "dE_dout_o1")


def test_summary_table_and_gradient_check_once_reached(app):
    open_page(app, PAGE)
    [summary] = (t.value for t in tables(app))  # the gradient check waits: it holds every answer
    assert set(summary["∂E_total/∂p"]) == {"?"} and set(summary["new"]) == {"?"}
    show_all(app)
    summary, check = (t.value for t in tables(app))
    row = summary.set_index("parameter").loc["w5"]
    assert (row["old"], row["∂E_total/∂p"], row["new"]) == ("0.4", "0.0821670406", "0.35891648")
    assert summary.set_index("parameter").loc["b1", "new"] == "0.35"  # the article keeps biases fixed
    assert list(check["parameter"]) == ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2"]
    assert any("Largest relative difference" in m.value for m in app.markdown)


def test_updating_biases_is_respected(app):
    open_page(app, PAGE, p1="b1", step="b1_new")
    assert r"b_{1}^{+} &= b_{1}" in all_latex(app)
    app.toggle(key="update_biases").set_value(True).run()
    new = solve(ARTICLE, update_biases=True).updated["b1"]
    assert f"{new:.9g}" in all_latex(app)
    assert tables(app)[0].value.set_index("parameter").loc["b1", "new"] == f"{new:.9g}"


def test_practice_checks_a_factor_and_hides_the_answers(app):
    open_page(app, PAGE)
    app.toggle(key="bwd_practice").set_value(True).run()
    assert "0.74136507" not in all_latex(app) and not tables(app)
    assert not any("0.74136507" in t.value.to_string() for t in app.table)  # nor in the diagram's Data
    app.text_input(key="answer_dE_dout_o1").input("-0.74136507").run()
    app.button(key="check_dE_dout_o1").click().run()
    assert mistakes.MINUS in app.warning[0].value  # the sign, named as the mistake it most likely is
    app.text_input(key="answer_dE_dout_o1").input("0.741365").run()
    app.button(key="check_dE_dout_o1").click().run()
    assert "0.74136507" in all_latex(app)
    assert "1 of" in app.get("progress")[0].proto.text
    assert not app.exception


def test_the_delta_rule_is_named_where_delta_first_appears_with_its_numbers(app):
    open_page(app, PAGE)
    texts = [m.value for m in app.markdown]
    first_step = next(i for i, t in enumerate(texts) if t.startswith("#### 1."))
    said = " ".join(texts[:first_step])  # before any step (and the diagram) shows a δ
    delta, rule = f"[δ]({notation.term_link('delta')})", f"[delta rule]({notation.term_link('delta-rule')})"
    assert f"**{delta}** (delta)" in said and f"**{rule}**" in said  # each linked to the glossary
    forward = solve(ARTICLE).forward
    out, target = forward[ALIASES[names.out(2, 0)]], ARTICLE.t1
    delta = (out - target) * out * (1 - out)  # ∂E/∂out · ∂out/∂net, by hand
    carried = forward[ALIASES[names.out(1, 0)]]
    w = ALIASES[names.weight(2, 0, 0)]
    assert f"For {w}: δ = {numbers.text(delta)} times" in said
    assert f"is {numbers.text(delta * carried)}" in said
    assert numbers.text(delta * carried) == numbers.text(solve(ARTICLE).gradients[w])
    # practising: the rule is said without the numbers, which hold the chain's answers
    app.toggle(key="bwd_practice").set_value(True).run()
    page_text = " ".join(m.value for m in app.markdown)
    assert f"**{rule}**" in page_text and numbers.text(delta) not in page_text
    assert numbers.text(solve(ARTICLE).gradients[w]) not in page_text


def test_practice_names_a_left_out_factor_and_shows_the_numbers_to_put_in(app):
    factors = solve(ARTICLE).factors
    open_page(app, PAGE, bwd_step="dE_dw5", bwd_practice="1")
    without = f"{factors['dE_dout_o1'] * factors['dout_o1_dnet_o1']:#.5g}"  # ∂net_o1/∂w5 forgotten
    app.text_input(key="answer_dE_dw5").input(without).run()
    app.button(key="check_dE_dw5").click().run()
    [said] = [w.value for w in app.warning]
    assert "∂net_o1/∂w₅ looks left out" in said and "Hint" in said
    hint = next(e.value for e in app.latex if r"\frac{\partial E_{total}}{\partial w_{5}} &=" in e.value)
    for factor in ("dE_dout_o1", "dout_o1_dnet_o1", "dnet_o1_dw5"):  # the numbers to put in
        assert numbers.latex(factors[factor]) in hint
    assert numbers.latex(solve(ARTICLE).gradients["w5"]) not in hint  # nor the answer
