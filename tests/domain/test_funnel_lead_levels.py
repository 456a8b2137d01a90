"""How far each lead got, counted without an OR across two indexes, is what it was before: on
the bench builder's varied account (company-only leads, openings at every stage, calls before
and after each referral) every lead's stage is the same as under the former query."""

from __future__ import annotations

from typing import Any

import pytest
from benchdata import load_bench_account
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from parting.core.choices import PAID_OFF
from parting.core.domain import funnel, stages
from parting.core.models import Conversation, Lead
from tests.insights_data import story

pytestmark = pytest.mark.django_db


def former_levels(user: Any) -> dict[int, tuple[int, Any]]:
    """funnel.lead_levels as it was: one EXISTS per stage, by contact OR company."""
    since = Conversation.objects.filter(owner=OuterRef("owner"), at__gte=OuterRef("referred_at"))
    since = since.filter(Q(contact=OuterRef("contact")) | Q(company=OuterRef("company_only")))

    def held(q: Q) -> Exists:
        return Exists(since.filter(q))

    level = Case(
        When(held(stages.offer_q()), then=Value(4)),
        When(held(stages.interview_q()), then=Value(3)),
        When(Q(status__in=PAID_OFF) | held(stages.talked_q()), then=Value(2)),
        When(Q(status__in=stages.CONTACTED) | Q(contacted_at__isnull=False), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    only_company = Case(When(contact__isnull=True, then=F("company")), default=None)
    rows = (
        Lead.objects.for_user(user)
        .annotate(referred_at=Coalesce("conversation__at", "created_at"))
        .annotate(company_only=only_company)
        .annotate(level=level)
        .values_list("pk", "level", "referred_at")
    )
    return {pk: (level, at) for pk, level, at in rows}


def levels(user: Any) -> dict[int, tuple[int, Any]]:
    rows = funnel.lead_levels(user).values_list("pk", "level", "referred_at")
    return {pk: (level, at) for pk, level, at in rows}


def test_every_lead_reaches_the_same_stage_as_before(db):
    user = load_bench_account("bench@example.com", contacts=400, conversations=2500, leads=500)
    before = former_levels(user)
    assert len(before) == 500
    assert {level for level, _ in before.values()} == {0, 1, 2, 3, 4}
    assert Lead.objects.for_user(user).filter(contact__isnull=True).count() > 20
    assert levels(user) == before


def test_the_story_reaches_the_same_stages(alice, bob, frozen):
    story(alice)
    story(bob)  # another account's calls with namesakes never count
    assert levels(alice) == former_levels(alice)
    assert levels(bob) == former_levels(bob)
