"""`parting message FOLLOWUP [--sent]`: the drafted email, for people and for scripts."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from parting.core.choices import FollowUpKind, LeadStatus, Permission
from parting.core.domain import leads
from parting.core.models import Conversation, FollowUp
from tests import factories as f


@pytest.fixture
def nudge(alice, frozen):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    lead = leads.add_lead(
        alice, rita, f.lead("Lena Lead", "Globex", permission=Permission.DECLINED)
    ).lead
    lead.contact.email = "lena@globex.example"
    lead.contact.save()
    leads.update_lead(alice, lead, status=LeadStatus.CONTACTED)
    return FollowUp.objects.get(owner=alice, lead=lead, kind=FollowUpKind.FOLLOW_UP)


def test_message_prints_to_subject_body_and_mailto(run, alice, nudge):
    result = run("message", str(nudge.pk), "--user", alice.email)
    assert result.code == 0, result.err
    assert result.lines[0] == "To:      Lena Lead <lena@globex.example>"
    assert result.lines[1] == "Subject: Following up"
    assert "Hi Lena," in result.lines
    mail = result.lines.index("LinkedIn message (no subject):") - 2
    assert result.lines[mail].startswith("mailto: mailto:lena@globex.example?subject=Following")
    assert "Rita" not in result.out  # R4: permission declined


def test_message_prints_a_short_linkedin_variant_too(run, alice, nudge):
    result = run("message", str(nudge.pk), "--user", alice.email)
    short = result.lines[result.lines.index("LinkedIn message (no subject):") + 1 :]
    assert short[0].startswith("Hi Lena, I wanted to follow up on my earlier note.")
    assert not any(line.startswith("Subject") for line in short)
    data = json.loads(run("message", str(nudge.pk), "--json", "--user", alice.email).out)
    assert data["linkedin"] == "\n".join(short)


def test_message_json(run, alice, nudge):
    data = json.loads(run("message", str(nudge.pk), "--json", "--user", alice.email).out)
    assert data["followup"]["id"] == nudge.pk and data["followup"]["contact"] == "Lena Lead"
    assert data["to"] == "lena@globex.example" and data["subject"] == "Following up"
    assert data["body"].strip() in unquote(data["mailto"]).replace("\r\n", "\n")


def test_message_sent_closes_and_logs(run, alice, nudge):
    result = run("message", str(nudge.pk), "--sent", "--json", "--user", alice.email)
    assert result.code == 0
    data = json.loads(result.out)
    nudge.refresh_from_db()
    assert data["sent"] is True and not nudge.is_open
    logged = Conversation.objects.get(pk=data["conversation_id"])
    assert logged.channel == "email" and logged.contact == nudge.contact
    again = run("message", str(nudge.pk), "--sent", "--user", alice.email)
    assert again.code == 2 and "already done" in again.err


def test_message_errors(run, alice, charlie, nudge):
    assert run("message", "9999", "--user", alice.email).code == 1
    assert run("message", "soon", "--user", alice.email).code == 2
    other = run("message", str(nudge.pk), "--user", charlie.email)
    assert other.code == 1 and other.err.startswith("parting: no follow-up")
