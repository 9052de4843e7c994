"""The worked example's numbers fold away on pages that teach with networks of their own."""

import pytest

from tests.ui.conftest import open_page


@pytest.mark.parametrize(
    "page", ["pages/vectorised.py", "pages/sgd.py", "pages/recurrent.py", "pages/playground.py"]
)
def test_own_network_pages_fold_the_example(app, page):
    open_page(app, page)
    labels = [e.label for e in app.sidebar.expander]
    assert any(label.startswith("The worked example") for label in labels)
    assert app.sidebar.number_input(key="w5").value == 0.4  # still there, still in the link
    assert app.query_params["w5"] in (["0.4"], "0.4")


@pytest.mark.parametrize("page", ["pages/forward_pass.py", "pages/loss_surface.py"])
def test_example_pages_show_it_open(app, page):
    open_page(app, page)
    assert not [e for e in app.sidebar.expander if e.label.startswith("The worked example")]
    assert "The worked example" in [h.value for h in app.sidebar.header]
