"""Lesson 0's settings, declared once (ui/settings draws, binds and checks them): three rows of three."""

from backprop_core import names
from backprop_core.example import ALIASES, PARAMETERS
from ui.settings import Choice, Number, Whole

RATES = ("slope_small", "slope_lr", "slope_large")  # too small, chosen, too large
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
SETTINGS = (
    Choice("slope_param", "Parameter p", PARAMETERS, "b2", "The weight (or bias: a weight whose input is "
           "always 1) the cost is drawn along; every other number stays as in the sidebar.", kind="select"),
    Choice("slope_half", "Range either side", (0.5, 1.0, 2.0, 3.0, 5.0, 10.0), 2.0,
           "How far the curve and the contour map reach either side of the current value."),
    Whole("slope_steps", "Steps", 1, 40, 12, "Gradient steps each learning rate takes."),
    Choice("slope_other", "Second parameter", PARAMETERS, ALIASES[names.weight(2, 0, 0)],
           "With p, the two axes of the contour map.", kind="select"),
    Number("slope_small", "η too small", 0.001, 1000.0, 0.5, "A learning rate that creeps.", 0.1),
    Number("slope_lr", "η chosen", 0.001, 1000.0, 5.0, "The learning rate of the single step.", 0.5),
    Number("slope_large", "η too large", 0.001, 1000.0, 20.0, "A learning rate that overshoots.", 1.0),
    Whole("slope_width", "Neurons a hidden layer", 1, 16, 8, "The width of the deeper networks counted."),
    Whole("slope_depth", "Up to hidden layers", 1, 12, 8, "How deep the counted networks go."),
)  # fmt: skip
ROWS = (SETTINGS[:3], SETTINGS[3:6], SETTINGS[6:])  # what the curve needs, the map, the counts
