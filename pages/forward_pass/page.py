"""1 · Forward pass: from the inputs to the total error, one named value at a time."""

import streamlit as st

from backprop_core import names
from backprop_core.example import INPUTS, LABELS, LAYER_NAMES, NETWORK, PARAMETERS
from pages.forward_pass.plan import PLAN
from pages.forward_pass.questions import questions
from ui import chart, notation, presenter, stepper, teaching, worked_example
from ui.diagram import step_highlight
from ui.figures import STILL
from ui.sidebar import current_state
from ui.worksheet.block import worked_example as worksheet

PAGE = "forward"
URL_PATH = "forward_pass"
INTRODUCTION = (
    "The **forward pass** feeds the inputs through the network: each neuron adds up its weighted inputs and "
    "its bias (**net**), squashes that with the sigmoid (**out**), and the outputs are compared with the "
    "targets (**E**)."
)


@st.fragment
def page() -> None:
    """The page's own widgets (Next, its settings) rerun this alone, not app.py and the sidebar."""
    state = current_state()
    steps = worked_example.forward_lesson(state.example, state.digits)

    st.title("1 · Forward pass")
    with presenter.introduction():
        for paragraph in notation.linked(URL_PATH, INTRODUCTION, layers_and_model()):
            st.markdown(paragraph)
    teaching.teachers(PLAN)
    controls = stepper.controls(PAGE, {PAGE: steps}, keys=stepper.Keys.of("fwd"))
    formula = stepper.formula(steps, controls)  # a wide one goes above the diagram on a slide
    words, picture = presenter.slide(1, 2.05, formula)  # the diagram needs about 650 px wide
    with words:
        known = stepper.show_steps(steps, PAGE, controls)

    highlight = () if controls.show_all else step_highlight(controls.step)
    figure = worked_example.diagram(state.example, known, tuple(sorted(highlight)), state.digits)
    with picture:
        said = "every step's values" if controls.show_all else f"lit: what {controls.step} reads and writes"
        chart.show(
            presenter.enlarged(figure, formula),
            f"The network from the inputs to E_total with the values reached so far; {said}.",
            name="fwd_diagram",
            **STILL,
        )

    with presenter.fold("more"):
        st.subheader("Every value so far")
        worked_example.values_table(known, state.digits)
        worked_example.show_code()
        worked_example.export_buttons(state)
        worksheet("fwd", state)
    teaching.questions(questions(state.example, state.digits), answers=not controls.practice)
    presenter.tools()


def layers_and_model() -> str:
    """What a layer and a model are, counted from the worked example's network."""
    layers = [
        f"the {LAYER_NAMES[l]} layer ({', '.join(LABELS[names.out(l, i)] for i in range(NETWORK.sizes[l]))})"
        for l in names.layers(NETWORK)
    ]
    weights = sum(len(names.weights(NETWORK, l)) for l in names.layers(NETWORK))
    return (
        "A **layer** is a row of neurons that read the same inputs and work side by side; each layer's "
        f"outputs are the next layer's inputs. This network has {len(layers)}: " + " and ".join(layers) + ". "
        f"The **model** is the whole function from the inputs {', '.join(INPUTS)} to the outputs that the "
        f"layers make together, fixed by its {len(PARAMETERS)} parameters ({weights} weights and "
        f"{len(PARAMETERS) - weights} biases). Training changes only those parameters."
    )


page()
