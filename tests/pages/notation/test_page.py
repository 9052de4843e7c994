"""One notation (backprop_core/notation.py): the Notation page shows the declaration, every lesson links to
it, the labels use it (η, never α; one cost name per kind of network; the Playground's x1, x2), and the
0-based matrix index is said where matrices appear."""

import json

import numpy as np
import pytest
from google.protobuf.json_format import MessageToDict

from backprop_core import names, symbolic
from backprop_core.example import ALIASES
from backprop_core.network import Network, backward, forward, init_params
from backprop_core.notation import (
    COST_BATCH,
    COST_EXAMPLE,
    COST_NAMES,
    COST_RECURRENT,
    LEARNING_RATE,
    MATRIX_INDEX,
    TABLE,
    input_latex,
    input_name,
)
from pages.playground import figures as playground_figures
from pages.recurrent.maths import DEFAULT_NETWORK, fixed_point_lesson
from pages.vectorised import settings as vectorised_settings
from tests.apptest import open_page, show_all
from ui.navigation import CLASS, ENTRIES, HOME, NOTATION

PAGE = NOTATION.path
LESSONS = [e for e in ENTRIES if e not in (HOME, NOTATION, CLASS)]  # the Class page is no lesson
MATRIX_PAGES = {"vectorised", "sgd", "playground"}  # pages that show a matrix's entries (W2[0,0])


def test_the_declaration_says_what_the_issue_asks():
    assert (LEARNING_RATE.text, LEARNING_RATE.latex) == ("η", r"\eta")
    assert [c.text for c in COST_NAMES] == ["E_total", "J", "L"]  # worked example, batches, recurrent
    assert COST_BATCH.text == names.COST  # the generic names' cost is the same J
    assert (input_name(0), input_name(1)) == ("x1", "x2")
    first = names.weight(2, 0, 0)
    assert f"{first} is row 0, column 0" in MATRIX_INDEX.meaning and ALIASES[first] in MATRIX_INDEX.meaning


def test_the_page_shows_the_one_declaration(app):
    open_page(app, PAGE)
    assert not app.exception
    assert app.title[0].value == NOTATION.title
    (table,) = app.table
    shown = table.value
    assert shown["symbol"].tolist() == [s.text for s in TABLE]
    assert shown["meaning"].tolist() == [s.meaning for s in TABLE]
    assert shown["where it is used"].tolist() == [s.where for s in TABLE]
    # the cost's mapping in words, from the same declaration
    assert all(f"**{c.text}** in {c.where}" in app.markdown[0].value for c in COST_NAMES)


def page_text(app) -> str:
    """Everything on the page: every element's message, charts' specs unabridged, widgets' labels."""
    return "\n".join(json.dumps(MessageToDict(e.proto), ensure_ascii=False) for e in _elements(app))


def _elements(app):
    for node in app._tree.main, app._tree.sidebar:  # noqa: SLF001
        yield from _walk(node)


def _walk(node):
    proto = getattr(node, "proto", None)
    if proto is not None:
        yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


@pytest.mark.parametrize("entry", LESSONS, ids=lambda e: e.url_path)
def test_every_lesson_links_to_the_notation_and_shows_no_alpha(app, entry):
    open_page(app, entry.path)
    if app.get("toggle") and any(t.key == "show_all" for t in app.toggle):
        show_all(app)  # every step's formula (lesson 4's update wrote α)
    assert not app.exception
    links = [e.proto for e in app.main.get("page_link")]
    assert [link.page for link in links if link.page == NOTATION.url_path]
    text = page_text(app)
    assert "α" not in text and r"\alpha" not in text
    indices = f"Indices: {MATRIX_INDEX.meaning}."
    assert (indices in [c.value for c in app.caption]) == (entry.url_path in MATRIX_PAGES)


def test_the_learning_rate_is_eta_in_every_label(app):
    open_page(app, "pages/vectorised/page.py")
    assert app.number_input(key="vec_lr").label == f"Learning rate {LEARNING_RATE.text}"
    assert app.sidebar.number_input(key="lr").label == LEARNING_RATE.text  # the link's key stays lr
    assert vectorised_settings.SETTINGS  # the update formulas: η
    show_all(app)
    formulas = "\n".join(e.value for e in app.latex)
    assert r"W^{[1]} - \eta\, dW^{[1]}" in formulas


def test_a_recurrent_network_s_loss_is_l_in_both_parts():
    W, I, target = (
        np.array([[float(v) for v in row.split(",")] for row in t.split(";")]) for t in DEFAULT_NETWORK
    )
    I, target = I[0], target[0]
    lesson = fixed_point_lesson(W, I, target, "sigmoid", 1e-10, 1000, 0.5, 4)
    by_name = {s.name: s for s in lesson.steps}
    assert by_name["E"].symbol == COST_RECURRENT.latex
    assert COST_EXAMPLE.latex not in "".join(s.symbol for s in lesson.steps)
    if "grad" in by_name:
        assert rf"\partial {COST_RECURRENT.latex}" in by_name["grad"].symbol


def test_the_playground_names_its_inputs_x1_x2_on_the_axes_and_the_nodes():
    network = Network(sizes=(2, 3, 1), activations=("tanh", "sigmoid"))
    params = init_params(network, np.random.default_rng(0))
    fig = playground_figures.diagram_figure(network, names.geometry(network), params)
    (nodes,) = [t for t in fig.data if t.name == "neurons"]
    assert list(nodes.text[:2]) == [input_name(0), input_name(1)]
    assert not any(str(t).startswith("x[") for t in nodes.text)
    assert list(nodes.customdata[:2]) == [names.out(0, 0), names.out(0, 1)]  # a click still names x[j]
    assert playground_figures.FEATURES == (input_name(0), input_name(1))


def test_the_playground_s_chain_names_an_input_as_its_axes_do():
    """A first-layer weight's chain ends on the input it carries: x2 for W1[0,1], never x_{1}."""
    network = Network(sizes=(2, 2, 1), activations=("tanh", "sigmoid"))
    params = init_params(network, np.random.default_rng(0))
    x, t = np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([[0.0, 1.0]])
    trace = forward(network, params, x, t)
    steps = symbolic.weight_chain(network, params, t, trace, backward(network, params, trace, t), "W1[0,1]")
    (carried,) = [s for s in steps if s.name == f"d{names.net(1, 0)}/dW1[0,1]"]
    assert carried.formula == input_latex(1) == "x_{2}"
    assert carried.value == pytest.approx(x[1, 0])  # the second input of the first sample
