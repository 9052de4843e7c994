"""A school across several machines, on this one: app "hosts" that are ``deploy/school.sh app``
bound to their own loopback addresses (127.0.0.2, 127.0.0.3, ...), ``deploy/school.sh front``
(HAProxy) on 127.0.0.1, all on one PostgreSQL. Traffic goes to those addresses only.

Each host and the front run in a process group of their own, recorded by PID: a host is killed
as a machine dies (SIGKILL to its whole group, so nothing restarts it) and the rest stopped the
same way at the end. Used by tests/e2e/test_school.py and ``python -m benchmarks.classmode``.
"""

import asyncio
import contextlib
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.classmode import Board, ClassResults, Student, Teacher
from benchmarks.load import descendants, healthy, seconds_until, stop_server

ROOT = Path(__file__).resolve().parents[1]
ADDRESSES = ("127.0.0.2", "127.0.0.3", "127.0.0.4")
FRONT = "127.0.0.1"
COOKIE = "BACKPROP_LAB"  # deploy/haproxy-school.cfg's: the process a browser stays on


@dataclass
class School:
    url: str  # the front, where students go
    hosts: dict[str, subprocess.Popen]  # HAProxy's name for a host's process (its cookie) -> its school.sh
    addresses: dict[str, str]  # the same names -> http://address:port
    front: subprocess.Popen
    logs: Path  # one log per process: front.log, app1.log, ...
    killed: dict = field(default_factory=dict)  # name -> when (time.monotonic())

    def alive(self) -> list[str]:
        return [name for name in self.hosts if name not in self.killed]


