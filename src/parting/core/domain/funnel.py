"""The funnel: conversations → rejections → asks → leads → contacted → talked → interview →
offer (the stages of `stages.STEPS`), for all time, for one week and week by week; and the
yield, ranked honestly.

One function, `stats`, feeds the web pages and `parting stats`, so both show the same numbers.
Every period costs the same three queries, however many periods are asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from parting.core.choices import PAID_OFF, Outcome
from parting.core.domain import clock, freshness, stages, yields
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import Ask, Conversation, Lead

STEPS = [(step.key, step.label) for step in stages.STEPS]
MIN_ASKS = 5  # fewer asks than this and a yield is shown but not ranked
TREND_WEEKS = 12
# How far each lead got: the stages from "lead" on, in order.
LEAD_STAGES = ("leads", "contacted", "talked", "interviews", "offers")


@dataclass
class Funnel:
    """The funnel's counts in one period; `since`/`until` are None for all time."""

    since: dt.datetime | None
    until: dt.datetime | None
    conversations: int = 0
    rejections: int = 0
    asks: int = 0
    leads: int = 0
    contacted: int = 0
    talked: int = 0
    interviews: int = 0
    offers: int = 0

    @property
    def ask_rate(self) -> float | None:
        """Rejected conversations with an ask ÷ rejected conversations."""
        return self.asks / self.rejections if self.rejections else None

    def steps(self) -> list[tuple[str, str, int]]:
        return [(key, label, getattr(self, key)) for key, label in STEPS]

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            **{key: value for key, _, value in self.steps()},
            "ask_rate": self.ask_rate,
        }


@dataclass(frozen=True)
class RankedYield:
    """A yield with its place: `rank` is None when the sample is too small to rank."""

    key: str
    label: str
    asks: int
    leads: int
    rank: int | None
    note: str

    @property
    def rate(self) -> float | None:
        return self.leads / self.asks if self.asks else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "asks": self.asks,
            "leads": self.leads,
            "yield": self.rate,
            "rank": self.rank,
            "note": self.note,
        }


@dataclass
class Stats:
    all_time: Funnel
    week: Funnel
    trend: list[Funnel]
    questions: list[RankedYield] = field(default_factory=list)
    archetypes: list[RankedYield] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "all_time": self.all_time.as_dict(),
            "week": self.week.as_dict(),
            "trend": [f.as_dict() for f in self.trend],
            "yield": {
                "questions": [y.as_dict() for y in self.questions],
                "archetypes": [y.as_dict() for y in self.archetypes],
            },
        }


class Owners(list[int]):
    """Several seekers' ids, passed for `user`: their funnels summed (a coach's cohort)."""


def _owned(model: Any, who: Any) -> Any:
    """`who`'s rows of `model`: one seeker's, or all of `Owners`'."""
    if isinstance(who, Owners):
        return model.objects.filter(owner__in=who)
    return model.objects.for_user(who)


def _bucket(field: str, edges: list[dt.datetime]) -> Case:
    """Which period a row falls in: 0 for [edges[0], edges[1]), 1 for the next, and so on;
    -1 outside them all."""
    whens = [When(**{f"{field}__lt": edges[0]}, then=Value(-1))]
    whens += [When(**{f"{field}__lt": edge}, then=Value(i)) for i, edge in enumerate(edges[1:])]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def _tally(
    user: User | Owners, rows: list[Funnel], edges: list[dt.datetime], total: Funnel | None = None
) -> None:
    """Count into `rows`, one per period between `edges`, and, when given, into `total` for
    all time. Four grouped queries at most, whatever the number of periods or rows."""

    def grouped(qs: Any, date: str, *columns: str) -> Any:
        if total is None:  # only the periods: read only their rows
            qs = qs.filter(**{f"{date}__gte": edges[0], f"{date}__lt": edges[-1]})
        qs = qs.annotate(bucket=_bucket(date, edges))
        return (
            qs.values_list("bucket", *columns)
            .annotate(n=Count("pk"))
            .values_list("n", "bucket", *columns)
        )

    def targets(bucket: int) -> list[Funnel]:
        found = [rows[bucket]] if bucket >= 0 else []
        return found + ([total] if total is not None else [])

    # Conversations are the big table: all time from the (owner, outcome, kind) index, and
    # the periods from the (owner, at, outcome, kind) index, each read without the table.
    conversations = _owned(Conversation, user).order_by()
    counted = []
    if total is not None:
        everything = conversations.values_list("outcome", "kind").annotate(n=Count("pk"))
        counted += [(total, n, outcome, kind) for outcome, kind, n in everything]
    if rows:
        in_range = conversations.filter(at__gte=edges[0], at__lt=edges[-1])
        by_period = (
            in_range.annotate(bucket=_bucket("at", edges))
            .values_list("bucket", "outcome", "kind")
            .annotate(n=Count("pk"))
        )
        counted += [(rows[b], n, outcome, kind) for b, outcome, kind, n in by_period if b >= 0]
    for target, n, outcome, _kind in counted:
        target.conversations += n
        target.rejections += n if outcome == Outcome.REJECTED else 0
    # Rejections with an ask: the rejections, probing the asks' conversation ids.
    asked = _owned(Conversation, user).order_by()
    asked = asked.filter(
        outcome=Outcome.REJECTED, pk__in=_owned(Ask, user).values("conversation_id")
    )
    for n, bucket in grouped(asked, "at"):
        for target in targets(bucket):
            target.asks += n
    for n, bucket, level in grouped(lead_levels(user), "referred_at", "level"):
        for target in targets(bucket):
            for key in LEAD_STAGES[: level + 1]:
                setattr(target, key, getattr(target, key) + n)


