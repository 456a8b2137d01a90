"""The record an import or a restore on the task queue keeps: queued, running (with rows done
of rows total), then done with its result or failed with why.

The task writes the record in short writes of its own, never inside the import's one
transaction, so a page or the CLI polling it sees it move and a failed import leaves only
"failed: <why>" behind."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connection, connections
from django.utils import timezone

from parting.core.domain.errors import Conflict, DomainError, Invalid, NotFound
from parting.core.models import ImportRun, Job

log = logging.getLogger(__name__)
EVERY = 0.5  # seconds between two progress writes of one job
FAILURES: dict[str, type[DomainError]] = {
    "invalid": Invalid,
    "not_found": NotFound,
    "conflict": Conflict,
}


def create(user: Any, kind: str, run: ImportRun, **options: Any) -> Job:
    return Job.objects.create(
        owner=user, kind=kind, run=run, filename=run.filename, options=options
    )


def active(user: Any, run: ImportRun) -> Job | None:
    """The job already queued or running for this run, if any (a second click joins it)."""
    waiting = (Job.Status.QUEUED, Job.Status.RUNNING)
    return Job.objects.for_user(user).filter(run=run, status__in=waiting).first()


def claim(job_id: int) -> Job | None:
    """Queued → running, for exactly one taker; None when someone else has it (or had it)."""
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, updated_at=now
    )
    return Job.objects.select_related("owner", "run").get(pk=job_id) if taken else None


def finish(job: Job, result: dict[str, Any]) -> None:
    """Done, with its result; called inside the transaction that applies the job."""
    done = job.rows_total  # the last step's count, even where it could not be written
    _set(job, status=Job.Status.DONE, result=result, rows_done=done, finished_at=timezone.now())


def fail(job: Job, exc: BaseException) -> None:
    """Record why the job stopped: a domain refusal as it is, anything else by its type."""
    if isinstance(exc, DomainError):
        kind = next((k for k, c in FAILURES.items() if isinstance(exc, c)), "conflict")
        _end(job, exc.message, kind, exc.code or "")
        return
    text = str(exc).strip().splitlines()
    _end(job, f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__, "unexpected")


def stopped(job: Job, why: str) -> None:
    """The task ended without saying how (its worker was killed). Its transaction was never
    committed, so nothing of it was written."""
    _end(job, why, "unexpected")


def _end(job: Job, why: str, kind: str, code: str = "") -> None:
    """Failed, unless it finished meanwhile (a job done is done)."""
    now = timezone.now()
    fields = {"error": why, "error_kind": kind, "error_code": code, "finished_at": now}
    waiting = (Job.Status.QUEUED, Job.Status.RUNNING)
    if Job.objects.filter(pk=job.pk, status__in=waiting).update(
        status=Job.Status.FAILED, updated_at=now, **fields
    ):
        for name, value in {"status": Job.Status.FAILED, **fields}.items():
            setattr(job, name, value)


def failure(job: Job, prefix: str = "") -> DomainError:
    """The refusal a failed job ended with, for a door to word as it words one made at once:
    bad input stays bad input (the CLI's exit 2), anything else is a conflict (exit 1)."""
    kind = FAILURES.get(job.error_kind, Conflict)
    return kind(f"{prefix}{job.error}", code=job.error_code or None)


def _set(job: Job, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    Job.objects.filter(pk=job.pk).update(**fields, updated_at=timezone.now())


_watchers: list[Callable[[str, int, int], None]] = []


@contextmanager
def watching(watcher: Callable[[str, int, int], None]) -> Iterator[None]:
    """Also tell `watcher(step, done, total)` of progress made in this process (a command
    running a job itself shows its progress line)."""
    _watchers.append(watcher)
    try:
        yield
    finally:
        _watchers.remove(watcher)


class Progress:
    """Rows done of rows total, written at most every half second.

    Outside the task's own transactions the write goes through the task's connection, as a
    short write of its own. Inside one (an import's single transaction) it goes through a
    second connection on PostgreSQL; SQLite has one writer at a time, held by the import
    itself, so there the page shows the step without its count until the step ends."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.depth = len(connection.atomic_blocks)
        self.last = (0.0, "")
        self.aside: Any = None
        self.aside_failed = False

    def step(self, name: str) -> Callable[[int, int], None]:
        """A callback(done, total) reporting progress of this step."""

        def report(done: int, total: int) -> None:
            self.report(name, done, total)

        return report

    def report(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        at, last_step = self.last
        if step == last_step and now - at < EVERY and done < total:
            return
        self.last = (now, step)
        for watcher in _watchers:
            watcher(step, done, total)
        fields = {"step": step, "rows_done": max(done, 0), "rows_total": max(total, 0)}
        if len(connection.atomic_blocks) <= self.depth:
            try:
                _set(self.job, **fields)
            except OperationalError as exc:  # SQLite busy past its timeout: the next one
                log.warning("job %s: progress not written (%s)", self.job.pk, exc)
        elif connection.vendor == "postgresql":
            self._write_aside(fields)

    def _write_aside(self, fields: dict[str, Any]) -> None:
        if self.aside_failed:
            return
        table = Job._meta.db_table
        try:
            if self.aside is None:
                self.aside = connections.create_connection(DEFAULT_DB_ALIAS)
                with self.aside.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '1s'")
            quote = self.aside.ops.quote_name
            sets = ", ".join(f"{quote(name)} = %s" for name in [*fields, "updated_at"])
            # Names come from the model; every value is a parameter.
            sql = f"UPDATE {quote(table)} SET {sets} WHERE {quote('id')} = %s"  # noqa: S608
            with self.aside.cursor() as cursor:
                cursor.execute(sql, [*fields.values(), timezone.now(), self.job.pk])
        except DatabaseError as exc:  # progress is shown, never needed: the import goes on
            log.warning("job %s: progress not written (%s)", self.job.pk, exc)
            self.aside_failed = True

    def close(self) -> None:
        if self.aside is not None:
            self.aside.close()
            self.aside = None
