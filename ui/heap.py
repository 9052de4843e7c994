"""Python's cyclic garbage collector in a server process: the long-lived heap is set aside.

A full (oldest-generation) collection walks every object the process holds: SymPy, Plotly, pandas,
Streamlit and the caches, over a million objects, about 130 ms a collection with every thread
stopped. Under a class (benchmarks/lecture.py, 120 students on two processes) each process made nine
of them in 40 s, and a student whose rerun met one waited for it. ``gc.freeze`` moves every object
alive now into a generation the collector never walks; collections then walk only what runs created
since.

It is called after each run, and acts only when the process has imported modules since it last did
(a page visited for the first time): then a full collection first, so no garbage is frozen, and the
freeze. A process does this a handful of times in its life. What a session holds at that moment is
frozen too and is freed by reference counting as usual; only a reference cycle among those objects
would outlive its session.
"""

import gc
import sys
import threading

_lock = threading.Lock()
_modules = 0  # len(sys.modules) at the last freeze


def settle() -> None:
    """After a run: freeze the heap if modules were imported since the last freeze."""
    global _modules
    if len(sys.modules) == _modules or not _lock.acquire(blocking=False):
        return  # nothing new, or another session's run is freezing it now
    try:
        _modules = len(sys.modules)
        gc.collect()
        gc.freeze()
    finally:
        _lock.release()