def free_port_on(addresses: tuple[str, ...]) -> int:
    """A port free on every one of ``addresses`` (the hosts listen on the same port, as machines would)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind((addresses[0], 0))
            port = s.getsockname()[1]
        if all(_free(address, port) for address in addresses[1:]):
            return port
    raise RuntimeError(f"no port free on all of {addresses}")


def _free(address: str, port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "w") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_school(
    db_url: str, logs: Path, addresses: tuple[str, ...] = ADDRESSES, env: dict | None = None
) -> School:
    """One app process on each of ``addresses`` and the front before them; returns once the front
    and every host answer their health checks (within 60 s, else every process is stopped)."""
    port, front_port = free_port_on(addresses), free_port_on((FRONT,))
    base = {**os.environ, **(env or {}), "PYTHON": sys.executable, "BACKPROP_CLASS_DB": db_url}
    base["HOSTS"], base["APP_PORTS"] = FRONT, str(port)
    hosts, urls = {}, {}
    for n, address in enumerate(addresses, 1):
        name = f"app{n}"  # school.sh front names APPS in order: app1, app2, ...
        hosts[name] = _start(
            ["bash", "deploy/school.sh", "app"], {**base, "ADDRESS": address}, logs / f"{name}.log"
        )
        urls[name] = f"http://{address}:{port}"
    apps = " ".join(f"{address}:{port}" for address in addresses)
    front_env = {**os.environ, "APPS": apps, "FRONT": f"{FRONT}:{front_port}"}
    front = _start(["bash", "deploy/school.sh", "front"], front_env, logs / "front.log")
    school = School(f"http://{FRONT}:{front_port}", hosts, urls, front, logs)
    start = time.monotonic()
    ready = [lambda u=url: healthy(u) for url in [school.url, *urls.values()]]
    ready += [lambda n=name: served_by(school, n) for name in hosts]  # HAProxy has seen each host up
    if any(seconds_until(check, 60, start) is None for check in ready):
        stop_school(school)
        raise RuntimeError(f"the school did not become healthy within 60 s; logs in {logs}")
    return school


def served_by(school: School, name: str) -> bool:
    """Whether the front sends a browser holding ``name``'s cookie to ``name``: it answers without
    setting another cookie (HAProxy inserts one only when it chose another process)."""
    request = urllib.request.Request(f"{school.url}/_stcore/health", headers={"Cookie": f"{COOKIE}={name}"})
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
        with opener.open(request, timeout=2) as answer:
            cookies = answer.headers.get_all("Set-Cookie") or []
            return answer.status == 200 and not any(c.startswith(f"{COOKIE}=") for c in cookies)
    except OSError:
        return False


def app_pids(school: School) -> list[int]:
    """The Streamlit processes of the hosts still alive (their school.sh's descendants)."""
    found = [pid for name in school.alive() for pid in descendants(school.hosts[name].pid)]
    return [pid for pid in found if b"streamlit" in _cmdline(pid)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def kill_host(school: School, name: str) -> float:
    """The machine ``name`` dies: SIGKILL to its school.sh and everything it started (its own
    process group, started by us). Returns when (time.monotonic())."""
    host = school.hosts[name]
    os.killpg(host.pid, signal.SIGKILL)
    school.killed[name] = time.monotonic()
    host.wait()
    return school.killed[name]


def stop_school(school: School) -> None:
    """Stop the front and every host still alive (each its own process group, by PID): all asked
    at once (SIGTERM), then each waited for (SIGKILL after 10 s)."""
    processes = [school.front, *school.hosts.values()]
    for process in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        stop_server(process)


def logged(school: School, secret: str) -> list[str]:
    """The logs (of the front and every host) that hold ``secret``: none may."""
    return [
        log.name for log in sorted(school.logs.glob("*.log")) if secret in log.read_text(errors="replace")
    ]


# ---------- a class across the hosts, one of them killed mid-class ----------


async def class_through_a_kill(school: School, engine, students: int = 30, limit: float = 20.0) -> dict:
    """A teacher and ``students`` (spread over the hosts by the front) through three of the teacher's
    places, each answered by everyone; right after the teacher's second move (answers in flight) the
    host with the most students, other than the teacher's, dies. The teacher moves on once every
    student has answered (and every student of the dead host is back), or after ``limit`` s.
    Returns the clients' results, the host killed, when, its students, the teacher's counter at each
    place."""
    results, board = ClassResults(), Board()
    teacher = Teacher(-1, school.url, results, board, timeout=60)
    await teacher.start(engine)
    tabs = [Student(i, school.url, results, board, right=i % 2 == 0, timeout=60) for i in range(students)]
    await asyncio.gather(*(tab.join() for tab in tabs))
    following = [asyncio.create_task(tab.follow(math.inf)) for tab in tabs]
    counts = [await everyone_answered(teacher, tabs, limit)]
    await teacher.next(engine)
    await asyncio.sleep(0.3)  # the first students have seen it and are answering
    served = Counter(tab.cookie for tab in tabs)
    victim = max((name for name in school.alive() if name != teacher.cookie), key=lambda name: served[name])
    moved = [tab for tab in tabs if tab.cookie == victim]
    killed_at = await asyncio.to_thread(kill_host, school, victim)
    counts.append(await everyone_answered(teacher, tabs, limit, back=moved))
    await teacher.next(engine)
    counts.append(await everyone_answered(teacher, tabs, limit))
    for task in following:
        task.cancel()
    await asyncio.gather(*following, return_exceptions=True)
    for tab in [teacher, *tabs]:
        await tab.ws.close()
    return dict(
        results=results,
        board=board,
        tabs=tabs,
        counts=counts,
        victim=victim,
        moved=moved,
        killed_at=killed_at,
    )


async def everyone_answered(teacher: Teacher, tabs: list[Student], limit: float, back=()) -> tuple | None:
    """Wait until every tab has answered the teacher's question and each of ``back`` is back in the
    class (at most ``limit`` s); then the teacher's counter, read again."""
    key, start = teacher.board.key, time.monotonic()
    while time.monotonic() - start < limit:
        done = all((key.lesson, key.step) in tab.answered for tab in tabs)
        if done and all(tab.cut is None and tab.back_at for tab in back):
            break
        await asyncio.sleep(0.1)
    return await teacher.counts()
