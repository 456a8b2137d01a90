"""A coach's cohort: the funnel over every seeker who shares with them, each rate with its
sample size, and how long from the first logged call to the first interview and offer.
Counts only, as a `numbers` share allows; the seekers come from `sharing.shared_views`."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Min

from parting.core.domain import freshness, funnel, stages
from parting.core.domain.sharing import SharedView, shared_views
from parting.core.domain.types import User
from parting.core.models import Conversation

# rejection → ask → lead → talked → interview → offer: each rate is a step over the one
# before it, and its sample size is that step's count.
STEPS = (
    ("rejections", "Rejections"),
    ("asks", "Asks"),
    ("leads", "Leads"),
    ("talked", "Talked"),
    ("interviews", "Interviews"),
    ("offers", "Offers"),
)


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    count: int
    rate: float | None  # this count ÷ the step before's
    sample: int  # the step before's count: what the rate is out of

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.key, "count": self.count, "rate": self.rate, "sample": self.sample}


@dataclass(frozen=True)
class Timing:
    """Days from a seeker's first logged call to their first interview (or offer)."""

    median_days: float | None
    reached: int  # seekers who got there
    seekers: int  # seekers with a call logged

    def as_dict(self) -> dict[str, Any]:
        return {"median_days": self.median_days, "seekers": self.reached, "of": self.seekers}


@dataclass
class Cohort:
    seekers: int
    steps: list[Step]
    to_interview: Timing
    to_offer: Timing

    def as_dict(self) -> dict[str, Any]:
        return {
            "seekers": self.seekers,
            "funnel": [s.as_dict() for s in self.steps],
            "first_call_to_interview": self.to_interview.as_dict(),
            "first_call_to_offer": self.to_offer.as_dict(),
        }


def steps_of(total: funnel.Funnel) -> list[Step]:
    out: list[Step] = []
    before: int | None = None
    for key, label in STEPS:
        count = getattr(total, key)
        rate = count / before if before else None
        out.append(Step(key, label, count, rate, before if before is not None else 0))
        before = count
    return out


def _timing(gaps: list[dt.timedelta], seekers: int) -> Timing:
    days = [gap.total_seconds() / 86400 for gap in gaps]
    median = round(statistics.median(days), 1) if days else None
    return Timing(median, len(days), seekers)


def timings(views: list[SharedView]) -> tuple[Timing, Timing]:
    """One grouped query over the seekers' conversations."""
    ids = [v.seeker.pk for v in views]
    rows = (
        Conversation.objects.filter(owner__in=ids)
        .order_by()
        .values_list("owner")
        .annotate(
            first=Min("at"),
            interview=Min("at", filter=stages.interview_q()),
            offer=Min("at", filter=stages.offer_q()),
        )
    )
    to_interview, to_offer, seekers = [], [], 0
    for _, first, interview, offer in rows:
        seekers += 1
        if interview is not None:
            to_interview.append(interview - first)
        if offer is not None:
            to_offer.append(offer - first)
    return _timing(to_interview, seekers), _timing(to_offer, seekers)


def cohort(coach: User) -> Cohort:
    """The cohort view of everyone sharing with `coach`: a handful of queries in all, and
    remembered until one of them changes their data or the shares change who is in it."""
    views = shared_views(coach)
    ids = [v.seeker.pk for v in views]
    return freshness.remembered_across(ids, "cohort", (), lambda: _cohort(views))


def _cohort(views: list[SharedView]) -> Cohort:
    total = funnel.cohort([v.seeker.pk for v in views])
    to_interview, to_offer = timings(views) if views else (Timing(None, 0, 0),) * 2
    return Cohort(len(views), steps_of(total), to_interview, to_offer)
