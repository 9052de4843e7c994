"""Lesson 2's plan for a 50-minute class (drawn by ui/teaching.py under "For teachers")."""

from backprop_core.teaching import HIDDEN, OUTPUTS, WEIGHTS, Activity, Part, Plan

PLAN = Plan(
    objectives=(
        f"write ∂E_total/∂{WEIGHTS[4]} as a product of three local derivatives (the chain rule) and compute "
        "each factor",
        "compute an output neuron's δ = (out − t)·out(1 − out) and apply the delta rule ∂E/∂w = δ · out",
        f"explain why a hidden weight's gradient adds two paths (through {OUTPUTS[0]} and through "
        f"{OUTPUTS[1]})",
        "perform one gradient-descent update p⁺ = p − η · ∂E_total/∂p and say why the old weights are used "
        "all the way back",
        "check a gradient numerically and say what a mismatch would reveal",
    ),
    prerequisites=("forward_pass", "slope"),
    outline=(
        Part(
            4,
            Activity.PRESENT,
            "The introduction: the backward pass, the chain rule, the update rule; "
            "the diagram with the forward values kept.",
        ),
        Part(
            3,
            Activity.ASK,
            f"Before the first step of {WEIGHTS[4]}'s chain: how many factors will ∂E_total/∂{WEIGHTS[4]} "
            "need, and what is each one? Write the chain.",
        ),
        Part(
            8,
            Activity.PRESENT,
            f"{WEIGHTS[4]}'s chain: How the total error changes with {OUTPUTS[0]}'s output, Slope of the "
            f"sigmoid at {OUTPUTS[0]}, How {OUTPUTS[0]}'s weighted input changes with {WEIGHTS[4]}, Chain "
            f"rule for {WEIGHTS[4]}, Gradient descent.",
        ),
        Part(
            4,
            Activity.ASK,
            f"The δ and delta rule paragraph: which of {WEIGHTS[4]}'s factors make up δ of {OUTPUTS[0]}? "
            "Then "
            f"predict {WEIGHTS[5]}'s gradient from that δ alone (question 2 below).",
        ),
        Part(
            10,
            Activity.DEVICES,
            f"Practice mode: students work {WEIGHTS[5]}, {WEIGHTS[6]} and {WEIGHTS[7]}'s chains on their "
            "own devices; "
            "circulate and look for the sign of ∂E/∂out and a missing sigmoid slope.",
        ),
        Part(
            9,
            Activity.PRESENT,
            f"A hidden weight: {WEIGHTS[0]}'s chain. The part of {OUTPUTS[0]}'s error that flows back to "
            f"{HIDDEN[0]}, the part of {OUTPUTS[1]}'s, their sum, then the slope at {HIDDEN[0]}: two paths, "
            "added.",
        ),
        Part(
            7,
            Activity.DEVICES,
            f"Students finish {WEIGHTS[1]}'s chain in practice mode, then open the gradient "
            "check and compare backprop with the finite difference.",
        ),
        Part(
            5,
            Activity.ASK,
            "Questions for the class; the exit question: after one step, has E_total "
            "gone down, and which weight moved most?",
        ),
    ),
    misconceptions=(
        f"“Update {WEIGHTS[4]} first, then use the new {WEIGHTS[4]} for the hidden layer.” Every gradient "
        "is taken at the old "
        "weights; compare lesson 3, where the article's earlier code made exactly this slip.",
        "“The error at a hidden neuron comes from one output.” It comes from every neuron it feeds: "
        f"{HIDDEN[0]}'s "
        f"is {OUTPUTS[0]}'s share plus {OUTPUTS[1]}'s share, each through its own weight.",
        "“∂E/∂out is t − out.” Its sign matters: with E = ½(t − out)² it is −(t − out) = out − t; dropping "
        "the minus sends the update uphill.",
        "“The sigmoid's slope is σ(net).” It is out(1 − out), at most ¼, which is why gradients shrink "
        "as they travel back through sigmoid layers.",
    ),
    assign=(
        f"On paper: the full chain for {WEIGHTS[2]} with the page's numbers, checked against practice mode.",
        "Change η in the sidebar and repeat one step: which numbers change and which do not? Explain why.",
        "Read lesson 3 (Compare with the article) before the next class.",
    ),
)
