"""The 'data' page: import with preview, the review queue and merges, exports, backup."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from parting.core.domain import merge as merging
from parting.core.domain.errors import DomainError
from parting.core.models import ImportRun, Job, Merge, ReviewPair
from parting.data import backup as backups
from parting.data import exports, jobs, staging
from parting.data.imports import service
from parting.tasks import imports
from parting.web.forms.data import ImportForm, RestoreForm
from parting.web.shortcuts import (
    SeekerRequest,
    add_domain_error,
    error_text,
    owned_or_404,
    post_only,
)

PAGE = "parting/data/page.html"
JOB_PART = "parting/data/_job.html"
JOB_LISTED = ("kind", "filename", "status", "step", "rows_done", "rows_total", "created_at")
MIME = {"csv": "application/zip", "vcard": "text/vcard", "json": "application/json"}


def _too_big(request: SeekerRequest) -> bool:
    """Refuse by Content-Length before Django reads the body."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > service.max_bytes() + 65536
    except ValueError:
        return False


def _limit_message() -> str:
    # The body is not parsed (that would read it), so the form cannot carry this error.
    return f"The file is over the {settings.PARTING_IMPORT_MAX_MB} MB limit; nothing was read."


def _read(upload: UploadedFile) -> bytes:
    service.check_size(upload.size or 0, upload.name or "file")  # before reading it
    return upload.read()


def _page(request: SeekerRequest, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    context = {
        "nav": "data",
        "import_form": extra.pop("import_form", None) or ImportForm(),
        "restore_form": extra.pop("restore_form", None) or RestoreForm(),
        "pairs": ReviewPair.objects.for_user(user).select_related(
            "contact__company", "other__company"
        )[:100],
        "batches": ImportRun.objects.for_user(user)
        .filter(pairs__isnull=False)
        .annotate(pair_count=Count("pairs"))
        .order_by("-created_at", "-id")[:10],
        "merges": Merge.objects.for_user(user).select_related("kept", "run")[:20],
        "jobs": Job.objects.for_user(user).only(*JOB_LISTED)[:5],
        "merge_count": Merge.objects.for_user(user).count(),
        "max_mb": settings.PARTING_IMPORT_MAX_MB,
        **extra,
    }
    return render(request, PAGE, context, status=status)


@login_required
def data_page(request: SeekerRequest) -> HttpResponse:
    return _page(request)


@login_required
@post_only("data")
def import_preview(request: SeekerRequest) -> HttpResponse:
    """Upload, then show the plan: new, merged, needs review, skipped."""
    if _too_big(request):
        return _page(request, 400, import_error=_limit_message())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, 400, import_form=form)
    upload, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
    try:
        data = _read(upload)
        plan = service.preview(request.user, kind, data, upload.name)
    except DomainError as exc:
        add_domain_error(form, exc, field="file")
        return _page(request, 400, import_form=form)
    # Kept in the database: the apply may be served by another app process, run by a worker.
    run = staging.stage_run(
        request.user,
        kind,
        upload.name,
        data,
        skip_bad=form.cleaned_data["skip_bad"],
        summary=plan.summary(),
    )
    # htmx picks #import-area out of the whole page (hx-select), errors and previews alike.
    context = {"run": run, "nav": "data", "part": "parting/data/_preview.html"}
    return render(request, "parting/data/preview.html", context)


@login_required
@post_only("data")
def import_apply(request: SeekerRequest, token: str) -> HttpResponse:
    """Queue the import the preview showed (planned again against the account as it is then);
    `skip_bad` from the preview's own button leaves the bad rows out. The job page follows it."""
    run = get_object_or_404(ImportRun.objects.for_user(request.user), token=token)
    if run.applied_at:
        messages.info(request, f"{run.filename} was already imported.")
        return redirect("data")
    skip_bad = run.skip_bad or bool(request.POST.get("skip_bad"))
    try:
        staging.check(request.user, run)
    except DomainError as exc:
        messages.error(request, f"Nothing imported: {error_text(exc)}")
        return redirect("data")
    job = imports.start_import(request.user, run, skip_bad=skip_bad)
    return redirect("data_job", pk=job.pk)


@login_required
def job_page(request: SeekerRequest, pk: int) -> HttpResponse:
    """An import or a restore on the queue: rows done of rows total while it runs (the page
    asks again every second with htmx), then its result or why it failed."""
    job = imports.settle(owned_or_404(Job, request.user, pk))
    records = sum((job.result.get("restored") or {}).values())
    context = {"job": job, "nav": "data", "failure": _failure(job), "records": records}
    if request.headers.get("HX-Request"):
        return render(request, JOB_PART, context)
    return render(request, "parting/data/job.html", {**context, "part": JOB_PART})


def _failure(job: Job) -> str:
    return error_text(jobs.failure(job)) if job.status == Job.Status.FAILED else ""


