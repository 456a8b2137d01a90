"""The work-search log: one week's activities on a printable page, as CSV and as PDF."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from parting.core.domain import worklog
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


@login_required
@require_GET
def worklog_page(request: SeekerRequest) -> HttpResponse:
    form, day = _week(request)
    week = worklog.week(request.user, day)
    one_week = dt.timedelta(days=7)
    context = {
        "nav": "insights",
        "form": form,
        "log": week,
        "summary": worklog_files.summary(week),
        "previous_week": week.first_day - one_week,
        "next_week": week.first_day + one_week,
        "profile": get_profile(request.user),
    }
    return render(request, "parting/worklog/page.html", context, status=400 if _bad(form) else 200)


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
]
