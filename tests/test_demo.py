"""The demo account: realistic numbers, the method's rules hold, and only it is replaced."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db.models import Count
from django.test import RequestFactory

from parting.core.choices import FollowUpKind, LeadStatus, Outcome, Response
from parting.core.domain import calls, followups, network
from parting.core.domain.errors import Invalid
from parting.core.domain.leads import LeadInput
from parting.core.domain.profiles import today_for
from parting.core.models import (
    Ask,
    Company,
    Contact,
    Conversation,
    FollowUp,
    Lead,
    Opening,
    Profile,
    Question,
)
from parting.demo.story import DEMO_EMAIL, load_demo
from tests import factories as f

pytestmark = pytest.mark.django_db

OWNED = (Company, Contact, Opening, Conversation, Question, Ask, Lead, FollowUp)


@pytest.fixture(scope="module")
def demo_account(django_db_setup, django_db_blocker):
    """One demo account for the read-only tests of this module, removed afterwards."""
    with django_db_blocker.unblock():
        email, _ = load_demo()
        user = get_user_model().objects.get(username=email)
    yield user
    with django_db_blocker.unblock():
        user.delete()


@pytest.fixture
def demo(db, demo_account):
    return demo_account


def test_it_builds_about_the_documented_numbers(demo):
    assert 18 <= Company.objects.for_user(demo).count() <= 25
    assert 50 <= Contact.objects.for_user(demo).count() <= 75
    assert 32 <= Conversation.objects.for_user(demo).count() <= 50
    assert Lead.objects.for_user(demo).count() >= 12
    profile = Profile.objects.get(owner=demo)
    assert profile.timezone == "America/Chicago" and profile.niche and profile.skills


def test_it_has_a_holding_with_divisions_and_sister_companies(demo):
    children = sorted(
        Company.objects.for_user(demo)
        .annotate(n=Count("children"))
        .filter(n__gt=0)
        .values_list("n", flat=True)
    )
    assert children == [2, 3]
    assert not Company.objects.for_user(demo).filter(industry="").exists()


def test_it_shows_every_kind_of_record(demo):
    conversations = Conversation.objects.for_user(demo)
    assert {"rejected", "advanced", "no_answer"} <= set(
        conversations.values_list("outcome", flat=True)
    )
    assert len(set(conversations.values_list("kind", flat=True))) >= 4
    assert len(set(conversations.values_list("channel", flat=True))) >= 3
    responses = set(Ask.objects.for_user(demo).values_list("response", flat=True))
    assert responses == set(Response.values)
    statuses = set(Lead.objects.for_user(demo).values_list("status", flat=True))
    assert {LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.TALKED, LeadStatus.WON} <= statuses
    assert Opening.objects.for_user(demo).values("stage").distinct().count() >= 4


def test_contacts_have_valid_phones_and_names_from_many_places(demo):
    contacts = Contact.objects.for_user(demo)
    phones = [p for p in contacts.values_list("phone", flat=True) if p]
    assert len(phones) >= 30
    for phone in phones:
        assert network.normalize_phone(phone).e164 == phone
    names = set(contacts.values_list("name", flat=True))
    assert {"José Álvarez", "Zoë Müller", "李华"} <= names


def test_r2_every_gave_lead_ask_has_leads_from_the_conversation_contact(demo):
    asks = Ask.objects.for_user(demo).filter(response=Response.GAVE_LEAD)
    assert asks.count() >= 8
    for ask in asks.select_related("conversation"):
        made = list(ask.leads.all())
        assert made, f"ask #{ask.pk} gave no lead"
        assert {lead.referrer_id for lead in made} == {ask.conversation.contact_id}


def test_r3_every_lead_has_its_follow_ups_and_one_thank_you_per_ask(demo):
    thank_yous = FollowUp.objects.for_user(demo).filter(kind=FollowUpKind.THANK_REFERRER)
    for lead in Lead.objects.for_user(demo):
        kinds = set(lead.followups.values_list("kind", flat=True))
        assert FollowUpKind.CONTACT_LEAD in kinds
        thanked_in_the_call = lead.thanked_at is not None and lead.thanked_at == lead.created_at
        if not thanked_in_the_call:
            mine = thank_yous.filter(lead__ask=lead.ask) if lead.ask else lead.followups
            assert mine.filter(kind=FollowUpKind.THANK_REFERRER), f"lead #{lead.pk} {lead.name}"
    per_ask = thank_yous.exclude(lead__ask=None).values("lead__ask").annotate(n=Count("id"))
    assert per_ask and {row["n"] for row in per_ask} == {1}


def test_r5_a_left_number_opens_a_check_back(demo):
    asks = Ask.objects.for_user(demo).filter(response=Response.LEFT_NUMBER)
    assert asks.exists()
    for ask in asks.select_related("conversation__contact"):
        assert ask.conversation.contact.holds_my_number
        assert ask.conversation.followups.filter(kind=FollowUpKind.CHECK_BACK).exists()


def test_r8_leads_that_paid_off_have_a_close_the_loop(demo):
    paid_off = Lead.objects.for_user(demo).filter(status__in=[LeadStatus.TALKED, LeadStatus.WON])
    assert paid_off.exists()
    for lead in paid_off:
        assert lead.followups.filter(kind=FollowUpKind.CLOSE_LOOP).exists()


def test_follow_ups_are_due_today_overdue_and_coming_up(demo):
    today = today_for(demo)
    open_ = FollowUp.objects.for_user(demo).filter(status__in=followups.OPEN_STATES)
    assert open_.filter(due_on=today).count() >= 2
    assert open_.filter(due_on__lt=today).count() >= 2
    assert open_.filter(due_on__gt=today).exists()
    assert FollowUp.objects.for_user(demo).filter(status="done").count() >= 10
    assert followups.due(demo).count() < open_.count() + 1


def test_most_rejections_are_asked_and_a_few_are_not(demo):
    rejected = Conversation.objects.for_user(demo).filter(outcome=Outcome.REJECTED)
    unasked = rejected.filter(asks__isnull=True).count()
    assert 1 <= unasked <= rejected.count() // 3
    latest = rejected.order_by("-at").first()
    assert latest is not None and calls.needs_ask(latest)


def test_a_referral_chain_goes_three_leads_deep(demo):
    def depth(contact_id: int, seen: frozenset[int] = frozenset()) -> int:
        given = Lead.objects.filter(referrer_id=contact_id, contact__isnull=False)
        below = [
            depth(lead.contact_id, seen | {contact_id})
            for lead in given
            if lead.contact_id
            and lead.contact_id not in seen
            # the lead was later called: the chain continues through a conversation
            and Conversation.objects.filter(contact_id=lead.contact_id).exists()
        ]
        deeper = [1 + d for d in below]
        return max(deeper or [1 if given.exists() else 0])

    referrers = Lead.objects.for_user(demo).values_list("referrer_id", flat=True).distinct()
    assert max(depth(r) for r in referrers) >= 3


def test_dates_spread_over_six_weeks(demo):
    today = today_for(demo)
    days = {(today - c.at.date()).days for c in Conversation.objects.for_user(demo)}
    assert max(days) >= 28 and min(days) <= 1 and max(days) <= 46
    assert Lead.objects.for_user(demo).values("created_at__date").distinct().count() >= 6


def test_it_prints_progress_when_given_a_stream(db):
    out = io.StringIO()
    load_demo(stdout=out)
    assert "companies" in out.getvalue() and DEMO_EMAIL in out.getvalue()


def test_loading_twice_replaces_only_the_demo_account(alice):
    rita = f.contact(alice)
    calls.record_ask(alice, f.rejection(alice, rita), None, Response.GAVE_LEAD, [LeadInput("Lena")])
    before = {
        m.__name__: sorted(m.objects.for_user(alice).values_list("pk", flat=True)) for m in OWNED
    }

    _, first = load_demo()
    _, second = load_demo()

    assert get_user_model().objects.filter(username__iexact=DEMO_EMAIL).count() == 1
    after = {
        m.__name__: sorted(m.objects.for_user(alice).values_list("pk", flat=True)) for m in OWNED
    }
    assert after == before
    assert first != second
    request = RequestFactory().post("/login/")  # sign-in throttling needs the request
    assert authenticate(request, username=DEMO_EMAIL, password=second) is not None
    assert authenticate(request, username=DEMO_EMAIL, password=first) is None


def test_the_password_is_random_and_strong(db):
    _, password = load_demo()
    assert len(password) >= 16 and re.fullmatch(r"[A-Za-z0-9_-]+", password)


def test_it_refuses_to_replace_a_real_account(alice):
    with pytest.raises(Invalid, match=r"parting\.local"):
        load_demo(email=alice.email)
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_the_same_seed_tells_the_same_story(db):
    def story() -> list[tuple[str, str, str]]:
        email, _ = load_demo()
        user = get_user_model().objects.get(username=email)
        rows = Conversation.objects.for_user(user).order_by("at", "id")
        return list(rows.values_list("contact__name", "kind", "outcome"))

    assert story() == story()


def test_the_demo_funnel_narrows_at_every_stage_from_lead_on(demo):
    from parting.core.domain import funnel

    total = funnel.stats(demo).all_time
    counts = [getattr(total, key) for key in funnel.LEAD_STAGES]
    assert counts == sorted(counts, reverse=True), counts
    assert total.asks <= total.rejections <= total.conversations
    assert total.interviews >= 1  # the story has doors that leads opened
