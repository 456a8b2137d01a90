"""Calendar and digest: the private feed (and its rotation), digest opt-out, cadence days."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from parting.core.domain import calendar
from parting.core.domain.profiles import get_profile
from parting.web import links
from parting.web.forms.calendar import FollowUpSettingsForm
from parting.web.shortcuts import SeekerRequest


@login_required
@require_http_methods(["GET", "POST"])
def settings_calendar(request: SeekerRequest) -> HttpResponse:
    profile = get_profile(request.user)
    form = FollowUpSettingsForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect("settings_calendar")
    context = {
        "nav": "settings",
        "form": form,
        "feed_url": links.feed_url(request.user, links.request_site(request)),
        "webcal_url": links.webcal_url(request.user, links.request_site(request)),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "parting/calendar/settings.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_rotate(request: SeekerRequest) -> HttpResponse:
    """GET asks to confirm; POST replaces the secret so the old URL stops working."""
    if request.method == "POST":
        calendar.rotate_token(request.user)
        messages.success(request, "New feed address made; the old one no longer works.")
        return redirect("settings_calendar")
    return render(request, "parting/calendar/rotate.html", {"nav": "settings"})


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, user_id: int, token: str) -> HttpResponse:
    """The feed a calendar app polls; the secret in the URL is the only key (no login)."""
    owner = calendar.feed_user(user_id, token)
    if owner is None:
        raise Http404("no such calendar")
    response = HttpResponse(
        calendar.calendar_for(owner, links.followup_link(links.request_site(request))),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="parting.ics"'
    return response


urlpatterns = [
    path("settings/calendar/", settings_calendar, name="settings_calendar"),
    path("settings/calendar/rotate/", calendar_rotate, name="calendar_rotate"),
    path("calendar/<id:user_id>/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
