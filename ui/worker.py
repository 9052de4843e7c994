"""The long-run worker: a plain Python process, at a lower priority, that runs one call at a time.

``ui.heavy`` starts it with ``python -m ui.worker NICENESS``. It reads pickled
``(function, args, kwargs)`` from stdin and writes back ``("ok", result)`` or
``("error", exception)``, until stdin closes (its server has gone). It imports no
Streamlit, only what the calls need (NumPy and backprop_core): about 40 MiB, where a
multiprocessing worker re-imports the server's main module, Streamlit and all.
Only the server writes to its stdin: the pickles are its own.
"""

import os
import pickle
import sys


def main() -> None:
    os.nice(int(sys.argv[1]))
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt a reply
    requests = sys.stdin.buffer
    while True:
        try:
            function, args, kwargs = pickle.load(requests)
        except EOFError:
            return
        try:
            reply = ("ok", function(*args, **kwargs))
        except Exception as error:  # raised again in the server, as if the call had been made there
            reply = ("error", error)
        pickle.dump(reply, replies)
        replies.flush()


if __name__ == "__main__":
    main()
