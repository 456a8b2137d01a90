"""The people who help: referrers ranked, contacts classed by how fast they reply to
outreach, and the close-the-loop thank-yous still owed (R8)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from parting.core.choices import PAID_OFF, FollowUpKind
from parting.core.domain import clock, freshness
from parting.core.domain.followups import open_followups
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import FollowUp, Lead

BOOSTER_DAYS = 3  # replied within this many business days of being contacted
CURMUDGEON_DAYS = 7  # no reply this many business days after being contacted
LIMIT = 20
# Each class with what the word means: the page that shows it defines it.
CLASSES = [
    (
        "booster",
        "Boosters",
        f"people glad to help: they replied within {BOOSTER_DAYS} business days",
    ),
    (
        "obligate",
        "Obligates",
        "people who help out of duty: they replied, "
        f"but after more than {BOOSTER_DAYS} business days",
    ),
    (
        "curmudgeon",
        "Curmudgeons",
        f"people unlikely to help: no reply after {CURMUDGEON_DAYS} business days",
    ),
]


@dataclass(frozen=True)
class Referrer:
    contact_id: int
    name: str
    company: str
    given: int
    paid_off: int


@dataclass
class Replier:
    contact_id: int
    name: str
    company: str
    kind: str
    days: int | None  # business days to the first reply, None when there was none
    leads: list[int] = field(default_factory=list)


def _referrers(user: User) -> QuerySet[Any, dict[str, Any]]:  # annotated rows
    return (
        Lead.objects.for_user(user)
        .values("referrer_id", "referrer__name", "referrer__company__name")
        .annotate(given=Count("pk"), paid_off=Count("pk", filter=Q(status__in=PAID_OFF)))
    )


def top_referrers(user: User, by: str = "given", limit: int = LIMIT) -> list[Referrer]:
    """Referrers ranked by leads given (`by="given"`) or by leads that paid off; remembered
    until the seeker's data changes (domain.freshness)."""
    return freshness.remembered(
        user.pk, "referrers", (by, limit), lambda: _top_referrers(user, by, limit)
    )


def _top_referrers(user: User, by: str, limit: int) -> list[Referrer]:
    other = "paid_off" if by == "given" else "given"
    rows = _referrers(user).order_by(f"-{by}", f"-{other}", "referrer__name")
    if by == "paid_off":
        rows = rows.filter(paid_off__gt=0)
    return [
        Referrer(
            r["referrer_id"], r["referrer__name"], r["referrer__company__name"] or "",
            r["given"], r["paid_off"],
        )
        for r in rows[:limit]
    ]  # fmt: skip


@functools.lru_cache(maxsize=4096)  # thousands of leads, a few hundred distinct days
def business_days_between(start: dt.date, end: dt.date) -> int:
    """Working days from `start` to `end` (0 on the same day), skipping weekends."""
    weeks = max((end - start).days, 0) // 7
    days, current = 5 * weeks, start + dt.timedelta(weeks=weeks)  # seven days: five working
    while current < end:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days


def classify(contacted: dt.date, replied: dt.date | None, today: dt.date) -> str | None:
    """booster, obligate, curmudgeon, or None while it is too early to tell."""
    if replied is not None:
        return (
            "booster"
            if replied <= clock.add_business_days(contacted, BOOSTER_DAYS)
            else ("obligate")
        )
    if clock.add_business_days(contacted, CURMUDGEON_DAYS) < today:
        return "curmudgeon"
    return None


@dataclass(frozen=True)
class ReplierClass:
    """One class of repliers as a page shows it: how many, and the fastest few."""

    kind: str
    label: str
    help: str
    total: int
    first: list[Replier]

    @property
    def more(self) -> int:
        return self.total - len(self.first)


def repliers(user: User, today: dt.date | None = None) -> dict[str, list[Replier]]:
    """Contacts reached through leads, classed by their fastest reply, in one query."""
    tz = clock.zone(get_profile(user).timezone)
    return _repliers(user, tz, today or clock.now().astimezone(tz).date())


def replier_classes(
    user: User, today: dt.date | None = None, limit: int = LIMIT
) -> list[ReplierClass]:
    """Each class of `repliers` with its size and its `limit` fastest, in CLASSES order;
    remembered until the seeker's data changes (domain.freshness)."""
    tz_name = get_profile(user).timezone
    tz = clock.zone(tz_name)
    day = today or clock.now().astimezone(tz).date()

    def summarise() -> list[ReplierClass]:
        grouped = _repliers(user, tz, day)
        return [
            ReplierClass(kind, label, help, len(grouped[kind]), grouped[kind][:limit])
            for kind, label, help in CLASSES
        ]

    return freshness.remembered(user.pk, "repliers", (tz_name, day.isoformat(), limit), summarise)


def _repliers(user: User, tz: dt.tzinfo, today: dt.date) -> dict[str, list[Replier]]:
    rows = (
        Lead.objects.for_user(user)
        .filter(contacted_at__isnull=False, contact__isnull=False)
        .values_list("id", "contact_id", "contact__name", "contact__company__name",
                     "contacted_at", "replied_at")
        .order_by("contacted_at", "id")
    )  # fmt: skip
    order = {kind: i for i, (kind, _, _) in enumerate(CLASSES)}
    people: dict[int, Replier] = {}
    for pk, contact_id, name, company, contacted_at, replied_at in rows:
        contacted = contacted_at.astimezone(tz).date()
        replied = replied_at.astimezone(tz).date() if replied_at else None
        kind = classify(contacted, replied, today)
        if kind is None:
            continue
        days = business_days_between(contacted, replied) if replied else None
        seen = people.get(contact_id)
        if seen is None or order[kind] < order[seen.kind]:
            people[contact_id] = Replier(contact_id, name, company or "", kind, days, [])
        people[contact_id].leads.append(pk)
    grouped: dict[str, list[Replier]] = {kind: [] for kind, _, _ in CLASSES}
    for person in sorted(people.values(), key=lambda p: (p.days is None, p.days, p.name)):
        grouped[person.kind].append(person)
    return grouped


def thanks_owed(user: User) -> QuerySet[FollowUp]:
    """Open close-the-loop follow-ups: the referrers still waiting to hear the news."""
    return open_followups(user).filter(kind=FollowUpKind.CLOSE_LOOP).order_by("due_on", "id")
