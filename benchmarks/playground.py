"""The Playground's speed: one Play tick on the server, and Play and Step in a real browser.

    python -m benchmarks.playground                 # the server-side tick
    python -m benchmarks.playground --browser       # also Chromium against a server it starts
    python -m benchmarks.playground --browser URL   # ... or against a running one

A Play tick is one epoch of 400 points in mini-batches of 10 on a 2-8-8-1 tanh network, plus
the 100×100 decision-boundary grid, the gradients the diagram shows and every figure built;
its baseline, timed in the same run, is the same epoch and grid written as a plain per-sample
loop. In the browser the floor is the Welcome page in the same run: a sidebar edit redrawn.
Each side checks the other's numbers: a fast wrong answer is not a result.
"""

import argparse
import contextlib
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from math import inf
from pathlib import Path

import numpy as np

from backprop_core import names
from pages.playground import maths as pg

from .core import best, per_sample_loop

ROOT = Path(__file__).resolve().parents[1]
TICK = pg.Config(
    dataset="moons", n=400, test_fraction=0.0, hidden=(8, 8), activations=("tanh", "tanh"), lr=0.1, batch=10
)
TARGET_MS = 20
SERVER: list[int] = []  # the server's process id, when started here


def tick(p: pg.Problem, run: pg.Run, with_figures: bool, updates: int | None = None):
    """What the page's fragment computes for one Play tick (of one epoch, or ``updates``)."""
    run = pg.advance(p, run, updates or p.per_epoch)
    if with_figures:
        return run, step_figures(p, run)[1]
    trace = pg.plane(p, run.params, pg.GRID)[1]
    pg.batch_gradients(p, run.params, run.step)  # what the diagram shows
    return run, trace


def step_figures(p: pg.Problem, run: pg.Run):
    """The five figures a Step redraws at ``run``'s step, and the grid's trace they draw."""
    from pages.playground import figures

    axes, trace = pg.plane(p, run.params, pg.GRID)
    _, grads = pg.batch_gradients(p, run.params, run.step)
    train = (p.train.X, p.train.y, p.train.n_classes)
    drawn = [
        figures.boundary_figure(axes, trace.outs[-1], TICK.output, train, train),
        figures.diagram_figure(p.network, names.geometry(p.network), run.params, grads.grads),
        figures.cost_figure(run.eval_steps / p.per_epoch, run.train_cost, run.test_cost, log_y=True),
        figures.health_figure(run.norm_steps / p.per_epoch, run.grad_norm),
        figures.neuron_figure(axes, trace.outs[1][0], "a1[0]", "tanh"),
    ]
    return drawn, trace


def plain_grid(params, axes) -> np.ndarray:
    """The boundary's grid one point at a time."""
    (w1, w2, w3), (b1, b2, b3) = params.weights, params.biases
    out = np.empty(len(axes[0]) * len(axes[1]))
    k = 0
    for y in axes[1]:
        for x in axes[0]:
            a1 = np.tanh(w1 @ np.array([x, y]) + b1)
            a2 = np.tanh(w2 @ a1 + b2)
            out[k] = (1.0 / (1.0 + np.exp(-(w3 @ a2 + b3))))[0]
            k += 1
    return out


