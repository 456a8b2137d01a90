"""The coach's side: the caseload (most urgent first), its CSV, the cohort, one seeker's page,
and leaving a note. Every read goes through `sharing.shared_view(s)`; a seeker who does not
share with this account is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET

from parting.core.domain import caseload, coach_view, cohort, sharing
from parting.core.domain.coach_notes import leave_note
from parting.core.domain.errors import DomainError
from parting.data.exports import caseload_csv
from parting.web import charts
from parting.web.forms.sharing import NoteForm
from parting.web.shortcuts import SeekerRequest, add_domain_error, found_or_404


@login_required
@require_GET
def caseload_page(request: SeekerRequest) -> HttpResponse:
    context = {
        "nav": "caseload",
        "rows": caseload.caseload(request.user),
        "ended": sharing.ended_for_coach(request.user),
    }
    return render(request, "parting/coach/caseload.html", context)


@login_required
@require_GET
def caseload_export(request: SeekerRequest) -> HttpResponse:
    response = HttpResponse(
        "\ufeff" + caseload_csv(caseload.caseload(request.user)), content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="caseload.csv"'
    return response


@login_required
@require_GET
def cohort_page(request: SeekerRequest) -> HttpResponse:
    context = {"nav": "caseload", "cohort": cohort.cohort(request.user)}
    return render(request, "parting/coach/cohort.html", context)


def _view(request: SeekerRequest, seeker_id: int) -> sharing.SharedView:
    return found_or_404(sharing.shared_view, request.user, seeker_id)


def _seeker_page(request: SeekerRequest, view: sharing.SharedView, form: NoteForm) -> HttpResponse:
    page = coach_view.seeker_page(view)
    title = f"Referral tree of {view.seeker_name}"
    context = {
        "nav": "caseload",
        "page": page,
        "view": view,
        "form": form,
        "trend_chart": charts.trend_svg(page.trend, charts.week_label),
        "funnel_chart": charts.funnel_svg(page.all_time, "The funnel, all time"),
        "svg": charts.tree_svg(page.forest, title, link=None) if page.forest.roots else "",
    }
    return render(request, "parting/coach/seeker.html", context, status=400 if form.errors else 200)


# The share is looked up before the method is checked: without one, every method is a 404.


@login_required
def seeker_page(request: SeekerRequest, seeker_id: int) -> HttpResponse:
    view = _view(request, seeker_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return _seeker_page(request, view, NoteForm())


@login_required
def note_add(request: SeekerRequest, seeker_id: int) -> HttpResponse:
    """The only thing a coach writes."""
    view = _view(request, seeker_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            leave_note(view, form.cleaned_data["text"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"Note left for {view.seeker_name}.")
            return redirect("coach_seeker", seeker_id=view.seeker.pk)
    return _seeker_page(request, view, form)


urlpatterns = [
    path("caseload/", caseload_page, name="caseload"),
    path("caseload/caseload.csv", caseload_export, name="caseload_export"),
    path("caseload/cohort/", cohort_page, name="caseload_cohort"),
    path("caseload/<id:seeker_id>/", seeker_page, name="coach_seeker"),
    path("caseload/<id:seeker_id>/notes/", note_add, name="coach_note_add"),
]
