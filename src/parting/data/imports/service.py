"""The one entry point the CLI and the web share: size check, preview, import."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from parting.core.domain.errors import Invalid
from parting.core.domain.profiles import get_profile
from parting.core.models import Company, Contact, ContactPoint, ImportRun
from parting.data.imports import apply as applying
from parting.data.imports.plan import Plan, Progress, build
from parting.data.imports.rows import max_bytes


def check_size(size: int, filename: str) -> None:
    """Refuse a file over PARTING_IMPORT_MAX_MB; call it before reading the file."""
    if size > max_bytes():
        raise Invalid(
            f"{filename} is {size / 1048576:.1f} MB, over the "
            f"{settings.PARTING_IMPORT_MAX_MB} MB limit (PARTING_IMPORT_MAX_MB)",
            field="file",
        )


def preview(
    user: Any, kind: str, data: bytes, filename: str, progress: Progress | None = None
) -> Plan:
    """What importing would do; changes nothing."""
    return build(user, kind, data, filename, get_profile(user).phone_region, progress)


def run_import(
    user: Any,
    kind: str,
    data: bytes,
    filename: str,
    *,
    dry_run: bool = False,
    skip_bad: bool = False,
    progress: Progress | None = None,
    run: ImportRun | None = None,
    writing: Progress | None = None,
    record: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Preview, then (unless `dry_run`) import in one transaction and record it as `run` (a new
    ImportRun when none is given). Returns the plan summary, with the run's id.

    Parsing and matching happen before the transaction, so they never hold SQLite's write
    lock; if the account changed meanwhile, the plan is made again inside it. `progress`
    hears of lines read, `writing` of rows written; `record(result)` is called inside the
    transaction, so what it writes commits with the import or not at all."""
    seen = _state(user)
    plan = preview(user, kind, data, filename, progress)
    if dry_run:
        return plan.summary()
    if writing:
        writing(0, plan.rows())
    with transaction.atomic():
        if _state(user) != seen:
            plan = preview(user, kind, data, filename)
        if run is None:
            run = ImportRun(owner=user, kind=kind, filename=filename[:255])
            run.token = secrets.token_urlsafe(24)
        run.skip_bad = skip_bad
        run.save()
        summary = applying.apply(user, plan, skip_bad=skip_bad, run=run, progress=writing)
        run.summary, run.applied_at = summary, timezone.now()
        run.save(update_fields=["summary", "applied_at", "skip_bad"])
        result = {**summary, "import_id": run.pk}
        if record:
            record(result)
    return result


def _state(user: Any) -> list[dict[str, Any]]:
    """What a plan matched against: counts, highest ids and last changes (index reads)."""
    stats = {"n": Count("pk"), "top": Max("pk"), "last": Max("updated_at")}
    return [
        m.objects.filter(owner=user).aggregate(**stats) for m in (Company, Contact, ContactPoint)
    ]