def server_side(repeats: int) -> None:
    p = pg.problem(TICK, TICK.make_data())
    start = pg.start(p)
    core, (run, trace) = best(lambda: tick(p, start, False), repeats)
    whole, _ = best(lambda: tick(p, start, True), repeats)
    axes = pg.plane(p, run.params, pg.GRID)[0]

    def baseline():
        flat = per_sample_loop(start.params, p.x, p.t, TICK.lr, TICK.batch, 1, TICK.seed)
        params = start.params.from_flat(flat)
        return flat, plain_grid(params, axes)

    fast = pg.tick_updates(p, 0, 10**9, "fast")
    full_speed, _ = best(lambda: tick(p, start, True, fast), repeats)
    plain, (flat, grid) = best(baseline, 1)
    gap = max(np.abs(run.params.flat() - flat).max(), np.abs(trace.outs[-1][0] - grid).max())
    print(f"Playground tick: Python {platform.python_version()}, NumPy {np.__version__}, best of {repeats}")
    print(
        f"  one epoch ({p.per_epoch} updates of 10 of 400 moons, 2-8-8-1) + 100×100 grid: {core * 1e3:.2f} ms"
    )
    print(
        f"  ... and every figure of the fragment built:                     {whole * 1e3:.2f} ms "
        f"(target ≤ {TARGET_MS} ms: {'PASS' if whole * 1e3 <= TARGET_MS else 'MISS'})"
    )
    print(
        f"  a tick at full speed, {fast} updates ({fast / p.per_epoch:.1f} epochs), figures and all:  "
        f"{full_speed * 1e3:.2f} ms ({full_speed / whole:.2f}x the one-epoch tick)"
    )
    print(
        f"  baseline, a plain per-sample loop and point-by-point grid:        {plain * 1e3:.2f} ms "
        f"({plain / core:.0f}× slower; max difference {gap:.0e})"
    )


# --- the browser ------------------------------------------------------------------------------


@contextlib.contextmanager
def serve():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    SERVER[:] = [server.pid]
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


# Stamped in the page on every animation frame: a new counter text (an update arrived and was
# drawn) and a newly drawn boundary chart (Streamlit mounts a new element when a figure changes;
# a chart counts once it has drawn, and once only).
WATCH = """() => {
  window.__draws = []; window.__counts = [];
  let seen = null, text = null;
  const frame = () => {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    if (gd && gd._fullData && gd !== seen) { window.__draws.push(performance.now()); seen = gd; }
    const p = [...document.querySelectorAll('[data-testid="stMarkdownContainer"] p')]
      .find(e => /^Epoch [0-9]/.test(e.innerText));
    if (p && p.innerText !== text) { window.__counts.push(performance.now()); text = p.innerText; }
    requestAnimationFrame(frame);
  };
  frame();
}"""


# Both measurements start at the user's action as the page sees it (the click on Step, Enter in the
# sidebar field), not when Playwright is asked for it: its own checks take some tens of ms first.
# Welcome's edit: until its first formula shows the new value.
EDIT_WATCH = """before => { window.__edit = new Promise(done => {
  let began = null;
  const enter = () => { began = performance.now(); };
  document.addEventListener('keydown', enter, {capture: true, once: true});
  const frame = () => {
    const changed = document.querySelector('.katex').innerText !== before;
    if (began !== null && changed) done(performance.now() - began); else requestAnimationFrame(frame);
  };
  frame();
}); }"""
# A Step, stamped on every animation frame: when the counter shows the new step, when the boundary
# (the first chart) has drawn anew, and when the whole section has: every chart new and drawn, and
# the maths panel's caption at the new step. Resolves with those times (ms).
STEP_WATCH = """want => { window.__step = new Promise(done => {
  const old = new Set(document.querySelectorAll('.js-plotly-plot'));
  let began = null;
  const at = {};
  document.addEventListener('click', () => { began = performance.now(); }, {capture: true, once: true});
  const frame = () => {
    const t = performance.now() - (began ?? performance.now());
    const charts = [...document.querySelectorAll('.js-plotly-plot')];
    const drawn = charts.filter(gd => !old.has(gd) && gd._fullData);
    const counter = [...document.querySelectorAll('[data-testid="stMarkdownContainer"] p')]
      .find(e => /^Epoch [0-9]/.test(e.innerText));
    const maths = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
      .some(e => e.innerText.includes(`(step ${want})`));
    if (!at.counter && counter && counter.innerText.includes(`step ${want} `)) at.counter = t;
    if (!at.boundary && drawn.includes(charts[0])) at.boundary = t;
    if (!at.whole && at.counter && maths && drawn.length === charts.length) at.whole = t;
    if ((at.boundary && at.whole) || t > 20000) done(at); else requestAnimationFrame(frame);
  };
  frame();
}); }"""


