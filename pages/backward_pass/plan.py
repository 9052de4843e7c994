"""Lesson 2's plan for a 50-minute class (drawn by ui/teaching.py under "For teachers")."""

from backprop_core.teaching import Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "write ∂E_total/∂w5 as a product of three local derivatives (the chain rule) and compute each factor",
        "compute an output neuron's δ = (out − t)·out(1 − out) and apply the delta rule ∂E/∂w = δ · out",
        "explain why a hidden weight's gradient adds two paths (through o1 and through o2)",
        "perform one gradient-descent update p⁺ = p − η · ∂E_total/∂p and say why the old weights are used "
        "all the way back",
        "check a gradient numerically and say what a mismatch would reveal",
    ),
    prerequisites=("forward_pass", "slope"),
    outline=(
        Part(4, Activity.PRESENT, "The introduction: the backward pass, the chain rule, the update rule; "
             "the diagram with the forward values kept."),
        Part(3, Activity.ASK, "Before the first step of w5's chain: how many factors will ∂E_total/∂w5 "
             "need, and what is each one? Write the chain."),
        Part(8, Activity.PRESENT, "w5's chain: How the total error changes with o1's output, Slope of the "
             "sigmoid at o1, How o1's weighted input changes with w5, Chain rule for w5, Gradient descent."),
        Part(4, Activity.ASK, "The δ and delta rule paragraph: which of w5's factors make up δ_o1? Then "
             "predict w6's gradient from δ_o1 alone (question 3 below)."),
        Part(10, Activity.DEVICES, "Practice mode: students work w6, w7 and w8's chains on their own devices; "
             "circulate and look for the sign of ∂E/∂out and a missing sigmoid slope."),
        Part(9, Activity.PRESENT, "A hidden weight: w1's chain. The part of o1's error that flows back to "
             "h1, the part of o2's, their sum, then the slope at h1: two paths, added."),
        Part(7, Activity.DEVICES, "Students finish w2's chain in practice mode, then open the gradient "
             "check and compare backprop with the finite difference."),
        Part(5, Activity.ASK, "Questions for the class; the exit question: after one step, has E_total "
             "gone down, and which weight moved most?"),
    ),
    misconceptions=(
        "“Update w5 first, then use the new w5 for the hidden layer.” Every gradient is taken at the old "
        "weights; compare lesson 3, where the article's earlier code made exactly this slip.",
        "“The error at a hidden neuron comes from one output.” It comes from every neuron it feeds: h1's "
        "is o1's share plus o2's share, each through its own weight.",
        "“∂E/∂out is t − out.” Its sign matters: with E = ½(t − out)² it is −(t − out) = out − t; dropping "
        "the minus sends the update uphill.",
        "“The sigmoid's slope is σ(net).” It is out(1 − out), at most ¼, which is why gradients shrink "
        "as they travel back through sigmoid layers.",
    ),
    assign=(
        "On paper: the full chain for w3 with the page's numbers, checked against practice mode.",
        "Change η in the sidebar and repeat one step: which numbers change and which do not? Explain why.",
        "Read lesson 3 (Compare with the article) before the next class.",
    ),
)
