"""Open follow-ups as iCalendar, and the private feed URL that calendars subscribe to.

All-day events (VALUE=DATE) need no VTIMEZONE; a stable UID per follow-up with a rising
SEQUENCE and LAST-MODIFIED lets subscribed calendars update instead of duplicating.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from django.conf import settings

from parting.core.domain import clock, followups
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import FollowUp, Profile

if TYPE_CHECKING:  # icalendar takes a third of a second to import: only when a feed is built
    import icalendar

PRODID = "-//Parting//Follow-ups//EN"
REFRESH = dt.timedelta(hours=12)
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def host() -> str:
    return urlparse(settings.PARTING_BASE_URL).hostname or "localhost"


def uid(followup: FollowUp) -> str:
    """Stable for the life of the follow-up, whatever changes."""
    return f"followup-{followup.pk}@{host()}"


Link = Callable[[FollowUp], str]


def calendar_for(user: User, link: Link | None = None) -> bytes:
    """The user's open follow-ups as an iCalendar file (CRLF, folded at 75 octets).

    `link` gives each event's URL (the door knows the site's address)."""
    return build_calendar(user, link).to_ical()


def event_count(cal: icalendar.Calendar) -> int:
    """The events in a calendar, counted as components (a title may read BEGIN:VEVENT)."""
    import icalendar

    return sum(1 for part in cal.subcomponents if isinstance(part, icalendar.Event))


def build_calendar(user: User, link: Link | None = None) -> icalendar.Calendar:
    """The user's open follow-ups as an iCalendar object, one event each."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Parting follow-ups")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")  # Outlook reads a plain duration text
    stamp = clock.now().astimezone(dt.UTC)
    for followup in followups.open_followups(user).order_by("due_on", "id"):
        cal.add_component(event(followup, stamp, link))
    return cal


def event(followup: FollowUp, stamp: dt.datetime, link: Link | None = None) -> icalendar.Event:
    """One follow-up as an all-day event on its due date."""
    import icalendar

    item = icalendar.Event()
    item.add("uid", uid(followup))
    item.add("dtstamp", stamp)
    item.add("dtstart", followup.due_on)
    # A day stored before dates were bounded may be the last one a date can hold.
    if followup.due_on < dt.date.max:
        item.add("dtend", followup.due_on + dt.timedelta(days=1))
    item.add("summary", followup.title)
    item.add("description", _description(followup))
    item.add("sequence", followup.sequence)
    item.add("last-modified", followup.updated_at.astimezone(dt.UTC))
    item.add("transp", "TRANSPARENT")
    item.add("categories", [followup.get_kind_display()])
    if link is not None:
        item.add("url", link(followup))
    return item


def _description(followup: FollowUp) -> str:
    lines = [followup.get_kind_display()]
    if followup.contact is not None:
        lines.append(f"With: {followup.contact.label}")
    if followup.lead is not None:
        lines.append(f"Lead: {followup.lead.name}")
    if followup.note:
        lines.append(followup.note)
    return "\n".join(lines)


# The private feed -----------------------------------------------------------------------


def feed_token(user: User) -> str:
    """The user's feed secret, made on first use."""
    profile = get_profile(user)
    if not profile.calendar_token:
        return rotate_token(user)
    return profile.calendar_token


def rotate_token(user: User) -> str:
    """A new secret; the old feed URL stops working at once."""
    profile = get_profile(user)
    profile.calendar_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["calendar_token"])
    return profile.calendar_token


def feed_user(user_id: int, token: str) -> User | None:
    """The owner of a feed, or None for a malformed, wrong or rotated token.

    Compared in constant time, so the response time tells nothing about the secret."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    profile = (
        Profile.objects.filter(owner_id=user_id, owner__is_active=True)
        .select_related("owner")
        .first()
    )
    stored = profile.calendar_token if profile else ""
    # Compare even when there is no profile, so both paths take the same time.
    matches = hmac.compare_digest(stored.encode() or b"-", token.encode())
    return profile.owner if profile and stored and matches else None
