"""Periodic work: once per job, account and day, however many workers tick at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from parting.core.models import PeriodicRun
from parting.queue import scheduler
from tests import factories as f

pytestmark = pytest.mark.django_db

MORNING = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def backups_on(settings, tmp_path):
    settings.PARTING_HOME = tmp_path
    settings.PARTING_SERVE_BACKUPS = True
    return tmp_path


def backup_files(home):
    return sorted(p.relative_to(home).as_posix() for p in home.glob("backups/*/*.json"))


def test_a_tick_backs_up_each_account_once_a_day(alice, bob, backups_on):
    f.contact(alice, "Rita Ortiz")
    assert scheduler.tick(MORNING) == 3  # two backups, and clearing expired uploads
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
    assert scheduler.tick(MORNING + dt.timedelta(days=1)) == 2
    backups = PeriodicRun.objects.filter(job="backup").order_by("day")
    assert [r.day.isoformat() for r in backups] == [
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
    if connection.vendor == "sqlite" and connection.settings_dict["TEST"]["NAME"] is None:
        pytest.skip("an in-memory SQLite database is one connection; PostgreSQL runs this")
    gate = threading.Barrier(2)
    started = []

    def worker():
        gate.wait()
        try:
            started.append(scheduler.tick(MORNING))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(started) == 3  # two backups and one clearing, by one or the other
    assert PeriodicRun.objects.count() == 3
    assert len(backup_files(backups_on)) == 2


def test_a_run_for_an_account_deleted_since_does_nothing(alice, backups_on):
    gone = alice.pk
    alice.delete()
    assert scheduler.run_periodic.call("backup", gone, "2026-03-04") is None
