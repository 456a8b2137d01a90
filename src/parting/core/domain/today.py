"""The Today page's numbers: what is due, what rejections lack an ask, what leads wait."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.db.models import Case, CharField, Count, F, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from parting.core.choices import FollowUpKind, LeadStatus, Outcome
from parting.core.domain import (
    calls,
    clock,
    followups,
    freshness,
    last_contact,
    questions,
    worklog,
    yields,
)
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import Conversation, FollowUp, Lead, Profile


@dataclass
class Today:
    day: dt.date
    # Overdue first, then due today by kind: (kind or "overdue", label, the first items,
    # how many more are due but not listed).
    groups: list[tuple[str, str, list[FollowUp], int]] = field(default_factory=list)
    # The next day with something due, and what: so a seeker who just saved leads sees
    # what was scheduled for them.
    up_next: list[FollowUp] = field(default_factory=list)
    up_next_more: int = 0
    unasked: list[Conversation] = field(default_factory=list)
    rejections_this_week: int = 0
    asked_this_week: int = 0
    new_leads: list[Lead] = field(default_factory=list)
    # This week's work-search count, when the profile asks for any.
    worklog_week: worklog.Counts | None = None
    # Whether any call was ever logged (else Today welcomes), and whether the seeker wrote a
    # question of their own (else practice waits).
    has_calls: bool = False
    wrote_questions: bool = False

    @property
    def due_count(self) -> int:
        return sum(len(items) + more for _, _, items, more in self.groups)

    @property
    def ask_rate(self) -> float | None:
        if not self.rejections_this_week:
            return None
        return self.asked_this_week / self.rejections_this_week


# What Today shows of each row, and no more: the other columns (notes, timestamps) would
# be read and converted for nothing, dozens of rows a page.
FOLLOWUP_SHOWN = (
    "kind", "title", "due_on", "status", "done_at", "contact__name",
    "lead__contact_id", "lead__company_id", "lead__contact__name", "lead__company__name",
)  # fmt: skip
LEAD_SHOWN = ("permission", "contact__name", "company__name", "referrer__name")
UNASKED_SHOWN = ("kind", "at", "contact__name", "company__name")
OVERDUE = "overdue"
UP_NEXT = 5
# Today lists this many of each group, the most urgent first, and links to the rest: a list
# of next actions to work down on a phone, not every follow-up the account has due.
PER_GROUP = 5


def rejections_without_ask(user: User, since: dt.datetime) -> QuerySet[Conversation]:
    """R1's nudge: rejections since `since` that still want their parting question."""
    mine = Conversation.objects.for_user(user).filter(outcome=Outcome.REJECTED, at__gte=since)
    return (
        calls.with_ask_flags(user, mine)
        .filter(needs_ask=True)  # type: ignore[misc]  # an annotation the stubs cannot see
        .select_related("contact", "company")
        .order_by("-at")
    )


def _due_shown(user: User, day: dt.date) -> QuerySet[FollowUp]:
    return (
        followups.due(user, day)
        .select_related(None)
        .select_related("contact", "lead__contact", "lead__company")
        .only(*FOLLOWUP_SHOWN)
    )


def today(
    user: User,
    at: dt.datetime | None = None,
    per_group: int | None = PER_GROUP,
    profile: Profile | None = None,
) -> Today:
    """Everything the home page shows, in a fixed number of queries; remembered until the
    seeker's data or profile changes (domain.freshness), for the day it was made for.

    Each group of due follow-ups lists at most `per_group` items (None: all of them). A page
    that read the seeker's profile already passes it."""
    profile = profile or get_profile(user)
    day = (at or clock.now()).astimezone(clock.zone(profile.timezone)).date()
    return freshness.remembered(
        user.pk,
        "today",
        (day.isoformat(), per_group, shaped_by(profile)),
        lambda: _today(user, profile, day, per_group),
    )


