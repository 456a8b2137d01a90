"""Settings: the seeker's profile (name, phone, skills, roles, niche, time zone, region)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from parting.core.domain.errors import DomainError
from parting.core.domain.network import format_phone
from parting.core.domain.profile_update import timezones, update_profile
from parting.core.domain.profiles import get_profile
from parting.web.forms.questions import ProfileForm
from parting.web.shortcuts import SeekerRequest, add_domain_error


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
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_profile(request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "Profile saved.")
            return redirect("settings")
    status = 400 if request.method == "POST" else 200
    context = {"nav": "settings", "tab": "settings", "form": form, "timezones": timezones()}
    return render(request, "parting/settings/profile.html", context, status=status)


urlpatterns = [path("settings/", profile_settings, name="settings")]
