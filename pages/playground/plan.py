"""The Playground demonstration's plan for a 50-minute class (drawn by ui/teaching.py)."""

from backprop_core.teaching import Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "train a small network on 2-D data and read its decision boundary, cost curve and test accuracy",
        "show that a network without a hidden layer draws only a straight boundary, and that hidden "
        "neurons let it bend",
        "recognise saturated sigmoid or tanh neurons and dead ReLUs from the gradients on the edges",
        "see overfitting on noisy data with few points, and reduce it with the L2 penalty or more data",
    ),
    prerequisites=("vectorised", "sgd"),
    outline=(
        Part(
            5, Activity.PRESENT, "Data, Network and Training: the two-moons data, a 2-4-1 tanh network, Play."
        ),
        Part(
            4,
            Activity.ASK,
            "Before Play: can a network with no hidden layer separate the moons? Set "
            "hidden layers to 0 and let the class vote.",
        ),
        Part(
            6,
            Activity.PRESENT,
            "Play with 0 hidden layers (a straight boundary), then 1 hidden layer: "
            "the boundary bends; Edges show gradients.",
        ),
        Part(
            16,
            Activity.DEVICES,
            "Challenges on their own devices: (1) the circles data with the fewest "
            "neurons, (2) zero initial weights: why no neuron learns, (3) 40 noisy points and a test "
            "fraction of 0.5: find overfitting, then fix it with the L2 penalty λ.",
        ),
        Part(
            8,
            Activity.ASK,
            "Groups share a link to their best network (Share and export) and explain one choice.",
        ),
        Part(
            6,
            Activity.PRESENT,
            "One neuron over the input: what a single hidden neuron computes, and "
            "how the output combines them.",
        ),
        Part(
            5, Activity.ASK, "Exit question: why do zero initial weights keep every hidden neuron the same?"
        ),
    ),
    misconceptions=(
        "“More neurons is always better.” More neurons fit the training points' noise too: watch the "
        "test cost, not the training cost.",
        "“Starting all weights at zero is neutral.” Every hidden neuron then computes the same thing and "
        "gets the same gradient: the symmetry never breaks.",
        "“A ReLU network that stopped learning needs more epochs.” Dead ReLUs pass no gradient; lower η "
        "or change the initial weights.",
    ),
    assign=(
        "Send the link of a network that reaches 95 % test accuracy on the spirals with as few parameters "
        "as you can, with its parameter count.",
        "Write which setting you changed to cure overfitting in challenge 3 and the test cost before and "
        "after.",
    ),
)
