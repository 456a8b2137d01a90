"""Uploads wait in the database between preview and apply: bounded, owned, expiring."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parting.core.domain.errors import Invalid
from parting.core.models import ImportRun, StagedUpload
from parting.data import staging
from tests.imports.helpers import fixture

pytestmark = pytest.mark.django_db


def test_it_keeps_the_file_its_size_and_hash_for_a_day(alice, frozen):
    data = fixture("linkedin_current.csv")
    run = staging.stage_run(alice, "linkedin", "c.csv", data, skip_bad=True)
    upload = StagedUpload.objects.get()
    assert (upload.owner, upload.kind, upload.filename) == (alice, "import", "c.csv")
    assert upload.size == len(data) and len(upload.sha256) == 64
    assert upload.expires_at == timezone.now() + dt.timedelta(hours=24)
    assert run.upload == upload and run.skip_bad and run.token
    assert staging.read(alice, run) == data


def test_a_file_over_the_limit_is_refused_and_nothing_kept(alice, settings):
    settings.PARTING_IMPORT_MAX_MB = 0
    with pytest.raises(Invalid, match=r"over the 0 MB limit \(PARTING_IMPORT_MAX_MB\)"):
        staging.stage_run(alice, "linkedin", "c.csv", b"x" * 10)
    assert not StagedUpload.objects.exists() and not ImportRun.objects.exists()


def test_an_expired_upload_is_a_clear_refusal(alice, frozen):
    run = staging.stage_run(alice, "linkedin", "c.csv", b"data")
    frozen.shift(dt.timedelta(hours=24, seconds=1))
    message = r"^the uploaded file c.csv has expired \(uploads are kept 24 hours\): upload it"
    with pytest.raises(Invalid, match=message):
        staging.check(alice, run)
    with pytest.raises(Invalid, match=message):
        staging.read(alice, run)


def test_r9_another_account_never_reads_the_file(alice, bob):
    run = staging.stage_run(alice, "linkedin", "c.csv", b"data")
    with pytest.raises(Invalid, match="has expired"):
        staging.read(bob, run)


def test_a_damaged_file_is_refused(alice):
    run = staging.stage_run(alice, "linkedin", "c.csv", b"data")
    StagedUpload.objects.update(data=b"dato")
    with pytest.raises(Invalid, match=r"c\.csv is damaged: upload it again"):
        staging.read(alice, run)


def test_clear_expired_deletes_only_expired_uploads_without_reading_them(alice, bob, frozen):
    old = staging.stage_run(alice, "linkedin", "old.csv", b"old" * 1000)
    frozen.shift(dt.timedelta(hours=23))
    fresh = staging.stage_run(bob, "linkedin", "fresh.csv", b"fresh")
    frozen.shift(dt.timedelta(hours=2))
    with CaptureQueriesContext(connection) as ctx:
        assert staging.clear_expired() == 1
    assert not any('"data"' in q["sql"] or " data" in q["sql"] for q in ctx.captured_queries)
    assert list(StagedUpload.objects.values_list("filename", flat=True)) == ["fresh.csv"]
    old.refresh_from_db()
    assert old.upload is None  # the run stays, and says its file expired
    assert staging.read(bob, fresh) == b"fresh"


def test_staging_clears_the_accounts_own_expired_uploads(alice, frozen):
    staging.stage_run(alice, "linkedin", "old.csv", b"old")
    frozen.shift(dt.timedelta(days=2))
    staging.stage_run(alice, "linkedin", "new.csv", b"new")
    assert list(StagedUpload.objects.values_list("filename", flat=True)) == ["new.csv"]
