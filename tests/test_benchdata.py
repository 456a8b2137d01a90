"""The bench account: bulk-built, yet consistent with the method's rules."""

from __future__ import annotations

import pytest
from benchdata import load_bench_account
from django.db.models import Count

from parting.core.choices import FollowUpKind, LeadStatus, Response
from parting.core.domain import followups, plans
from parting.core.domain.profiles import today_for
from parting.core.models import Ask, Company, Contact, Conversation, FollowUp, Lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench(db):
    return load_bench_account("bench@example.com", contacts=200, conversations=500, leads=80)


def test_it_builds_the_requested_numbers(bench):
    assert Contact.objects.for_user(bench).count() == 200
    assert Conversation.objects.for_user(bench).count() == 500
    assert Lead.objects.for_user(bench).count() == 80
    companies = Company.objects.for_user(bench)
    assert companies.count() == 20
    assert companies.filter(parent__isnull=False).exists()


def test_r2_every_gave_lead_ask_has_leads_from_the_conversation_contact(bench):
    asks = Ask.objects.for_user(bench).filter(response=Response.GAVE_LEAD)
    assert asks.exists()
    for ask in asks.select_related("conversation"):
        made = list(ask.leads.all())
        assert made
        assert {lead.referrer_id for lead in made} == {ask.conversation.contact_id}
        assert {lead.conversation_id for lead in made} == {ask.conversation_id}
    assert not Lead.objects.for_user(bench).filter(ask__isnull=True).exists()


def test_r3_every_lead_has_its_follow_ups_and_one_thank_you_per_ask(bench):
    thank_yous = FollowUp.objects.for_user(bench).filter(kind=FollowUpKind.THANK_REFERRER)
    for lead in Lead.objects.for_user(bench).select_related("conversation"):
        kinds = set(lead.followups.values_list("kind", flat=True))
        assert FollowUpKind.CONTACT_LEAD in kinds
        if lead.thanked_at != lead.conversation.at:
            assert thank_yous.filter(lead__ask=lead.ask_id).exists()
        if lead.status in (LeadStatus.TALKED, LeadStatus.WON):
            assert FollowUpKind.CLOSE_LOOP in kinds
        assert lead.created_at == lead.conversation.at
    per_ask = thank_yous.values("lead__ask").annotate(n=Count("id"))
    assert per_ask and {row["n"] for row in per_ask} == {1}


def test_r3_the_bench_plans_what_the_domain_plans(bench):
    """The domain's planner titles them: a thank-you names every lead its ask gave that was
    not thanked during the call (R3)."""
    thanks = FollowUp.objects.for_user(bench).filter(kind=FollowUpKind.THANK_REFERRER)
    checked = 0
    for ask in Ask.objects.for_user(bench).annotate(n=Count("leads")).filter(n__gt=1):
        thank = thanks.filter(lead__ask=ask).first()
        if thank is None:
            continue
        made = ask.leads.select_related("contact", "company", "referrer", "conversation")
        owed = [
            lead.name for lead in made.order_by("id") if lead.thanked_at != lead.conversation.at
        ]
        expected = plans.thank_referrer(thank.lead.referrer.name, owed, thank.due_on)
        assert thank.title == expected.title
        checked += 1
    assert checked


def test_r5_left_numbers_have_check_backs(bench):
    for ask in Ask.objects.for_user(bench).filter(response=Response.LEFT_NUMBER):
        assert ask.conversation.contact.holds_my_number
        assert ask.conversation.followups.filter(kind=FollowUpKind.CHECK_BACK).exists()


def test_some_follow_ups_are_due_today_and_some_overdue(bench):
    today = today_for(bench)
    open_ = FollowUp.objects.for_user(bench).filter(status__in=followups.OPEN_STATES)
    assert open_.filter(due_on=today).count() >= 3
    assert open_.filter(due_on__lt=today).count() >= 3


def test_one_contact_is_much_busier_than_the_rest(bench):
    busiest = (
        Contact.objects.for_user(bench)
        .annotate(n=Count("conversations"))
        .order_by("-n")
        .values_list("n", flat=True)
    )
    assert busiest[0] >= 2 * busiest[1]
