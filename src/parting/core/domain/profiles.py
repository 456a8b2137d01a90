"""The seeker's profile."""

from __future__ import annotations

import datetime as dt

from parting.core.domain import clock
from parting.core.domain.types import User
from parting.core.models import Profile


def get_profile(user: User) -> Profile:
    profile, _ = Profile.objects.get_or_create(owner=user)
    return profile


def today_for(user: User, at: dt.datetime | None = None) -> dt.date:
    """Today in the seeker's own time zone."""
    return clock.local_today(get_profile(user).timezone, at)
