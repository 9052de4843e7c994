"""Lesson 0's settings, declared once (ui/settings draws, binds and checks them): three in view, the
rest folded away."""

from backprop_core import names
from backprop_core.example import ALIASES, NETWORK, PARAMETERS
from ui.settings import Choice, Number, Whole

RATES = ("slope_small", "slope_lr", "slope_large")  # smaller, chosen, larger
FIRST = ALIASES[names.weight(2, 0, 0)]  # the lesson starts on the first weight into the first output
# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
SETTINGS = (
    Choice("slope_param", "Parameter p", PARAMETERS, FIRST, "The weight (or bias: a weight whose input is "
           "always 1) the cost is drawn along; every other number stays as in the sidebar.", kind="select"),
    Number("slope_lr", "η chosen", 0.001, 1000.0, 20.0, "The learning rate of the single step.", 0.5),
    Whole("slope_steps", "Steps", 1, 40, 12, "Gradient steps each learning rate takes."),
    Choice("slope_half", "Range either side", (0.5, 1.0, 2.0, 3.0, 5.0, 10.0), 10.0,
           "How far the curve and the contour map reach either side of the current value."),
    Choice("slope_other", "Second parameter", PARAMETERS, ALIASES[names.biases(NETWORK, 2)[0]],
           "With p, the two axes of the contour map.", kind="select"),
    Number("slope_small", "η smaller", 0.001, 1000.0, 0.5, "A smaller learning rate, to compare.", 0.1),
    Number("slope_large", "η larger", 0.001, 1000.0, 120.0, "A larger learning rate, to compare.", 1.0),
    Whole("slope_width", "Neurons a hidden layer", 1, 16, 8, "The width of the deeper networks counted."),
    Whole("slope_depth", "Up to hidden layers", 1, 12, 8, "How deep the counted networks go."),
)  # fmt: skip
SHOWN = SETTINGS[:3]  # in view: the parameter, the learning rate, the steps
# folded: the curve's range and the map's second parameter, the two learning rates to compare, the counts
FOLDED = (SETTINGS[3:5], SETTINGS[5:7], SETTINGS[7:])
MORE = "More settings: the range, the map's second parameter, two more learning rates"  # the fold's label
