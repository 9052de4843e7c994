"""The long-run worker: a plain Python process, at a lower priority, that runs one call at a time.

``ui.heavy`` starts it with ``python -m ui.worker NICENESS BEAT``. It reads pickled
``(function, args, kwargs)`` from stdin and writes back ``("ok", result)`` or
``("error", exception)``, until stdin closes (its server has gone). It imports no
Streamlit, only what the calls need (NumPy and backprop_core): about 40 MiB, where a
multiprocessing worker re-imports the server's main module, Streamlit and all.
Only the server writes to its stdin: the pickles are its own.

Each reply travels as a frame: its length (``HEADER``), then the pickle. While a call runs, an
empty frame (length 0) goes out every BEAT seconds: a heartbeat, so the server tells a worker
that is only slow (it runs at a low priority) from one that has stopped answering (stopped,
deadlocked) and replaces the latter (``ui.heavy.HUNG``).
"""

import os
import pickle
import struct
import sys
import threading
import time

HEADER = struct.Struct(">Q")  # a frame's length in bytes; 0: a heartbeat


def main() -> None:
    os.nice(int(sys.argv[1]))
    beat = float(sys.argv[2])
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt a reply
    requests = sys.stdin.buffer
    lock, busy = threading.Lock(), threading.Event()
    threading.Thread(target=heartbeat, args=(replies, lock, busy, beat), daemon=True).start()
    while requests.peek(1):  # a request has begun (empty: stdin closed, the server has gone)
        busy.set()  # beating already while the request's modules import
        try:
            function, args, kwargs = pickle.load(requests)
            reply = ("ok", function(*args, **kwargs))
        except Exception as error:  # raised again in the server, as if the call had been made there
            reply = ("error", error)
        busy.clear()
        send(replies, lock, reply)


def send(out, lock: threading.Lock, reply: tuple) -> None:
    try:
        data = pickle.dumps(reply)
    except Exception as error:  # an exception (or result) that cannot travel: say what it was
        data = pickle.dumps(("error", RuntimeError(f"the worker's reply could not be sent: {error!r}")))
    with lock:
        out.write(HEADER.pack(len(data)) + data)
        out.flush()


def heartbeat(out, lock: threading.Lock, busy: threading.Event, every: float) -> None:
    """An empty frame every ``every`` seconds while a call runs (NumPy and the compiled trainer's
    Python both let this thread in: the GIL changes hands every few milliseconds)."""
    while True:
        time.sleep(every)
        if busy.is_set():
            with lock:
                out.write(HEADER.pack(0))
                out.flush()


if __name__ == "__main__":
    main()
