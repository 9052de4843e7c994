"""The Training demonstration's plan for a 50-minute class (drawn by ui/teaching.py)."""

from backprop_core.teaching import OUTPUTS, Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "describe training as lesson 2's single step repeated, and read E_total's curve on a log scale",
        "reproduce the article's figures after 10,000 steps and say why the earlier code's differ",
        "compare learning rates on one chart and pick one that is fast but stable",
        "explain why the outputs approach but never reach the targets 0.01 and 0.99 slowly at the end",
    ),
    prerequisites=("backward_pass",),
    outline=(
        Part(
            5, Activity.PRESENT, "Recall lesson 2's one step; here it is repeated: the steps and η settings."
        ),
        Part(
            4,
            Activity.ASK,
            "Before the run is shown: after 10,000 steps, will E_total be near 0.1, 0.01 "
            "or 0.0001? Write a guess.",
        ),
        Part(
            8,
            Activity.PRESENT,
            "E_total by step, linear then log scale; The article's figures after "
            "training, beside the computed ones.",
        ),
        Part(
            6,
            Activity.PRESENT,
            "Learning rates compared: the sweep, and the rate where the curve first stops falling smoothly.",
        ),
        Part(
            14,
            Activity.DEVICES,
            "On their own devices: pairs search for the η that reaches E_total below "
            "0.001 in the fewest steps, and for the smallest η that diverges or stalls.",
        ),
        Part(
            8,
            Activity.ASK,
            "Pairs report; discuss why the curve flattens on a log scale (the sigmoid's "
            "slope near a saturated output).",
        ),
        Part(
            5,
            Activity.ASK,
            "Exit question: why is the last 1,000 steps' drop so much smaller than the first 1,000's?",
        ),
    ),
    misconceptions=(
        "“Training finds the exact minimum.” The outputs creep towards the targets ever more slowly; "
        "E_total keeps falling without reaching 0.",
        "“A straight line on the log scale means training stopped.” It means the cost falls by the same "
        "factor every so many steps, which is steady progress.",
        "“The largest η that does not diverge is best.” It can oscillate for a long time; compare the "
        "curves, not only their last values.",
    ),
    assign=(
        "Report the η from the class search with its E_total after 1,000 steps, and one that is too large.",
        f"Explain from lesson 2's formulas why the gradient shrinks as out_{OUTPUTS[0]} approaches its "
        "target.",
    ),
)
