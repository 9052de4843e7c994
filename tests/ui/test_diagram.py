"""The network figure: labels carry the current numbers, highlights change colours, paths follow wiring."""

from dataclasses import replace

import pytest

from backprop_core import ARTICLE, solve
from tests.ui.diagram_reading import edges, halos, label_trace, labels
from ui.diagram import ACCENT, NEGATIVE, POSITIVE, _fit, gradient_path, network_figure, step_highlight

WEIGHTS = [f"w{i}" for i in range(1, 9)]


def _label(fig, name):
    return labels(fig)[name]


def _edge(fig, name):
    return edges(fig)[name]


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_edge_labels_carry_the_current_weights():
    example = replace(ARTICLE, w5=0.3, w2=-1.25)
    fig = network_figure(example, solve(example).forward)
    for w in WEIGHTS:
        assert _label(fig, w).endswith(f"= {getattr(example, w):.6g}")
    assert "= 0.3" in _label(fig, "w5")


def test_edges_are_coloured_by_sign_and_sized_by_magnitude():
    fig = network_figure(replace(ARTICLE, w2=-1.25), {})
    assert _edge(fig, "w2")["line"]["color"].startswith("rgba(198,40,40")  # NEGATIVE, #c62828
    assert _edge(fig, "w1")["line"]["color"].startswith("rgba(31,95,168")  # POSITIVE, #1f5fa8
    width = {w: _edge(fig, w)["line"]["width"] for w in ("w1", "w2", "w8")}
    assert width["w2"] > width["w8"] > width["w1"]
    assert NEGATIVE == "#c62828" and POSITIVE == "#1f5fa8"


def test_neurons_show_net_and_out_or_a_question_mark():
    fig = network_figure(ARTICLE, solve(ARTICLE).forward)
    assert _label(fig, "h1 values") == "net = 0.3775<br>out = 0.59327"
    assert _label(fig, "E_total values") == "E_total =<br>0.298371"
    assert _label(fig, "E_o1 values") == "t1 = 0.01<br>E_o1 = 0.274811"
    not_yet = network_figure(ARTICLE, {"net_h1": 0.3775})
    assert _label(not_yet, "h1 values") == "net = 0.3775<br>out = ?"
    assert _label(not_yet, "E_total values") == "E_total =<br>?"


def test_highlight_changes_colours():
    plain = network_figure(ARTICLE, {})
    lit = network_figure(ARTICLE, {}, highlight=step_highlight("net_h1"))
    assert _edge(lit, "w1")["line"]["color"] != _edge(lit, "w5")["line"]["color"]  # w5 fades
    assert _edge(plain, "w5")["line"]["color"] != _edge(lit, "w5")["line"]["color"]
    assert "w1" in halos(lit)
    assert not halos(plain)
    nodes = _trace(lit, "nodes")
    colours = dict(
        zip([t.replace("<sub>", "").replace("</sub>", "") for t in nodes.text], nodes.marker.color)
    )
    assert colours["h1"] == ACCENT and colours["h2"] != ACCENT


def test_what_a_step_leaves_unlit_is_faded_by_the_palettes_checked_opacity():
    """The unlit edges and nodes are drawn at palette.FADED, the opacity whose colours on white
    tests/ui/test_palette.py checks for 3:1 (0.2 was 1.3:1)."""
    from ui import palette

    lit = network_figure(ARTICLE, {}, highlight=step_highlight("net_h1"))
    assert _edge(lit, "w5")["line"]["color"] == f"rgba(31,95,168,{palette.FADED})"  # unlit, positive
    assert _edge(lit, "w1")["line"]["color"] == "rgba(31,95,168,1.0)"  # lit: opaque, with its halo
    nodes = _trace(lit, "nodes")
    names = [t.replace("<sub>", "").replace("</sub>", "") for t in nodes.text]
    opacity = dict(zip(names, nodes.marker.opacity))
    assert opacity["h1"] == 1.0 and opacity["o1"] == palette.FADED


def test_forward_steps_highlight_what_they_read():
    assert step_highlight("net_h1") == {"h1", "w1", "w2", "x1", "x2", "b1", "b1-h1"}
    assert step_highlight("out_o2") == {"o2"}
    assert step_highlight("E_o1") == {"E_o1", "o1", "o1-E_o1"}
    assert step_highlight("E_total") == {"E_total", "E_o1", "E_o2", "E_o1-E_total", "E_o2-E_total"}


def test_gradient_paths_run_from_the_parameter_to_e_total():
    errors = {"E_total", "E_o1-E_total", "E_o2-E_total", "E_o1", "E_o2", "o1-E_o1", "o2-E_o2"}
    assert gradient_path("w5") == {"w5", "h1", "o1", "o1-E_o1", "E_o1", "E_o1-E_total", "E_total"}
    assert gradient_path("w1") == errors | {"o1", "o2", "w5", "w7", "h1", "w1", "x1"}
    assert gradient_path("b2") == errors | {"o1", "o2", "b2-o1", "b2-o2", "b2"}
    assert gradient_path("b1") >= {"b1", "b1-h1", "b1-h2", "w5", "w6", "w7", "w8", "E_total"}
    assert "w1" not in gradient_path("b1")


# --- any network, drawn from names.geometry ------------------------------------------------------


