"""Periodic work, safe with any number of workers.

Every worker (and the one `parting serve` embeds) calls `tick()` every
PARTING_SCHEDULER_SECONDS. A job runs once a day for each account it lists (or once a day
for the site), from a time of day on. Whichever worker inserts the PeriodicRun row (job,
account, day) first enqueues the run; the unique constraint decides, so two workers never
run the same digest twice, and no worker is the leader.

To add a job, add one line to JOBS:

    Job("clear-uploads", "parting.data.staging.clear_expired"),        # the site, daily
    Job("backup", "parting.tasks.backups.back_up", each="parting.tasks.backups.accounts"),

- `run` (dotted path) is called on a worker: `run()` for a site job, `run(user, day)` for a
  job per account; what it returns is kept as the task's result (JSON).
- `each` (dotted path) lists the accounts: `(user id, time zone name or None)` pairs. With a
  zone, the day and `at` are the account's own; without, UTC's.
- `at` is the earliest time of day the run starts, `until` the latest: workers that were
  all down at `at` start it late, but not after `until`.
- `when` (dotted path, optional) returns False while the job is off (e.g. no mail server).
- `every` (minutes, optional) runs the job that often instead of once a day: each slot of
  the day is a run of its own (`mail-fetch@0915`), unique as a day's run is.

A run is made once. One that raises (see `parting tasks --failed`) is tried again the same
day, after 15 minutes and then after an hour, while its job is on and its window open; a
third failure waits for the next day. Runs every few minutes (`every`) are not tried again:
their next slot comes soon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from parting.core.domain import clock
from parting.core.models import PeriodicRun


@dataclass(frozen=True)
class Job:
    name: str
    run: str
    each: str | None = None
    at: dt.time = dt.time(0)
    until: dt.time = dt.time.max
    when: str | None = None
    every: int | None = None

    def on(self) -> bool:
        return self.when is None or bool(import_string(self.when)())

    def run_name(self, now: dt.datetime) -> str:
        """The name a run is kept under: the job's, with its slot when it runs `every`."""
        if self.every is None:
            return self.name
        minutes = (now.hour * 60 + now.minute) // self.every * self.every
        return f"{self.name}@{minutes // 60:02d}{minutes % 60:02d}"

    def due(self, now: dt.datetime) -> list[tuple[int | None, dt.date]]:
        """(account id or None, day) for every run that may start now."""
        owners: Iterable[tuple[int | None, str | None]]
        owners = [(None, None)] if self.each is None else import_string(self.each)()
        found = []
        for owner, zone in owners:
            local = now.astimezone(clock.zone(zone) if zone else dt.UTC)
            if self.at <= local.time() <= self.until:
                found.append((owner, local.date()))
        return found


JOBS: tuple[Job, ...] = (
    Job(
        "backup",
        "parting.tasks.backups.back_up",
        each="parting.tasks.backups.accounts",
        when="parting.tasks.backups.on",
    ),
    Job(
        "digest",
        "parting.tasks.digests.send",
        each="parting.tasks.digests.subscribers",
        at=dt.time(7),  # in each seeker's own time zone
        until=dt.time(12),  # a morning digest: not sent in the afternoon
        when="parting.tasks.digests.on",
    ),
    Job(
        "mail-fetch",
        "parting.tasks.mail.fetch",
        each="parting.tasks.mail.mailboxes",
        when="parting.tasks.mail.on",
        every=15,  # minutes, by the site's clock (UTC)
    ),
    Job(
        "webhook-followup-due",
        "parting.tasks.webhooks.announce_due",
        each="parting.tasks.webhooks.due_listeners",
        at=dt.time(7),  # the morning a follow-up falls due, in the seeker's own time zone
    ),
    Job("clear-uploads", "parting.data.staging.clear_expired"),  # uploads never applied
    Job("forget-old-deliveries", "parting.tasks.webhooks.forget_old"),
    Job("forget-old-tasks", "parting.queue.scheduler.forget_old"),
)


# Finished tasks, periodic runs and finished import/restore jobs are kept this long, then
# forgotten (tables stay small). The imports themselves (ImportRun, the history with its
# undo) are the seeker's own and are kept.
KEEP = dt.timedelta(days=30)
BATCH = 1000


