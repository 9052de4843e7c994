"""Every number the article publishes, to the precision it prints.

The article rounds its intermediates, so a printed figure may be off by one
in its last digit from the exact value: the tolerance is one unit there.
"""

import pytest

from backprop_core import ARTICLE, NETWORK, solve, train


def matches_print(value: float, printed: str) -> bool:
    decimals = len(printed.split(".")[1])
    return abs(value - float(printed)) <= 10.0**-decimals * 1.000001


FORWARD = {
    "net_h1": "0.3775",
    "out_h1": "0.593269992",
    "out_h2": "0.596884378",
    "net_o1": "1.105905967",
    "out_o1": "0.75136507",
    "out_o2": "0.772928465",
    "E_o1": "0.274811083",
    "E_o2": "0.023560026",
    "E_total": "0.298371109",
}
FACTORS = {
    "dE_dout_o1": "0.74136507",
    "dout_o1_dnet_o1": "0.186815602",
    "dnet_o1_dw5": "0.593269992",
    "dE_dnet_o1": "0.138498562",
    "dE_o1_dout_h1": "0.055399425",
    "dE_o2_dout_h1": "-0.019049119",
    "dE_dout_h1": "0.036350306",
    "dout_h1_dnet_h1": "0.241300709",
    "dnet_h1_dw1": "0.05",
    "dnet_o1_dout_h1": "0.40",
}
GRADIENTS = {"w5": "0.082167041", "w1": "0.000438568"}
UPDATED = {
    "w1": "0.149780716",
    "w2": "0.19956143",
    "w3": "0.24975114",
    "w4": "0.29950229",
    "w5": "0.35891648",
    "w6": "0.408666186",
    "w7": "0.511301270",
    "w8": "0.561370121",
}


@pytest.mark.parametrize(
    "table, expected",
    [("forward", FORWARD), ("factors", FACTORS), ("gradients", GRADIENTS), ("updated", UPDATED)],
)
def test_published_values(table, expected):
    computed = getattr(solve(ARTICLE), table)
    for name, printed in expected.items():
        assert matches_print(computed[name], printed), (name, computed[name], printed)


def test_article_keeps_biases_fixed_unless_asked():
    assert solve(ARTICLE).updated["b1"] == ARTICLE.b1
    assert solve(ARTICLE, update_biases=True).updated["b1"] == pytest.approx(
        0.35 - 0.5 * 0.018725609394704138
    )


def _train(steps, **kw):
    e = ARTICLE
    return train(NETWORK, e.params, e.inputs, e.targets, e.lr, steps, **kw)


def test_article_variant_reproduces_published_post_training_figures():
    assert matches_print(_train(1, article_variant=True).final_loss, "0.291027924")
    h = _train(10_000, article_variant=True)
    assert matches_print(h.outputs[-1][0], "0.015912196")
    assert matches_print(h.outputs[-1][1], "0.984065734")


def test_article_error_after_10000_steps_is_an_erratum():
    """The article's 0.0000351085 does not follow from its own outputs.

    E from its printed outputs 0.015912196 and 0.984065734 is 0.0000350848
    (the variant's value); 0.0000351085 is the described method's E after
    9,999 steps. The Compare page explains this; these tests pin both facts.
    """
    o1, o2 = 0.015912196, 0.984065734
    from_printed_outputs = 0.5 * (ARTICLE.t1 - o1) ** 2 + 0.5 * (ARTICLE.t2 - o2) ** 2
    variant = _train(10_000, article_variant=True).final_loss
    assert matches_print(variant, "0.0000350848")
    assert abs(variant - from_printed_outputs) < 1e-11
    assert matches_print(_train(9_999).final_loss, "0.0000351085")


def test_described_method_gives_its_own_figures():
    assert matches_print(_train(1).final_loss, "0.291027774")
    h = _train(10_000)
    assert matches_print(h.final_loss, "0.000035102")
    assert matches_print(h.outputs[-1][0], "0.015913620")
    assert matches_print(h.outputs[-1][1], "0.984064274")
