"""Each lesson keeps its own place under its own URL keys; links from before (step, p1, p2) still open."""

from backprop_core import ARTICLE
from backprop_core.symbolic import backward_steps, forward_steps
from tests.apptest import open_page

FORWARD, BACKWARD, SURFACE = (
    "pages/forward_pass/page.py",
    "pages/backward_pass/page.py",
    "pages/loss_surface/page.py",
)
FORWARD_STEPS = [s.name for s in forward_steps(ARTICLE, 9)]
CHAINS = {p: [s.name for s in chain] for p, chain in backward_steps(ARTICLE, 9).items()}


def url(app) -> dict:
    return {k: app.query_params[k] for k in app.query_params}


def navigate(app, page: str):
    """Change page as the navigation does in a browser: Streamlit clears the link (AppTest keeps it)."""
    for key in list(app.query_params):
        del app.query_params[key]
    return app.switch_page(page).run()


def test_each_lesson_is_where_it_was_left(app):
    open_page(app, FORWARD)
    for _ in range(3):
        app.button(key="next").click().run()
    assert app.select_slider(key="fwd_step").value == FORWARD_STEPS[3]

    navigate(app, BACKWARD)
    assert app.select_slider(key="bwd_step").value == CHAINS["w5"][0]  # not Forward's step
    app.radio(key="bwd_param").set_value("w1").run()
    app.button(key="next").click().run()
    assert "fwd_step" not in url(app) and url(app)["bwd_param"] in ("w1", ["w1"])

    navigate(app, SURFACE)
    assert (app.selectbox(key="surf_x").value, app.selectbox(key="surf_y").value) == ("w5", "w6")
    app.selectbox(key="surf_x").set_value("b2").run()

    navigate(app, FORWARD)
    assert app.select_slider(key="fwd_step").value == FORWARD_STEPS[3]
    navigate(app, BACKWARD)
    place = (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value)
    assert place == ("w1", CHAINS["w1"][1])
    navigate(app, SURFACE)
    assert app.selectbox(key="surf_x").value == "b2"
    assert not app.exception


def test_an_old_backward_link_names_its_chain_by_its_step(app):
    open_page(app, BACKWARD, step="dE_dw1")  # no p1: the step says which chain
    assert (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value) == ("w1", "dE_dw1")
    assert "step" not in url(app) and "p1" not in url(app) and not app.main.warning


def test_an_old_link_with_p1_and_step(app):
    open_page(app, BACKWARD, p1="w6", step="dout_o1_dnet_o1")
    assert (app.radio(key="bwd_param").value, app.select_slider(key="bwd_step").value) == (
        "w6",
        "dout_o1_dnet_o1",
    )


def test_another_lessons_step_is_not_taken(app):
    open_page(app, FORWARD, step=CHAINS["w5"][0])
    assert app.select_slider(key="fwd_step").value == FORWARD_STEPS[0]
    assert "step" not in url(app) and "fwd_step" not in url(app) and not app.exception


def test_an_old_surface_link_means_the_surface(app):
    open_page(app, SURFACE, p1="w3", p2="b1")
    assert (app.selectbox(key="surf_x").value, app.selectbox(key="surf_y").value) == ("w3", "b1")
    assert "p1" not in url(app) and url(app)["surf_x"] in ("w3", ["w3"])


def test_an_old_link_kept_by_the_client_while_the_learner_edits_is_adopted_once(app):
    """A client that keeps sending ``?step=E_total`` (a websocket client, not a browser) with each edit:
    the edit is not refused (fwd_step is bound by then) and the step is not taken back."""
    open_page(app, FORWARD, step="E_total")
    app.button(key="prev").click().run()
    before = app.select_slider(key="fwd_step").value
    for edit in (0.5, 0.6):
        for key in list(app.query_params):
            del app.query_params[key]
        app.query_params["step"] = "E_total"
        app.number_input(key="w5").set_value(edit).run()
        assert not app.exception, [e.value for e in app.exception]
        assert app.select_slider(key="fwd_step").value == before != "E_total"