def shaped_by(profile: Profile) -> tuple[Any, ...]:
    """The profile's every value, for the keys of what Today remembers: its zone, week and
    work-search counts shape the page, and a saved profile is a new key."""
    return tuple(getattr(profile, f.attname) for f in Profile._meta.concrete_fields)


def _group(day: dt.date) -> Case:
    """Overdue follow-ups are one group whatever their kind; the rest group by kind."""
    return Case(
        When(due_on__lt=day, then=Value(OVERDUE)), default=F("kind"), output_field=CharField()
    )


def _due_groups(
    user: User, day: dt.date, per_group: int | None
) -> list[tuple[str, str, list[FollowUp], int]]:
    order = {kind: i for i, kind in enumerate([OVERDUE, *FollowUpKind.values])}
    due = _due_shown(user, day).annotate(group=_group(day))
    counts = dict(due.order_by().values_list("group").annotate(n=Count("pk")))
    if per_group is not None:
        # Only the first `per_group` of each group leave the database, however many are
        # due: ranked on the follow-ups alone, then joined to what the page shows.
        first = Window(RowNumber(), partition_by=[_group(day)], order_by=[F("due_on"), F("pk")])
        ranked = followups.due(user, day).select_related(None).annotate(rank=first)
        due = due.filter(pk__in=ranked.filter(rank__lte=per_group).values("pk"))
    kind_order = {kind: i for i, kind in enumerate(FollowUpKind.values)}
    # Each with its contact's last real contact (domain.last_contact), in the same query.
    due = last_contact.annotate(due, ref="contact_id")
    shown: list[Any] = sorted(
        due, key=lambda f: (order.get(f.group, 99), f.due_on, kind_order.get(f.kind, 99), f.pk)
    )
    labels = {OVERDUE: "Overdue", **dict(FollowUpKind.choices)}
    groups: list[tuple[str, str, list[FollowUp], int]] = []
    for group, grouped in groupby(shown, key=lambda f: f.group):
        items = list(grouped)
        groups.append((group, labels.get(group, group), items, counts.get(group, 0) - len(items)))
    return groups


def _up_next(user: User, day: dt.date) -> tuple[list[FollowUp], int]:
    """What is due on the next day that has anything due (usually tomorrow)."""
    later = followups.open_followups(user).filter(due_on__gt=day)
    nearest = later.order_by("due_on").values_list("due_on", flat=True).first()
    if nearest is None:
        return [], 0
    on_that_day = (
        later.filter(due_on=nearest)
        .select_related(None)
        .select_related("contact", "lead__contact", "lead__company")
        .only(*FOLLOWUP_SHOWN)
        .annotate(total=Window(Count("pk")))  # how many that day, in the same query
        .order_by("pk")
    )
    items: list[Any] = list(on_that_day[:UP_NEXT])
    return items, (items[0].total - len(items)) if items else 0


def _today(user: User, profile: Profile, day: dt.date, per_group: int | None) -> Today:
    tz = clock.zone(profile.timezone)
    week_from = dt.datetime.combine(clock.week_start(day), dt.time.min, tzinfo=tz)
    week = yields.ask_rate(user, since=week_from)
    new_leads = list(
        Lead.objects.for_user(user)
        .filter(status=LeadStatus.NEW)
        .select_related("contact", "company", "referrer")
        .only(*LEAD_SHOWN)
        .order_by("-created_at")[:20]
    )
    required = profile.worklog_activities or profile.worklog_employer_contacts
    up_next, up_next_more = _up_next(user, day)
    return Today(
        worklog_week=worklog.counts(user, day, profile) if required else None,
        day=day,
        groups=_due_groups(user, day, per_group),
        up_next=up_next,
        up_next_more=up_next_more,
        unasked=list(rejections_without_ask(user, week_from).only(*UNASKED_SHOWN)[:50]),
        rejections_this_week=week.rejections,
        asked_this_week=week.asked,
        new_leads=new_leads,
        has_calls=Conversation.objects.for_user(user).exists(),
        wrote_questions=questions.written_by_seeker(user),
    )
