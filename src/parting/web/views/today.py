"""Today, the home page: what is due, which rejections still want a question, new leads.

Follow-ups are marked done, undone and snoozed in place (htmx swaps one item).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parting.core.domain import followups
from parting.core.domain import today as today_domain
from parting.core.domain.errors import DomainError
from parting.core.domain.profiles import today_for
from parting.core.models import Conversation, FollowUp
from parting.web.forms.calls import apply_domain_error
from parting.web.forms.followups import FollowUpAddForm, SnoozeForm
from parting.web.fragments import back, is_htmx

ITEM = "parting/today/_followup.html"


@login_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    user = request.user
    summary = today_domain.today(user, per_group=None if request.GET.get("all") else 20)
    context = {
        "nav": "today",
        "summary": summary,
        "day": summary.day,
        "add_form": FollowUpAddForm(user, today=summary.day),
        "has_calls": Conversation.objects.for_user(user).exists(),
        "next": request.get_full_path(),
    }
    return render(request, "parting/today/page.html", context)


def _followup(request: HttpRequest, pk: int) -> FollowUp:
    """The user's follow-up, else 404 (R9)."""
    mine = FollowUp.objects.for_user(request.user).select_related(
        "contact", "contact__company", "lead", "lead__contact", "lead__company"
    )
    return get_object_or_404(mine, pk=pk)


def _item(request: HttpRequest, followup: FollowUp, error: str = "") -> HttpResponse:
    """The follow-up's list item for htmx; otherwise back where the button was."""
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        return back(request, "today")
    context = {"followup": followup, "day": today_for(request.user), "error": error}
    return render(request, ITEM, context, status=400 if error else 200)


@login_required
@require_POST
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _followup(request, pk)
    return _item(request, followups.mark_done(request.user, followup))


@login_required
@require_POST
def followup_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _followup(request, pk)
    return _item(request, followups.reopen(request.user, followup))


@login_required
@require_POST
def followup_snooze(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _followup(request, pk)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        return _item(request, followup, "Snooze by 1 to 366 days.")
    try:
        followups.snooze(request.user, followup, form.cleaned_data["days"])
    except DomainError as exc:
        return _item(request, followup, exc.message)
    return _item(request, followup)


@login_required
@require_http_methods(["GET", "POST"])
def followup_add(request: HttpRequest) -> HttpResponse:
    """A custom follow-up: a title, a day and maybe a contact."""
    user = request.user
    form = FollowUpAddForm(user, request.POST or None, today=today_for(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            followup = followups.add_followup(
                user, data["title"], contact=data["contact"], on=data["due_on"]
            )
        except DomainError as exc:
            apply_domain_error(form, exc)
        else:
            due = followup.due_on
            messages.success(
                request, f"Follow-up added for {due:%a} {due.day} {due:%b}: {followup.title}"
            )
            return back(request, "today")
    status = 400 if form.is_bound and form.errors else 200
    context: dict[str, Any] = {"nav": "today", "add_form": form}
    return render(request, "parting/today/followup_new.html", context, status=status)


urlpatterns = [
    path("", today, name="today"),
    path("followups/new/", followup_add, name="followup_add"),
    path("followups/<int:pk>/done/", followup_done, name="followup_done"),
    path("followups/<int:pk>/reopen/", followup_reopen, name="followup_reopen"),
    path("followups/<int:pk>/snooze/", followup_snooze, name="followup_snooze"),
]
