"""Uploads kept in the database between a preview and its apply, so any app process or task
worker can serve the apply. Each belongs to one account, is bounded by PARTING_IMPORT_MAX_MB
and expires after a day."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from parting.core.domain.errors import Invalid
from parting.core.models import ImportRun, StagedUpload
from parting.data.imports.service import check_size

KEEP = dt.timedelta(hours=24)


def stage(user: Any, kind: str, filename: str, data: bytes) -> StagedUpload:
    """Keep `data` for `user` until it is applied or expires; refuses a file over the limit."""
    check_size(len(data), filename)
    clear_expired(user)
    return StagedUpload.objects.create(
        owner=user,
        kind=kind,
        filename=filename[:255],
        data=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        expires_at=timezone.now() + KEEP,
    )


def stage_run(user: Any, kind: str, filename: str, data: bytes, **fields: Any) -> ImportRun:
    """Stage `data` with the run that applies it (`kind`: an import's kind, or "restore")."""
    upload_kind = StagedUpload.Kind.RESTORE if kind == "restore" else StagedUpload.Kind.IMPORT
    return ImportRun.objects.create(
        owner=user,
        kind=kind,
        filename=filename[:255],
        token=secrets.token_urlsafe(24),
        upload=stage(user, upload_kind, filename, data),
        **fields,
    )


def check(user: Any, run: ImportRun) -> None:
    """Refuse at once, in one clear line, when the file `run` was previewed from is gone."""
    if not _live(user, run).exists():
        raise _expired(run)


def read(user: Any, run: ImportRun) -> bytes:
    """The file `run` was previewed from; a clear refusal once it has expired."""
    upload = _live(user, run).first()
    if upload is None:
        raise _expired(run)
    data = bytes(upload.data)  # PostgreSQL hands back a memoryview
    if hashlib.sha256(data).hexdigest() != upload.sha256:
        raise Invalid(f"the uploaded file {run.filename} is damaged: upload it again")
    return data


def _live(user: Any, run: ImportRun) -> QuerySet[StagedUpload]:
    rows = StagedUpload.objects.for_user(user)
    return rows.filter(pk=run.upload_id or 0, expires_at__gt=timezone.now())


def _expired(run: ImportRun) -> Invalid:
    hours = KEEP.total_seconds() / 3600
    return Invalid(
        f"the uploaded file {run.filename} has expired (uploads are kept {hours:.0f} hours): "
        "upload it again",
        field="file",
        code="upload_expired",
    )


def discard(user: Any, run: ImportRun) -> None:
    """The file is no longer needed (applied)."""
    StagedUpload.objects.for_user(user).filter(pk=run.upload_id or 0).only("pk").delete()


def clear_expired(user: Any = None, now: dt.datetime | None = None) -> int:
    """Delete expired uploads, of one account or of all; returns how many."""
    rows = StagedUpload.objects.filter(expires_at__lte=now or timezone.now())
    if user is not None:
        rows = rows.filter(owner=user)
    _, deleted = rows.only("pk").delete()  # the files themselves are not read to delete them
    return deleted.get(StagedUpload._meta.label, 0)
