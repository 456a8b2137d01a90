"""The worker `parting serve` runs beside the web server, so one command runs everything.

It is a child process (`parting worker --parent PID`), not a thread: a long import or
restore then never slows pages down, and the worker stops with the server, whichever way the
server stops (a child that finds its parent gone stops too). A child that exits is started
again, waiting longer each time it exits soon after starting.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType

log = logging.getLogger("parting.worker")

GRACE = 30.0  # seconds running tasks get to finish when the server stops
STEADY = 60.0  # a child that ran this long had no trouble starting: the backoff starts over


class Children:
    """`count` worker processes, restarted when they exit, stopped together."""

    def __init__(self, count: int = 1) -> None:
        self.count = count
        self.procs: list[subprocess.Popen[bytes]] = []
        self.started: list[float] = []
        self.stopping = threading.Event()
        self.watcher = threading.Thread(target=self.watch, name="parting-children", daemon=True)

    def command(self) -> list[str]:
        return [sys.executable, "-m", "parting", "worker", "--parent", str(os.getpid())]

    def spawn(self) -> subprocess.Popen[bytes]:
        # Its own session: Ctrl+C reaches the parent, which stops the children in order.
        return subprocess.Popen(self.command(), start_new_session=True)

    def start(self) -> None:
        self.procs = [self.spawn() for _ in range(self.count)]
        self.started = [time.monotonic()] * self.count
        self.watcher.start()

    def watch(self) -> None:
        wait = 1.0
        while not self.stopping.wait(1.0):
            for i, proc in enumerate(self.procs):
                if proc.poll() is None:
                    continue
                if time.monotonic() - self.started[i] > STEADY:
                    wait = 1.0
                log.warning(
                    "The task worker exited (status %s); starting it again in %.0f s",
                    proc.returncode,
                    wait,
                )
                if self.stopping.wait(wait):
                    return
                self.procs[i], self.started[i] = self.spawn(), time.monotonic()
                wait = min(wait * 2, 60.0)

    def stop(self, grace: float = GRACE) -> None:
        """SIGTERM to each (running tasks finish), then SIGKILL after `grace` seconds."""
        self.stopping.set()
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _stop_serving(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # the server returns as on Ctrl+C, and the worker is stopped


@contextlib.contextmanager
def worker(enabled: bool = True) -> Iterator[Children | None]:
    """Run a worker child while the block runs (the web server); SIGTERM ends the block."""
    if not enabled:
        yield None
        return
    children = Children()
    children.start()
    previous = signal.signal(signal.SIGTERM, _stop_serving)
    try:
        yield children
    finally:
        signal.signal(signal.SIGTERM, previous)
        children.stop()