@login_required
@post_only("data")
def review_merge(request: SeekerRequest, pk: int) -> HttpResponse:
    pair = owned_or_404(ReviewPair, request.user, pk)
    record = merging.merge_pair(request.user, pair)
    messages.success(request, f"Merged {record.merged_name} into {record.kept.name}.")
    return redirect("data")


@login_required
@post_only("data")
def review_keep(request: SeekerRequest, pk: int) -> HttpResponse:
    pair = owned_or_404(ReviewPair, request.user, pk)
    merging.keep_both(request.user, pair)
    messages.success(request, "Kept both.")
    return redirect("data")


@login_required
@post_only("data")
def review_all(request: SeekerRequest, pk: int, action: str) -> HttpResponse:
    """Settle every pair one import found: merge them all, or keep them all apart."""
    run = owned_or_404(ImportRun, request.user, pk)
    if action == "merge":
        done = merging.merge_all(request.user, run)
        messages.success(request, f"Merged {len(done)} pairs from {run.filename}.")
    else:
        kept = merging.keep_all(request.user, run)
        messages.success(request, f"Kept both in {kept} pairs from {run.filename}.")
    return redirect("data")


@login_required
@post_only("data_merges")
def merge_undo(request: SeekerRequest, pk: int) -> HttpResponse:
    record = owned_or_404(Merge, request.user, pk)
    try:
        restored = merging.undo(request.user, record)
    except DomainError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"Undone: {restored.name} is back.")
    return redirect("data")


@login_required
def merges_page(request: SeekerRequest) -> HttpResponse:
    """Every merge, newest first, fifty to a page, each with Undo."""
    merges = Merge.objects.for_user(request.user).select_related("kept", "run")
    page = Paginator(merges, 50).get_page(request.GET.get("page"))
    return render(request, "parting/data/merges.html", {"page": page, "nav": "data"})


@login_required
def export_download(request: SeekerRequest, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        return HttpResponse("Unknown export format.", status=404)
    response = HttpResponse(exports.export(request.user, fmt), content_type=MIME[fmt])
    name = f"parting-{timezone.localdate().isoformat()}.{exports.SUFFIX[fmt]}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def backup_download(request: SeekerRequest) -> HttpResponse:
    text = backups.download(request.user)
    response = HttpResponse(text.encode("utf-8"), content_type="application/json")
    name = f"parting-backup-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@post_only("data")
def restore_preview(request: SeekerRequest) -> HttpResponse:
    """Check the backup, keep it under a token, and ask for confirmation."""
    if _too_big(request):
        return _page(request, 400, restore_error=_limit_message())
    form = RestoreForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, 400, restore_form=form)
    upload = form.cleaned_data["file"]
    try:
        raw = _read(upload)
        data = backups.loads(raw, upload.name)
        backups.check(data)  # every row now, so a bad file is refused before confirming
    except DomainError as exc:
        form.add_error("file", f"Nothing restored: {error_text(exc)}")
        return _page(request, 400, restore_form=form)
    token = staging.stage_run(request.user, "restore", upload.name, raw).token
    rows = {label.split(".")[-1]: len(items) for label, items in data["models"].items() if items}
    context = {
        "token": token,
        "filename": upload.name,
        "rows": rows,
        "empty": backups.is_empty(request.user),
        "nav": "data",
    }
    return render(request, "parting/data/restore_confirm.html", context)


@login_required
@post_only("data")
def restore_apply(request: SeekerRequest, token: str) -> HttpResponse:
    """Queue the confirmed restore; the job page follows it."""
    run = get_object_or_404(ImportRun.objects.for_user(request.user), token=token, kind="restore")
    try:
        staging.check(request.user, run)
        job = imports.start_restore(request.user, run, replace=bool(request.POST.get("replace")))
    except DomainError as exc:
        messages.error(request, f"Nothing restored: {error_text(exc)}")
        return redirect("data")
    return redirect("data_job", pk=job.pk)


urlpatterns: list[URLPattern] = [
    path("data/", data_page, name="data"),
    path("data/import/", import_preview, name="data_import"),
    path("data/import/<str:token>/", import_apply, name="data_import_apply"),
    path("data/review/<id:pk>/merge/", review_merge, name="review_merge"),
    path("data/review/<id:pk>/keep/", review_keep, name="review_keep"),
    path(
        "data/review/import/<id:pk>/merge/",
        review_all,
        {"action": "merge"},
        name="review_merge_all",
    ),
    path(
        "data/review/import/<id:pk>/keep/", review_all, {"action": "keep"}, name="review_keep_all"
    ),
    path("data/merges/", merges_page, name="data_merges"),
    path("data/merges/<id:pk>/undo/", merge_undo, name="merge_undo"),
    path("data/export/<str:fmt>/", export_download, name="data_export"),
    path("data/backup/", backup_download, name="data_backup"),
    path("data/restore/", restore_preview, name="data_restore"),
    path("data/restore/<str:token>/", restore_apply, name="data_restore_apply"),
    path("data/jobs/<id:pk>/", job_page, name="data_job"),
]
