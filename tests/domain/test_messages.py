"""Messages ready to send: a draft for every follow-up kind, and R4 in every message to a lead."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parting.core.choices import Channel, FollowUpKind, Kind, LeadStatus, Outcome, Permission
from parting.core.domain import followups, leads, messages, network
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.profiles import get_profile
from parting.core.models import Conversation, FollowUp
from tests import factories as f

pytestmark = pytest.mark.django_db

# Messages addressed to the lead (or to someone else at the lead's company): R4 applies.
TO_THE_LEAD = (FollowUpKind.CONTACT_LEAD, FollowUpKind.FOLLOW_UP, FollowUpKind.SECOND_CONTACT)


@pytest.fixture
def profile(alice):
    profile = get_profile(alice)
    profile.name, profile.phone, profile.skills = "Alice Archer", "+15555550100", "data work"
    profile.save()
    return profile


def contacted_lead(user, referrer_name="Rita Recruiter", permission=Permission.NOT_ASKED):
    referrer = f.contact(user, referrer_name, "Acme", email="rita@acme.example")
    network.create_contact(user, "Sam Sales", company="Globex", email="sam@globex.example")
    lead = leads.add_lead(user, referrer, f.lead("Lena Lead", "Globex", permission=permission)).lead
    lead.contact.email = "lena@globex.example"
    lead.contact.save()
    leads.update_lead(user, lead, status=LeadStatus.CONTACTED)
    return lead


def followup_of(user, lead, kind):
    return FollowUp.objects.for_user(user).filter(lead=lead, kind=kind).latest("id")


def test_thank_you_goes_to_the_referrer_and_names_the_lead(alice, profile, frozen):
    lead = contacted_lead(alice)
    message = messages.draft(alice, followup_of(alice, lead, FollowUpKind.THANK_REFERRER))
    assert message.to == "rita@acme.example" and message.to_name == "Rita Recruiter"
    assert message.body.startswith("Hi Rita,") and "Lena Lead" in message.body
    assert "Alice Archer" in message.body and "+1 555-555-0100" in message.body


def test_check_back_goes_to_the_person_holding_the_number(alice, profile, frozen):
    nora = f.contact(alice, "Nora Number", "Acme", email="nora@acme.example")
    item = followups.schedule(
        alice, FollowUpKind.CHECK_BACK, "Check back", dt.date.today(), contact=nora
    )
    message = messages.draft(alice, item)
    assert message.to == "nora@acme.example" and "left you my number" in message.body


def test_close_the_loop_tells_the_referrer_the_news(alice, profile, frozen):
    lead = contacted_lead(alice)
    leads.update_lead(alice, lead, status=LeadStatus.WON)
    message = messages.draft(alice, followup_of(alice, lead, FollowUpKind.CLOSE_LOOP))
    assert message.to == "rita@acme.example"
    assert "Lena Lead" in message.subject and "offer" in message.body


def test_nudge_goes_to_the_lead(alice, profile, frozen):
    lead = contacted_lead(alice)
    message = messages.draft(alice, followup_of(alice, lead, FollowUpKind.FOLLOW_UP))
    assert message.to == "lena@globex.example" and message.subject == "Following up"


def test_second_contact_goes_to_the_candidate(alice, profile, frozen):
    lead = contacted_lead(alice)
    message = messages.draft(alice, followup_of(alice, lead, FollowUpKind.SECOND_CONTACT))
    assert message.to == "sam@globex.example" and "Globex" in message.subject


def test_after_interview_thank_you(alice, profile, frozen):
    boss = f.contact(alice, "Hana Hiring", "Acme")
    talk = f.rejection(alice, boss, kind=Kind.INTERVIEW)
    item = FollowUp.objects.get(owner=alice, conversation=talk)  # scheduled by the log
    message = messages.draft(alice, item)
    assert message.subject == "Thank you for your time" and "our interview" in message.body


def test_custom_uses_the_title(alice, profile, frozen):
    item = followups.add_followup(alice, "Send the portfolio")
    message = messages.draft(alice, item)
    assert message.subject == "Send the portfolio" and message.to == ""
    assert message.body.startswith("Hello,")


def test_mailto_encodes_everything(alice):
    link = messages.mailto("a.b@x.example", "Hi & bye?", "Line one\nLine two #1")
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and unquote(parts.path) == "a.b@x.example"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Hi & bye?"] and query["body"] == ["Line one\r\nLine two #1"]


def test_mark_sent_closes_and_logs_an_email(alice, profile, frozen):
    lead = contacted_lead(alice)
    item = followup_of(alice, lead, FollowUpKind.FOLLOW_UP)
    logged = messages.mark_sent(alice, item, "Following up", "Hi Lena")
    item.refresh_from_db()
    assert not item.is_open
    assert logged.channel == Channel.EMAIL and logged.kind == Kind.FOLLOW_UP
    assert logged.outcome == Outcome.UNDECIDED and logged.contact == lead.contact
    assert "Hi Lena" in logged.note


def test_mark_sent_refuses_an_empty_message_and_saves_nothing(alice, profile, frozen):
    item = followups.add_followup(alice, "x", contact=f.contact(alice, "Pat", "Acme"))
    with pytest.raises(Invalid):
        messages.mark_sent(alice, item, "Subject", "   ")
    item.refresh_from_db()
    assert item.is_open and not Conversation.objects.filter(owner=alice).exists()


def test_a_draft_is_only_for_its_owner(alice, charlie, frozen):
    item = followups.add_followup(alice, "Mine")
    with pytest.raises(NotFound):
        messages.draft(charlie, item)


NAMES = st.from_regex(r"Zq[a-z]{2,8} Xv[a-z]{2,8}", fullmatch=True)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=NAMES, permission=st.sampled_from(Permission.values))
def test_r4_no_message_to_a_lead_names_the_referrer_without_permission(
    alice, frozen, name, permission
):
    lead = contacted_lead(alice, referrer_name=name, permission=permission)
    for kind in TO_THE_LEAD:
        message = messages.draft(alice, followup_of(alice, lead, kind))
        text = message.subject + message.body + unquote(message.mailto)
        if permission == Permission.GRANTED and kind != FollowUpKind.SECOND_CONTACT:
            assert name in message.body, kind
        else:
            assert name not in text, (kind, permission)
