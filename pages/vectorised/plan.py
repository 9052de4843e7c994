"""Lesson 4's plan for a 50-minute class (drawn by ui/teaching.py under "For teachers")."""

from backprop_core.teaching import Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "write a layer for m samples at once as Z = W X + b and check every product by its shapes "
        "(h × n times n × m gives h × m)",
        "compute the binary cross-entropy of a sample and the cost J as the mean over the batch",
        "derive and use the output's error dZ2 = A2 − Y, and say why the sigmoid's slope cancels",
        "compute dW = (1/m) dZ Aᵀ and db as the row means of dZ, and explain the 1/m",
        "match each entry of the matrices to a named value of the 2-2-2 worked example",
    ),
    prerequisites=("backward_pass",),
    outline=(
        Part(
            5,
            Activity.PRESENT,
            "The introduction: samples as columns, one matrix product per layer, the "
            "output as a probability, cross-entropy.",
        ),
        Part(
            5, Activity.PRESENT, "The batch: m samples as columns, and the parameters; read the shapes aloud."
        ),
        Part(
            4,
            Activity.ASK,
            "Before The hidden layer's weighted inputs: what shape is Z1, and which "
            "entry holds sample 2's first hidden neuron?",
        ),
        Part(
            8,
            Activity.PRESENT,
            "The hidden activations, The output's weighted input, The output: a "
            "probability per sample, Each sample's cross-entropy loss, The cost: the mean loss.",
        ),
        Part(
            4,
            Activity.ASK,
            "Before Backward: the output's error: predict dZ2 for sample 1 from its A2 "
            "and label (question 2 below).",
        ),
        Part(
            8,
            Activity.PRESENT,
            "The output weights' gradient, The output bias's gradient, The hidden "
            "layer's error through W2 and g', the hidden gradients, The update.",
        ),
        Part(
            11,
            Activity.DEVICES,
            "Practice mode on their own devices, each student with their own seed: "
            "answer each stage's top-left entry; then edit one cell of X and predict which matrices change.",
        ),
        Part(
            5, Activity.ASK, "Questions for the class; the exit question: why does dW2 have the shape of W2?"
        ),
    ),
    misconceptions=(
        "“Rows are samples here too.” This lesson puts samples in columns (X is n × m); PyTorch and "
        "scikit-learn put them in rows. The numbers are the same, transposed: check shapes, not habits.",
        "“Adding b1 to W1 X is invalid: the shapes differ.” The bias column is broadcast, added to every "
        "column (every sample).",
        "“The gradient is a sum over samples.” J is a mean, so every gradient carries 1/m; forgetting it "
        "makes the step grow with the batch size.",
        "“Cross-entropy is just another squared error.” Its gradient through a sigmoid is a − y with no "
        "a(1 − a): a confidently wrong output still learns fast (no saturation).",
    ),
    assign=(
        "Change the hidden activation to ReLU and redo dZ1 = dA1 ⊙ g'(Z1) for one entry by hand.",
        "Write the shapes of every matrix of the backward pass for n = 4, h = 5, m = 3 before checking on "
        "the page.",
        "Rewrite the forward pass with samples in rows (X is m × n): which products are transposed?",
    ),
)
