"""The Loss surface page's settings, declared once (ui/settings draws, binds and checks them): the two
parameters, the 3-D toggle, and the grid's reach, resolution and the descent's length.

The grid's keys start with surface_ (the page's second prefix, see its navigation Entry): they were
named so before the page's keys had a prefix, and a link keeps its names.
"""

from backprop_core import PARAMETERS
from ui.settings import Choice, Flag

DEFAULT_PAIR = PARAMETERS[4:6]  # the first two weights into the first output
# a link's bad surf_x or surf_y is named and the default shown; the old p1 and p2 are adopted
ACROSS = Choice("surf_x", "Parameter p1 (across)", PARAMETERS, DEFAULT_PAIR[0], kind="select", forgets=False)
UP = Choice("surf_y", "Parameter p2 (up)", PARAMETERS, DEFAULT_PAIR[1], kind="select", forgets=False)
# a WebGL surface costs the browser seconds on a projector's laptop: on demand
SOLID = Flag("surf_3d", "3-D surface too")
HALF_RANGES = (0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0)
HALF = Choice("surface_half", "Half-range (either side of now)", HALF_RANGES, 5.0)
# points per side; 201 x 201 is about 160 KiB a chart
POINTS = Choice("surface_points", "Resolution (points per side)", (31, 61, 101, 151, 201), 61)
STEPS = Choice("surface_steps", "Descent steps", (100, 1_000, 10_000, 100_000), 10_000, labels="{:,}".format)
SETTINGS = (ACROSS, UP, SOLID, HALF, POINTS, STEPS)
PREFIXES = ("surf_", "surface_")
