"""What a changed chart costs the browser: drawn anew, as Streamlit 1.67 draws it, against updated in place.

    python -m benchmarks.remount [--repeats N]

Streamlit's element id for ``st.plotly_chart`` hashes the figure's JSON, so a chart whose figure changed is a
new element: the browser drops the old chart and draws the new one with ``Plotly.newPlot``. Giving a chart a
stable id does not help in 1.67: the browser keeps the old figure and shows no change (seen in a test app;
streamlit/streamlit pull request 16052, open, would apply a changed figure in place). ``Plotly.react``
updates a chart in place. This times both on the Playground's five figures at a Step (one step and the
next, drawn alternately), in headless Chromium, with the plotly.js that the plotly package ships; the
baseline is the in-place update in the same run. Plotly's own work only: Streamlit's element around each
chart (React, its styles, the chart's box) comes on top of the new draw.
"""

import argparse
import json
import statistics
import tempfile
from pathlib import Path

import plotly
from plotly.offline import get_plotlyjs_version

from benchmarks.playground import TICK, step_figures
from pages.playground import maths as pg

DRAW = """async ([mode, repeats]) => {
  const box = document.getElementById('charts'), times = [];
  const frame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  let charts = null;
  for (let i = 0; i < repeats + 2; i++) {
    const figures = STEPS[i % 2], began = performance.now();
    if (mode === 'new' || charts === null) {  // a remount: new boxes, each drawn from nothing
      (charts || []).forEach(chart => { Plotly.purge(chart); chart.remove(); });
      charts = figures.map(() => box.appendChild(document.createElement('div')));
      for (const [k, f] of figures.entries()) await Plotly.newPlot(charts[k], f.data, f.layout);
    } else {
      for (const [k, f] of figures.entries()) await Plotly.react(charts[k], f.data, f.layout);
    }
    document.body.offsetHeight;  // the layout, then a frame: what the screen needs
    await frame();
    if (i >= 2) times.push(performance.now() - began);  // the first two draws warm up
  }
  // every chart holds the last step's figure at the end, whichever way it was drawn
  const last = STEPS[(repeats + 1) % 2];
  return {times, drawn: charts.every((chart, k) => chart.data === last[k].data && chart._fullData.length)};
}"""


def page(folder: Path) -> Path:
    """A page holding plotly.js and the five figures at two successive steps of a Playground run."""
    p = pg.problem(TICK, TICK.make_data())
    run = pg.advance(p, pg.start(p), 3 * p.per_epoch)
    steps = []
    for _ in range(2):
        run = pg.advance(p, run, 1)
        steps.append([json.loads(f.to_json()) for f in step_figures(p, run)[0]])
    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    html = folder / "remount.html"
    html.write_text(
        "<html><body style='width: 700px'><div id='charts'></div>"
        f"<script src='{bundle.as_uri()}'></script>"
        f"<script>const STEPS = {json.dumps(steps)};</script></body></html>"
    )
    return html


def measure(repeats: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import ARGS, CHROMIUM

    times = {"new": [], "react": []}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as pw:
        html = page(Path(folder))
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for _ in range(3):  # in turns, so that both see the same machine
            for mode in times:
                tab = browser.new_page(viewport={"width": 1600, "height": 1000})
                tab.goto(html.as_uri())
                result = tab.evaluate(DRAW, [mode, repeats])
                if not result["drawn"]:
                    raise SystemExit(f"{mode}: a chart does not hold the last step's figure")
                times[mode] += result["times"]
                tab.close()
        browser.close()
    return times


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.remount", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="Steps drawn in each of three turns")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be 1 or more")  # one line on stderr, exit 2
    times = measure(args.repeats)
    new, react = (statistics.median(times[m]) for m in ("new", "react"))
    version = get_plotlyjs_version()
    print(f"The Playground's five figures at a Step, in Chromium with plotly.js {version}, median of a Step:")
    print(f"  drawn anew (Plotly.newPlot, as Streamlit 1.67 remounts a changed chart): {new:6.1f} ms")
    print(f"  updated in place (Plotly.react), the baseline:                          {react:6.1f} ms")
    print(f"  anew / in place: {new / react:.2f}x")


if __name__ == "__main__":
    main()
