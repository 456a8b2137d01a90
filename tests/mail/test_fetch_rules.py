"""How a fetch reads: forwards with the tag, the seeker's own mail, the first read bounded to
30 days in batches with progress, a folder renumbered (UIDVALIDITY), and unknown senders
listed for review from the command line, never made into contacts by themselves."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.choices import LeadStatus
from parting.core.models import Contact, Conversation, MailFolder, MailLogged, UnmatchedSender
from parting.inbound import imap
from tests import factories as f
from tests.cli.helpers import assert_one_line_error
from tests.mail.mails import message
from tests.mail.test_round_trip import connect

pytestmark = pytest.mark.django_db
RECENT = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)

FORWARD = """\
Hi me, logging this one.

---------- Forwarded message ---------
From: Rita Recruiter <rita@acme.example>
Date: Mon, 2 Mar 2026 at 10:00
Subject: The opening at Acme
To: Me <me@example.com>

We have an analyst role opening next month.
Would you like an intro?
"""


def test_a_tagged_forward_is_logged_on_the_person_in_its_quoted_headers(run, alice, mailbox):
    rita = f.contact(alice, "Rita Recruiter", "Acme", email="rita@acme.example")
    connect(run, mailbox)
    mailbox.append(
        message(
            sender=mailbox.login,
            to=mailbox.login,
            at=RECENT,
            subject="Fwd: The opening at Acme [parting]",
            body=FORWARD,
        )
    )
    assert run("mail", "fetch").code == 0
    logged = Conversation.objects.get()
    assert logged.contact == rita
    assert logged.note.startswith("The opening at Acme\n\nWe have an analyst role")
    assert MailLogged.objects.get().direction == "forwarded"


def test_a_forward_without_the_tag_or_from_someone_else_is_not_a_forward(run, alice, mailbox):
    f.contact(alice, "Rita Recruiter", "Acme", email="rita@acme.example")
    connect(run, mailbox)
    mailbox.append(
        message(
            sender=mailbox.login,
            to=mailbox.login,
            at=RECENT,
            subject="Fwd: The opening at Acme",
            body=FORWARD,
        )
    )
    mailbox.append(
        message(
            sender="mallory@evil.example",
            to=mailbox.login,
            at=RECENT,
            subject="[parting] log me",
            body=FORWARD,
        )
    )
    assert run("mail", "fetch").code == 0
    assert Conversation.objects.count() == 0


def test_a_tagged_forward_about_a_stranger_lists_them_and_makes_nothing(run, alice, mailbox):
    connect(run, mailbox)
    body = FORWARD.replace("Rita Recruiter <rita@acme.example>", "Sue Stranger <sue@x.example>")
    mailbox.append(
        message(
            sender=mailbox.login, to=mailbox.login, at=RECENT, subject="[parting] fwd", body=body
        )
    )
    assert run("mail", "fetch").code == 0
    assert Conversation.objects.count() == 0 and Contact.objects.count() == 0
    listed = run("mail", "unmatched", "--json").json()
    assert [(s["address"], s["name"]) for s in listed] == [("sue@x.example", "Sue Stranger")]


def test_the_first_read_goes_back_30_days_in_batches_with_progress(
    run, alice, mailbox, monkeypatch
):
    rita = f.contact(alice, "Rita Recruiter", "Acme", email="rita@acme.example")
    monkeypatch.setattr(imap, "BATCH", 2)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=45)
    mailbox.append(
        message(sender="rita@acme.example", to=mailbox.login, subject="Old", at=old), at=old
    )
    for n in range(5):
        mailbox.append(
            message(sender="rita@acme.example", to=mailbox.login, subject=f"New {n}", at=RECENT)
        )
    connect(run, mailbox, "--folders", "INBOX")
    monkeypatch.setattr("parting.cli.mail.PROGRESS_FROM", 0)
    result = run("mail", "fetch")
    assert result.code == 0, result
    assert "INBOX: 2 of 5 messages" in result.err and "INBOX: 5 of 5 messages" in result.err
    subjects = sorted(n.split("\n")[0] for n in Conversation.objects.values_list("note", flat=True))
    assert subjects == [f"New {n}" for n in range(5)]
    assert Conversation.objects.filter(contact=rita).count() == 5
    assert MailFolder.objects.get().last_uid == 6


def test_a_renumbered_folder_is_read_again_and_logs_nothing_twice(run, alice, mailbox):
    f.contact(alice, "Rita Recruiter", "Acme", email="rita@acme.example")
    connect(run, mailbox)
    mailbox.append(message(sender="rita@acme.example", to=mailbox.login, at=RECENT))
    run("mail", "fetch")
    MailFolder.objects.filter(name="INBOX").update(uidvalidity=1, last_uid=99)
    result = run("mail", "fetch", "--json")
    assert result.json()["already_logged"] == 1 and result.json()["logged"] == 0
    assert Conversation.objects.count() == 1
    assert MailFolder.objects.get(name="INBOX").last_uid == 1


def test_mail_older_than_the_lead_moves_nothing(run, alice, mailbox):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    lead = f.lead("Lena Lead", "Globex")
    from parting.core.domain import calls

    captured = calls.record_ask(alice, f.rejection(alice, rita), None, "gave_lead", [lead])
    lena = captured.leads[0]
    lena.contact.email = "lena@globex.example"
    lena.contact.save()
    connect(run, mailbox)
    mailbox.append(
        message(
            sender="lena@globex.example",
            to=mailbox.login,
            subject="Last year",
            at=dt.datetime.now(dt.UTC) - dt.timedelta(days=10),
        )
    )
    assert run("mail", "fetch").code == 0
    lena.refresh_from_db()
    assert lena.status == LeadStatus.NEW
    assert Conversation.objects.filter(contact=lena.contact).count() == 1  # still logged


def test_unknown_senders_from_the_command_line(run, alice, mailbox):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    connect(run, mailbox)
    for sender in ("Nora <nora@new.example>", "ola@other.example", "ivy@spam.example"):
        mailbox.append(message(sender=sender, to=mailbox.login, at=RECENT))
    mailbox.append(
        message(
            sender="news@list.example",
            to=mailbox.login,
            at=RECENT,
            extra="List-Id: <news.list.example>",
        )
    )
    run("mail", "fetch")
    listed = run("mail", "unmatched")
    assert "nora@new.example" in listed.out and "news@list.example" not in listed.out
    assert Contact.objects.count() == 1  # nothing made by itself
    assert run("mail", "add", "nora@new.example").code == 0
    assert Contact.objects.get(email="nora@new.example").name == "Nora"
    assert run("mail", "attach", "ola@other.example", "Rita Recruiter").code == 0
    rita.refresh_from_db()
    assert rita.email == "ola@other.example"
    assert run("mail", "ignore", "ivy@spam.example").code == 0
    assert run("mail", "unmatched", "--json").json() == []
    assert_one_line_error(run("mail", "ignore", "ivy@spam.example"), 1)
    assert UnmatchedSender.objects.get().ignored


def test_erase_deletes_what_mail_logged_in_one_step(run, alice, mailbox):
    rita = f.contact(alice, "Rita Recruiter", "Acme", email="rita@acme.example")
    f.rejection(alice, rita)
    connect(run, mailbox)
    mailbox.append(message(sender="rita@acme.example", to=mailbox.login, at=RECENT))
    run("mail", "fetch")
    assert Conversation.objects.count() == 2
    refused = run("mail", "erase", stdin="n\n")
    assert refused.code == 1 and Conversation.objects.count() == 2
    done = run("mail", "erase", "--yes", "--json")
    assert done.code == 0 and done.json()["conversations"] == 1
    assert list(Conversation.objects.values_list("channel", flat=True)) == ["phone"]