def _generic():
    import numpy as np

    from backprop_core import names
    from backprop_core.network import Network, init_params
    from ui.diagram import Diagram

    network = Network((2, 8, 8, 1), ("tanh", "relu", "sigmoid"), "binary_cross_entropy", shared_bias=False)
    params = init_params(network, np.random.default_rng(0))
    fixed = names.parameter_values(network, params) | {"x[0]": 0.5, "x[1]": -0.2, "y[0]": 1.0}
    return Diagram(network), fixed


def test_any_network_is_drawn_under_its_generic_names():
    d, fixed = _generic()
    fig = d.figure(fixed, {"z1[0]": 0.25}, d.step_highlight("z1[0]"))
    assert len([e for e in edges(fig) if e.startswith("W") and "(" not in e]) == 2 * 8 + 8 * 8 + 8
    assert _edge(fig, "W2[3,1]")["line"]["color"].startswith(
        "rgba(198,40,40" if fixed["W2[3,1]"] < 0 else "rgba(31,95,168"
    )
    assert _label(fig, "a1[0] values") == "z = 0.25<br>a = ?"
    assert d.step_highlight("z1[0]") == {"a1[0]", "W1[0,0]", "W1[0,1]", "x[0]", "x[1]", "b1", "b1-a1[0]"}
    nodes = _trace(fig, "nodes")
    assert "a<sup>[2]</sup><sub>7</sub>" in nodes.text and "x<sub>0</sub>" in nodes.text
    assert fig.layout.height > 470  # eight neurons a layer need more room than two


def test_a_hidden_weights_path_runs_through_every_later_neuron():
    d, _ = _generic()
    path = d.gradient_path("W1[2,1]")
    assert {"x[1]", "a1[2]", "J", "L[0]", "a3[0]"} <= path
    assert {f"a2[{k}]" for k in range(8)} <= path and "a1[3]" not in path and "x[0]" not in path
    assert d.gradient_path("b1[2]") >= {"b1", "b1-a1[2]", "a1[2]", "J"}
    assert "b1-a1[3]" not in d.gradient_path("b1[2]")  # per-neuron biases: only its own edge


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {
            "h1": "<br>∂E/∂out = 0.0554<br> − 0.01905 = 0.03635<br>δ = 0.008771",
            "o2": "<br>δ = -0.0381",
            "w1": "<br>→ 0.1498",
        },
    ],
)
def test_every_caption_fits_inside_the_figure(extra):
    """The bias captions (b1 = 0.35) were clipped at the bottom edge, a hidden neuron's grown caption
    (its δ and sum) at the top: each caption's lines, at 21 px or more, lie inside the plot."""
    from backprop_core import ARTICLE, solve
    from ui.diagram import network_figure

    spec = network_figure(ARTICLE, solve(ARTICLE).forward, extra=extra).to_dict()
    layout = spec["layout"]
    low, high = layout["yaxis"]["range"]
    pixels = (layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]) / (high - low)
    trace = label_trace(spec)
    captions = zip(trace["y"], trace["text"], trace["textposition"], trace["marker"]["size"])
    for y, text, position, offset in captions:
        needed = offset / 2 + 21 * (text.count("<br>") + 1)
        if position.startswith("bottom"):
            assert (y - low) * pixels >= needed, text
        if position.startswith("top"):
            assert (high - y) * pixels >= needed, text


def test_each_weight_label_has_a_white_box_over_its_edge():
    """On a thick edge (a trained network) the digits need a box: drawn after every edge (so above
    them, under the text trace), anchored at the label, wide enough for its characters."""
    fig = network_figure(ARTICLE, solve(ARTICLE).forward).to_dict()
    shapes = fig["layout"]["shapes"]
    last_edge = max(i for i, s in enumerate(shapes) if s["type"] == "line")
    boxes = {s["name"].removesuffix(" box"): (i, s) for i, s in enumerate(shapes) if s["type"] == "rect"}
    trace = label_trace(fig)
    for name, x, y, text in zip(trace["ids"], trace["x"], trace["y"], trace["text"]):
        if name not in WEIGHTS:
            continue
        i, box = boxes[name]
        assert i > last_edge and (box["xanchor"], box["yanchor"]) == (x, y)
        shown = text.replace("<b>", "").replace("</b>", "")
        assert box["x1"] - box["x0"] >= 0.45 * 16 * len(shown)
        assert box["fillcolor"].startswith("rgba(255,255,255")


def test_a_label_too_wide_for_its_room_breaks_its_value_under_its_name():
    assert _fit("<b>w5</b> = 0.4", 16, 83) == "<b>w5</b> = 0.4"  # fits: one line
    assert _fit("<b>w5</b> = -3.89298", 16, 83) == "<b>w5</b> =<br>-3.89298"
    assert _fit("t1 = 0.01<br>E_o1 = 1.74855e-05", 16, 118) == "t1 = 0.01<br>E_o1 =<br>1.74855e-05"
    assert _fit("δ<br>= 0.5", 16, 1) == "δ<br>= 0.5"  # nothing to break at


def test_the_trained_networks_long_numbers_break_where_a_projector_needs_it():
    """Trained weights and tiny errors are long: on the edges between two nodes of a row and in the
    captions beside an output's error they go under their names (the browser test measures them)."""
    trained = replace(ARTICLE, w5=-3.89298, w8=2.92569, w1=0.37851)
    texts = list(labels(network_figure(trained, solve(trained).forward).to_plotly_json()).values())
    assert "<b>w5</b> =<br>-3.89298" in texts and "<b>w1</b> =<br>0.37851" in texts
    assert any("<b>w3</b> = " in t and "<br>" not in t for t in texts)  # diagonals: their own place
