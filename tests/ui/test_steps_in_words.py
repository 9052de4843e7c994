"""Steps in words: walking every step of every lesson (and with Show all and Practice on), no step's
code name reaches the screen (``dE_dout_h1``, ``b1-take``, ``dL_dothers``, ``answer_…``), while the
link keeps each step's short name (``fwd_step=net_h1``); lesson 2 folds its repeated chains."""

import re
from dataclasses import dataclass, field

import pytest

from backprop_core.example import ARTICLE, FORWARD_NAMES, INPUTS, PARAMETERS, TARGETS
from backprop_core.symbolic import backward_steps
from pages.backward_pass.steps import fold, stops
from tests.apptest import open_page, tables

# The article's names for its quantities are the lesson's notation (out_h1 = 0.593), not code.
NOTATION = {*FORWARD_NAMES, *PARAMETERS, *INPUTS, *TARGETS}
CODE = (
    re.compile(r"\b(?:answer|check|reveal)_\w+"),  # the stepper's widget keys
    re.compile(r"\bd[A-Za-z]+_d\w+"),  # a derivative's step name: dE_dw5, dL_dh_3, dout_o1_dnet_o1
    re.compile(r"\b\w+_new\b"),  # an update's step name
)
TOKEN = re.compile(r"(?<![\w\\])[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+")


@dataclass
class Lesson:
    page: str
    step: str  # the step slider's key
    next: str = "next"
    show_all: str = "show_all"
    practice: str = ""
    query: dict = field(default_factory=dict)


LESSONS = {
    "slope": Lesson("pages/slope/page.py", "slope_step", practice="slope_practice"),
    "forward": Lesson("pages/forward_pass/page.py", "fwd_step", practice="fwd_practice"),
    "backward": Lesson("pages/backward_pass/page.py", "bwd_step", practice="bwd_practice"),
    "backward unfolded": Lesson(
        "pages/backward_pass/page.py", "bwd_step", practice="bwd_practice", query={"bwd_fold": "0"}
    ),
    "vectorised": Lesson("pages/vectorised/page.py", "vec_step", practice="vec_practice"),
    "sgd": Lesson("pages/sgd/page.py", "sgd_step", practice="sgd_practice"),
    "through time": Lesson("pages/recurrent/page.py", "rnn_step", "rnn_next", "rnn_all", "rnn_practice"),
    "fixed point": Lesson(
        "pages/recurrent/page.py", "fp_step", "fp_next", "fp_all", "fp_practice", {"rnn_part": "fixed point"}
    ),
}


def screen(app) -> list[str]:
    """Every text a learner reads: prose (inline maths taken out: out_{o1} there is typeset), labels,
    options, notices, and the words inside formulas (\\text{…})."""
    out = []
    for kind in (
        "markdown",
        "caption",
        "title",
        "header",
        "subheader",
        "warning",
        "info",
        "success",
        "error",
    ):
        for element in getattr(app, kind):
            out.append(re.sub(r"\$[^$]*\$", " ", element.value.replace("\\_", "_")))
    for kind in ("select_slider", "slider", "text_input", "number_input", "toggle", "button", "radio"):
        for widget in getattr(app, kind):
            out.append(widget.label)
            out += [str(o) for o in getattr(widget, "options", ())]
    for formula in app.latex:
        out += re.findall(r"\\text\{([^{}]*)\}", formula.value)
    return out


def code_on(texts: list[str], names: set[str]) -> set[str]:
    """The code names in ``texts``: a step's name written with _ or - (not the article's notation), and
    anything shaped like the stepper's keys or the lessons' derivative names."""
    names = {n for n in names if ("_" in n or "-" in n) and n not in NOTATION}
    found = set()
    for text in texts:
        found |= {t for t in TOKEN.findall(text) if t in names}
        found |= {m for pattern in CODE for m in pattern.findall(text)}
    return found


