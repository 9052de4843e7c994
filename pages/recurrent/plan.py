"""Lesson 6's plan for a 50-minute class (drawn by ui/teaching.py under "For teachers")."""

from backprop_core.teaching import Activity, Part, Plan

PLAN = Plan(
    objectives=(
        "unroll a one-unit recurrent network over T steps and compute its states h_t forward",
        "send the error back through time: ∂L/∂h_t gathers its own output's error and the next step's, "
        "through w·(1 − h²)",
        "explain why a shared weight's gradient is a sum over the time steps",
        "predict vanishing or exploding gradients from the factors w·(1 − h_t²), and say what truncation "
        "and clipping change",
        "describe training to a fixed point: when the relaxation converges (a spectral radius below 1)",
    ),
    prerequisites=("backward_pass", "sgd"),
    outline=(
        Part(
            5,
            Activity.PRESENT,
            "The unit h_t = tanh(w h_{t−1} + u x_t + b), the task remember, the unrolled diagram.",
        ),
        Part(
            7,
            Activity.PRESENT,
            "Forward, then backward, one value at a time: the states h₁…h_T and the loss.",
        ),
        Part(
            4,
            Activity.ASK,
            "Before Back into h_T−1: will the error reaching h₁ be larger or smaller than "
            "at h_T with this w? (Question 1 below.)",
        ),
        Part(
            8,
            Activity.PRESENT,
            "Back into each h_t, then ∂L/∂w: every step's term added up (the same w acts at every step).",
        ),
        Part(
            10,
            Activity.DEVICES,
            "On their own devices: Vanishing and exploding gradients. Each pair sets "
            "w (0.5, 0.9, 1.5, 3) and T, reads the dependence chart, then tries truncation and clipping.",
        ),
        Part(
            4,
            Activity.ASK,
            "Pairs report which w vanished and which exploded; the class states the rule |w·(1 − h²)| < 1.",
        ),
        Part(
            7,
            Activity.PRESENT,
            "The part fixed point: before Contractive?, ask its first question (will both relaxations "
            "settle?); then the spectral radius, and The gradient: the settled error times the fixed point.",
        ),
        Part(
            5,
            Activity.ASK,
            "Questions for the class; the exit question: why can the same w make an "
            "error vanish on one sequence and not on another?",
        ),
    ),
    misconceptions=(
        "“An RNN has T sets of weights.” It has one (w, u, b, v, c) used at every step; the unrolled "
        "diagram repeats the same numbers.",
        "“Only the last step's error matters.” With the loss summed over steps, each h_t gets its own "
        "output's error plus what flows back from h_{t+1}.",
        "“|w| > 1 always explodes.” The factor is w·(1 − h_t²): a saturated tanh (h near ±1) can make it "
        "small even when w is large.",
        "“Clipping fixes vanishing gradients.” Clipping only caps a too-large gradient; a vanished one "
        "stays tiny (gated units such as LSTMs address that).",
    ),
    assign=(
        "By hand for T = 3: the forward states and ∂L/∂w, checked against the page with the same settings.",
        "Find a w for which the remember task's ∂L/∂w is dominated by the last step; explain why it cannot "
        "learn to remember the first input.",
    ),
)
