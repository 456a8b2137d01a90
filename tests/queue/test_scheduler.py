"""Periodic work: once per job, account and day, however many workers tick at once."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.models import PeriodicRun
from parting.queue import scheduler
from tests import factories as f
from tests.queue.helpers import tick_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_day(frozen):
    """The clock on the day the ticks below are for (forgetting old runs reads it)."""


MORNING = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
DAY_BEFORE_LAST_MONTH = dt.date(2026, 2, 1)


@pytest.fixture
def backups_on(settings, tmp_path, monkeypatch):
    """The backup job alone, on."""
    monkeypatch.setattr(scheduler, "JOBS", (scheduler.job("backup"),))
    settings.PARTING_HOME = tmp_path
    settings.PARTING_SERVE_BACKUPS = True
    return tmp_path


def backup_files(home):
    return sorted(p.relative_to(home).as_posix() for p in home.glob("backups/*/*.json"))


def test_a_tick_backs_up_each_account_once_a_day(alice, bob, backups_on):
    f.contact(alice, "Rita Ortiz")
    assert scheduler.tick(MORNING) == 2
    assert backup_files(backups_on) == [
        f"backups/{alice.pk}/parting-backup-2026-03-04.json",
        f"backups/{bob.pk}/parting-backup-2026-03-04.json",
    ]
    assert "Rita Ortiz" in (backups_on / backup_files(backups_on)[0]).read_text()
    assert scheduler.tick(MORNING + dt.timedelta(hours=5)) == 0  # the same day: done
    assert PeriodicRun.objects.filter(job="backup").count() == 2


def test_the_next_day_brings_the_next_run(alice, backups_on):
    scheduler.tick(MORNING)
    f.contact(alice, "Sam Lee")  # changed, so the next backup writes a file
    assert scheduler.tick(MORNING + dt.timedelta(days=1)) == 1
    assert [r.day.isoformat() for r in PeriodicRun.objects.order_by("day")] == [
        "2026-03-04",
        "2026-03-05",
    ]
    assert len(backup_files(backups_on)) == 2


def test_backups_are_off_without_the_setting(alice, settings, tmp_path):
    settings.PARTING_HOME = tmp_path
    settings.PARTING_SERVE_BACKUPS = False
    scheduler.tick(MORNING)
    assert not PeriodicRun.objects.filter(job="backup").exists()
    assert backup_files(tmp_path) == []


def test_a_run_another_worker_started_is_not_started_again(alice, backups_on):
    PeriodicRun.objects.create(job="backup", owner=alice, day=MORNING.date())
    job = scheduler.job("backup")
    assert scheduler.start(job, alice.pk, MORNING.date()) is False  # the constraint decides
    scheduler.tick(MORNING)
    assert PeriodicRun.objects.filter(job="backup").count() == 1
    assert backup_files(backups_on) == []


def test_a_site_job_runs_once_a_day_too(monkeypatch):
    ran = []
    monkeypatch.setattr(scheduler, "JOBS", (scheduler.Job("tidy", "tests.queue.jobs.tidy"),))
    monkeypatch.setattr("tests.queue.jobs.RAN", ran)
    assert scheduler.tick(MORNING) == 1
    assert scheduler.tick(MORNING) == 0
    assert ran == ["tidied"]
    run = PeriodicRun.objects.get()
    assert (run.owner, run.day) == (None, MORNING.date())


def test_a_job_at_seven_waits_for_seven_in_each_accounts_own_zone(alice, bob, monkeypatch):
    ran = []
    zones = [(alice.pk, "America/Chicago"), (bob.pk, "Europe/Paris")]
    job = scheduler.Job(
        "hello", "tests.queue.jobs.hello", "tests.queue.jobs.zones", dt.time(7), dt.time(12)
    )
    monkeypatch.setattr(scheduler, "JOBS", (job,))
    monkeypatch.setattr("tests.queue.jobs.RAN", ran)
    monkeypatch.setattr("tests.queue.jobs.ZONES", zones)
    paris_seven = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)  # 07:00 Paris, 00:00 Chicago
    assert scheduler.tick(paris_seven - dt.timedelta(minutes=1)) == 0
    assert scheduler.tick(paris_seven) == 1
    chicago_seven = dt.datetime(2026, 3, 4, 13, 0, tzinfo=dt.UTC)
    assert scheduler.tick(chicago_seven) == 1
    assert scheduler.tick(chicago_seven + dt.timedelta(hours=1)) == 0
    assert ran == [
        ("bob@example.com", dt.date(2026, 3, 4)),
        ("alice@example.com", dt.date(2026, 3, 4)),
    ]


@pytest.mark.django_db(transaction=True)
def test_two_workers_ticking_at_the_same_moment_start_each_run_once(alice, bob, backups_on):
    started = tick_at_once(2, MORNING)
    assert sorted(started) in ([0, 2], [1, 1])
    assert PeriodicRun.objects.count() == 2
    assert len(backup_files(backups_on)) == 2


def test_a_run_for_an_account_deleted_since_does_nothing(alice, backups_on):
    gone = alice.pk
    alice.delete()
    assert scheduler.run_periodic.call("backup", gone, "2026-03-04") is None


def test_finished_tasks_and_runs_older_than_thirty_days_are_forgotten(alice, settings):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from tests.queue import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    PeriodicRun.objects.create(job="backup", owner=alice, day=DAY_BEFORE_LAST_MONTH)
    kept = PeriodicRun.objects.create(job="backup", owner=alice, day=now.date())
    for _ in range(3):
        tasks.noop.enqueue()
    old, recent, waiting = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=old.pk).update(
        status="SUCCESSFUL", finished_at=now - dt.timedelta(days=31)
    )
    DBTaskResult.objects.filter(pk=recent.pk).update(status="FAILED", finished_at=now)
    assert scheduler.forget_old(now) == 2
    assert list(PeriodicRun.objects.all()) == [kept]
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_finished_import_jobs_are_forgotten_after_thirty_days_but_imports_are_kept(alice):
    from django.utils import timezone

    from parting.core.models import ImportRun, Job
    from parting.data import jobs

    now = timezone.now()
    run = ImportRun.objects.create(owner=alice, kind="linkedin", filename="a.csv", token="tok")
    old_done, old_failed, recent, waiting = (
        jobs.create(alice, Job.Kind.IMPORT, run) for _ in "abcd"
    )
    month_ago = now - dt.timedelta(days=31)
    Job.objects.filter(pk=old_done.pk).update(status=Job.Status.DONE, finished_at=month_ago)
    Job.objects.filter(pk=old_failed.pk).update(status=Job.Status.FAILED, finished_at=month_ago)
    Job.objects.filter(pk=recent.pk).update(status=Job.Status.DONE, finished_at=now)
    Job.objects.filter(pk=waiting.pk).update(created_at=month_ago)  # queued a month: kept

    assert scheduler.forget_old(now) == 2
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert ImportRun.objects.filter(pk=run.pk).exists()


def _flaky(monkeypatch, fails: int, **job) -> list:
    ran: list = []
    monkeypatch.setattr(
        scheduler, "JOBS", (scheduler.Job("flaky", "tests.queue.jobs.flaky", **job),)
    )
    monkeypatch.setattr("tests.queue.jobs.RAN", ran)
    monkeypatch.setattr("tests.queue.jobs.FAILS", [fails])
    return ran


def test_a_run_that_fails_is_tried_again_after_fifteen_minutes_then_an_hour(monkeypatch, frozen):
    ran = _flaky(monkeypatch, fails=2)
    minutes = lambda n: MORNING + dt.timedelta(minutes=n)  # noqa: E731
    assert scheduler.tick(MORNING) == 1
    run = PeriodicRun.objects.get()
    assert run.failed_at is not None and run.attempts == 1 and ran == []
    assert scheduler.tick(minutes(14)) == 0  # not yet
    frozen.move_to(minutes(15))
    assert scheduler.tick(minutes(15)) == 1  # the second attempt fails too
    run.refresh_from_db()
    assert run.failed_at is not None and run.attempts == 2
    assert scheduler.tick(minutes(15 + 59)) == 0  # an hour now
    frozen.move_to(minutes(15 + 60))
    assert scheduler.tick(minutes(15 + 60)) == 1
    run.refresh_from_db()
    assert run.failed_at is None and run.attempts == 3 and ran == ["flaky ran"]
    assert scheduler.tick(minutes(300)) == 0
    assert PeriodicRun.objects.count() == 1


def test_a_third_failure_waits_for_the_next_day(monkeypatch, frozen):
    ran = _flaky(monkeypatch, fails=3)
    for at in (0, 15, 75):
        frozen.move_to(MORNING + dt.timedelta(minutes=at))
        assert scheduler.tick(MORNING + dt.timedelta(minutes=at)) == 1
    assert scheduler.tick(MORNING + dt.timedelta(hours=10)) == 0
    run = PeriodicRun.objects.get()
    assert run.attempts == 3 and run.failed_at is not None and ran == []
    assert scheduler.tick(MORNING + dt.timedelta(days=1)) == 1  # the next day's run
    assert ran == ["flaky ran"]


def test_a_failed_run_is_not_tried_again_once_its_window_closed(monkeypatch, frozen):
    ran = _flaky(monkeypatch, fails=1, until=dt.time(10, 10))
    assert scheduler.tick(MORNING) == 1
    frozen.move_to(MORNING + dt.timedelta(minutes=20))
    assert scheduler.tick(MORNING + dt.timedelta(minutes=20)) == 0  # past 10:10
    assert ran == [] and PeriodicRun.objects.get().attempts == 1


def test_only_one_worker_takes_a_failed_run_again(monkeypatch, frozen):
    _flaky(monkeypatch, fails=1)
    scheduler.tick(MORNING)
    run = PeriodicRun.objects.get()
    stale = PeriodicRun.objects.get(pk=run.pk)
    assert scheduler._again(run) == 1
    assert scheduler._again(stale) == 0  # another worker took it first
