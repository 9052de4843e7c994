"""The vectorised lesson's steps, pure: a view per stage, each with the matrices it computes typeset and
the one entry practice mode asks for."""

import numpy as np

from backprop_core import numbers
from backprop_core.steps import equation
from pages.vectorised import maths as v
from pages.vectorised.steps import stage_views


def test_each_stage_asks_for_the_top_left_entry_of_what_it_computes():
    lesson = v.lesson(v.Batch())
    views = stage_views(lesson, 4)
    assert [s.name for s in views] == [s.name for s in v.STAGES]
    batch, *computed = views
    assert batch.practice.value == lesson["m"] and batch.practice.symbol == "m"
    for view in computed:
        assert view.practice.name == view.name  # the stepper's step is the stage
        first = np.asarray(lesson[view.matrices[0]])
        assert view.practice.value == float(first[(0,) * first.ndim])
        assert numbers.latex(view.practice.value, 4) in equation(view.practice)
        assert len(view.equations) == len(view.matrices) == len(view.shapes) == len(view.code)
