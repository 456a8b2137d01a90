"""Template context shared by every page."""

from typing import Any

from django.http import HttpRequest

from parting.core.domain import clock, followups, sharing
from parting.core.domain.profiles import today_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.headers.get("HX-Request"):
        return {}
    profile = getattr(request, "seeker_profile", None)  # read once by SeekerTimeZoneMiddleware
    today = clock.local_today(profile.timezone) if profile else today_for(user)
    return {
        "nav_due_count": followups.due_count(user, today),
        "proposed_zone": request.session.get("proposed_zone"),
        "is_coach": sharing.is_coach(user),
    }
