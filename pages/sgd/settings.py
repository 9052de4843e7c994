"""Lesson 5's settings, declared once (ui/settings draws, binds and checks them): the five numbers the
three runs depend on, and the two weights whose paths are drawn."""

from pages.sgd import maths as sgd
from ui.settings import Choice, Number

DEFAULT = sgd.Setup()
LR = Number("sgd_lr", "Learning rate η", 0.001, 10.0, DEFAULT.lr, "The same η for all three runs.", 0.05)
BATCH = Choice(
    "sgd_batch",
    "Mini-batch size B",
    (2, 4, 8, 16, 32, 64),
    DEFAULT.batch_size,
    "The middle run's batch; the others use 1 and the whole training set.",
)
EPOCHS = Choice(
    "sgd_epochs",
    "Epochs",
    (1, 2, 3, 5, 10, 20, 30, 50),
    DEFAULT.epochs,
    "How many times each run goes through the whole training set.",
)
POINTS = Choice(
    "sgd_n",
    "Data points",
    (100, 200, 300, 400),
    DEFAULT.n,
    "Two moons; a quarter of them are held out for testing.",
)
SEED = Choice(
    "sgd_seed",
    "Seed",
    tuple(range(100)),
    DEFAULT.seed,
    "Draws the data, the initial weights and every epoch's shuffle.",
)
FIRST = Choice(
    "sgd_w1", "Weight across", sgd.WEIGHTS, sgd.FIRST_WEIGHT, "Any weight of the network.", kind="select"
)
SECOND = Choice("sgd_w2", "Weight up", sgd.WEIGHTS, "W2[0,1]", "Any other weight.", kind="select")
RUNS = (LR, BATCH, EPOCHS, POINTS, SEED)
SETTINGS = (*RUNS, FIRST, SECOND)
