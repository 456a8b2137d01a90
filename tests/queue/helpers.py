"""Several workers ticking the scheduler at the same moment, as threads of this test."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from parting.queue import scheduler


def tick_at_once(workers: int, at: dt.datetime) -> list[int]:
    """Each thread's tick(at), released together; what each one started."""
    if connection.vendor == "sqlite" and connection.settings_dict["TEST"]["NAME"] is None:
        pytest.skip("an in-memory SQLite database is one connection; PostgreSQL runs this")
    gate = threading.Barrier(workers)
    started: list[int] = []

    def worker() -> None:
        gate.wait()
        try:
            started.append(scheduler.tick(at))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return started
