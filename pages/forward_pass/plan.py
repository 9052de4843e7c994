"""Lesson 1's plan for a 50-minute class (drawn by ui/teaching.py under "For teachers")."""

from backprop_core.teaching import HIDDEN, OUTPUTS, WEIGHTS, Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "compute a neuron's weighted input net = Σ w·x + b and its output out = σ(net) by hand, with the "
        "numbers of the worked example",
        "carry the forward pass through the 2-2-2 network in the right order (hidden layer, then output "
        "layer) and name each value",
        "compute each output's error ½(t − out)² and the total error E_total",
        "say what a layer and a model are, and which numbers training may change (the parameters only)",
    ),
    prerequisites=("slope",),
    outline=(
        Part(
            5,
            Activity.PRESENT,
            f"The introduction and the diagram: inputs x1, x2, hidden {HIDDEN[0]}, {HIDDEN[1]}, outputs "
            f"{OUTPUTS[0]}, {OUTPUTS[1]}, the weights {WEIGHTS[0]}…{WEIGHTS[7]} and biases b1, b2 on the "
            "edges.",
        ),
        Part(
            4,
            Activity.ASK,
            f"Before the first step: which numbers does {HIDDEN[0]}'s weighted input read? Point on "
            "the diagram.",
        ),
        Part(
            6,
            Activity.PRESENT,
            f"Weighted input of {HIDDEN[0]}, then Output of {HIDDEN[0]}: the sigmoid squashes the "
            "weighted input. Do the sum on the board with the class.",
        ),
        Part(
            10,
            Activity.DEVICES,
            f"Practice mode on their own devices: students compute net_{HIDDEN[1]} and out_{HIDDEN[1]}, "
            f"then the output layer's net_{OUTPUTS[0]} and out_{OUTPUTS[0]}, the page marking each answer.",
        ),
        Part(
            4,
            Activity.ASK,
            f"Before Error of {OUTPUTS[0]} is revealed: which output is further from its target, "
            f"{OUTPUTS[0]} or {OUTPUTS[1]}? (Question 2 below.)",
        ),
        Part(
            6,
            Activity.PRESENT,
            f"Error of {OUTPUTS[0]}, Error of {OUTPUTS[1]}, Total error: the sum of the output errors; the "
            "values table under the diagram.",
        ),
        Part(
            10,
            Activity.DEVICES,
            f"Pairs change one weight in the sidebar ({WEIGHTS[4]}, say) and predict, then check, "
            "whether E_total rises or falls; they write down the new E_total.",
        ),
        Part(
            5,
            Activity.ASK,
            "Questions for the class (below the lesson), and the exit question: which "
            "output contributes most to E_total, and why?",
        ),
    ),
    misconceptions=(
        "“The sigmoid is applied to each input.” It is applied once, to the neuron's weighted sum net; "
        f"point at net_{HIDDEN[0]} and out_{HIDDEN[0]} as two separate steps.",
        "“The bias is multiplied by an input.” It is added (think of it as a weight on a constant input 1); "
        "here b1 is shared by both hidden neurons and b2 by both outputs.",
        "“out is the prediction, so E = t − out.” The error is ½(t − out)²: never negative, and the ½ is "
        "there to cancel the 2 of the derivative in lesson 2.",
        f"“The output layer reads the inputs.” It reads the hidden outputs out_{HIDDEN[0]}, "
        f"out_{HIDDEN[1]}, not x1, x2.",
    ),
    assign=(
        "Redo the forward pass on paper with weights of their own set in the sidebar and check every "
        "value against the page's practice mode.",
        "Explain in one paragraph why a sigmoid output can never reach a target of exactly 0 or 1.",
        "Preview lesson 2: which weights do you expect to change most after one step, and why?",
    ),
)