def walk(app, lesson: Lesson) -> tuple[list[str], list[str]]:
    """Next from the first step to the last: every step's name (from the session) and every text shown."""
    names, texts = [], []
    while True:
        names.append(app.session_state[lesson.step])
        slider = app.select_slider(key=lesson.step)
        assert all(o.startswith(f"{i}. ") for i, o in enumerate(slider.options, 1)), slider.options
        texts += screen(app)
        if app.button(key=lesson.next).disabled:
            return names, texts
        app.button(key=lesson.next).click().run()
        assert not app.exception


@pytest.mark.parametrize("name", list(LESSONS))
def test_no_step_is_named_in_code_on_screen(app, name):
    lesson = LESSONS[name]
    open_page(app, lesson.page, **lesson.query)
    names, texts = walk(app, lesson)
    if lesson.page.endswith(
        "backward_pass/page.py"
    ):  # the clicks a class takes: one per step after the first
        full = backward_steps(ARTICLE, 9)
        assert len(names) == stops(fold(full) if "bwd_fold" not in lesson.query else full)
    if names[-1] != names[0]:  # the link keeps the step's short name
        assert app.query_params[lesson.step] in (names[-1], [names[-1]])
    app.toggle(key=lesson.show_all).set_value(True).run()
    app.toggle(key=lesson.practice).set_value(True).run()
    texts += screen(app)
    boxes = [box for box in app.text_input if (box.key or "").startswith("answer_")]
    if boxes:  # a wrong answer: the verdict and the hint are words too
        boxes[0].input("12345").run()
        app.button(key=boxes[0].key.replace("answer_", "check_")).click().run()
        texts += screen(app)
    assert not app.exception
    assert code_on(texts, set(names)) == set()


def test_the_check_finds_code_names():
    texts = ["Lit: what step dE_dout_o1 differentiates along", "Your value for dE_dw5", "b1-take", "out_h1"]
    assert code_on(texts, {"b1-take", "out_h1"}) == {"dE_dout_o1", "dE_dw5", "b1-take"}


def test_backward_folds_its_repeated_chains_and_any_chain_is_one_pick_away(app):
    full = backward_steps(ARTICLE, 9)
    folded = fold(full)
    assert (stops(full), stops(folded)) == (72, 44)  # Next takes one click fewer than the steps
    assert [p for p, chain in folded.items() if len(chain) == 1] == ["w6", "w8", "w2", "w4"]
    open_page(app, LESSONS["backward"].page)
    assert app.toggle(key="bwd_fold").value
    app.radio(key="bwd_param").set_value("w2").run()  # go to w2: its one step, with every factor's number
    step = app.session_state["bwd_step"]
    assert step == "dE_dw2" and app.select_slider(key="bwd_step").options == [
        "1. ∂E_total/∂w₂: same pattern as w1, numbers shown"
    ]
    formula = "\n".join(e.value for e in app.latex)
    for factor in full["w2"][-3:]:  # its own factor, the gradient and the update, each with its value
        assert factor.value_latex in formula
    app.button(key="next").click().run()  # on to w3, and back: the folded step stays folded
    app.button(key="prev").click().run()
    assert app.session_state["bwd_step"] == "dE_dw2" and app.toggle(key="bwd_fold").value
    summary = tables(app)[0].value
    row = summary[summary["parameter"] == "w2"].iloc[0]
    assert row["new"] != "?" and row["∂E_total/∂p"] != "?"  # the folded step states the update too
    app.toggle(key="bwd_fold").set_value(False).run()
    assert len(app.select_slider(key="bwd_step").options) == len(full["w2"])


def test_a_link_inside_a_folded_chain_opens_it_unfolded(app):
    open_page(app, LESSONS["backward"].page, bwd_param="w2", bwd_step="dE_dout_h1")
    assert (app.session_state["bwd_param"], app.session_state["bwd_step"]) == ("w2", "dE_dout_h1")
    assert not app.toggle(key="bwd_fold").value and not app.main.warning
    app.toggle(key="bwd_fold").set_value(True).run()  # folding again: the chain's one step
    assert app.session_state["bwd_step"] == "dE_dw2" and not app.exception
