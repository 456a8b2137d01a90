"""Malformed mail neither stops a fetch nor is logged wrongly or twice: RFC 2047 headers in
several charsets, no Message-ID, a 10 MB message, a broken MIME structure."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.models import Conversation, MailLogged, UnmatchedSender
from tests import factories as f
from tests.mail.mails import message, with_attachment
from tests.mail.test_round_trip import connect

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme", email="rita@acme.example")


def notes(contact):
    return list(
        Conversation.objects.filter(contact=contact).order_by("at").values_list("note", flat=True)
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("=?utf-8?q?Caf=C3=A9_next_week=3F?=", "Café next week?"),
        ("=?iso-8859-1?q?R=E9sum=E9_re=E7u?=", "Résumé reçu"),
        ("=?koi8-r?b?8NLJ18XU?=", "Привет"),
        ("=?shift_jis?b?g3mDQ4OT?=", "ペイン"),
        ("=?windows-1252?q?=93quoted=94?= and plain", "“quoted” and plain"),
        ("=?x-unknown-charset?q?caf=E9?=", "caf\ufffd"),
        ("=?utf-8?b?!!!?= tail", None),  # not base64: whatever it gives, printable
    ],
)
def test_encoded_subjects_are_read_in_their_charset(run, rita, mailbox, header, expected):
    connect(run, mailbox)
    mailbox.append(
        message(sender="Rita <rita@acme.example>", to=mailbox.login, subject=header, at=NOW)
    )
    assert run("mail", "fetch").code == 0
    subject = notes(rita)[0].split("\n\n")[0]
    assert subject.startswith(expected) if expected else subject.isprintable()


def test_an_encoded_sender_name_is_decoded_for_review(run, alice, mailbox):
    connect(run, mailbox)
    mailbox.append(
        message(
            sender="=?utf-8?q?Zo=C3=AB_M=C3=BCller?= <zoe@new.example>", to=mailbox.login, at=NOW
        )
    )
    assert run("mail", "fetch").code == 0
    assert UnmatchedSender.objects.get().name == "Zoë Müller"
    assert Conversation.objects.count() == 0  # an unknown sender: nothing logged


def test_without_a_message_id_the_same_message_is_logged_once(run, rita, mailbox):
    connect(run, mailbox, "--folders", "INBOX,Sent")
    raw = message(
        sender="rita@acme.example", to=mailbox.login, message_id=None, at=NOW, subject="No id here"
    )
    mailbox.append(raw)
    mailbox.append(raw, folder="Sent")  # the same message in two folders
    assert run("mail", "fetch").code == 0
    assert run("mail", "fetch").code == 0
    assert notes(rita) == ["No id here\n\nThanks, happy to talk next week."]
    assert MailLogged.objects.get().key.startswith("sha256:")


def test_a_10_mb_message_is_read_by_its_text_alone(run, rita, mailbox, dovecot):
    connect(run, mailbox)
    mailbox.append(
        with_attachment(
            sender="rita@acme.example",
            to=mailbox.login,
            body="Here is the job description.",
            size=10 * 1024 * 1024,
        )
    )
    mailbox.append(message(sender="rita@acme.example", to=mailbox.login, subject="After", at=NOW))
    assert run("mail", "fetch").code == 0
    assert notes(rita)[-1].startswith("CV\n\nHere is the job description.")
    assert any(n.startswith("After") for n in notes(rita))
    # Dovecot counts the body bytes it sent: the text part, never the 10 MB attachment.
    sent = [
        line
        for line in dovecot.log().splitlines()
        if mailbox.login in line and "body_bytes" in line
    ]
    assert sent and all(int(line.split("body_bytes=")[1].split()[0]) < 64 * 1024 for line in sent)


BROKEN = [
    # a multipart with no boundary parameter
    "From: rita@acme.example\nTo: {me}\nSubject: No boundary\nMessage-ID: <nb@x>\n"
    "Content-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhello\n",
    # a boundary that never closes, a bad transfer encoding and a bogus charset
    "From: rita@acme.example\nTo: {me}\nSubject: Unclosed\nMessage-ID: <uc@x>\n"
    'Content-Type: multipart/alternative; boundary="zz"\n\n--zz\n'
    "Content-Type: text/plain; charset=no-such-charset\nContent-Transfer-Encoding: base64\n\n"
    "!!!not base64!!!\n--zz\nContent-Type: text/html\n\n<p>x",
    # headers with no body and garbage bytes in the subject
    b"From: rita@acme.example\nTo: {me}\nSubject: caf\xe9 \xff\xfe\nMessage-ID: <gb@x>\n\n",
]


@pytest.mark.parametrize("raw", BROKEN, ids=["no-boundary", "unclosed", "garbage-bytes"])
def test_broken_mime_is_logged_by_its_headers_and_stops_nothing(run, rita, mailbox, raw):
    connect(run, mailbox)
    me = mailbox.login
    mailbox.append(
        raw.replace(b"{me}", me.encode()) if isinstance(raw, bytes) else raw.format(me=me)
    )
    mailbox.append(message(sender="rita@acme.example", to=me, subject="The next one", at=NOW))
    result = run("mail", "fetch")
    assert result.code == 0, result
    assert len(notes(rita)) == 2
    assert any(n.startswith("The next one") for n in notes(rita))
    assert run("mail", "fetch").code == 0
    assert len(notes(rita)) == 2
