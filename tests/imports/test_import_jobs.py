"""Applying an import or a restore as a task: taken once, progress written as it goes, the
result or why it failed on the job, and a failed task writes nothing."""

from __future__ import annotations

import json

import pytest
from django.db import connection, connections

from parting.core.domain import accounts
from parting.core.models import (
    Company,
    Contact,
    ContactPoint,
    ImportRun,
    Job,
    Merge,
    ReviewPair,
    StagedUpload,
)
from parting.data import backup, jobs, staging
from parting.data.imports import apply as applying
from parting.tasks import imports
from tests import factories as f
from tests.imports.helpers import fixture

pytestmark = pytest.mark.django_db


def _import(user, name="linkedin_current.csv", kind="linkedin", data=None, skip_bad=False):
    run = staging.stage_run(user, kind, name, fixture(name) if data is None else data)
    job = imports.start_import(user, run, skip_bad=skip_bad)
    job.refresh_from_db()
    return job


def _imported(user) -> dict[str, int]:
    models = (Company, Contact, ContactPoint, Merge, ReviewPair)
    return {m.__name__: m.objects.filter(owner=user).count() for m in models}


def test_the_job_ends_done_with_the_summary_and_the_file_is_let_go(alice):
    job = _import(alice)
    assert job.status == Job.Status.DONE and job.kind == Job.Kind.IMPORT
    assert job.result["counts"] == {"new": 3, "merged": 0, "review": 0, "skipped": 1}
    assert job.result["import_id"] == job.run_id and job.run.applied_at is not None
    assert job.started_at <= job.finished_at and job.task_id
    assert (job.step, job.rows_done, job.rows_total) == ("writing", 3, 3)
    assert Contact.objects.for_user(alice).count() == 3
    assert not StagedUpload.objects.exists()


def test_progress_is_reported_step_by_step(alice, monkeypatch):
    monkeypatch.setattr(jobs, "EVERY", 0)
    data = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + b"".join(
        b"Person,%d,,p%d@example.com,,,\n" % (i, i) for i in range(1200)
    )
    seen: list[tuple[str, int, int]] = []
    with jobs.watching(lambda *step: seen.append(step)):
        job = _import(alice, "big.csv", data=data)
    reading = [s for s in seen if s[0] == "reading"]
    assert [done for _, done, _ in reading] == [501, 1001, 1202]  # lines, header included
    assert {total for _, _, total in reading} == {1202}
    writing = [done for step, done, total in seen if step == "writing" and total == 1200]
    assert writing[0] == 0 and writing[-1] == 1200 and writing == sorted(writing)
    assert len(writing) >= 3 and seen.index(reading[-1]) < seen.index(("writing", 0, 1200))
    assert (job.step, job.rows_done, job.rows_total) == ("writing", 1200, 1200)


def test_a_corrupt_file_fails_the_task_with_its_message_and_writes_nothing(alice):
    job = _import(alice, "unterminated.csv")
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("unterminated.csv, line 2: a quoted field is never closed")
    assert job.error_kind == "invalid" and job.finished_at
    assert _imported(alice) == dict.fromkeys(_imported(alice), 0)
    assert StagedUpload.objects.exists()  # kept, to try again until it expires


def test_a_failure_midway_leaves_no_partial_rows(alice, monkeypatch):
    f.contact(alice, "Zoë Ørsted", company="Nordic Wind")  # one row merges into her
    before = _imported(alice)

    def boom(*args, **kwargs):
        assert Contact.objects.for_user(alice).count() > 1  # rows were written by now
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(applying, "_review_pairs", boom)
    job = _import(alice)
    assert job.status == Job.Status.FAILED
    assert (job.error, job.error_kind) == ("RuntimeError: the disk is full", "unexpected")
    assert _imported(alice) == before
    assert job.run.applied_at is None
    assert Contact.objects.for_user(alice).get().notes == ""


def test_a_job_is_taken_once(alice):
    run = staging.stage_run(alice, "linkedin", "c.csv", fixture("linkedin_current.csv"))
    job = jobs.create(alice, Job.Kind.IMPORT, run)
    assert jobs.claim(job.pk) is not None
    assert jobs.claim(job.pk) is None
    assert imports.apply_import.call(job.pk) == {"job": job.pk, "ran": False}
    assert not Contact.objects.exists()


