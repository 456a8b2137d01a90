"""Today, the home page: what is due, which rejections still want a question, new leads.

Follow-ups are marked done, undone and snoozed in place (htmx swaps one item).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.urls import get_script_prefix, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from parting.core.domain import captures, coach_notes, followups, webhooks
from parting.core.domain import today as today_domain
from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import DomainError
from parting.core.domain.profiles import today_for
from parting.core.models import FollowUp, Profile
from parting.web.forms.followups import BulkForm, FollowUpAddForm, FollowUpEditForm, SnoozeForm
from parting.web.fragments import back, is_htmx, next_url
from parting.web.shortcuts import (
    SeekerRequest,
    add_domain_error,
    error_text,
    owned_or_404,
    post_only,
    profile_of,
)
from parting.web.views import first_week as first_week_views

ITEM = "parting/today/_followup.html"
MENU = "parting/today/_menu.html"


@login_required
@require_GET
def today(request: SeekerRequest) -> HttpResponse:
    return _page(request)


def _page(
    request: SeekerRequest, bulk_form: BulkForm | None = None, status: int = 200
) -> HttpResponse:
    """Today, or with ?view=week everything open through Sunday, grouped by day."""
    user = request.user
    profile = profile_of(request)
    per_group = None if request.GET.get("all") else today_domain.PER_GROUP
    summary = today_domain.today(user, per_group=per_group, profile=profile)
    week = request.GET.get("view") == "week"
    ticked = _ticked(bulk_form)
    here = request.get_full_path() if request.method == "GET" else reverse("today")
    context = {
        "nav": "today",
        "summary": summary,
        "day": summary.day,
        "view": "week" if week else "today",
        "week_end": followups.week_end(summary.day),
        "week_days": _by_day(followups.this_week(user)[:200]) if week else [],
        "bulk_form": bulk_form or BulkForm(),
        "bulk_ticked": ticked,
        # The lists' rendered text is remembered with the summary's data (the partial tag's
        # `keep`): this names all else it depends on. Ticked rows are drawn afresh.
        "keep": "" if ticked or week else _keep(summary.day, per_group, profile, here),
        "presets": followups.PRESETS,
        "tomorrow": summary.day + dt.timedelta(days=1),
        "has_calls": summary.has_calls,
        "wrote_questions": summary.wrote_questions,
        "coach_notes": list(coach_notes.notes_for(user)[:10]),
        **first_week_views.today_card(user, profile),
        "failed_webhooks": webhooks.disabled_by_failure(user),
        "kept_captures": captures.kept_count(user),
        "next": here,
    }
    return render(request, "parting/today/page.html", context, status=status)


def _keep(day: dt.date, per_group: int | None, profile: Profile, here: str) -> str:
    shape = (day.isoformat(), per_group, today_domain.shaped_by(profile), here)
    return repr((shape, get_script_prefix()))


def _ticked(form: BulkForm | None) -> set[int]:
    """Ids ticked before a refused bulk action, so they stay ticked."""
    if form is None:
        return set()
    return {pk for v in form["ids"].value() or [] if (pk := parse_id(v))}


def _by_day(items: Iterable[FollowUp]) -> list[tuple[dt.date, list[FollowUp]]]:
    return [(day, list(group)) for day, group in groupby(items, key=lambda f: f.due_on)]


def _followup(request: SeekerRequest, pk: int) -> FollowUp:
    """The user's follow-up, else 404 (R9)."""
    mine = FollowUp.objects.for_user(request.user).select_related(
        "contact", "contact__company", "lead", "lead__contact", "lead__company"
    )
    return owned_or_404(mine, request.user, pk)


def _item(request: SeekerRequest, followup: FollowUp, error: str = "") -> HttpResponse:
    """The follow-up's list item for htmx; otherwise back where the button was."""
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        return back(request, "today")
    context = {
        "followup": followup,
        "day": today_for(request.user),
        "error": error,
        "presets": followups.PRESETS,
        "next": request.POST.get("next", ""),
    }
    return render(request, ITEM, context, status=400 if error else 200)


