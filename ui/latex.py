"""LaTeX the lessons share: a matrix as a bmatrix, every number through backprop_core.numbers (lessons
4 · vectorised and 6 · recurrent). Pure strings: no st.* calls, so they can be cached and tested."""

import numpy as np

from backprop_core import numbers


def bmatrix(a, digits: int) -> str:
    """A 2-D array as a bmatrix; a 0-d one as a plain number."""
    a = np.asarray(a)
    if a.ndim == 0:
        return numbers.latex(a, digits)
    rows = (" & ".join(numbers.latex(x, digits) for x in row) for row in np.atleast_2d(a))
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"
