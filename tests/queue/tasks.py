"""Tasks the real-worker tests enqueue; a worker process imports them as tests.queue.tasks."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.db import transaction
from django_tasks import task

from parting.core.models import Contact


@task()
def add_contacts(
    owner_id: int, names: list[str], pause: float = 0.0, pidfile: str = "", work: float = 0.0
) -> int:
    """All the contacts or none: a process killed during a pause writes nothing. `pidfile`
    receives the pid of the process running the task (RQ runs it in a forked child). `work`
    is time spent before writing, holding no lock (SQLite has one writer at a time)."""
    if pidfile:
        Path(pidfile).write_text(str(os.getpid()))
    time.sleep(work)
    with transaction.atomic():
        for name in names:
            Contact.objects.create(owner_id=owner_id, name=name)
            time.sleep(pause)
    return len(names)


@task()
def fail(message: str) -> None:
    raise ValueError(message)


@task()
def noop() -> None:
    """Nothing at all: what the queue itself costs."""
