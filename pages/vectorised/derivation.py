"""Lesson 4's derivation, pure: why cross-entropy pairs with a sigmoid output, SymPy deriving dL/dz.

With a = σ(z), the chain rule gives dL/dz = dL/da · da/dz, and da/dz = a(1 − a). For
cross-entropy the product simplifies to a − y (the vectorised lesson's dZ2 = A2 − Y); for
squared error it stays (a − y)·a(1 − a), which vanishes as the sigmoid saturates, so a
confidently wrong output learns slowly. SymPy does the algebra here; nothing is typed in.
"""

from dataclasses import dataclass
from functools import cache

import sympy as sp

a, y, z = sp.symbols("a y z", real=True)
SIGMOID = 1 / (1 + sp.exp(-z))
LOSSES = {
    "binary_cross_entropy": -(y * sp.log(a) + (1 - y) * sp.log(1 - a)),
    "half_squared": sp.Rational(1, 2) * (a - y) ** 2,
}
_LATEX = {"order": "none", "mul_symbol": "dot"}  # keep the product as written
TITLES = {"binary_cross_entropy": "Cross-entropy", "half_squared": "Squared error"}


@dataclass(frozen=True)
class Derivation:
    """Each line as LaTeX, and the simplified dL/dz as a SymPy expression in a and y."""

    loss: str  # "binary_cross_entropy" or "half_squared"
    title: str
    L: str  # L(a, y)
    dL_da: str
    da_dz: str  # σ'(z) written with a = σ(z): a(1 - a)
    product: str  # dL/da · da/dz before simplifying
    dL_dz: str  # after simplifying
    simplified: sp.Expr

    @property
    def latex(self) -> str:
        """The derivation as the page typesets it (and reads it in words): one aligned block."""
        dL, da, dz = r"\partial L", r"\partial a", r"\partial z"
        return (
            rf"\begin{{aligned}} L &= {self.L} \\ \frac{{{dL}}}{{{da}}} &= {self.dL_da}, \qquad "
            rf"\frac{{{da}}}{{{dz}}} = {self.da_dz} \\ \frac{{{dL}}}{{{dz}}} "
            rf"&= \frac{{{dL}}}{{{da}}} \cdot \frac{{{da}}}{{{dz}}} = {self.product} \\ "
            rf"&= {self.dL_dz} \end{{aligned}}"
        )


SLOPE = sp.Mul(a, 1 - a, evaluate=False)  # the form the lessons teach; sigmoid_slope() checks it


def sigmoid_slope() -> sp.Expr:
    """dσ/dz, differentiated by SymPy, then written in a = σ(z); it must equal a(1 − a)."""
    slope = sp.diff(SIGMOID, z)
    in_a = sp.simplify(slope.subs(sp.exp(-z), (1 - a) / a))  # e^{-z} = (1 - a)/a when a = σ(z)
    if sp.simplify(in_a - SLOPE) != 0:
        raise ArithmeticError(f"dσ/dz came out as {in_a}, not a(1 - a)")
    return SLOPE


@cache
def derive(loss: str) -> Derivation:
    """dL/dz = dL/da · da/dz for a sigmoid output, simplified by SymPy."""
    L = LOSSES[loss]
    dL_da = sp.diff(L, a)
    da_dz = sigmoid_slope()
    product = sp.Mul(dL_da, *da_dz.args, evaluate=False)
    simplified = sp.factor(sp.simplify(dL_da * da_dz))
    return Derivation(
        loss,
        TITLES[loss],
        sp.latex(L),
        sp.latex(dL_da),
        sp.latex(da_dz, **_LATEX),
        sp.latex(product, **_LATEX),
        sp.latex(simplified),
        simplified,
    )


def through_z(loss: str) -> sp.Expr:
    """dL/dz differentiated directly in z (L of σ(z)), minus the simplified form with a = σ(z):
    zero when the derivation is right (a check that does not go through a)."""
    direct = sp.diff(LOSSES[loss].subs(a, SIGMOID), z)
    return sp.simplify(direct - derive(loss).simplified.subs(a, SIGMOID))
