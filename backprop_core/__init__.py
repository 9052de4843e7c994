"""Backprop Lab's pure-NumPy core: every number the app shows is computed here.

Never imports Streamlit or Plotly; SymPy only in ``symbolic``.
"""

from .activations import ACTIVATIONS, Activation, activation, sigmoid
from .example import ARTICLE, FIELDS, FLAT_INDEX, NETWORK, PARAMETERS, Example, Solution, solve
from .gradcheck import numeric_gradient
from .losses import LOSSES, Loss, loss
from .network import Gradients, Network, Params, Trace, backward, forward, init_params, update
from .surface import grid_axis, loss_over
from .training import MAX_STEPS, History, train

# A table, aligned by hand to be read row by row: the formatter leaves it (fmt: skip).
__all__ = [
    "ACTIVATIONS", "ARTICLE", "FIELDS", "FLAT_INDEX", "LOSSES", "MAX_STEPS", "NETWORK", "PARAMETERS",
    "Activation", "Example", "Gradients", "History", "Loss", "Network", "Params", "Solution", "Trace",
    "activation", "backward", "forward", "grid_axis", "init_params", "loss", "loss_over",
    "numeric_gradient", "sigmoid", "solve", "train", "update",
]  # fmt: skip