def test_a_second_apply_joins_the_job_already_queued(alice, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = staging.stage_run(alice, "linkedin", "c.csv", fixture("linkedin_current.csv"))
    first = imports.start_import(alice, run)
    assert first.status == Job.Status.QUEUED and first.task_id
    assert imports.start_import(alice, run) == first
    assert Job.objects.count() == 1


def test_run_here_runs_a_queued_job_in_this_process(alice, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = staging.stage_run(alice, "linkedin", "c.csv", fixture("linkedin_current.csv"))
    job = imports.start_import(alice, run)
    imports.run_here(job)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert Contact.objects.for_user(alice).count() == 3


def test_an_upload_that_expired_before_the_task_ran_fails_it_clearly(alice, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = staging.stage_run(alice, "linkedin", "c.csv", fixture("linkedin_current.csv"))
    job = imports.start_import(alice, run)
    StagedUpload.objects.update(expires_at=job.created_at)
    imports.run_here(job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error.startswith("the uploaded file c.csv has expired")
    assert job.error_code == "upload_expired"


# -- restore ------------------------------------------------------------------------------


def _restore(user, source, replace=True):
    text = backup.dumps(backup.backup(source)).encode()
    run = staging.stage_run(user, "restore", "b.json", text)
    job = imports.start_restore(user, run, replace=replace)
    job.refresh_from_db()
    return job


def test_a_restore_job_checks_then_writes_and_reports_the_records(alice, bob, monkeypatch):
    monkeypatch.setattr(jobs, "EVERY", 0)
    for i in range(3):
        f.contact(alice, f"Person {i}")
    seen: list[tuple[str, int, int]] = []
    with jobs.watching(lambda *step: seen.append(step)):
        job = _restore(bob, alice)
    assert job.status == Job.Status.DONE
    assert job.result["restored"]["core.Contact"] == 3
    assert Contact.objects.for_user(bob).count() == 3
    steps = [s for s, _, _ in seen]
    assert steps.index("checking") < steps.index("writing")
    assert seen[-1][1] == seen[-1][2] > 0
    assert not ImportRun.objects.filter(pk=job.run_id or 0).exists()
    assert not StagedUpload.objects.exists()


def test_a_restore_over_data_without_replace_fails_before_queueing(alice, bob):
    f.contact(bob, "Bob's own contact")
    with pytest.raises(Exception, match="is not empty"):
        _restore(bob, alice, replace=False)
    assert not Job.objects.exists()


def test_a_restore_that_fails_midway_leaves_the_account_as_it_was(alice, bob, monkeypatch):
    for i in range(5):
        f.contact(alice, f"Person {i}")
    f.contact(bob, "Bob's own contact")
    monkeypatch.setattr("parting.data.restore_write.BATCH", 2)
    real, batches = imports.backups.restore_write._Stager._batch, []

    def batch(self, model, rows):
        batches.append(model)
        if len(batches) == 3:
            raise RuntimeError("worker lost")
        return real(self, model, rows)

    monkeypatch.setattr(imports.backups.restore_write._Stager, "_batch", batch)
    job = _restore(bob, alice)
    assert job.status == Job.Status.FAILED and job.error == "RuntimeError: worker lost"
    assert list(Contact.objects.for_user(bob).values_list("name", flat=True)) == [
        "Bob's own contact"
    ]
    assert not accounts.staging_accounts().exists()
    assert Contact.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_by_others_while_the_import_transaction_is_open(alice, monkeypatch):
    """The import's rows are invisible until it commits; its progress is not."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer, the import itself: progress waits for the step end")
    monkeypatch.setattr(jobs, "EVERY", 0)
    seen = {}
    real = applying._review_pairs

    def peek(*args, **kwargs):
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT step, rows_done, rows_total FROM core_job")
                seen["job"] = cursor.fetchone()
                cursor.execute("SELECT count(*) FROM core_contact")
                seen["contacts"] = cursor.fetchone()[0]
        finally:
            other.close()
        return real(*args, **kwargs)

    monkeypatch.setattr(applying, "_review_pairs", peek)
    job = _import(alice)
    assert job.status == Job.Status.DONE
    assert seen == {"job": ("writing", 3, 3), "contacts": 0}
    assert json.loads(json.dumps(job.result))["counts"]["new"] == 3


def test_a_task_the_queue_failed_without_a_word_fails_its_job(alice, settings):
    """A worker killed mid-task cannot write to the job; the queue fails the task for it."""
    from django_tasks.base import TaskError

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = staging.stage_run(alice, "linkedin", "c.csv", fixture("linkedin_current.csv"))
    job = imports.start_import(alice, run)
    assert imports.settle(job).status == Job.Status.QUEUED  # the task is still waiting
    result = imports.apply_import.get_result(job.task_id)
    object.__setattr__(result, "status", "FAILED")
    traceback = "Traceback …\nparting.queue.beats.WorkerStopped: the worker running it stopped"
    result.errors.append(TaskError(exception_class_path="builtins.Exception", traceback=traceback))
    job = imports.settle(job)
    assert (job.status, job.error) == (Job.Status.FAILED, "the worker running it stopped")
    assert not Contact.objects.exists()


@pytest.mark.parametrize("kind", ["import", "restore"])
def test_the_job_is_done_in_the_same_transaction_that_applies_it(alice, bob, monkeypatch, kind):
    """Done if, and only if, the rows are in: a crash at commit leaves neither."""
    real = jobs.finish

    def finish_then_crash(job, result):
        real(job, result)
        raise RuntimeError("power cut at commit")

    monkeypatch.setattr(jobs, "finish", finish_then_crash)
    f.contact(alice, "Rita Recruiter")
    f.contact(bob, "Bob's own contact")
    job = _import(bob) if kind == "import" else _restore(bob, alice)
    assert (job.status, job.error) == (Job.Status.FAILED, "RuntimeError: power cut at commit")
    assert job.result == {}
    assert list(Contact.objects.for_user(bob).values_list("name", flat=True)) == [
        "Bob's own contact"
    ]
