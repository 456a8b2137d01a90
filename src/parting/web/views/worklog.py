"""The work-search log: one week's activities on a printable page, as CSV and as PDF; and a
shared seeker's week as their coach may read it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from parting.core.domain import sharing, worklog
from parting.core.domain.errors import NotFound
from parting.core.domain.profiles import get_profile
from parting.data import worklog as worklog_files
from parting.web.forms.insights import WeekForm
from parting.web.shortcuts import SeekerRequest


def _week(request: SeekerRequest) -> tuple[WeekForm, dt.date | None]:
    """The ?week= asked for; the form carries the error when it is not a date."""
    form = WeekForm(request.GET or None)
    if request.GET.get("week") and form.is_valid():
        return form, form.cleaned_data.get("week")
    return form, None


def _bad(form: WeekForm) -> bool:
    return form.is_bound and not form.is_valid()


def _context(form: WeekForm, week: worklog.Week) -> dict[str, Any]:
    one_week = dt.timedelta(days=7)
    return {
        "form": form,
        "log": week,
        "previous_week": week.first_day - one_week,
        "next_week": week.first_day + one_week,
    }


@login_required
@require_GET
def worklog_page(request: SeekerRequest) -> HttpResponse:
    form, day = _week(request)
    context = _context(form, worklog.week(request.user, day))
    context.update(nav="insights", profile=get_profile(request.user))
    return render(request, "parting/worklog/page.html", context, status=400 if _bad(form) else 200)


# The share is looked up before the method is checked: without one, every method is a 404.


@login_required
def coach_worklog(request: SeekerRequest, seeker_id: int) -> HttpResponse:
    """A shared seeker's week, through the share's scope: `numbers` shows the counts alone."""
    try:
        view = sharing.shared_view(request.user, seeker_id)
    except NotFound:
        raise Http404("no such seeker") from None
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    form, day = _week(request)
    context = _context(form, worklog.shared(view, day))
    context.update(nav="caseload", view=view)
    status = 400 if _bad(form) else 200
    return render(request, "parting/worklog/shared.html", context, status=status)


def _download(request: SeekerRequest, fmt: str) -> HttpResponse:
    form, day = _week(request)
    if _bad(form):
        errors = form.errors.get("week") or ["not a date"]
        return HttpResponse(f"Not a week: {errors[0]}", status=400, content_type="text/plain")
    week = worklog.week(request.user, day)
    if fmt == "csv":
        body: bytes = ("\ufeff" + worklog_files.csv_text(week)).encode("utf-8")
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        profile = get_profile(request.user)
        seeker = " · ".join(x for x in (profile.name, request.user.email) if x)
        body = worklog_files.pdf_bytes(week, seeker, profile.phone_region)
        response = HttpResponse(body, content_type="application/pdf")
    name = worklog_files.filename(week, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def worklog_csv(request: SeekerRequest) -> HttpResponse:
    return _download(request, "csv")


@login_required
@require_GET
def worklog_pdf(request: SeekerRequest) -> HttpResponse:
    return _download(request, "pdf")


urlpatterns = [
    path("worklog/", worklog_page, name="worklog"),
    path("worklog/log.csv", worklog_csv, name="worklog_csv"),
    path("worklog/log.pdf", worklog_pdf, name="worklog_pdf"),
    path("caseload/<id:seeker_id>/worklog/", coach_worklog, name="coach_worklog"),
]
