"""Settings: the seeker's profile (name, phone, skills, roles, niche, time zone, region)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from parting.core.domain.errors import DomainError
from parting.core.domain.network import format_phone
from parting.core.domain.profile_update import (
    checked_profile,
    timezones,
    update_profile,
    zone_to_propose,
)
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.web.forms.questions import ProfileForm
from parting.web.shortcuts import SeekerRequest, add_domain_error, post_only


@login_required
@require_http_methods(["GET", "POST"])
def profile_settings(request: SeekerRequest) -> HttpResponse:
    profile = get_profile(request.user)
    initial = {
        "name": profile.name,
        "phone": format_phone(profile.phone),
        "skills": profile.skills,
        "target_roles": profile.target_roles,
        "niche": profile.niche,
        "timezone": profile.timezone,
        "phone_region": profile.phone_region,
        "worklog_activities": profile.worklog_activities,
        "worklog_employer_contacts": profile.worklog_employer_contacts,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST":
        valid = form.is_valid()
        try:  # the domain's checks run on the fields the form took, so all errors show at once
            checked_profile(profile, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        if valid and form.is_valid():
            update_profile(request.user, **form.cleaned_data)
            messages.success(request, "Profile saved.")
            return redirect("settings")
    status = 400 if request.method == "POST" else 200
    zones = [{"name": n, "city": n.rsplit("/", 1)[-1].replace("_", " ")} for n in timezones()]
    context = {"nav": "settings", "tab": "settings", "form": form, "timezones": zones}
    return render(request, "parting/settings/profile.html", context, status=status)


# The first sign-in proposes the browser's zone (sent by parting.js in a hidden field);
# the seeker confirms or keeps their own on the next page.
PROPOSED_ZONE = "proposed_zone"


def propose_browser_zone(request: HttpRequest, user: User) -> None:
    """Remember the browser's zone to offer it, if it differs from `user`'s."""
    zone = zone_to_propose(user, request.POST.get("browser_zone", ""))
    if zone:
        request.session[PROPOSED_ZONE] = zone


@login_required
@post_only("settings")
def answer_zone_prompt(request: SeekerRequest) -> HttpResponse:
    """Use the proposed zone, or keep the profile's; either way stop asking."""
    zone = request.session.pop(PROPOSED_ZONE, None)
    if zone and request.POST.get("answer") == "use":
        update_profile(request.user, timezone=zone)
        messages.success(request, f"Times now show in {zone}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "today"
    return redirect(target)


urlpatterns = [
    path("settings/", profile_settings, name="settings"),
    path("settings/timezone/", answer_zone_prompt, name="settings_timezone"),
]
