"""A throw-away PostgreSQL cluster for tests: Debian's server binaries, a temp dir, a free port.

Root cannot run the server, so initdb and pg_ctl run as the ``postgres`` user (runuser) when
the tests run as root. The cluster trusts local connections and listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN_ROOT = Path("/usr/lib/postgresql")


def server_bin() -> Path | None:
    """The newest installed server's bin/ (Debian's layout), or None."""
    found = sorted(
        BIN_ROOT.glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0
    )
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yield its SQLAlchemy URL (psycopg 3); stop it and remove its files."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise RuntimeError(f"PostgreSQL is not installed (no {BIN_ROOT}/*/bin/pg_ctl)")
    home = Path(tempfile.mkdtemp(prefix="backprop-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    data, port = home / "data", free_port()
    run = dict(check=True, capture_output=True, timeout=180)  # a loaded 2-core machine is slow
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-N"]
    options = f"-k {home} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w", "-t", "120"]
    try:
        subprocess.run(_as_owner(initdb), **run)
        subprocess.run(_as_owner([*pg_ctl, "start", "-o", options]), **run)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        _stop(pg_ctl, data)
        shutil.rmtree(home, ignore_errors=True)


def _stop(pg_ctl: list[str], data: Path) -> None:
    """pg_ctl stop; should it fail, the server this cluster started is killed by its own PID."""
    try:
        pid = int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pid = None  # never started
    subprocess.run(_as_owner([*pg_ctl, "-m", "immediate", "stop"]), capture_output=True, timeout=180)
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)  # still there only if pg_ctl could not stop it
        except ProcessLookupError:
            pass
