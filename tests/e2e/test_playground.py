"""The Playground in Chromium: a data set, layers, Play, Pause, Step, a weight's factors (chosen by
clicking its edge), a shared link giving the same weights, and screenshots at two sizes.

Expected weights come from backprop_core (the core trains the same config to the same step).
"""

import json
import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from backprop_core import export, names
from pages.playground import maths as pg

from .conftest import SIZES, main, settle, wait_for_charts

COUNTER = re.compile(r"^Epoch [0-9.]+ · step ([0-9,]+)")


def step_shown(page: Page) -> int:
    text = main(page).locator('[data-testid="stMarkdownContainer"] p', has_text=COUNTER).first.inner_text()
    return int(COUNTER.match(text).group(1).replace(",", ""))


def button(page: Page, key: str):
    return main(page).locator(f".st-key-{key} button")


def choose(page: Page, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox with widget key ``key``."""
    main(page).locator(f".st-key-{key}").click()
    page.get_by_role("option", name=option, exact=True).click()


def set_number(page: Page, key: str, value: str) -> None:
    field = main(page).locator(f".st-key-{key} input")
    field.fill(value)
    field.press("Enter")


def downloaded_network(page: Page) -> dict:
    with page.expect_download() as download:
        button(page, "pg_json").click()
    return json.loads(download.value.path().read_text())


def open_playground(page: Page, query: str = "") -> None:
    page.goto(f"/playground{query}")
    expect(main(page).locator("h1").first).to_have_text("Playground", timeout=60_000)
    settle(page)


def click_edge(page: Page, weight: str) -> None:
    """Click ``weight``'s edge in the diagram (the second chart), where Plotly put it."""
    point = page.evaluate(
        """weight => {
            const gd = [...document.querySelectorAll('.js-plotly-plot')][1];
            gd.scrollIntoView({block: 'center'});
            const trace = gd._fullData.find(t => t.name === 'weights');
            const i = trace.customdata.indexOf(weight);
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(trace.x[i]), box.top + ya._offset + ya.l2p(trace.y[i])];
        }""",
        weight,
    )
    page.mouse.click(*point)


def test_train_step_and_read_a_weights_chain(page: Page, screenshot):
    page.set_viewport_size(SIZES["1920"])
    open_playground(page, "?pg_speed=epoch")  # an epoch a tick: Play lasts (50 epochs) until Pause
    choose(page, "pg_data", "Circles")
    expect(page).to_have_url(re.compile(r"pg_data=circles"))
    set_number(page, "pg_depth", "2")
    expect(page).to_have_url(re.compile(r"pg_layers=4%2C4|pg_layers=4,4"))
    settle(page)
    assert step_shown(page) == 0

    button(page, "pg_play").click()
    expect(button(page, "pg_play")).to_have_text("⏸ Pause", timeout=30_000)  # one button: Play, then Pause
    page.wait_for_function(
        "() => /step [1-9]/.test(document.body.innerText)", timeout=30_000
    )  # Play's timer is training
    button(page, "pg_play").click()
    expect(button(page, "pg_play")).to_have_text("▶ Play", timeout=30_000)
    settle(page)
    paused = step_shown(page)
    assert paused > 0
    page.wait_for_timeout(1500)
    assert step_shown(page) == paused  # Pause keeps exactly the state reached

    button(page, "pg_step_batch").click()
    expect(main(page)).to_contain_text(f"step {paused + 1:,}", timeout=30_000)
    expect(page).to_have_url(re.compile(rf"pg_step={paused + 1}(&|$)"))
    settle(page)

    click_edge(page, "W2[1,3]")  # choose a weight by clicking its edge
    expect(main(page).locator(".st-key-pg_weight input")).to_have_value("W2[1,3]", timeout=30_000)
    main(page).locator(".st-key-pg_over").get_by_text("one sample").click()
    maths = main(page).locator(".katex-display")
    expect(maths.first).to_be_visible(timeout=30_000)
    expect(main(page)).to_contain_text("Neuron 1 of layer 2 feeds every output, so its error slope")
    expect(main(page)).to_contain_text("relative difference")
    settle(page)
    screenshot(page, "playground_1920")
    page.set_viewport_size(SIZES["1024"])
    settle(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    widths = page.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot')].map(e => e.getBoundingClientRect().width)"
    )
    assert overflow <= 0 and min(widths) >= 300, (overflow, widths)
    screenshot(page, "playground_1024")


def test_a_shared_link_gives_the_same_weights(page: Page):
    open_playground(page, "?pg_data=moons&pg_layers=5,3&pg_act=relu,tanh&pg_seed=3")
    button(page, "pg_step_epoch").click()
    expect(main(page)).to_contain_text("step 14", timeout=30_000)
    button(page, "pg_step_batch").click()
    expect(page).to_have_url(re.compile(r"pg_step=15(&|$)"), timeout=30_000)
    settle(page)
    mine = downloaded_network(page)
    link = page.url

    other = page.context.browser.new_page()  # another visitor: a session of its own
    other.goto(link)
    expect(main(other)).to_contain_text("step 15", timeout=60_000)
    settle(other)
    theirs = downloaded_network(other)
    other.close()
    assert theirs == mine

    query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
    config = pg.Config(dataset="moons", hidden=(5, 3), activations=("relu", "tanh"), seed=3)
    assert query["pg_layers"] == "5,3" and query["pg_step"] == "15"
    expected = pg.reach(pg.problem(config, config.make_data()), 15)
    network, params = export.from_json(mine)
    assert network.sizes == (2, 5, 3, 1)
    assert params.flat().tobytes() == expected.params.flat().tobytes()
    assert names.parameters(network)[0] == "W1[0,0]"


def test_zero_weights_and_a_bad_link_are_explained(page: Page):
    open_playground(page, "?pg_init=zero&pg_lr=banana&pg_layers=99")
    expect(main(page)).to_contain_text("pg_lr in the link is not a number from 0.0001 to 10; showing 0.3.")
    expect(main(page)).to_contain_text("pg_layers in the link is not up to")
    button(page, "pg_step_epoch").click()
    expect(main(page)).to_contain_text("symmetry is never broken", timeout=30_000)
    assert wait_for_charts(page) >= 4


def test_an_uploaded_csv_trains_and_a_bad_one_is_named(page: Page):
    open_playground(page)
    choose(page, "pg_data", "Your CSV file")
    rows = "\n".join(
        f"{(i % 9) / 9 - 0.5},{(i % 7) / 7 - 0.5},{int((i % 9) / 9 > (i % 7) / 7)}" for i in range(80)
    )
    upload = main(page).locator(".st-key-pg_file input[type=file]")
    upload.set_input_files(
        files=[{"name": "mine.csv", "mimeType": "text/csv", "buffer": f"a,b,label\n{rows}".encode()}]
    )
    expect(main(page)).to_contain_text("56 training and 24 test samples", timeout=30_000)
    button(page, "pg_step_epoch").click()
    expect(main(page)).to_contain_text("step 6", timeout=30_000)
    expect(page).to_have_url(re.compile(r"pg_data=csv"))
    bad = [{"name": "bad.csv", "mimeType": "text/csv", "buffer": b"a,b,label\n1,2,0\n3,x,1\n"}]
    upload.set_input_files(files=bad)
    expect(main(page).locator('[data-testid="stAlert"]')).to_contain_text(
        'bad.csv, line 3, column 2: "x" is not a number'
    )
