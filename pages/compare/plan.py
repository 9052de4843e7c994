"""Lesson 3's plan for a 50-minute class (drawn by ui/teaching.py under "For teachers")."""

from backprop_core.teaching import WEIGHTS, Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "check a published worked example number by number against an independent computation",
        "name the article's four errata and trace each to its cause (code that differs from the text, a "
        "slip in a formula, retellings that copied a wrong figure)",
        "explain the difference between sending the error back through the old and the already-updated "
        "output weights, and which is gradient descent",
        "judge when a difference in the last digits is rounding and when it is a real mistake",
    ),
    prerequisites=("backward_pass",),
    outline=(
        Part(
            5,
            Activity.PRESENT,
            "Why check a source: the article the lessons follow, and the table of its numbers beside ours.",
        ),
        Part(
            4,
            Activity.ASK,
            "Before the table is read: the article rounds its intermediates; how close "
            "must a printed figure be to count as matching? (The page: one unit of its last digit.)",
        ),
        Part(
            8,
            Activity.PRESENT,
            "The three metrics, the one-step tables (the figures that match), then the "
            "after-training table and erratum 1 with its two columns.",
        ),
        Part(
            12,
            Activity.DEVICES,
            "Groups take one erratum each on their own devices: reproduce the "
            "article's number in lesson 2 (or on paper) and write down exactly what went wrong.",
        ),
        Part(
            6,
            Activity.ASK,
            "Each group reports in one sentence; the class sorts the errata into rounding and real mistakes.",
        ),
        Part(
            8,
            Activity.PRESENT,
            "Erratum 1 in depth: the earlier code sends the hidden layer's error back "
            f"through the updated {WEIGHTS[4]}…{WEIGHTS[7]}; which of its trained figures match the print, "
            "and why.",
        ),
        Part(
            7,
            Activity.ASK,
            "Questions for the class; the exit question: why is using the updated weights "
            "not gradient descent on E_total?",
        ),
    ),
    misconceptions=(
        "“Any difference means the article is wrong.” Differences in the ninth digit are rounding; look "
        "for differences that grow through later steps.",
        f"“Using the freshly updated {WEIGHTS[4]} is more accurate.” The gradient is a property of one "
        "point, the "
        "weights before the step; mixing old and new weights computes the derivative of nothing.",
        "“If the final error goes down, the gradients were right.” A wrong gradient can still point "
        "roughly downhill; only a gradient check says it is right.",
    ),
    assign=(
        "Find one published backpropagation example (a textbook or a blog) and check its first backward "
        "step with lesson 2's numbers set to its weights.",
        "Write a short erratum for one of the article's mistakes, as you would send it to its author.",
    ),
)
