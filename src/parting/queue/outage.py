"""Losing the database (or Redis) for a while: one line when it goes, one when it is back,
and waits that double between attempts, however many threads notice."""

from __future__ import annotations

import logging
import threading
import time

from parting.queue.backend import first_line

FIRST_WAIT, LONGEST_WAIT = 1.0, 30.0


class Outage:
    def __init__(self, log: logging.Logger, what: str = "the database") -> None:
        self.log = log
        self.what = what
        self.lock = threading.Lock()
        self.since: float | None = None
        self.wait = FIRST_WAIT
        self.up_since = time.monotonic()

    def failed(self, exc: BaseException) -> float:
        """Note a failed attempt; returns how long to wait before the next one."""
        with self.lock:
            if self.since is None:
                self.since = time.monotonic()
                self.wait = FIRST_WAIT
                self.log.warning(
                    "%s is unreachable (%s); trying again, waiting longer each time",
                    self.what.capitalize(),
                    first_line(exc),
                )
            else:
                self.wait = min(self.wait * 2, LONGEST_WAIT)
            return self.wait

    def ok(self) -> None:
        """Note a successful attempt; says so once after an outage."""
        if self.since is None:
            return
        with self.lock:
            if self.since is not None:
                gone = time.monotonic() - self.since
                self.since = None
                self.up_since = time.monotonic()
                self.log.warning("%s is back after %.0f s", self.what.capitalize(), gone)

    @property
    def steady_for(self) -> float:
        """Seconds since the last outage ended (or since start)."""
        return 0.0 if self.since is not None else time.monotonic() - self.up_since
