"""Time as the seeker sees it. Tests freeze it with time-machine."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def local(at: dt.datetime) -> dt.datetime:
    """`at` in the active zone: the seeker's, set by the web middleware or the CLI."""
    return timezone.localtime(at)


def zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def local_today(tz_name: str, at: dt.datetime | None = None) -> dt.date:
    """The date in the seeker's time zone."""
    return (at or now()).astimezone(zone(tz_name)).date()


@functools.lru_cache(maxsize=4096)  # pages class thousands of leads by a few hundred days
def add_business_days(start: dt.date, days: int) -> dt.date:
    """`days` working days after `start`, skipping Saturdays and Sundays."""
    # Any seven days hold five working days; the last one or more are counted day by day,
    # so the answer is a working day.
    weeks = max(days - 1, 0) // 5
    current, remaining = start + dt.timedelta(weeks=weeks), days - 5 * weeks
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def week_start(day: dt.date) -> dt.date:
    """Monday of the week holding `day`."""
    return day - dt.timedelta(days=day.weekday())
