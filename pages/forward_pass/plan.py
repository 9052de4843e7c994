"""Lesson 1's plan for a 50-minute class (drawn by ui/teaching.py under "For teachers")."""

from backprop_core.teaching import Activity, Part, Plan

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
        Part(5, Activity.PRESENT, "The introduction and the diagram: inputs x1, x2, hidden h1, h2, outputs "
             "o1, o2, the weights w1…w8 and biases b1, b2 on the edges."),
        Part(4, Activity.ASK, "Before the first step: which numbers does h1's weighted input read? Point on "
             "the diagram."),
        Part(6, Activity.PRESENT, "Weighted input of h1, then Output of h1: the sigmoid squashes the "
             "weighted input. Do the sum on the board with the class."),
        Part(10, Activity.DEVICES, "Practice mode on their own devices: students compute net_h2 and out_h2, "
             "then the output layer's net_o1 and out_o1, the page marking each answer."),
        Part(4, Activity.ASK, "Before Output of o2 is revealed: above or below 0.5, and nearer its target or "
             "further than o1? (Question 2 below.)"),
        Part(6, Activity.PRESENT, "Error of o1, Error of o2, Total error: the sum of the output errors; the "
             "values table under the diagram."),
        Part(10, Activity.DEVICES, "Pairs change one weight in the sidebar (w5, say) and predict, then check, "
             "whether E_total rises or falls; they write down the new E_total."),
        Part(5, Activity.ASK, "Questions for the class (below the lesson), and the exit question: which "
             "output contributes most to E_total, and why?"),
    ),
    misconceptions=(
        "“The sigmoid is applied to each input.” It is applied once, to the neuron's weighted sum net; "
        "point at net_h1 and out_h1 as two separate steps.",
        "“The bias is multiplied by an input.” It is added (think of it as a weight on a constant input 1); "
        "here b1 is shared by both hidden neurons and b2 by both outputs.",
        "“out is the prediction, so E = t − out.” The error is ½(t − out)²: never negative, and the ½ is "
        "there to cancel the 2 of the derivative in lesson 2.",
        "“The output layer reads the inputs.” It reads the hidden outputs out_h1, out_h2, not x1, x2.",
    ),
    assign=(
        "Redo the forward pass on paper with weights of their own set in the sidebar and check every "
        "value against the page's practice mode.",
        "Explain in one paragraph why a sigmoid output can never reach a target of exactly 0 or 1.",
        "Preview lesson 2: which weights do you expect to change most after one step, and why?",
    ),
)
