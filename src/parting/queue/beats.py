"""Workers note that they are alive; the tasks of a worker no longer seen are failed.

A worker killed mid-task (SIGKILL, a lost machine) cannot say so. Its task stays "running"
until another worker (or its own next start) sees that the worker's beat is older than
PARTING_WORKER_STALE_SECONDS and marks the task failed: "the worker running it stopped". The
task ran in its own transaction, so nothing of it was written; running it again is the
seeker's or the operator's choice, never the queue's (an email may have gone out).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from parting.core.models import WorkerBeat


class WorkerStopped(Exception):
    """What a task whose worker stopped while running it is failed with."""


def new_worker_id() -> str:
    """host-pid-random, at most 64 characters (as django-tasks-db keeps worker ids)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(4)}"


def every() -> float:
    """Seconds between beats: six to a stale period."""
    return max(0.5, settings.PARTING_WORKER_STALE_SECONDS / 6)


def register(worker_id: str) -> None:
    now = timezone.now()
    WorkerBeat.objects.create(
        worker_id=worker_id,
        host=socket.gethostname()[:255],
        pid=os.getpid(),
        started_at=now,
        seen_at=now,
    )


def beat(worker_id: str) -> None:
    """Still here; back in the table if another worker took us for gone."""
    if not WorkerBeat.objects.filter(worker_id=worker_id).update(seen_at=timezone.now()):
        register(worker_id)


def forget(worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def reap(now: dt.datetime | None = None, *, sweep: bool = False) -> int:
    """Fail the running tasks of workers not seen for a stale period; returns how many.

    Only the small beat table is read, unless a worker went stale or `sweep` (at a worker's
    start) also looks for running tasks whose worker left no beat at all."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.PARTING_WORKER_STALE_SECONDS)
    stale = list(WorkerBeat.objects.filter(seen_at__lt=cutoff))
    if not stale and not sweep:
        return 0
    alive = set(WorkerBeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    last_seen = {b.worker_id: b.seen_at for b in stale}
    failed = 0
    for pk, worker_ids in DBTaskResult.objects.running().values_list("pk", "worker_ids"):
        holder = worker_ids[-1] if worker_ids else ""
        if holder not in alive:
            failed += _fail(pk, holder, last_seen.get(holder))
    WorkerBeat.objects.filter(pk__in=[b.pk for b in stale], seen_at__lt=cutoff).delete()
    return failed


def _fail(pk: Any, holder: str, seen: dt.datetime | None) -> int:
    """Mark one task failed, unless it finished or moved on meanwhile."""
    when = f", last seen {seen:%Y-%m-%d %H:%M:%S} UTC" if seen else ""
    with exclusive_transaction():
        row = DBTaskResult.objects.select_for_update().filter(pk=pk, status="RUNNING").first()
        if row is None or (row.worker_ids[-1] if row.worker_ids else "") != holder:
            return 0
        row.set_failed(WorkerStopped(f"the worker running it stopped ({holder or '?'}{when})"))
    return 1
