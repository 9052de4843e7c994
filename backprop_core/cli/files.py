"""The files a verb reads and writes: regular files only, and never more read than a limit.

A device (``/dev/zero``), a named pipe or a directory is refused with a ``ValueError`` (bad
input, exit status 2) before anything is read from it; what the system refuses (a missing
file, no permission, a full disk) stays an ``OSError`` (exit status 1).
"""

import os
import stat

from backprop_core.cli.args import shorten


def read_capped(path: str, cap: int, what: str) -> bytes:
    """The bytes of the regular file ``path``, refused when longer than ``cap`` bytes."""
    # O_NONBLOCK: opening a named pipe with no writer returns at once instead of waiting.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        _regular(os.fstat(fd).st_mode, path)
        with open(fd, "rb", closefd=False) as file:
            data = file.read(cap + 1)  # what is read is capped, whatever the size says
    finally:
        os.close(fd)
    if len(data) > cap:
        raise ValueError(f"{shorten(path)}: {what} larger than {cap:,} bytes")
    return data


def check_target(path: str) -> None:
    """``path`` may be written: a new file or a regular one (never a pipe, which would block)."""
    try:
        _regular(os.stat(path).st_mode, path)
    except FileNotFoundError:
        pass  # a new file (or a missing folder, which open reports)


def write_text(path: str, text: str) -> None:
    check_target(path)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


def write_bytes(path: str, data: bytes) -> None:
    check_target(path)
    with open(path, "wb") as file:
        file.write(data)


def _regular(mode: int, path: str) -> None:
    if not stat.S_ISREG(mode):
        raise ValueError(f"{shorten(path)}: not a regular file ({_kind(mode)})")


def _kind(mode: int) -> str:
    kinds = {stat.S_ISDIR: "a directory", stat.S_ISFIFO: "a named pipe", stat.S_ISSOCK: "a socket"}
    return next((name for test, name in kinds.items() if test(mode)), "a device")
