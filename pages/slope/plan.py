"""Lesson 0's plan for a 50-minute class (drawn by ui/teaching.py under "For teachers")."""

from backprop_core.teaching import WEIGHTS, Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "read a derivative as the slope of the tangent to the cost along one parameter, and estimate it "
        "by hand from two nearby costs (a finite difference)",
        "say which way a gradient step moves a parameter from the sign of its slope, and why the step is "
        "−η times the slope",
        "predict what a too-small and a too-large learning rate do along the curve (crawl; overshoot, "
        "zig-zag or diverge)",
        "explain the gradient over two parameters as an arrow perpendicular to the contour line, pointing "
        "uphill",
        "explain why backpropagation needs far fewer multiplications than differentiating every weight "
        "path by path",
    ),
    prerequisites=(),
    outline=(
        Part(5, Activity.PRESENT, "The introduction: the cost E_total as one number, 0 only on target."),
        Part(5, Activity.PRESENT, f"Step 1, The cost along {WEIGHTS[4]}: one number in, one number out."),
        Part(
            4,
            Activity.ASK,
            f"Before step 2: is the slope at the current {WEIGHTS[4]} positive or negative? Hands up.",
        ),
        Part(
            6,
            Activity.PRESENT,
            "Step 2, The derivative is the slope of the tangent: the nudge by hand "
            "against the backward pass's slope; step 3, A gradient step goes downhill along the tangent.",
        ),
        Part(
            8,
            Activity.DEVICES,
            "Step 4, Smaller and larger learning rates: pairs try η until the large "
            "run overshoots, then find the largest η that still settles; they report it.",
        ),
        Part(3, Activity.ASK, "Collect the pairs' largest η: why do they differ when the parameter differs?"),
        Part(
            7,
            Activity.PRESENT,
            "Step 5, Two parameters: the gradient is a vector; step 6, Steepest "
            "descent: the step against the gradient, and its change to first order.",
        ),
        Part(
            7,
            Activity.PRESENT,
            "Step 7, Why backpropagation: the multiplications for every weight, path "
            "by path against backprop; widen and deepen the network in the settings.",
        ),
        Part(
            5,
            Activity.ASK,
            "Questions for the class (below the lesson); the exit question: which way does "
            "a gradient step move a weight whose slope is negative?",
        ),
    ),
    misconceptions=(
        "“The gradient points downhill.” It points uphill, the way the cost rises fastest; the step goes "
        "against it, hence the minus sign in p − η·∂E/∂p.",
        "“A bigger learning rate always learns faster.” Step 4 shows the large rate overshooting and "
        "zig-zagging: the step is η times the slope, and the slope does not shrink fast enough to save it.",
        "“The slope at one point tells you where the minimum is.” It is local: the tangent fits the curve "
        "only near the point; compare the tangent and the curve a long way off.",
        f"“Every parameter has one best value whatever the others are.” The curve along {WEIGHTS[4]} moves "
        f"when {WEIGHTS[5]} "
        "changes: step 5's map shows the valley is not along an axis.",
    ),
    assign=(
        "By hand: for another weight (pick it in the settings) estimate the slope from E_total at w ± 0.01 "
        "and compare with the page's.",
        "Write two sentences on why the step is −η times the gradient and not −η times its sign.",
        "Read lesson 1's introduction before the next class.",
    ),
)
