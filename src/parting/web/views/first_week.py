"""The first week: six steps on Today and on their own page, done by real actions; and the
weekly review's "one thing to change", which is the last of them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from parting.core.domain import first_week
from parting.core.domain.errors import DomainError
from parting.core.domain.types import User
from parting.core.models import Profile
from parting.web.fragments import back
from parting.web.shortcuts import SeekerRequest, error_text, post_only

# Where the web does each step.
ACTIONS = {
    "questions": "questions",
    "practise": "drill",
    "script": "script",
    "call": "call",
    "thank": "lead_board",
    "review": "insights_week",
}


def steps(progress: first_week.Progress) -> list[dict[str, object]]:
    """Each step with its number, whether it is done and the link that does it."""
    upcoming = progress.next_step
    return [
        {
            "number": number,
            "step": step,
            "done": done,
            "next": step is upcoming,
            "url": reverse(ACTIONS[step.key]),
        }
        for number, (step, done) in enumerate(progress.steps, start=1)
    ]


def today_card(user: User, profile: Profile) -> dict[str, object]:
    """What Today's checklist card shows (parting/first_week/_card.html): nothing to work out
    once the seeker put it away."""
    if profile.first_week_dismissed_at is not None:
        progress = first_week.put_away()
    else:
        progress = first_week.progress(user, profile)
    return {
        "first_week": progress,
        "first_week_steps": steps(progress) if progress.shown else [],
    }


@login_required
@require_GET
def first_week_page(request: SeekerRequest) -> HttpResponse:
    progress = first_week.progress(request.user)
    context = {"nav": "today", "progress": progress, "steps": steps(progress)}
    return render(request, "parting/first_week/page.html", context)


@login_required
@post_only("first_week")
def first_week_dismiss(request: SeekerRequest) -> HttpResponse:
    first_week.dismiss(request.user)
    messages.success(
        request,
        "The first week is put away. Bring it back from “Your first week” in the account menu.",
    )
    return back(request, "today")


@login_required
@post_only("first_week")
def first_week_resume(request: SeekerRequest) -> HttpResponse:
    first_week.resume(request.user)
    messages.success(request, "The first week is back on Today.")
    return back(request, "today")


@login_required
@post_only("insights_week")
def week_change(request: SeekerRequest) -> HttpResponse:
    """The weekly review's one thing to change next week."""
    try:
        first_week.note_week_change(request.user, request.POST.get("change", ""))
    except DomainError as exc:
        messages.error(request, f"Not saved: {error_text(exc)}.")
    else:
        messages.success(request, "Saved: one thing to change next week.")
    return back(request, "insights_week")


urlpatterns = [
    path("first-week/", first_week_page, name="first_week"),
    path("first-week/dismiss/", first_week_dismiss, name="first_week_dismiss"),
    path("first-week/resume/", first_week_resume, name="first_week_resume"),
    path("insights/week/change/", week_change, name="week_change"),
]