def lead_levels(user: Any) -> Any:
    """Each lead with `level`, the index in LEAD_STAGES of the furthest stage it reached, and
    `referred_at`, the time of the conversation it came from (else when it was captured).

    Evidence is the lead's status and the conversations with the referred person (or, for a
    lead naming only a company, at that company) held since the referral."""
    since = Conversation.objects.filter(owner=OuterRef("owner"), at__gte=OuterRef("referred_at"))
    # Two probes, not one with OR: each reads its own index, (owner, contact, at) or
    # (owner, company, at); a lead has a contact or only a company, so one of them is empty.
    with_person = since.filter(contact=OuterRef("contact"))
    at_company = since.filter(company=OuterRef("company_only"))

    def held(q: Q) -> Q:
        return Q(Exists(with_person.filter(q))) | Q(Exists(at_company.filter(q)))

    level = Case(
        When(held(stages.offer_q()), then=Value(4)),
        When(held(stages.interview_q()), then=Value(3)),
        When(Q(status__in=PAID_OFF) | held(stages.talked_q()), then=Value(2)),
        When(Q(status__in=stages.CONTACTED) | Q(contacted_at__isnull=False), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    only_company = Case(When(contact__isnull=True, then=F("company")), default=None)
    return (
        _owned(Lead, user)
        .order_by()
        .annotate(referred_at=Coalesce("conversation__at", "created_at"))
        .annotate(company_only=only_company)
        .annotate(level=level)
    )


def all_time(user: User) -> Funnel:
    """The funnel over everything the seeker has logged."""
    total = Funnel(None, None)
    _tally(user, [], [clock.now()], total)
    return total


def cohort(owners: list[int]) -> Funnel:
    """The funnel over everything several seekers logged, summed, in the same queries."""
    total = Funnel(None, None)
    if owners:
        _tally(Owners(owners), [], [clock.now()], total)
    return total


def series(user: User, edges: list[dt.datetime]) -> list[Funnel]:
    """The funnel for each period between consecutive `edges` (in time order)."""
    rows = [Funnel(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
    if rows:
        _tally(user, rows, edges)
    return rows


def all_time_and_series(user: User, edges: list[dt.datetime]) -> tuple[Funnel, list[Funnel]]:
    """Both at once, in the same three queries; remembered until the seeker's data changes
    (domain.freshness), as counting ten thousand leads' stages takes a tenth of a second."""

    def count() -> tuple[Funnel, list[Funnel]]:
        total = Funnel(None, None)
        rows = [Funnel(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]
        _tally(user, rows, edges, total)
        return total, rows

    return freshness.remembered(user.pk, "funnel", tuple(e.isoformat() for e in edges), count)


def week_bounds(day: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 to the next Monday 00:00 of the week holding `day`, in the seeker's zone."""
    monday = clock.week_start(day)
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=tz)
    return start, dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(0), tzinfo=tz)


def rank_yields(rows: list[yields.Yield]) -> list[RankedYield]:
    """Rank by leads per ask only where there were at least MIN_ASKS asks; the rest follow,
    labelled with their sample size, so one lucky ask never tops the table."""
    enough = sorted(
        (y for y in rows if y.asks >= MIN_ASKS), key=lambda y: (-(y.rate or 0), -y.asks)
    )
    few = sorted((y for y in rows if 0 < y.asks < MIN_ASKS), key=lambda y: -y.asks)
    never = [y for y in rows if y.asks == 0]
    ranked = [
        RankedYield(y.key, y.label, y.asks, y.leads, i, _sample(y.asks))
        for i, y in enumerate(enough, 1)
    ]
    ranked += [
        RankedYield(y.key, y.label, y.asks, y.leads, None, _sample(y.asks) + " — too few to rank")
        for y in few
    ]
    return ranked + [RankedYield(y.key, y.label, 0, y.leads, None, "not asked yet") for y in never]


def _sample(asks: int) -> str:
    return f"{asks} ask{'s' if asks != 1 else ''}"


def ranked_yields(user: User) -> tuple[list[RankedYield], list[RankedYield]]:
    """The yield per question and per archetype, ranked."""
    return rank_yields(yields.question_yield(user)), rank_yields(yields.archetype_yield(user))


def weekly(
    user: User, week: dt.date | None = None, today: dt.date | None = None
) -> tuple[Funnel, list[Funnel]]:
    """All-time funnel, and the TREND_WEEKS weeks up to the one holding `week` (default:
    this week) in the seeker's zone; the last of them is that week."""
    tz_name = get_profile(user).timezone
    tz = clock.zone(tz_name)
    day = week or today or clock.local_today(tz_name)
    first, _ = week_bounds(day - dt.timedelta(weeks=TREND_WEEKS - 1), tz)
    # Local midnights: a week that crosses a daylight-saving change is 167 or 169 hours.
    edges = [
        dt.datetime.combine(first.date() + dt.timedelta(weeks=i), dt.time(0), tzinfo=tz)
        for i in range(TREND_WEEKS + 1)
    ]
    return all_time_and_series(user, edges)


def stats(user: User, week: dt.date | None = None, today: dt.date | None = None) -> Stats:
    """All-time and one week's funnel (default: this week), the weekly trend up to that week,
    and the yield per question and archetype: what `parting stats` prints."""
    total, trend = weekly(user, week, today)
    questions, archetypes = ranked_yields(user)
    return Stats(total, trend[-1], trend, questions, archetypes)
