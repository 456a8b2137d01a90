"""`parting tasks [--failed]`, and `parting worker`'s own refusals."""

from __future__ import annotations

import pytest

from parting.queue import worker
from tests.cli.helpers import assert_one_line_error
from tests.queue import tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_all():
    while found := worker.claim("w"):
        worker.record(found, *worker.execute(found))


def test_tasks_lists_the_newest_first_and_failed_shows_why(run, database_queue):
    tasks.noop.enqueue()
    tasks.fail.enqueue("cannot send mail via mail.example.org:587: refused")
    run_all()
    listed = run("--json", "tasks")
    assert listed.code == 0, listed.err
    assert [(t["task"], t["status"]) for t in listed.json()] == [
        ("fail", "failed"),
        ("noop", "successful"),
    ]
    failed = run("tasks", "--failed")
    assert failed.code == 0
    assert " fail failed " in failed.flat
    assert failed.flat.endswith("ValueError: cannot send mail via mail.example.org:587: refused")
    assert "noop" not in failed.out


def test_a_periodic_run_is_listed_by_its_job_account_and_day(run, database_queue, alice, settings):
    settings.PARTING_SERVE_BACKUPS = False
    from parting.queue import scheduler

    scheduler.run_periodic.enqueue("backup", alice.pk, "2026-03-04")
    assert run("--json", "tasks").json()[0]["task"] == f"backup (account {alice.pk}, 2026-03-04)"


def test_tasks_with_nothing_on_the_queue(run, database_queue):
    assert run("tasks").lines == ["No tasks yet."]
    assert run("tasks", "--failed").lines == ["No failed tasks."]


def test_tasks_says_when_nothing_is_kept(run):
    assert run("tasks").lines == [
        "Tasks run where they are enqueued (PARTING_TASKS_URL=immediate): none kept."
    ]


@pytest.mark.parametrize("count", ["0", "65"])
def test_worker_refuses_a_concurrency_out_of_range(run, count):
    assert_one_line_error(run("worker", "--concurrency", count), 2)
