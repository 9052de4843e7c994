"""The one Step type: typeset as symbol = formula = numbers = value, or whole when it is more."""

from backprop_core import ARTICLE
from backprop_core.steps import Step, equation
from backprop_core.symbolic import backward_steps, forward_steps


def test_an_equation_skips_lines_that_repeat():
    step = next(s for s in backward_steps(ARTICLE)["w5"] if s.name == "dnet_o1_dw5")
    derivative = r"\frac{\partial net_{o1}}{\partial w_{5}}"
    assert (
        equation(step) == rf"\begin{{aligned}} {derivative} &= out_{{h1}} \\ &= 0.593269992 \end{{aligned}}"
    )
    net_h1 = forward_steps(ARTICLE)[0]
    assert equation(net_h1).count("&=") == 3  # formula, numbers, value


def test_a_step_typeset_whole_is_shown_as_it_is():
    block = r"\begin{aligned} u &= W\,x^* + I \\ f'(u) &= x^*(1 - x^*) \end{aligned}"
    step = Step("slope", "Each unit's slope there", "f'(u)", "x^*(1 - x^*)", "", None, "", latex=block)
    assert equation(step) == block


def test_the_symbolic_steps_are_the_one_type():
    assert type(forward_steps(ARTICLE)[0]) is Step
