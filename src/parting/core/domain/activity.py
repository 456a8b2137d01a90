"""Account activity: sign-ins, shares granted and revoked, tokens, exports and restores, as
the seeker sees them under Settings. Kept for KEEP; older events are pruned as new ones are
recorded, so an account that is never used again keeps its last 180 days."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from parting.core.choices import ActivityKind
from parting.core.domain import clock
from parting.core.domain.errors import Invalid
from parting.core.domain.names import clean_text
from parting.core.domain.types import User
from parting.core.models import Activity

KEEP = dt.timedelta(days=180)
DETAIL_MAX = 300


def record(owner: User, kind: str, detail: str = "") -> Activity:
    """Note one event in `owner`'s account, and forget events older than KEEP."""
    if kind not in ActivityKind.values:
        raise Invalid(f"not a kind of account activity: {kind!r}", field="kind")
    text = clean_text(detail or "")
    if len(text) > DETAIL_MAX:
        text = text[: DETAIL_MAX - 1] + "…"
    prune(owner)
    return Activity.objects.create(owner=owner, kind=kind, detail=text)


def prune(owner: User, now: dt.datetime | None = None) -> int:
    """Delete `owner`'s events older than KEEP; returns how many went."""
    cutoff = (now or clock.now()) - KEEP
    deleted, _ = Activity.objects.filter(owner=owner, created_at__lt=cutoff).delete()
    return deleted


def recent(owner: User, now: dt.datetime | None = None) -> QuerySet[Activity]:
    """The events still kept, newest first (older ones are hidden even before a prune)."""
    cutoff = (now or clock.now()) - KEEP
    return Activity.objects.for_user(owner).filter(created_at__gte=cutoff)