def forget_old(now: dt.datetime | None = None) -> int:
    """Delete finished tasks (the database queue), periodic runs and finished jobs older than
    KEEP, a batch per transaction so SQLite's writers barely wait; returns how many rows
    went."""
    from django_tasks_db.models import DBTaskResult

    from parting.core.models import Job as ImportJob
    from parting.queue import backend

    cutoff = (now or timezone.now()) - KEEP
    ended = (ImportJob.Status.DONE, ImportJob.Status.FAILED)
    old: list[Any] = [
        PeriodicRun.objects.filter(day__lt=cutoff.date()),
        ImportJob.objects.filter(status__in=ended, finished_at__lt=cutoff),
    ]
    if backend.kind() == backend.DATABASE:
        old.append(DBTaskResult.objects.finished().filter(finished_at__lt=cutoff))
    gone = 0
    for rows in old:
        while pks := list(rows.values_list("pk", flat=True)[:BATCH]):
            gone += rows.model.objects.filter(pk__in=pks).delete()[0]
    return gone


def job(name: str) -> Job:
    """The job of a run's name (`mail-fetch@0915` is a run of `mail-fetch`)."""
    return next(j for j in JOBS if j.name == name.split("@")[0])


# How long a failed run waits before its next attempt: after the first failure, the second.
RETRY_AFTER = (dt.timedelta(minutes=15), dt.timedelta(hours=1))


def tick(now: dt.datetime | None = None) -> int:
    """Start every run that is due and not started, and try again the failed runs whose wait
    is over; returns how many this call started."""
    now = now or timezone.now()
    return sum(_start_due(j, now) for j in JOBS if j.on()) + _retry_failed(now)


def _retry_failed(now: dt.datetime) -> int:
    failed = PeriodicRun.objects.filter(
        failed_at__isnull=False,
        attempts__lte=len(RETRY_AFTER),
        day__gte=(now - dt.timedelta(days=1)).date(),  # a day in the earliest zone
    )
    started = 0
    windows: dict[str, set[tuple[int | None, dt.date]]] = {}
    for run in failed:
        found = next((j for j in JOBS if j.name == run.job), None)  # slots are not retried
        if found is None or run.failed_at is None:
            continue
        if now < run.failed_at + RETRY_AFTER[run.attempts - 1] or not found.on():
            continue
        if found.name not in windows:
            windows[found.name] = set(found.due(now))
        if (run.owner_id, run.day) in windows[found.name]:
            started += _again(run)
    return started


def _again(run: PeriodicRun) -> int:
    """Take the failed run for one more attempt (one worker wins) and enqueue it."""
    with transaction.atomic():
        taken = PeriodicRun.objects.filter(
            pk=run.pk, attempts=run.attempts, failed_at=run.failed_at
        ).update(attempts=F("attempts") + 1, failed_at=None)
        if not taken:
            return 0
        result = run_periodic.enqueue(run.job, run.owner_id, run.day.isoformat())
        PeriodicRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    return 1


def _start_due(found: Job, now: dt.datetime) -> int:
    due = found.due(now)
    if not due:
        return 0
    name = found.run_name(now)
    started = set(
        PeriodicRun.objects.filter(job=name, day__in={day for _, day in due}).values_list(
            "owner_id", "day"
        )
    )
    return sum(
        1 for owner, day in due if (owner, day) not in started and start(found, owner, day, name)
    )


def start(found: Job, owner: int | None, day: dt.date, name: str | None = None) -> bool:
    """Insert the run and enqueue it, in one transaction; False when another got there."""
    name = name or found.name
    try:
        with transaction.atomic():
            row = PeriodicRun.objects.create(job=name, owner_id=owner, day=day)
            result = run_periodic.enqueue(name, owner, day.isoformat())
            row.task_id = str(result.id)[:64]
            row.save(update_fields=["task_id"])
    except IntegrityError:
        return False
    return True


@task()
def run_periodic(name: str, owner: int | None, day: str) -> Any:
    """One run of a periodic job, on a worker. One that raises is noted on its run, so a
    later tick tries it again, and then fails as any task does."""
    found = job(name)
    try:
        if owner is None:
            return import_string(found.run)()
        user = get_user_model().objects.filter(pk=owner).first()
        if user is None:  # the account was deleted since
            return None
        return import_string(found.run)(user, dt.date.fromisoformat(day))
    except Exception:
        PeriodicRun.objects.filter(job=name, owner_id=owner, day=day).update(
            failed_at=timezone.now()
        )
        raise
