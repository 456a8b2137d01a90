"""The weekly review: the last seven days of the method on one printable page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from parting.core.domain import clock, funnel, people, tree
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import FollowUp, Lead

LIMIT = 25


@dataclass
class Door:
    node: tree.Node
    sentence: str


@dataclass
class Review:
    first_day: dt.date
    last_day: dt.date
    funnel: funnel.Funnel
    leads: list[Lead]
    doors: list[Door]
    thanks_owed: list[FollowUp]


def week_review(user: User, today: dt.date | None = None) -> Review:
    """The seven days ending today (in the seeker's zone): funnel, new leads, the interviews
    and offers with the path back to their "no", and the thank-yous still owed."""
    tz_name = get_profile(user).timezone
    tz = clock.zone(tz_name)
    today = today or clock.local_today(tz_name)
    first = today - dt.timedelta(days=6)
    since = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
    until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    (counts,) = funnel.series(user, [since, until])
    leads = list(
        Lead.objects.for_user(user)
        .filter(created_at__gte=since, created_at__lt=until)
        .select_related("referrer", "contact", "company")
        .order_by("-created_at", "-id")[:LIMIT]
    )
    doors = [
        Door(node, tree.door_sentence(node))
        for node in tree.doors_between(user, since, until)[:LIMIT]
    ]
    owed = list(people.thanks_owed(user)[:LIMIT])
    return Review(first, today, counts, leads, doors, owed)
