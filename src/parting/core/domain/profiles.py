"""The seeker's profile."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager

from django.utils import timezone

from parting.core.domain import clock
from parting.core.domain.types import User
from parting.core.models import Profile


def get_profile(user: User) -> Profile:
    profile, _ = Profile.objects.get_or_create(owner=user)
    return profile


def today_for(user: User, at: dt.datetime | None = None) -> dt.date:
    """Today in the seeker's own time zone."""
    return clock.local_today(get_profile(user).timezone, at)


def zone_of(user: User) -> dt.tzinfo:
    """The seeker's own time zone (UTC until they choose one)."""
    return clock.zone(get_profile(user).timezone)


def seeker_time(user: User) -> AbstractContextManager[None]:
    """Show and read times in `user`'s zone for work done outside a web request."""
    return timezone.override(zone_of(user))
