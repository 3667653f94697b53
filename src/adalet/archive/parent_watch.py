"""A worker started beside `adalet serve` stops when the server does, however the server is stopped.

`adalet serve` starts its worker and then becomes the web server (exec), so the worker's parent is the server. A
signal to the server alone (SIGTERM from a service manager, `kill PID`) used to leave the worker running, an orphan
that kept taking work with nothing in front of it. Started with ADALET_WORKER_PARENT set to the server's process id,
the worker watches its parent: once that process is gone (the worker has been given another parent), the worker
signals itself SIGTERM, which every worker backend takes as "finish the task at hand, then stop".
"""

from __future__ import annotations

import os
import signal
import threading

ENV = "ADALET_WORKER_PARENT"
#: How often the parent is looked at (seconds): the worker stops at most this long after the server.
EVERY = 0.5


def watch(parent: int, every: float = EVERY) -> threading.Thread:
    """Signal this process SIGTERM once *parent* is no longer its parent (a daemon thread; returned started)."""

    def run() -> None:
        stop = threading.Event()
        while not stop.wait(every):
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                return

    thread = threading.Thread(target=run, name="adalet-parent-watch", daemon=True)
    thread.start()
    return thread


def watch_from_environment() -> threading.Thread | None:
    """Watch the parent ADALET_WORKER_PARENT names, if it is set (and is still the parent); else nothing."""
    value = os.environ.get(ENV, "")
    if not value.isdigit():
        return None
    parent = int(value)
    if os.getppid() != parent:  # the server is gone already
        os.kill(os.getpid(), signal.SIGTERM)
        return None
    return watch(parent)
