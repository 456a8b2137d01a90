"""The last real contact with a person: the latest conversation in any channel (a call, a
meeting, an email logged from the mailbox). Contact pages, Today and the caseload all read
it from here, and "N days after the last contact" follow-ups count from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery

from parting.core.choices import Channel
from parting.core.domain import clock
from parting.core.domain.profiles import get_profile, today_for
from parting.core.domain.types import User
from parting.core.models import Contact, Conversation


@dataclass(frozen=True)
class Seen:
    at: dt.datetime
    channel: str

    def days(self, today: dt.date, tz: dt.tzinfo) -> int:
        return max((today - self.at.astimezone(tz).date()).days, 0)

    def text(self, today: dt.date, tz: dt.tzinfo) -> str:
        """`12 days ago (email)`, `today (phone)`."""
        days = self.days(today, tz)
        when = {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")
        return f"{when} ({Channel(self.channel).label.lower()})"


def _latest(ref: str, field: str) -> Subquery:
    rows = Conversation.objects.filter(
        owner_id=OuterRef("owner_id"), contact_id=OuterRef(ref), at__lte=clock.now()
    ).order_by("-at", "-id")
    return Subquery(rows.values(field)[:1])


def account_latest(now: dt.datetime) -> Subquery:
    """The seeker's last real contact with anyone, for a query over accounts (the caseload)."""
    rows = Conversation.objects.filter(owner=OuterRef("pk"), at__lte=now).order_by("-at")
    return Subquery(rows.values("at")[:1])


def annotate(rows: Any, ref: str = "pk") -> Any:
    """Rows (contacts, or rows pointing at one through `ref`) with `last_at` and
    `last_channel`, in the same query."""
    return rows.annotate(last_at=_latest(ref, "at"), last_channel=_latest(ref, "channel"))


def seen_of(row: Any) -> Seen | None:
    """The last contact of a row `annotate` read."""
    at = getattr(row, "last_at", None)
    return Seen(at, row.last_channel) if at is not None else None


def last_contact(contact: Contact) -> Seen | None:
    found = (
        Conversation.objects.filter(owner_id=contact.owner_id, contact=contact, at__lte=clock.now())
        .order_by("-at", "-id")
        .values_list("at", "channel")
        .first()
    )
    return Seen(*found) if found else None


def describe(user: User, contact: Contact) -> str:
    """`12 days ago (email)` in the seeker's days, or "" when nobody talked yet."""
    seen = last_contact(contact)
    if seen is None:
        return ""
    return seen.text(today_for(user), clock.zone(get_profile(user).timezone))
