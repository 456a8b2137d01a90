"""The Today page's numbers: what is due, what rejections lack an ask, what leads wait."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Exists, OuterRef

from parting.core.choices import FollowUpKind, LeadStatus, Outcome
from parting.core.domain import clock, followups
from parting.core.domain.profiles import get_profile
from parting.core.models import Ask, Conversation, FollowUp, Lead


@dataclass
class Today:
    day: dt.date
    groups: list[tuple[str, str, list[FollowUp]]] = field(default_factory=list)
    unasked: list[Conversation] = field(default_factory=list)
    rejections_this_week: int = 0
    asked_this_week: int = 0
    new_leads: list[Lead] = field(default_factory=list)

    @property
    def due_count(self) -> int:
        return sum(len(items) for _, _, items in self.groups)

    @property
    def ask_rate(self) -> float | None:
        if not self.rejections_this_week:
            return None
        return self.asked_this_week / self.rejections_this_week


def rejections_without_ask(user: Any, since: dt.datetime) -> Any:
    has_ask = Ask.objects.filter(conversation=OuterRef("pk"))
    return (
        Conversation.objects.for_user(user)
        .filter(outcome=Outcome.REJECTED, at__gte=since)
        .annotate(has_ask=Exists(has_ask))
        .select_related("contact", "company")
        .order_by("-at")
    )


def today(user: Any, at: dt.datetime | None = None) -> Today:
    """Everything the home page shows, in a fixed number of queries."""
    profile = get_profile(user)
    tz = clock.zone(profile.timezone)
    now = at or clock.now()
    day = now.astimezone(tz).date()
    week_from = dt.datetime.combine(clock.week_start(day), dt.time.min, tzinfo=tz)

    order = {kind: i for i, kind in enumerate(FollowUpKind.values)}
    due = sorted(followups.due(user, day), key=lambda f: (order.get(f.kind, 99), f.due_on, f.pk))
    labels = dict(FollowUpKind.choices)
    groups = [
        (kind, labels.get(kind, kind), list(items))
        for kind, items in groupby(due, key=lambda f: f.kind)
    ]
    week = list(rejections_without_ask(user, week_from))
    new_leads = list(
        Lead.objects.for_user(user)
        .filter(status=LeadStatus.NEW)
        .select_related("contact", "company", "referrer")
        .order_by("-created_at")[:20]
    )
    return Today(
        day=day,
        groups=groups,
        unasked=[c for c in week if not c.has_ask],
        rejections_this_week=len(week),
        asked_this_week=sum(1 for c in week if c.has_ask),
        new_leads=new_leads,
    )