@login_required
@require_GET
def followup_menu(request: SeekerRequest, pk: int) -> HttpResponse:
    """A row's other actions (done, the message, snooze, edit): fetched into Today's row menu
    when it is opened, so Today draws one button a row; without scripts, a page of its own."""
    followup = _followup(request, pk)
    context = {
        "nav": "today",
        "followup": followup,
        "day": today_for(request.user),
        "presets": followups.PRESETS,
        "next": next_url(request) or reverse("today"),
    }
    if is_htmx(request):
        return render(request, MENU, context)
    return render(request, "parting/today/followup_menu.html", context)


@login_required
@post_only("today")
def followup_done(request: SeekerRequest, pk: int) -> HttpResponse:
    followup = _followup(request, pk)
    return _item(request, followups.mark_done(request.user, followup))


@login_required
@post_only("today")
def followup_reopen(request: SeekerRequest, pk: int) -> HttpResponse:
    followup = _followup(request, pk)
    return _item(request, followups.reopen(request.user, followup))


@login_required
@post_only("today")
def followup_snooze(request: SeekerRequest, pk: int) -> HttpResponse:
    followup = _followup(request, pk)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        return _item(request, followup, "Snooze to tomorrow, next week, a date, or 1 to 366 days.")
    try:
        day = form.target(request.user)
        if day is None:
            followups.snooze(request.user, followup, form.cleaned_data["days"])
        else:
            followups.snooze_until(request.user, followup, day)
    except DomainError as exc:
        return _item(request, followup, error_text(exc))
    return _item(request, followup)


@login_required
@post_only("today")
def followup_bulk(request: SeekerRequest) -> HttpResponse:
    """The ticked follow-ups: all done, or all snoozed to one day. All or nothing."""
    user = request.user
    form = BulkForm(request.POST)
    if form.is_valid():
        ids = form.cleaned_data["ids"]
        try:
            day = form.target(user)
            if day is None:
                changed = followups.done_many(user, ids)
                verb = "Marked done"
            else:
                changed = followups.snooze_many(user, ids, day)
                verb = f"Snoozed to {day:%a} {day.day} {day:%b}"
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{verb}: {len(changed)} follow-up{pluralize(changed)}.")
            return back(request, "today")
    return _page(request, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def followup_add(request: SeekerRequest) -> HttpResponse:
    """A custom follow-up: a title, a day and maybe a contact."""
    user = request.user
    form = FollowUpAddForm(user, request.POST or None, today=today_for(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            after = data.get("after_last_contact")
            followup = followups.add_followup(
                user,
                data["title"],
                contact=data["contact"],
                on=None if after else data["due_on"],
                after_last_contact=after,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            due = followup.due_on
            messages.success(
                request, f"Follow-up added for {due:%a} {due.day} {due:%b}: {followup.title}"
            )
            return back(request, "today")
    status = 400 if form.is_bound and form.errors else 200
    context: dict[str, Any] = {"nav": "today", "add_form": form}
    return render(request, "parting/today/followup_new.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def followup_edit(request: SeekerRequest, pk: int) -> HttpResponse:
    """Retitle a follow-up or move its day; subscribed calendars see the change."""
    followup = _followup(request, pk)
    initial = {"title": followup.title, "due_on": followup.due_on}
    form = FollowUpEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            followups.update_followup(
                request.user, followup, title=data["title"], due_on=data["due_on"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            due = followup.due_on
            messages.success(request, f"Saved for {due:%a} {due.day} {due:%b}: {followup.title}")
            return back(request, "today")
    status = 400 if form.is_bound and form.errors else 200
    context = {
        "nav": "today",
        "form": form,
        "followup": followup,
        "next": next_url(request) or reverse("today"),
    }
    return render(request, "parting/today/followup_edit.html", context, status=status)


urlpatterns = [
    path("", today, name="today"),
    path("followups/new/", followup_add, name="followup_add"),
    path("followups/<id:pk>/done/", followup_done, name="followup_done"),
    path("followups/<id:pk>/reopen/", followup_reopen, name="followup_reopen"),
    path("followups/<id:pk>/snooze/", followup_snooze, name="followup_snooze"),
    path("followups/<id:pk>/menu/", followup_menu, name="followup_menu"),
    path("followups/<id:pk>/edit/", followup_edit, name="followup_edit"),
    path("followups/bulk/", followup_bulk, name="followup_bulk"),
]
