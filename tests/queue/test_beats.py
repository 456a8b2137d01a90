"""A task whose worker stopped being seen is failed, never left running nor run twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from parting.core.models import WorkerBeat
from parting.queue import beats, worker
from tests.queue import tasks

pytestmark = pytest.mark.django_db

ON_THE_DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = ON_THE_DATABASE
    settings.PARTING_WORKER_STALE_SECONDS = 60


def running(worker_id: str) -> DBTaskResult:
    tasks.noop.enqueue()
    found = worker.claim(worker_id)
    assert found is not None and found.status == "RUNNING"
    return found


def test_the_task_of_a_worker_no_longer_seen_is_failed_with_why(database_queue):
    beats.register("gone-1")
    beats.register("alive-2")
    lost, kept = running("gone-1"), running("alive-2")
    later = timezone.now() + dt.timedelta(seconds=61)
    WorkerBeat.objects.filter(worker_id="alive-2").update(seen_at=later)
    assert beats.reap(later) == 1
    lost.refresh_from_db()
    kept.refresh_from_db()
    assert (lost.status, kept.status) == ("FAILED", "RUNNING")
    assert "WorkerStopped: the worker running it stopped (gone-1, last seen" in lost.traceback
    assert list(WorkerBeat.objects.values_list("worker_id", flat=True)) == ["alive-2"]


def test_a_worker_seen_within_the_stale_period_keeps_its_task(database_queue):
    beats.register("busy-1")
    task = running("busy-1")
    assert beats.reap(timezone.now() + dt.timedelta(seconds=30)) == 0
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_sweep_fails_running_tasks_whose_worker_left_no_beat(database_queue):
    orphan = running("never-registered")
    assert beats.reap() == 0  # only the beat table is read
    assert beats.reap(sweep=True) == 1
    orphan.refresh_from_db()
    assert orphan.status == "FAILED"


def test_a_worker_taken_for_gone_comes_back_on_its_next_beat(database_queue):
    beats.beat("back-1")
    assert WorkerBeat.objects.filter(worker_id="back-1").exists()


def test_a_claimed_task_is_claimed_once(database_queue):
    tasks.noop.enqueue()
    assert worker.claim("one") is not None
    assert worker.claim("two") is None


def test_run_and_record_keeps_the_result_or_the_failure(database_queue, alice):
    tasks.add_contacts.enqueue(alice.pk, ["Rita Ortiz"])
    tasks.fail.enqueue("no mail server")
    for _ in range(2):
        found = worker.claim("w")
        worker.record(found, *worker.execute(found))
    done = {r.task_path.rsplit(".", 1)[1]: r for r in DBTaskResult.objects.all()}
    assert done["add_contacts"].status == "SUCCESSFUL"
    assert done["add_contacts"].return_value == 1
    assert done["fail"].status == "FAILED"
    assert done["fail"].traceback.strip().endswith("ValueError: no mail server")
