"""A lecture hall on one machine (issue 26): how many students each number of processes serves at p95 <= 1 s.

Each student (``benchmarks.load.Session``, Streamlit's own websocket) opens the Forward lesson at its
last step (E_total) and edits w5 to a value of its own ``--edits`` times, about ``--think`` s apart,
checking each time that the page shows the E_total that ``backprop_core`` gives for its own w5. All of
them arrive within ``--ramp`` s and make their first edit at once: the burst of a class when the teacher
says "go". Served as a class is, through ``deploy/classroom.sh`` (HAProxy in front), with 1, 2 or 3 app
processes.

The figure is the p95 of every rerun (the page's first run and every edit) against the target of 1 s,
and the largest class size tried that meets it, for each number of processes. Two baselines in the same
run: one student alone on the same server (what a rerun costs with nobody else there), and the server's
CPU per rerun.

    python -m benchmarks.lecture                                   # 1, 2, 3 processes; 30 ... 150 students
    python -m benchmarks.lecture --processes 2 --students 120      # one size
"""

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from benchmarks.load import (
    Results,
    Session,
    cpu_seconds,
    free_port,
    start_classroom,
    stop_server,
    summary,
    w5_of,
)

LESSON, AT = "forward_pass", "fwd_step=E_total"  # at its last step: the page shows E_total
TARGET = 1.0  # s: the p95
OPEN, EDIT = "open the Forward lesson", "edit w5"


class Student(Session):
    """Opens the lesson, edits w5 ``edits`` times (the first at once), then stays connected, reading."""

    def __init__(self, index, base, results, edits: int, think: float, **kw):
        super().__init__(index, base, results, think=think, **kw)
        self.edits = edits

    async def lecture(self, deadline: float) -> None:
        self.deadline = deadline
        try:
            async with connect(self.ws_url, subprotocols=["streamlit"], max_size=None) as ws:
                self.ws, self.page, self.query = ws, LESSON, AT
                await self.rerun(OPEN)
                for round_ in range(self.edits):
                    if round_:
                        await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))
                    await self.edit_w5(w5_of(self.i, round_))
        except TimeoutError:
            self.results.error("timeout", f"student {self.i}: no script_finished within {self.timeout} s")
        except (OSError, WebSocketException) as e:
            self.results.error("connection", f"student {self.i}: {type(e).__name__}: {e}")

    async def pause(self) -> None:  # edits are paced by ``lecture``
        return


async def hall(base: str, students: int, edits: int, think: float, ramp: float, timeout: float) -> Results:
    results = Results()
    deadline = time.monotonic() + ramp + edits * think * 1.5 + timeout

    async def arrive(i: int) -> None:
        await asyncio.sleep(ramp * i / max(1, students))
        await Student(i, base, results, edits, think, timeout=timeout).lecture(deadline)

    await asyncio.gather(*(arrive(i) for i in range(students)))
    return results


def measure(processes: int, students: int, args) -> dict:
    """One class size on a fresh ``classroom.sh`` with ``processes`` app processes."""
    log = tempfile.NamedTemporaryFile("w+", prefix="lecture-", suffix=".log", delete=False)
    ports = [free_port() for _ in range(processes)]
    server, base, pids = start_classroom(log, ports)
    try:
        # A class's teacher has opened the page on the machine: every process has run it once (a
        # process's first run imports and builds for seconds), straight to its port
        for port in ports:
            asyncio.run(hall(f"http://127.0.0.1:{port}", 1, 1, 0.0, 0.0, args.timeout))
        alone = asyncio.run(hall(base, 1, args.edits, 0.2, 0.0, args.timeout))
        before, start = [cpu_seconds(pid) for pid in pids], time.monotonic()
        results = asyncio.run(hall(base, students, args.edits, args.think, args.ramp, args.timeout))
        seconds = time.monotonic() - start
        each = [None if a is None or b is None else b - a for a, b in zip(before, map(cpu_seconds, pids))]
        cpu = None if None in each else sum(each)
    finally:
        stop_server(server)
    every = [v for values in results.latency.values() for v in values]
    one = [v for values in alone.latency.values() for v in values]
    reruns = len(every)
    return {
        "processes": processes,
        "students": students,
        "reruns": reruns,
        "p50_s": round(summary(every)["p50"], 3),
        "p95_s": round(summary(every)["p95"], 3),
        "max_s": round(summary(every)["max"], 3),
        "by_action": {
            k: {q: round(v, 3) for q, v in summary(vs).items()} for k, vs in results.latency.items()
        },
        "alone_p50_s": round(summary(one)["p50"], 3),
        "p95_over_alone": round(summary(every)["p95"] / summary(one)["p50"], 1),
        "server_cpu_ms_per_rerun": None if cpu is None or not reruns else round(1000 * cpu / reruns, 1),
        "server_cores_busy": None if cpu is None else round(cpu / seconds, 2),
        "server_cpu_s_by_process": each,
        "own_E_total_checks": results.checks,
        "errors": dict(results.errors),
        "error_examples": results.examples,
    }


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--processes", type=int, nargs="+", default=[1, 2, 3])
    p.add_argument("--students", type=int, nargs="+", default=[30, 60, 90, 120, 150])
    p.add_argument("--edits", type=int, default=5, help="edits of w5 per student, the first on arrival")
    p.add_argument("--think", type=float, default=5.0, help="mean seconds between a student's edits")
    p.add_argument("--ramp", type=float, default=5.0, help="seconds over which the students arrive")
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    if not all(1 <= n <= 4 for n in args.processes) or not all(1 <= n <= 200 for n in args.students):
        p.error("--processes 1..4, --students 1..200")
    if args.edits < 1 or args.think < 0 or args.ramp < 0:
        p.error("--edits >= 1, --think and --ramp >= 0")
    rows = []
    for processes in args.processes:
        for students in sorted(args.students):
            row = measure(processes, students, args)
            rows.append(row)
            print(
                f"{processes} process(es), {students:>3} students: p50 {row['p50_s']:.3f} s, "
                f"p95 {row['p95_s']:.3f} s ({row['p95_over_alone']}x one student alone), "
                f"{row['server_cpu_ms_per_rerun']} ms CPU a rerun, {row['server_cores_busy']} cores busy, "
                f"errors {row['errors'] or 'none'}",
                flush=True,
            )
    best = {
        n: max(
            (r["students"] for r in rows if r["processes"] == n and r["p95_s"] <= TARGET and not r["errors"]),
            default=0,
        )
        for n in args.processes
    }
    print("students at p95 <= 1 s:", ", ".join(f"{n} process(es): {best[n]}" for n in args.processes))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "students_at_p95": best}, indent=1))
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
