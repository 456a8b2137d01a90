"""`parting import` and `parting restore` through the task queue: they wait for the job by
default (its result, or "failed: <why>"), `--no-wait` queues it and prints the job id, and
`parting job ID [--wait]` follows it."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.utils import timezone

from parting.cli import jobs as waiting
from parting.cli.env import Environment
from parting.cli.main import main
from parting.core.models import Contact, Job, WorkerBeat
from parting.data import backup
from tests import factories as f
from tests.cli.helpers import assert_one_line_error
from tests.imports.helpers import path

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def no_worker(settings, monkeypatch):
    """A queue no worker reads, and no grace: a waiting command runs the job itself."""
    settings.TASKS = DUMMY
    monkeypatch.setattr(waiting, "GRACE", 0)
    monkeypatch.setattr(waiting, "POLL", 0)


def test_import_waits_for_the_job_and_prints_its_result(run, alice):
    result = run("import", "linkedin", path("linkedin_current.csv"), "--json")
    assert result.code == 0, result.err
    job = Job.objects.for_user(alice).get()
    data = result.json()
    assert (data["job_id"], data["import_id"]) == (job.pk, job.run_id)
    assert data["counts"]["new"] == 3 and not data["dry_run"]


def test_no_wait_queues_the_import_and_prints_the_job_id(run, alice, no_worker):
    result = run("import", "linkedin", path("linkedin_current.csv"), "--no-wait")
    job = Job.objects.for_user(alice).get()
    assert result.code == 0, result.err
    assert result.out == (
        f"Queued import job {job.pk} for linkedin_current.csv; "
        f"follow it with `parting job {job.pk} --wait`.\n"
    )
    assert job.status == "queued" and not Contact.objects.exists()
    data = run("job", str(job.pk), "--json").json()
    assert (data["id"], data["status"], data["kind"]) == (job.pk, "queued", "import")
    assert data["task_id"] == job.task_id != ""
    shown = run("job", str(job.pk))
    assert shown.out == f"Import job {job.pk} of linkedin_current.csv: waiting for a task worker.\n"


def test_no_wait_with_json_gives_the_job(run, alice, no_worker):
    data = run("import", "linkedin", path("linkedin_current.csv"), "--no-wait", "--json").json()
    assert data["id"] == Job.objects.get().pk and data["status"] == "queued"


def test_job_wait_runs_a_job_no_worker_took_and_prints_the_result(run, alice, no_worker):
    run("import", "linkedin", path("linkedin_current.csv"), "--no-wait")
    job = Job.objects.get()
    result = run("job", str(job.pk), "--wait")
    assert result.code == 0, result.err
    assert (
        result.lines[0] == "Imported linkedin_current.csv: 3 new, 0 merged, 0 to review, 1 skipped."
    )
    assert Contact.objects.for_user(alice).count() == 3
    again = run("job", str(job.pk))  # a finished job shows its result
    assert again.lines[0] == result.lines[0]


def test_import_without_a_worker_runs_the_job_itself(run, alice, no_worker):
    result = run("import", "linkedin", path("linkedin_current.csv"))
    assert result.code == 0, result.err
    assert Job.objects.get().status == "done"
    assert Contact.objects.for_user(alice).count() == 3


def test_a_failed_task_is_exit_1_with_failed_and_why(run, alice, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("parting.data.imports.apply._review_pairs", boom)
    result = run("import", "linkedin", path("linkedin_current.csv"))
    assert_one_line_error(result, 1)
    assert result.err == "parting: failed: RuntimeError: the disk is full\n"
    assert not Contact.objects.exists()
    job = Job.objects.get()
    again = run("job", str(job.pk))
    assert again.err == result.err and again.code == 1


def test_a_corrupt_file_fails_its_job_as_bad_input(run, alice):
    result = run("import", "linkedin", path("unterminated.csv"))
    assert_one_line_error(result, 2)
    assert result.err.startswith("parting: failed: unterminated.csv, line 2: a quoted field")
    assert Job.objects.get().status == "failed"


def test_an_unknown_job_is_exit_1(run, alice):
    assert_one_line_error(run("job", "12345"), 1)
    assert run("job", "12345").err == "parting: no job #12345\n"


def test_restore_waits_for_its_job(run, alice, bob, tmp_path):
    f.contact(alice, "Rita Recruiter")
    file = tmp_path / "b.json"
    file.write_text(backup.dumps(backup.backup(alice)))
    result = run("restore", str(file), "--user", bob.email)
    assert result.code == 0, result.err
    total = sum(Job.objects.get().result["restored"].values())
    assert result.out == f"Restored {total} records from b.json.\n"
    assert Contact.objects.for_user(bob).get().name == "Rita Recruiter"


def test_restore_no_wait_queues_it(run, alice, bob, tmp_path, no_worker):
    f.contact(alice, "Rita Recruiter")
    file = tmp_path / "b.json"
    file.write_text(backup.dumps(backup.backup(alice)))
    data = run("restore", str(file), "--user", bob.email, "--no-wait", "--json").json()
    assert data["kind"] == "restore" and data["status"] == "queued"
    assert not Contact.objects.for_user(bob).exists()
    result = run("job", str(data["id"]), "--wait", "--user", bob.email)
    assert result.out.startswith("Restored ") and result.out.endswith(" records from b.json.\n")
    assert Contact.objects.for_user(bob).get().name == "Rita Recruiter"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("queue", ["runs tasks at once", "has no worker"])
def test_a_terminal_sees_the_progress_line(alice, monkeypatch, settings, queue):
    if queue == "has no worker":
        settings.TASKS = DUMMY
        monkeypatch.setattr(waiting, "GRACE", 0)
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=Terminal())
    assert main(["import", "linkedin", path("linkedin_current.csv")], env) == 0
    shown = env.stderr.getvalue()
    assert "\rReading line 9 of 9 (100%)" in shown
    assert "\rWriting row 3 of 3 (100%)" in shown and shown.endswith("\n")
    ran_here = "No task worker is running: running it here.\n" in shown
    assert ran_here == (queue == "has no worker")
    assert env.stdout.getvalue().startswith("Imported linkedin_current.csv: 3 new")


DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_on_the_database_queue_a_command_runs_the_job_at_once_when_no_worker_runs(
    run, alice, settings
):
    settings.TASKS = DATABASE
    started = time.monotonic()
    result = run("import", "linkedin", path("linkedin_current.csv"))
    assert result.code == 0, result.err
    assert time.monotonic() - started < waiting.GRACE  # no grace to sit through
    assert Contact.objects.for_user(alice).count() == 3


def test_a_worker_seen_lately_is_waited_for(alice, settings):
    settings.TASKS = DATABASE
    now = timezone.now()
    beat = WorkerBeat.objects.create(worker_id="w1", host="h", pid=1, started_at=now, seen_at=now)
    assert not waiting.no_worker(waited=3600)
    beat.seen_at = now - dt.timedelta(seconds=settings.PARTING_WORKER_STALE_SECONDS + 1)
    beat.save()
    assert waiting.no_worker(waited=0)