def _cpu(pid: int) -> float:
    """A process's CPU time (user and system) so far, in seconds (Linux's /proc; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_below(root: int) -> float:
    """The CPU time of every process under ``root`` (Chromium's and the server's when started here)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            children.setdefault(int(entry.read_text().rsplit(")", 1)[1].split()[1]), []).append(
                int(entry.parent.name)
            )
    total, todo = 0.0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        total += _cpu(pid)
        todo += children.get(pid, [])
    return total


def cpu_now() -> tuple[float, float]:
    """(the browser's, the server's) CPU time so far: a measure of work that other load on the machine
    inflates far less than the clock (the server's is 0 for a server not started here)."""
    server = _cpu(SERVER[0]) if SERVER else 0.0
    return _cpu_below(os.getpid()) - server, server


SPEEDS = {"epoch": "one epoch an update (before)", "fast": "full speed"}
EPOCH = re.compile(r"Epoch ([0-9,]+(?:\.[0-9]+)?)")


def _play(page, speed: str, seconds: float) -> tuple[float, int, int, float, list[float]]:
    """Play at ``speed`` for ``seconds``: the epochs trained, the counter's updates and the boundary
    chart's redraws seen in that time, the time (s), and the browser's and the server's CPU time (s)
    an update of the counter."""
    _choose(page, "pg_speed", pg.SPEEDS[speed])
    page.wait_for_timeout(1500)
    page.evaluate("() => { window.__draws = []; window.__counts = []; }")  # WATCH's frames, counted anew
    page.locator(".st-key-pg_play button").click()
    page.wait_for_timeout(1000)  # the timer starts after the page's rerun
    first, n0 = _counter(page), page.evaluate("[window.__draws.length, window.__counts.length]")
    began, cpu0 = time.perf_counter(), cpu_now()
    page.wait_for_timeout(seconds * 1000)
    n1, last = page.evaluate("[window.__draws.length, window.__counts.length]"), _counter(page)
    elapsed, cpu1 = time.perf_counter() - began, cpu_now()
    page.locator(".st-key-pg_play button").click()  # Play's button, Pause while it plays
    page.get_by_role("button", name="▶ Play").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    epochs = [float(EPOCH.search(text).group(1).replace(",", "")) for text in (first, last)]
    used = [(b - a) / max(1, n1[1] - n0[1]) for a, b in zip(cpu0, cpu1)]  # CPU s an update of the counter
    return epochs[1] - epochs[0], n1[1] - n0[1], n1[0] - n0[0], elapsed, used


