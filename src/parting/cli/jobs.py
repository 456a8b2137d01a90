"""Following an import or a restore on the task queue from the terminal: a progress line on
stderr while it runs (on a terminal only), then its result, or "failed: <why>"."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from parting.cli.context import Context
from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import NotFound
from parting.core.models import Job, WorkerBeat
from parting.data import jobs
from parting.queue import backend
from parting.tasks import imports

POLL = 0.2  # seconds between two looks at the job
# On a queue whose workers do not say they are alive (Redis), a waiting command gives them
# this long to take a job, then runs it itself rather than wait for a worker that may not be.
GRACE = 3.0
SETTLE = 2.0  # seconds between two asks whether the queue failed the task meanwhile
STEPS = {"reading": "Reading line", "checking": "Checking row", "writing": "Writing row"}


class ProgressLine:
    """One line of stderr, rewritten as a job moves; nothing when stderr is not a terminal."""

    def __init__(self, ctx: Context) -> None:
        stream = ctx.env.stderr
        self.stream = stream if hasattr(stream, "isatty") and stream.isatty() else None
        self.width = 0
        self.shown = ""

    def show(self, step: str, done: int, total: int) -> None:
        if self.stream is None:
            return
        if step == "writing" and not done:
            text = f"Writing {total} rows in one transaction"
        elif step in STEPS:
            text = f"{STEPS[step]} {done} of {total} ({100 * done // max(total, 1)}%)"
        else:
            text = "Waiting for a task worker"
        if text == self.shown:
            return
        self.stream.write("\r" + text.ljust(self.width))
        self.width, self.shown = len(text), text
        self.stream.flush()

    def step(self, name: str) -> Callable[[int, int], None]:
        """A callback(done, total) for one step run in this process."""
        return lambda done, total: self.show(name, done, total)

    def say(self, text: str) -> None:
        """A line of its own, under the progress line."""
        self.end()
        if self.stream is not None:
            self.stream.write(text + "\n")

    def end(self) -> None:
        if self.stream is not None and self.width:
            self.stream.write("\n")
            self.width, self.shown = 0, ""


def owned_job(ctx: Context, ref: str) -> Job:
    found = Job.objects.for_user(ctx.user).filter(pk=parse_id(ref) or 0).first()
    if found is None:
        raise NotFound(f"no job #{ref}")
    return found


def wait(ctx: Context, job: Job, line: ProgressLine | None = None) -> Job:
    """Poll the job until it ends; returns it done, raises "failed: <why>" when it failed.
    A queued job is run here when no task worker is running (on the database queue, none
    has beaten lately; on Redis, whose workers do not beat, none took it within GRACE)."""
    line = line or ProgressLine(ctx)
    began = checked = time.monotonic()
    while not job.finished:
        if job.status == Job.Status.QUEUED and no_worker(time.monotonic() - began):
            line.say("No task worker is running: running it here.")
            with jobs.watching(line.show):
                imports.run_here(job)
        else:
            time.sleep(POLL)
        job.refresh_from_db()
        if time.monotonic() - checked > SETTLE:
            job, checked = imports.settle(job), time.monotonic()
        line.show(job.step, job.rows_total if job.finished else job.rows_done, job.rows_total)
    line.end()
    if job.status == Job.Status.FAILED:
        raise jobs.failure(job, "failed: ")
    return job


def no_worker(waited: float) -> bool:
    """No task worker will take a job that has waited this many seconds."""
    if backend.kind() != backend.DATABASE:
        return waited > GRACE
    cutoff = timezone.now() - dt.timedelta(seconds=settings.PARTING_WORKER_STALE_SECONDS)
    return not WorkerBeat.objects.filter(seen_at__gte=cutoff).exists()


def as_json(job: Job) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "file": job.filename,
        "status": job.status,
        "step": job.step,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "task_id": job.task_id,
        "result": job.result,
        "error": job.error,
    }


def queued(ctx: Context, job: Job) -> None:
    """--no-wait: say where the job is and how to follow it."""
    ctx.emit(
        as_json(job),
        [
            f"Queued {job.kind} job {job.pk} for {job.filename}; "
            f"follow it with `parting job {job.pk} --wait`."
        ],
    )


def where(job: Job) -> str:
    """A running job in one line."""
    if job.status == Job.Status.QUEUED:
        return "waiting for a task worker"
    step = STEPS.get(job.step, "Starting: row").lower()
    return f"running: {step} {job.rows_done} of {job.rows_total}"
