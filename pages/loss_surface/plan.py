"""The Loss surface demonstration's plan for a 50-minute class (drawn by ui/teaching.py)."""

from backprop_core.teaching import Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "read a contour map of E_total over two parameters and find where the gradient is large or small",
        "predict the path of gradient descent from the contours: perpendicular to them, bending along "
        "valleys",
        "explain that the map is a slice: every other parameter is held where it is now",
        "relate one-parameter curves to the two-parameter surface",
    ),
    prerequisites=("slope",),
    outline=(
        Part(
            5,
            Activity.PRESENT,
            "The contour map over two parameters p1 and p2; where the current weights sit.",
        ),
        Part(
            4,
            Activity.ASK,
            "Before the descent path is drawn: sketch on paper where gradient descent "
            "will go from the current point.",
        ),
        Part(
            8,
            Activity.PRESENT,
            "The descent path over the map; the 3-D surface too; compare with the sketches.",
        ),
        Part(6, Activity.PRESENT, "One parameter at a time: the curves along p1 and p2 through the point."),
        Part(
            15,
            Activity.DEVICES,
            "On their own devices: each pair picks another pair of parameters "
            "(an output and a hidden weight, two biases) and describes its surface: bowl, valley or "
            "plateau; they change the half-range to zoom out.",
        ),
        Part(
            7,
            Activity.ASK,
            "Pairs show one surface each; discuss why the hidden weights' surfaces are flatter.",
        ),
        Part(5, Activity.ASK, "Exit question: why does the path not go straight to the lowest contour?"),
    ),
    misconceptions=(
        "“This is the loss surface of the network.” It is a 2-D slice of a 10-parameter surface; the "
        "other eight parameters are fixed.",
        "“Gradient descent goes straight to the minimum.” It goes downhill across the contours, so in a "
        "narrow valley it zig-zags or bends.",
        "“A flat region means we are at the minimum.” A plateau has a small gradient too; the cost there "
        "may still be high.",
    ),
    assign=(
        "Screenshot one surface with a valley and one with a plateau; say in a sentence each what gradient "
        "descent does there.",
        "Predict, then check, what doubling η in the sidebar changes: the descent path, not the map. Why?",
    ),
)
