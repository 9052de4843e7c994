"""2 · Backward pass: the chain rule, parameter by parameter, from E_total back to every weight."""

import streamlit as st

from backprop_core import names, numbers
from backprop_core.example import ALIASES
from pages.backward_pass import diagram as backward_diagram
from pages.backward_pass import steps as folding
from pages.backward_pass.plan import PLAN
from pages.backward_pass.questions import questions
from pages.backward_pass.settings import FOLD, SETTINGS
from ui import chart, notation, presenter, stepper, teaching, worked_example
from ui.figures import STILL
from ui.settings import drop_unknown
from ui.sidebar import current_state
from ui.worksheet.block import worked_example as worksheet

PAGE = "backward"
URL_PATH = "backward_pass"
INTRODUCTION = (
    "How much does each weight contribute to the error? The **backward pass** follows the error back from "
    "E_total along the highlighted path, multiplying one local slope at a time (the **chain rule**), then "
    "steps each parameter against its gradient, scaled by the **learning rate** η: p⁺ = p − η · ∂E_total/∂p."
)
KEYS = stepper.Keys.of("bwd")  # bwd_param, bwd_step, bwd_practice


def _unfold_for_a_link(full: stepper.Chains) -> None:
    """A link to a step inside a chain that folding would hide (``?bwd_param=w6&bwd_step=dout_o1_dnet_o1``,
    or an old ``?p1=w6&step=…``) opens the lesson unfolded, at that step: links stay valid."""
    query, ss = st.query_params, st.session_state
    step = query.get(KEYS.step) or query.get("step")
    chain = query.get(KEYS.chain) or query.get("p1") or ss.get(KEYS.chain) or next(iter(full))
    if step and chain in full and folding.pattern_of(full, chain) and FOLD.key not in query:
        folded = folding.folded_step(full[chain], "").name
        if step in {s.name for s in full[chain]} - {folded}:
            ss[FOLD.key] = False


def _folded(full: stepper.Chains) -> None:
    """Folding was switched on: a step of a chain it folds becomes that chain's one step."""
    ss = st.session_state
    chain = ss.get(KEYS.chain, next(iter(full)))
    if ss.get(FOLD.key) and folding.pattern_of(full, chain):
        ss[KEYS.step] = full[chain][-2].name  # the gradient: the folded step's name


@st.fragment
def page() -> None:
    """The page's own widgets (Next, its settings) rerun this alone, not app.py and the sidebar."""
    state = current_state()
    full = worked_example.backward_lesson(state.example, state.digits, state.update_biases)
    solution = worked_example.solution(state.example, state.update_biases)

    st.title("2 · Backward pass")
    with presenter.introduction():
        st.markdown(notation.linked(URL_PATH, INTRODUCTION)[0])
        rule = st.empty()  # filled once the controls say whether the learner is practising
    teaching.teachers(PLAN)
    drop_unknown("bwd_", SETTINGS, also=(*KEYS.in_link, "bwd_seed"))  # before the widgets
    _unfold_for_a_link(full)
    with presenter.fold("settings"):  # a slide keeps the room for the step
        fold = FOLD.widget(on_change=_folded, args=(full,))
    chains = folding.fold(full) if fold else full
    controls = stepper.controls(
        PAGE, chains, parameter_help=worked_example.ORDER_HELP + " Pick one to go to its chain.", keys=KEYS
    )

    formula = stepper.formula(chains[controls.chain], controls)  # a wide one goes above the diagram
    words, picture = presenter.slide(1, 2.05, formula)  # the diagram needs about 650 px wide
    with words:
        known = stepper.show_steps(chains[controls.chain], PAGE, controls)
    # its numbers hold w5's gradient: not while practising, nor while a class's question waits for an answer
    asked = stepper.held(s for chain in chains.values() for s in chain)
    rule.markdown(
        notation.linked(URL_PATH, delta_rule(solution, state.digits, not (controls.practice or asked)))[0]
    )
    # the diagram shows what has been reached: δ on the nodes, ∂E/∂w and w⁺ on the edges (in practice
    # mode only this chain's answered steps), and lights the element the current factor differentiates
    reached = known if controls.practice else stepper.reached(chains, controls)
    focus = () if controls.show_all else backward_diagram.focus(controls.step)
    notes = backward_diagram.notes(reached, solution.factors)
    figure = worked_example.diagram(
        state.example, solution.forward, tuple(sorted(focus)), state.digits, tuple(sorted(notes.items()))
    )
    with words:  # under the formula on a slide
        st.caption(
            f"Lit: what this step differentiates along, on the way back from E_total to {controls.chain}."
            if focus
            else "Every value of the backward pass."
        )
    with picture:
        chart.show(
            presenter.enlarged(figure, formula),
            "The network with the backward pass's values reached so far"
            + (f"; lit: the way back from E_total to {controls.chain}." if focus else "."),
            name="bwd_diagram",
            **STILL,
        )
    with presenter.fold("more"):
        _below(state, chains, solution, controls, reached)
    asked_here = questions(state.example, state.digits, state.update_biases)
    teaching.questions(asked_here, answers=not (controls.practice or asked))
    presenter.tools()


def _below(state, chains, solution, controls, reached) -> None:
    """Under the step-through: every parameter's update and the gradient check (not while practising)."""
    if controls.practice:
        st.caption("The summary and the gradient check are hidden while you practise: they hold the answers.")
    else:
        st.subheader("Every parameter after one step")
        worked_example.parameter_summary(state.example, solution, state.digits, reached)
        st.subheader("Gradient check")
        if not all(s.name in reached for chain in chains.values() for s in chain):
            st.caption("It appears once every gradient has been reached (or with *Show all steps*).")
        else:
            st.markdown("The same gradients computed two other ways: if backprop is right, all three agree.")
            worked_example.gradient_check_panel(state.example, state.digits)
    worked_example.show_code()
    worked_example.export_buttons(state)
    worksheet("bwd", state)


def delta_rule(solution, digits: int, numbers_shown: bool = True) -> str:
    """δ, named where it first appears, and the delta rule, with the first output weight's numbers (not
    while practising: they hold an answer)."""
    w = ALIASES[names.weight(2, 0, 0)]
    net, out = ALIASES[names.net(2, 0)], ALIASES[names.out(1, 0)]
    delta, carried = solution.factors[f"dE_d{net}"], solution.forward[out]
    rule = (
        "On the way back each neuron gets its **δ** (delta): ∂E_total/∂net, how the cost changes with "
        "the neuron's weighted input, its share of the error. The **delta rule**: a weight's gradient is "
        "the δ of the neuron it feeds times the value it carries there, ∂E_total/∂w = δ · out. "
    )
    if not numbers_shown:
        return rule + f"For {w}: the δ of the neuron it feeds times {out}; the chain below reaches it."
    return rule + (
        f"For {w}: δ = {numbers.text(delta, digits)} times {out} = {numbers.text(carried, digits)} is "
        f"{numbers.text(delta * carried, digits)}, the gradient the chain below reaches "
        f"({numbers.text(solution.gradients[w], digits)})."
    )


page()
