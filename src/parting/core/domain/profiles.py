"""The seeker's profile."""

from __future__ import annotations

import datetime as dt
from typing import Any

from parting.core.domain import clock
from parting.core.models import Profile


def get_profile(user: Any) -> Profile:
    profile, _ = Profile.objects.get_or_create(owner=user)
    return profile


def today_for(user: Any, at: dt.datetime | None = None) -> dt.date:
    """Today in the seeker's own time zone."""
    return clock.local_today(get_profile(user).timezone, at)
