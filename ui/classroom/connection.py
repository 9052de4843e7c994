"""The class database through Streamlit's own SQL connection, migrated once per process.

Where it is: env BACKPROP_CLASS_DB (a SQLAlchemy URL), else ``[connections.classroom] url`` in
.streamlit/secrets.toml, else an SQLite file ``classroom.sqlite`` in ``data/`` under the repo
(env BACKPROP_DATA_DIR moves that folder; it is git-ignored). The secrets are read when a process first
opens the database: a changed secrets.toml takes effect when the app restarts.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine

from ui.classroom import store

ROOT = Path(__file__).resolve().parents[2]
PURGE_EVERY = 60.0  # seconds: expired classes are deleted at most this often per process

_lock = threading.Lock()
_migrated: set[int] = set()  # id() of engines this process has migrated
# Engines by where the database is: every follower's tick asks for one, and st.connection's
# arguments read .streamlit/secrets.toml from disk (a sixth of an idle tick's CPU, measured).
_engines: dict[tuple[str, str], Engine] = {}
_last_purge = [float("-inf")]


def sqlite_path() -> Path:
    return Path(os.environ.get("BACKPROP_DATA_DIR") or ROOT / "data") / "classroom.sqlite"


def _url_from_secrets() -> bool:
    if not st.secrets.load_if_toml_exists():
        return False
    section = st.secrets.get("connections", {}).get("classroom", {})
    return "url" in section or "dialect" in section


def _kwargs() -> dict:
    """st.connection's arguments: the URL unless secrets give it, and the engine's options."""
    url = os.environ.get("BACKPROP_CLASS_DB", "").strip()
    if url:
        return {"url": url, "pool_pre_ping": not url.startswith("sqlite")}
    if _url_from_secrets():
        return {"pool_pre_ping": True}  # a database on another machine: drop dead connections
    path = sqlite_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise store.ClassError(
            f"Cannot create the class database's folder {path.parent}: {error.strerror}."
        ) from None
    return {"url": f"sqlite:///{path}"}


def engine() -> Engine:
    """The migrated engine; also deletes expired classes, at most once a minute per process."""
    where = (os.environ.get("BACKPROP_CLASS_DB", ""), os.environ.get("BACKPROP_DATA_DIR", ""))
    eng = _engines.get(where)
    if eng is None:
        eng = _engines[where] = st.connection("classroom", type="sql", **_kwargs()).engine
    with _lock:
        if id(eng) not in _migrated:
            store.migrate(eng)
            _migrated.add(id(eng))
        due = time.monotonic() - _last_purge[0] >= PURGE_EVERY
        if due:
            _last_purge[0] = time.monotonic()
    if due:
        store.purge(eng)
    return eng
