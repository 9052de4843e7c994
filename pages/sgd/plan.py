"""Lesson 5's plan for a 50-minute class (drawn by ui/teaching.py under "For teachers")."""

from backprop_core.teaching import Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "define an epoch, a batch and a mini-batch, and count the updates per epoch as ⌈m / B⌉",
        "explain why batch size 1's reported cost is jagged and the full batch's smooth",
        "relate the gradient's noise to the batch size and choose a learning rate to match",
        "read a training against a held-out cost curve and recognise overfitting",
        "step through one epoch of mini-batch descent: shuffle, take a batch, forward, backward, update",
    ),
    prerequisites=("vectorised",),
    outline=(
        Part(
            5,
            Activity.PRESENT,
            "The introduction: a data set, an epoch, stochastic, mini-batch and full "
            "batch; the summary table's updates per epoch.",
        ),
        Part(
            4,
            Activity.ASK,
            "Before the cost chart is shown: which run's curve will be most jagged, and "
            "which will reach the lowest training cost after the epochs set? (Question 1 below.)",
        ),
        Part(7, Activity.PRESENT, "The cost chart, then The weights' paths: why batch size 1 zig-zags."),
        Part(
            9,
            Activity.PRESENT,
            "One epoch of mini-batch descent, batch by batch: the shuffle, then "
            "batch 1's take, forward, backward and update; predict each batch's cost before Next.",
        ),
        Part(
            12,
            Activity.DEVICES,
            "Groups on their own devices, one setting each: η, the batch size, the "
            "epochs, the points; each finds when batch size 1 stops settling and when the test cost "
            "starts to rise, and notes the table's numbers.",
        ),
        Part(
            6,
            Activity.ASK,
            "Groups report; the class builds the rule: larger batch, smoother gradient, "
            "fewer updates; smaller η for smaller batches.",
        ),
        Part(
            7,
            Activity.ASK,
            "Questions for the class (below); the exit question: with 200 points and "
            "B = 16, how many updates is one epoch?",
        ),
    ),
    misconceptions=(
        "“An epoch is one update.” It is one pass through every sample: ⌈m / B⌉ updates, so batch size 1 "
        "makes m updates per epoch.",
        "“The jagged curve means training is failing.” Batch size 1 reports one sample's loss per update; "
        "the thick per-epoch line is what to judge.",
        "“Stochastic means the result is random each time.” Every run here is seeded: the noise is in "
        "which samples a step sees, and it is the same on every rerun.",
        "“A lower training cost is always better.” Only the held-out cost says whether the network learned "
        "the pattern; a falling training cost with a rising test cost is overfitting.",
    ),
    assign=(
        "Find, for this data set, the largest η at which batch size 1 still ends within 10 % of the full "
        "batch's training cost; report the table's numbers.",
        "Explain in a paragraph why a mini-batch usually wins on time on real hardware though it takes "
        "more steps than the full batch.",
    ),
)
