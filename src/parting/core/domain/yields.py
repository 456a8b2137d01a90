"""The method's numbers: ask rate, and yield (leads per ask) per question and per archetype."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from parting.core.choices import Archetype, Outcome
from parting.core.domain import calls
from parting.core.domain.types import User
from parting.core.models import Ask, Conversation, Lead, Question


@dataclass(frozen=True)
class Yield:
    """Leads per ask for one question or archetype; `asks` is the sample size."""

    key: str
    label: str
    asks: int
    leads: int

    @property
    def rate(self) -> float | None:
        return self.leads / self.asks if self.asks else None


@dataclass(frozen=True)
class AskRate:
    rejections: int
    asked: int

    @property
    def rate(self) -> float | None:
        return self.asked / self.rejections if self.rejections else None


def ask_rate(
    user: User, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> AskRate:
    """Rejected conversations with an ask ÷ rejected conversations, optionally in a period."""
    rejected = Conversation.objects.for_user(user).filter(outcome=Outcome.REJECTED)
    if since is not None:
        rejected = rejected.filter(at__gte=since)
    if until is not None:
        rejected = rejected.filter(at__lt=until)
    counts = calls.with_ask_flags(user, rejected).aggregate(
        total=Count("pk"), asked=Count("pk", filter=Q(has_ask=True))
    )
    return AskRate(rejections=counts["total"], asked=counts["asked"])


def question_yield(user: User) -> list[Yield]:
    """For each of the seeker's questions: times asked and leads gained."""
    asks = dict(
        Ask.objects.for_user(user)
        .filter(question__isnull=False)
        .values_list("question")
        .annotate(n=Count("pk"))
    )
    leads = dict(
        Lead.objects.for_user(user)
        .filter(ask__owner=user, ask__question__isnull=False)
        .values_list("ask__question")
        .annotate(n=Count("pk"))
    )
    return [
        Yield(str(q.pk), q.text, asks.get(q.pk, 0), leads.get(q.pk, 0))
        for q in Question.objects.for_user(user).order_by("position", "id")
    ]


def archetype_yield(user: User) -> list[Yield]:
    """Asks and leads per archetype, in the archetypes' order."""
    asks = dict(
        Ask.objects.for_user(user)
        .filter(question__owner=user)
        .values_list("question__archetype")
        .annotate(n=Count("pk"))
    )
    leads = dict(
        Lead.objects.for_user(user)
        .filter(ask__owner=user, ask__question__owner=user)
        .values_list("ask__question__archetype")
        .annotate(n=Count("pk"))
    )
    return [
        Yield(value, label, asks.get(value, 0), leads.get(value, 0))
        for value, label in Archetype.choices
    ]
