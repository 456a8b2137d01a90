"""What the queue holds: recent tasks for `parting tasks`, and its health for /healthz."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from parting.queue import backend
from parting.queue.backend import first_line

PERIODIC = "parting.queue.scheduler.run_periodic"


@dataclass
class TaskRow:
    id: str
    name: str
    status: str
    enqueued: dt.datetime | None
    finished: dt.datetime | None
    error: str

    def data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "task": self.name,
            "status": self.status.lower(),
            "enqueued_at": self.enqueued.isoformat() if self.enqueued else None,
            "finished_at": self.finished.isoformat() if self.finished else None,
            "error": self.error,
        }


def label(path: str, args: list[Any]) -> str:
    """A task's name; a periodic run names its job, account and day."""
    if path == PERIODIC and len(args) == 3:
        name, owner, day = args
        return f"{name} ({'account ' + str(owner) if owner else 'site'}, {day})"
    return path.rsplit(".", 1)[-1]


def error_line(traceback: str) -> str:
    """The exception's own line, the last of its traceback, without the module path."""
    lines = [line for line in (traceback or "").strip().splitlines() if line.strip()]
    if not lines:
        return ""
    kind, _, message = lines[-1].partition(": ")
    return f"{kind.rsplit('.', 1)[-1]}: {message}" if message else kind.rsplit(".", 1)[-1]


def recent(failed: bool = False, limit: int = 50) -> list[TaskRow]:
    """The newest tasks (only failed ones with `failed`), newest first."""
    kind = backend.kind()
    if kind == backend.DATABASE:
        return _database_rows(failed, limit)
    if kind == backend.REDIS:
        return _redis_rows(failed, limit)
    return []


def _database_rows(failed: bool, limit: int) -> list[TaskRow]:
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.failed() if failed else DBTaskResult.objects.all()
    return [
        TaskRow(
            id=str(r.pk),
            name=label(r.task_path, r.args_kwargs.get("args", [])),
            status=r.status,
            enqueued=r.enqueued_at,
            finished=r.finished_at,
            error=error_line(r.traceback) if r.status == "FAILED" else "",
        )
        for r in rows.order_by("-enqueued_at")[:limit]
    ]


def _redis_rows(failed: bool, limit: int) -> list[TaskRow]:
    from django_rq import get_queue
    from django_tasks_rq.backend import RQ_STATUS_TO_RESULT_STATUS, Job

    queue = get_queue("default", job_class=Job)
    registries = [queue.failed_job_registry]
    if not failed:
        registries += [
            queue.started_job_registry,
            queue.finished_job_registry,
            queue.scheduled_job_registry,
        ]
    ids = [] if failed else list(queue.get_job_ids())
    for registry in registries:
        ids += registry.get_job_ids()
    jobs = [j for j in Job.fetch_many(ids, connection=queue.connection) if j is not None]
    jobs.sort(key=lambda j: j.enqueued_at or j.created_at, reverse=True)
    rows = []
    for job in jobs[:limit]:
        status = RQ_STATUS_TO_RESULT_STATUS.get(job.get_status(refresh=False))
        latest = job.latest_result() if status == "FAILED" else None
        rows.append(
            TaskRow(
                id=job.id,
                name=label(job.func_name or "", list(job.args)),
                status=str(status),
                enqueued=job.enqueued_at,
                finished=job.ended_at,
                error=error_line(latest.exc_string or "") if latest else "",
            )
        )
    return rows


def oldest_wait(now: dt.datetime | None = None) -> float | None:
    """Seconds the oldest task ready to run has waited; None when none waits."""
    now = now or timezone.now()
    kind = backend.kind()
    since: dt.datetime | None = None
    if kind == backend.DATABASE:
        since = _database_ready_since()
    elif kind == backend.REDIS:
        since = _redis_ready_since()
    if since is None:
        return None
    if since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)
    return max(0.0, (now - since).total_seconds())


def _database_ready_since() -> dt.datetime | None:
    from django.db.models import Case, F, Min, When
    from django.db.models.functions import Greatest
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest(F("enqueued_at"), F("run_after")),
    )
    found = DBTaskResult.objects.ready().aggregate(since=Min(ready_since))["since"]
    return found if isinstance(found, dt.datetime) else None


def _redis_ready_since() -> dt.datetime | None:
    from django_rq import get_queue
    from django_tasks_rq.backend import Job

    queue = get_queue("default", job_class=Job)
    first = queue.get_job_ids(0, 1)
    job = Job.fetch(first[0], connection=queue.connection) if first else None
    return job.enqueued_at if job is not None else None


def health(now: dt.datetime | None = None) -> dict[str, Any]:
    """The database and the queue, for load balancers: `ok` is False when either fails or
    the oldest ready task has waited longer than PARTING_HEALTH_MAX_WAIT."""
    report: dict[str, Any] = {"ok": True, "database": "ok", "queue": {"backend": backend.kind()}}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return {**report, "ok": False, "database": f"unreachable: {first_line(exc)}"}
    queue = report["queue"]
    limit = settings.PARTING_HEALTH_MAX_WAIT
    try:
        waited = oldest_wait(now)
    except Exception as exc:  # Redis down, or the database failing mid-way
        queue["error"] = f"unreachable: {first_line(exc)}"
        report["ok"] = False
        return report
    queue["oldest_wait_seconds"] = None if waited is None else round(waited, 1)
    queue["max_wait_seconds"] = limit
    if waited is not None and waited > limit:
        queue["error"] = f"the oldest task has waited {waited:.0f} s (over {limit} s)"
        report["ok"] = False
    return report
