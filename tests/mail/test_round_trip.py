"""The round trip through a real IMAP server: a lead is contacted and the cadence waits; the
reply arrives; a fetch marks the lead `talked`, closes the waiting follow-ups, opens the
close-the-loop one (R6, R8), and logs the reply once, however often mail is fetched."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import Channel, FollowUpKind, FollowUpState, Kind, LeadStatus
from parting.core.domain import calls, leads
from parting.core.models import Conversation, FollowUp, Lead, MailLogged
from tests import factories as f
from tests.mail.dovecot import PASSWORD
from tests.mail.mails import message

pytestmark = pytest.mark.django_db


def connect(run, box, *extra):
    result = run(
        "mail", "connect", *box.connect_args(), "--password-stdin", *extra, stdin=PASSWORD + "\n"
    )
    assert result.code == 0, result
    return result


@pytest.fixture
def lena(alice):
    """Lena, a lead Rita gave; her email is on her contact."""
    rita = f.contact(alice, "Rita Recruiter", "Acme", email="rita@acme.example")
    convo = f.rejection(alice, rita)
    captured = calls.record_ask(alice, convo, None, "gave_lead", [f.lead("Lena Lead", "Globex")])
    lead = captured.leads[0]
    lead.contact.email = "lena@globex.example"
    lead.contact.save()
    return lead


def waiting(lead):
    return FollowUp.objects.filter(
        lead=lead, kind__in=(FollowUpKind.FOLLOW_UP, FollowUpKind.SECOND_CONTACT)
    )


def test_a_reply_marks_the_lead_talked_and_is_logged_once(run, alice, lena, mailbox):
    leads.update_lead(alice, lena, status=LeadStatus.CONTACTED)
    assert waiting(lena).filter(status=FollowUpState.OPEN).count() == 2  # R6 is waiting
    connect(run, mailbox)
    mailbox.append(
        message(
            sender="Lena Lead <lena@globex.example>",
            to=mailbox.login,
            subject="Re: Rita suggested we talk",
            body="Hi! Happy to talk on Thursday.\n\n> On Monday you wrote:\n> hello\n",
            at=dt.datetime.now(dt.UTC),
        )
    )

    first = run("mail", "fetch")
    assert first.code == 0, first
    assert "logged 1" in first.out

    lena.refresh_from_db()
    assert lena.status == LeadStatus.TALKED
    assert not waiting(lena).exclude(status=FollowUpState.DONE).exists()  # R6 closed
    assert FollowUp.objects.filter(lead=lena, kind=FollowUpKind.CLOSE_LOOP).count() == 1  # R8
    logged = Conversation.objects.get(contact=lena.contact)
    assert (logged.channel, logged.kind) == (Channel.EMAIL, Kind.FOLLOW_UP)
    assert "Rita suggested we talk" in logged.note
    assert "Happy to talk on Thursday." in logged.note
    assert "hello" not in logged.note  # the quoted reply is not kept

    second = run("mail", "fetch", "--json")
    assert second.code == 0 and second.json()["logged"] == 0
    assert Conversation.objects.filter(contact=lena.contact).count() == 1
    assert MailLogged.objects.count() == 1


def test_mail_sent_to_a_new_lead_marks_it_contacted_and_starts_the_cadence(
    run, alice, lena, mailbox
):
    connect(run, mailbox)
    mailbox.append(
        message(
            sender=mailbox.login,
            to="Lena <LENA@globex.example>",
            subject="Hello from Rita's friend",
            at=dt.datetime.now(dt.UTC),
        ),
        folder="Sent",
    )
    assert run("mail", "fetch").code == 0
    lena.refresh_from_db()
    assert lena.status == LeadStatus.CONTACTED
    assert waiting(lena).filter(status=FollowUpState.OPEN).count() == 2  # R6 started


def test_a_message_matches_any_email_a_contact_keeps_in_from_to_or_cc(run, alice, mailbox):
    from parting.core.models import ContactPoint

    sam = f.contact(alice, "Sam Second", "Initech", email="sam@initech.example")
    ContactPoint.objects.create(owner=alice, contact=sam, kind="email", value="sam@home.example")
    connect(run, mailbox)
    now = dt.datetime.now(dt.UTC)
    mailbox.append(
        message(
            sender="stranger@else.example",
            to=mailbox.login,
            cc="Sam <sam@home.example>",
            subject="cc'd",
            at=now,
        )
    )
    assert run("mail", "fetch").code == 0
    assert Conversation.objects.filter(contact=sam, channel="email").count() == 1
    assert Lead.objects.count() == 0