def _choose(page, key: str, option: str) -> None:
    """Pick ``option`` in a select box. Right after a number field's Enter, a first click on a select
    box (Streamlit 1.67) leaves its list closed: the field loses the focus first."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.locator(f".st-key-{key}").click()
    page.get_by_role("option", name=option).click()
    page.wait_for_function(
        "([key, option]) => document.querySelector(`.st-key-${key} input`)?.value === option",
        arg=[key, option],
    )


def _counter(page) -> str:
    return page.locator(
        '[data-testid="stMarkdownContainer"] p', has_text=re.compile("^Epoch [0-9]")
    ).first.inner_text()


def _steps(page, key: str, repeats: int, step: int, to) -> tuple[dict, int]:
    """Click ``key`` ``repeats`` times from ``step``: each click's time (ms) until the counter and
    the boundary had redrawn (the top of the section), and until everything had."""
    top, whole, cpu0 = [], [], cpu_now()
    for _ in range(repeats):
        step = to(step)
        page.evaluate(STEP_WATCH, f"{step:,}")
        page.locator(f".st-key-{key} button").click()
        at = page.evaluate("window.__step")
        top.append(max(at.get("counter", inf), at.get("boundary", inf)))
        whole.append(at.get("whole", inf))
        page.wait_for_timeout(300)  # let the page settle between clicks
    used = [(b - a) / repeats for a, b in zip(cpu0, cpu_now())]  # a click's, with the page settling
    return {"top": top, "whole": whole, "cpu": used}, step


def browser_side(url: str, repeats: int, play_seconds: float = 8.0) -> None:
    from playwright.sync_api import sync_playwright

    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        # the floor: Welcome, a sidebar edit until its formula shows the new E_total
        page.goto(url)
        page.locator(".katex").first.wait_for()
        welcome = []
        for k in range(repeats):
            box = page.get_by_label("w1", exact=True)
            box.fill(f"{0.15 + 0.01 * (k + 1):.2f}")
            page.evaluate(EDIT_WATCH, page.locator(".katex").first.inner_text())
            box.press("Enter")
            welcome.append(page.evaluate("window.__edit"))
            page.wait_for_timeout(300)
        # the Playground: Step one batch, then Step one epoch, each until everything has redrawn
        page.goto(
            f"{url}/playground?pg_data=moons&pg_n=400&pg_split=0&pg_layers=8,8&pg_act=tanh,tanh&pg_lr=0.1"
        )
        page.locator(".katex").first.wait_for(timeout=60_000)
        page.wait_for_timeout(2000)
        per_epoch = 40  # 400 points in batches of 10
        batch, step = _steps(page, "pg_step_batch", repeats, 0, lambda s: s + 1)
        epoch, _ = _steps(page, "pg_step_epoch", repeats, step, lambda s: (s // per_epoch + 1) * per_epoch)
        # Play, at one epoch an update (the pace before issue 26: the baseline) and at full speed,
        # in turns, twice: the epochs trained, the counter's updates and the boundary's redraws
        page.locator(".st-key-pg_epochs input").fill("1000")
        page.locator(".st-key-pg_epochs input").press("Enter")
        page.wait_for_timeout(1500)
        page.evaluate(WATCH)  # once: each call starts a loop of frames of its own
        plays = {speed: [] for speed in SPEEDS}
        for _ in range(2):
            for speed in SPEEDS:
                plays[speed].append(_play(page, speed, play_seconds))
        browser.close()
    med = statistics.median
    print(f"Browser (Chromium, 1600×1000), {repeats} clicks each, median, from the click (or Enter):")
    print(
        f"  Welcome (floor): a sidebar edit redrawn in {med(welcome):.0f} ms "
        f"(back to back: {1e3 / med(welcome):.1f} redraws a second)"
    )
    for name, times in (("Step one batch", batch), ("Step one epoch", epoch)):
        whole = med(times["whole"])
        print(
            f"  Playground: {name}: the counter and boundary redrawn in {med(times['top']):.0f} ms, "
            f"every chart and the maths panel in {whole:.0f} ms "
            f"(target ≤ 300 ms: {'PASS' if whole <= 300 else 'MISS'}); CPU a click: the browser "
            f"{times['cpu'][0] * 1e3:.0f} ms, the server {times['cpu'][1] * 1e3:.0f} ms"
        )
    for speed, label in SPEEDS.items():
        for epochs, updates, charts, seconds, (browser, server) in plays[speed]:
            print(
                f"  Playground: Play at {label}: {epochs / seconds:.1f} epochs a second, "
                f"{updates / seconds:.1f} updates of the counter and {charts / seconds:.1f} of the "
                f"boundary chart a second, over {seconds:.1f} s; CPU an update: the browser "
                f"{browser * 1e3:.0f} ms, the server {server * 1e3:.0f} ms"
            )
    before, after = ([sum(x[i] / x[3] for x in plays[s]) / 2 for i in range(3)] for s in SPEEDS)
    print(
        f"  Play at full speed against one epoch an update, the same run: {after[0] / before[0]:.1f}x the "
        f"epochs a second ({after[0]:.1f}: target >= 30: {'PASS' if after[0] >= 30 else 'MISS'}), "
        f"{after[1] / before[1]:.2f}x the updates ({after[1]:.1f} a second: target >= 5: "
        f"{'PASS' if after[1] >= 5 else 'MISS'}), {after[2] / before[2]:.2f}x the boundary's redraws"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.playground", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument(
        "--browser",
        nargs="?",
        const="",
        metavar="URL",
        help="also time Chromium (against URL, or a server started here)",
    )
    args = parser.parse_args(argv)
    server_side(3 if args.quick else 10)
    if args.browser is None:
        return
    repeats = 5 if args.quick else 11
    if args.browser:
        browser_side(args.browser.rstrip("/"), repeats)
    else:
        with serve() as url:
            browser_side(url, repeats)


if __name__ == "__main__":
    main()
