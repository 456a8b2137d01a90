"""Applying an import or a restore on the task queue.

The preview stages the file in the database (data/staging.py); the apply creates a Job and
enqueues one of these tasks with its id, so any worker can run it. A task takes its job once
(queued → running), writes progress as it goes and ends with the result or with why it
failed; a failed import or restore has written nothing, and the task is marked failed too."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from django.db import DatabaseError
from django_tasks import task

from parting.core.domain.errors import Conflict, Invalid
from parting.core.models import ImportRun, Job
from parting.data import backup as backups
from parting.data import jobs, staging
from parting.data.imports import service

log = logging.getLogger(__name__)


def start_import(user: Any, run: ImportRun, skip_bad: bool = False) -> Job:
    """Queue the import `run` was previewed for (joining one already queued or running)."""
    return jobs.active(user, run) or _enqueue(
        apply_import.enqueue, jobs.create(user, Job.Kind.IMPORT, run, skip_bad=skip_bad)
    )


def start_restore(user: Any, run: ImportRun, replace: bool = False) -> Job:
    """Queue the restore `run` was checked for; refused at once over data unless `replace`."""
    backups.refuse_unless_empty(user, replace)
    return jobs.active(user, run) or _enqueue(
        apply_restore.enqueue, jobs.create(user, Job.Kind.RESTORE, run, replace=replace)
    )


def _enqueue(enqueue: Callable[[int], Any], job: Job) -> Job:
    result = enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def run_here(job: Job) -> None:
    """Run a queued job in this process (a command waited and no worker came). A worker that
    takes the task later finds the job taken and leaves it; a failure is on the job."""
    with suppress(Exception):  # recorded on the job, which the waiting command reads next
        _task_of(job).call(job.pk)


def settle(job: Job) -> Job:
    """The job as it stands: failed, with the queue's reason, when the queue failed its task
    and the task could not say so itself (its worker was killed mid-task)."""
    if job.finished or not job.task_id:
        return job
    try:
        result = _task_of(job).get_result(job.task_id)
    except Exception:  # a queue that keeps no results, or no longer this one
        return job
    if result.status != "FAILED":
        return job
    lines = result.errors[-1].traceback.strip().splitlines() if result.errors else [""]
    kind, _, message = lines[-1].partition(": ")  # "parting.queue.beats.WorkerStopped: why"
    jobs.stopped(job, message or kind.rsplit(".", 1)[-1] or "the task failed")
    job.refresh_from_db()
    return job


def _task_of(job: Job) -> Any:
    return apply_import if job.kind == Job.Kind.IMPORT else apply_restore


@task()
def apply_import(job_id: int) -> dict[str, Any]:
    """Import the staged file in one transaction, as the preview showed it (planned again)."""
    return _take(job_id, _import)


@task()
def apply_restore(job_id: int) -> dict[str, Any]:
    """Check the staged backup, then rebuild the account from it (restore_write)."""
    return _take(job_id, _restore)


def _import(job: Job, run: ImportRun, progress: jobs.Progress) -> dict[str, Any]:
    user = job.owner
    summary = service.run_import(
        user,
        run.kind,
        staging.read(user, run),
        run.filename,
        skip_bad=bool(job.options.get("skip_bad")),
        run=run,
        progress=progress.step("reading"),
        writing=progress.step("writing"),
        record=lambda result: jobs.finish(job, result),  # done when, and only if, imported
    )
    _let_go(user, run)
    return {"import_id": summary["import_id"]}


def _restore(job: Job, run: ImportRun, progress: jobs.Progress) -> dict[str, Any]:
    user = job.owner
    restored = backups.restore(
        user,
        backups.loads(staging.read(user, run), run.filename),
        replace=bool(job.options.get("replace")),
        checking=progress.step("checking"),
        writing=progress.step("writing"),
        record=lambda counts: jobs.finish(job, {"file": job.filename, "restored": counts}),
    )
    _let_go(user, run, forget_run=True)
    return {"records": sum(restored.values())}


def _let_go(user: Any, run: ImportRun, forget_run: bool = False) -> None:
    """The file is applied; drop it (a busy database leaves it to expire)."""
    try:
        staging.discard(user, run)
        if forget_run:
            ImportRun.objects.filter(pk=run.pk).delete()
    except DatabaseError as exc:
        log.warning("import run %s: upload left to expire (%s)", run.pk, exc)


def _take(job_id: int, work: Callable[[Job, ImportRun, jobs.Progress], dict[str, Any]]) -> Any:
    """Take the job and do its work; when someone else has it, nothing. On any error the job
    says why, and the error goes on so the queue marks the task failed too."""
    job = jobs.claim(job_id)
    if job is None:
        return {"job": job_id, "ran": False}
    progress = jobs.Progress(job)
    try:
        done = work(job, _run(job), progress)
    except BaseException as exc:
        jobs.fail(job, exc)
        raise
    finally:
        progress.close()
    return {"job": job_id, "ran": True, **done}


def _run(job: Job) -> ImportRun:
    if job.run is None:
        raise Invalid(f"the upload of {job.filename} is gone: upload it again")
    if job.run.applied_at:
        raise Conflict(f"{job.filename} was already imported", code="already_imported")
    return job.run
