"""The web door of an import or restore on the queue: the job page shows rows done of rows
total (asked again every second with htmx, a Refresh link without JavaScript), then the
result or "failed: <why>"; it and the staged upload are the seeker's own (R9)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parting.core.models import Contact, ImportRun, Job, StagedUpload
from parting.data import backup, jobs, staging
from tests import factories as f
from tests.imports.helpers import fixture

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _preview(client, name="linkedin_current.csv", **extra):
    upload = SimpleUploadedFile(name, fixture(name))
    return client.post(reverse("data_import"), {"kind": "linkedin", "file": upload, **extra})


def _apply(client, user):
    run = ImportRun.objects.for_user(user).latest("id")
    return client.post(reverse("data_import_apply", args=[run.token]))


def test_the_preview_keeps_the_file_in_the_database_not_on_disk(
    alice_client, alice, settings, tmp_path
):
    settings.PARTING_HOME = tmp_path
    _preview(alice_client)
    run = ImportRun.objects.for_user(alice).get()
    assert bytes(run.upload.data) == fixture("linkedin_current.csv")
    assert list(tmp_path.iterdir()) == []


def test_a_bad_file_is_not_staged(alice_client):
    assert _preview(alice_client, "unterminated.csv").status_code == 400
    assert not StagedUpload.objects.exists()


def test_import_for_real_goes_to_the_job_page_which_shows_the_result(alice_client, alice):
    _preview(alice_client)
    response = _apply(alice_client, alice)
    job = Job.objects.for_user(alice).get()
    assert response["Location"] == reverse("data_job", args=[job.pk])
    page = alice_client.get(response["Location"]).content.decode()
    assert "Imported linkedin_current.csv: 3 new, 0 merged, 0 to review, 1 skipped." in page
    assert "Line 8: no name" in page
    assert "hx-trigger" not in page and "Refresh" not in page  # finished: no more polling


def test_a_running_job_shows_rows_done_of_total_and_polls_every_second(alice_client, alice):
    run = staging.stage_run(alice, "linkedin", "c.csv", b"x")
    job = jobs.create(alice, Job.Kind.IMPORT, run)
    Job.objects.filter(pk=job.pk).update(
        status="running", step="reading", rows_done=1500, rows_total=30002
    )
    url = reverse("data_job", args=[job.pk])
    page = alice_client.get(url).content.decode()
    assert "Reading the file: line 1,500 of 30,002" in page
    assert re.search(r'<progress class="job-progress" value="1500" max="30002"', page)
    assert f'hx-get="{url}" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert f'<a class="button" href="{url}">Refresh</a>' in page  # without JavaScript
    fragment = alice_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section class="card job" id="job"')
    assert "<html" not in fragment and "1,500 of 30,002" in fragment


def test_the_writing_step_without_a_count_shows_an_open_bar(alice_client, alice):
    run = staging.stage_run(alice, "linkedin", "c.csv", b"x")
    job = jobs.create(alice, Job.Kind.IMPORT, run)
    Job.objects.filter(pk=job.pk).update(status="running", step="writing", rows_total=30000)
    page = alice_client.get(reverse("data_job", args=[job.pk])).content.decode()
    assert "Writing 30,000 rows, all at once…" in page
    assert '<progress class="job-progress" aria-label="Writing"></progress>' in page


def test_a_queued_job_waits_for_a_worker(alice_client, alice, settings):
    settings.TASKS = DUMMY
    _preview(alice_client)
    page = alice_client.get(_apply(alice_client, alice)["Location"]).content.decode()
    assert "Waiting for a task worker to start it" in page and "hx-trigger" in page
    assert not Contact.objects.exists()
    _apply(alice_client, alice)  # a second click joins the same job
    assert Job.objects.count() == 1


def test_a_failed_import_says_failed_and_why(alice_client, alice, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("parting.data.imports.apply._review_pairs", boom)
    _preview(alice_client)
    page = alice_client.get(_apply(alice_client, alice)["Location"]).content.decode()
    assert "failed: RuntimeError: the disk is full" in page
    assert "Nothing was imported; your account is as it was." in page
    assert not Contact.objects.exists()


def test_an_expired_upload_is_one_clear_line_and_no_job(alice_client, alice):
    _preview(alice_client)
    StagedUpload.objects.update(expires_at="2000-01-01T00:00:00Z")
    response = _apply(alice_client, alice)
    assert response["Location"] == reverse("data")
    page = alice_client.get(response["Location"]).content.decode()
    assert (
        "Nothing imported: the uploaded file linkedin_current.csv has expired "
        "(uploads are kept 24 hours): upload it again"
    ) in page
    assert not Job.objects.exists()


def test_the_data_page_lists_recent_jobs(alice_client, alice):
    _preview(alice_client)
    _apply(alice_client, alice)
    page = alice_client.get(reverse("data")).content.decode()
    job = Job.objects.for_user(alice).get()
    assert f'<a href="{reverse("data_job", args=[job.pk])}">Import of linkedin_current.csv' in page


def test_r9_charlie_gets_404_for_alices_job_and_upload(alice_client, alice, charlie):
    _preview(alice_client)
    run = ImportRun.objects.for_user(alice).get()
    _apply(alice_client, alice)
    job = Job.objects.for_user(alice).get()
    alice_client.force_login(charlie)
    assert alice_client.get(reverse("data_job", args=[job.pk])).status_code == 404
    assert alice_client.post(reverse("data_import_apply", args=[run.token])).status_code == 404
    assert "linkedin_current" not in alice_client.get(reverse("data")).content.decode()


def _restore_preview(client, source, seeker) -> ImportRun:
    """`seeker` uploads a backup of `source` and is asked to confirm."""
    f.contact(source, "Rita Recruiter")
    client.force_login(seeker)
    text = backup.dumps(backup.backup(source)).encode()
    client.post(reverse("data_restore"), {"file": SimpleUploadedFile("b.json", text)})
    return ImportRun.objects.for_user(seeker).get(kind="restore")


def test_restore_runs_as_a_job_and_reports_the_records(client, alice, bob):
    run = _restore_preview(client, alice, bob)
    response = client.post(reverse("data_restore_apply", args=[run.token]))
    job = Job.objects.for_user(bob).get()
    page = client.get(response["Location"]).content.decode()
    assert job.kind == "restore" and "Restore of b.json" in page
    assert f"Restored {sum(job.result['restored'].values())} records from b.json." in page
    assert Contact.objects.for_user(bob).get().name == "Rita Recruiter"


def test_a_restore_over_data_without_replace_is_refused_at_once(client, alice, bob):
    f.contact(bob, "Bob's contact")
    run = _restore_preview(client, alice, bob)
    response = client.post(reverse("data_restore_apply", args=[run.token]))
    assert response["Location"] == reverse("data") and not Job.objects.exists()
    page = client.get(reverse("data")).content.decode()
    assert "Nothing restored: the account bob@example.com is not empty" in page
