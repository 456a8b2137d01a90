"""The 'data' page: import with preview, review queue, merges, exports, backup and restore."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parting.core.models import Contact, ImportRun, Job, Merge, ReviewPair
from parting.data import backup
from parting.data.imports.service import run_import
from tests import factories as f
from tests.imports.helpers import fixture

pytestmark = pytest.mark.django_db

BORDERLINE = b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
BORDERLINE += b"Jonathon,Smithsen,,Globex,Engineer,05 Mar 2024\n"


def _upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, fixture(name) if data is None else data)


def _preview(client, name, kind="linkedin", data=None, **extra):
    return client.post(reverse("data_import"), {"kind": kind, "file": _upload(name, data), **extra})


@pytest.fixture
def pair(alice):
    f.contact(alice, "Jonathan Smithson", company="Globex")
    run_import(alice, "linkedin", BORDERLINE, "c.csv")
    return ReviewPair.objects.for_user(alice).get()


def test_the_page_explains_each_part_when_empty(alice_client):
    page = alice_client.get(reverse("data")).content.decode()
    assert "Import your network" in page
    assert "Nothing to review." in page
    assert reverse("data_export", args=["vcard"]) in page
    assert reverse("data_backup") in page
    assert 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page


def test_sign_in_required(client):
    response = client.get(reverse("data"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_preview_shows_the_plan_then_import_for_real(alice_client, alice):
    response = _preview(alice_client, "linkedin_current.csv")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>3</strong> new" in page
    assert "Line 8: no name" in page
    assert "Zoë Ørsted" in page
    assert not Contact.objects.exists()
    run = ImportRun.objects.for_user(alice).get()
    response = alice_client.post(reverse("data_import_apply", args=[run.token]))
    job = Job.objects.for_user(alice).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("data_job", args=[job.pk])
    assert Contact.objects.for_user(alice).count() == 3
    page = alice_client.get(response["Location"]).content.decode()
    assert "Imported linkedin_current.csv: 3 new, 0 merged, 0 to review, 1 skipped." in page


def test_a_bad_file_is_a_field_error_with_status_400_and_nothing_saved(alice_client):
    response = _preview(alice_client, "unterminated.csv")
    assert response.status_code == 400
    page = response.content.decode()
    assert "unterminated.csv, line 2: a quoted field is never closed" in page
    assert 'value="linkedin" selected' in page  # the choice is kept
    assert not Contact.objects.exists()


def test_bad_rows_stop_the_import_unless_skipped(alice_client, alice):
    _preview(alice_client, "linkedin_broken_row.csv")
    run = ImportRun.objects.for_user(alice).get()
    response = alice_client.post(reverse("data_import_apply", args=[run.token]))
    assert not Contact.objects.exists()
    page = alice_client.get(response["Location"]).content.decode()
    assert "failed: linkedin_broken_row.csv, line 3: the row is broken" in page
    _preview(alice_client, "linkedin_broken_row.csv", skip_bad="on")
    run = ImportRun.objects.for_user(alice).latest("id")
    alice_client.post(reverse("data_import_apply", args=[run.token]))
    assert sorted(Contact.objects.values_list("name", flat=True)) == ["Ann Lee", "Cy Chen"]


def test_a_file_over_the_limit_is_refused(alice_client, settings):
    settings.PARTING_IMPORT_MAX_MB = 0
    response = _preview(alice_client, "linkedin_current.csv")
    assert response.status_code == 400
    assert "over the 0 MB limit" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_oversized_body_is_refused_before_reading(alice_client, settings):
    settings.PARTING_IMPORT_MAX_MB = 0
    response = alice_client.post(
        reverse("data_import"),
        {"kind": "linkedin", "file": _upload("big.csv", b"x" * 200_000)},
    )
    assert response.status_code == 400
    assert "over the 0 MB limit" in response.content.decode()


def test_review_merge_keep_and_undo(alice_client, alice, pair):
    page = alice_client.get(reverse("data")).content.decode()
    assert "Jonathan Smithson" in page and "Jonathon Smithsen" in page
    alice_client.post(reverse("review_merge", args=[pair.pk]))
    assert Contact.objects.for_user(alice).count() == 1
    record = Merge.objects.for_user(alice).get()
    alice_client.post(reverse("merge_undo", args=[record.pk]))
    assert Contact.objects.for_user(alice).count() == 2
    run_import(alice, "linkedin", BORDERLINE.replace(b"Jonathon", b"Jonathen"), "d.csv")
    second = ReviewPair.objects.for_user(alice).get()
    alice_client.post(reverse("review_keep", args=[second.pk]))
    assert not ReviewPair.objects.exists()
    assert Contact.objects.for_user(alice).count() == 3


def test_r9_charlie_gets_404_on_alices_queue_merges_and_imports(charlie_client, alice, pair):
    page = charlie_client.get(reverse("data")).content.decode()
    assert "Smithson" not in page
    for name in ("review_merge", "review_keep"):
        assert charlie_client.post(reverse(name, args=[pair.pk])).status_code == 404
    record = Merge.objects.create(
        owner=alice, kept=pair.contact, merged_name="x", merged={}, kept_before={}, moved=[]
    )
    assert charlie_client.post(reverse("merge_undo", args=[record.pk])).status_code == 404
    run = ImportRun.objects.create(owner=alice, kind="linkedin", filename="a.csv", token="tok")
    assert charlie_client.post(reverse("data_import_apply", args=["tok"])).status_code == 404
    reloaded = charlie_client.get(reverse("data_import_apply", args=["tok"]))  # post-only
    assert (reloaded.status_code, reloaded["Location"]) == (302, reverse("data"))
    assert ReviewPair.objects.count() == 1 and run.applied_at is None


def test_exports_download(alice_client, alice):
    f.contact(alice, "=Rita", company="Acme")
    vcard = alice_client.get(reverse("data_export", args=["vcard"]))
    assert vcard["Content-Type"] == "text/vcard"
    assert b"FN:=Rita" in vcard.content
    data = json.loads(alice_client.get(reverse("data_export", args=["json"])).content)
    assert data["contacts"][0]["name"] == "=Rita"
    zipped = alice_client.get(reverse("data_export", args=["csv"]))
    assert zipped["Content-Disposition"].endswith('.zip"')
    assert alice_client.get(reverse("data_export", args=["xls"])).status_code == 404


def test_exports_are_only_mine(charlie_client, alice):
    f.contact(alice, "Rita Recruiter")
    data = json.loads(charlie_client.get(reverse("data_export", args=["json"])).content)
    assert data["contacts"] == []


def test_backup_download_and_restore_with_confirmation(client, alice, bob):
    f.contact(alice, "Rita Recruiter")
    f.contact(bob, "Bob's contact")
    client.force_login(alice)
    text = client.get(reverse("data_backup")).content
    assert json.loads(text)["format"] == "parting-backup"
    client.force_login(bob)
    response = client.post(reverse("data_restore"), {"file": SimpleUploadedFile("b.json", text)})
    page = response.content.decode()
    assert "Your account is not empty" in page
    token = ImportRun.objects.for_user(bob).get(kind="restore").token
    client.post(reverse("data_restore_apply", args=[token]))  # no "replace": refused
    assert Contact.objects.for_user(bob).get().name == "Bob's contact"
    response = client.post(reverse("data_restore_apply", args=[token]), {"replace": "1"})
    assert Contact.objects.for_user(bob).get().name == "Rita Recruiter"
    page = client.get(response["Location"]).content.decode()
    assert "Restored " in page and " records from b.json." in page
    assert Contact.objects.for_user(alice).get().name == "Rita Recruiter"


def test_restore_refuses_a_file_that_is_not_a_backup(alice_client):
    response = alice_client.post(
        reverse("data_restore"), {"file": SimpleUploadedFile("x.json", b"hello")}
    )
    assert response.status_code == 400
    assert "x.json, line 1: not a Parting backup" in response.content.decode()


def _pairs(user, n):
    contacts = Contact.objects.bulk_create(
        Contact(owner=user, name=f"Person {i}") for i in range(2 * n)
    )
    ReviewPair.objects.bulk_create(
        ReviewPair(owner=user, contact=contacts[2 * i], other=contacts[2 * i + 1], score=90)
        for i in range(n)
    )


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("data")).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_runs_the_same_queries_for_10_or_200_pairs(alice_client, alice, bob):
    _pairs(alice, 10)
    few = _queries(alice_client)
    _pairs(alice, 190)
    assert _queries(alice_client) == few


def test_backup_content_is_unchanged_by_viewing(alice_client, alice):
    f.contact(alice, "Rita")
    before = backup.content(backup.backup(alice))
    alice_client.get(reverse("data"))
    assert backup.content(backup.backup(alice)) == before
