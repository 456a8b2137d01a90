"""Settings → Mail: connect through the page, see how the last try went (a wrong password, a
server that is down, a TLS failure), review unknown senders, disconnect and erase."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.urls import reverse

from parting.core.models import (
    Contact,
    ContactPoint,
    Conversation,
    Mailbox,
    SiteSwitches,
    UnmatchedSender,
)
from tests import factories as f
from tests.mail.dovecot import PASSWORD
from tests.mail.mails import message

pytestmark = pytest.mark.django_db
PAGE = "/settings/mail/"


def form(box, **changes):
    data = {
        "host": "127.0.0.1",
        "tls": "none",
        "port": str(box.server.port),
        "login": box.login,
        "password": PASSWORD,
        "folders": "",
        "tag": "[parting]",
    }
    return {**data, **changes}


def test_connecting_through_the_page_checks_then_keeps_the_mailbox(alice_client, mailbox, caplog):
    caplog.set_level(logging.DEBUG)
    response = alice_client.post(PAGE, form(mailbox))
    assert response.status_code == 302
    box = Mailbox.objects.get()
    assert box.folders == ["INBOX", "Sent"] and box.sent_folder == "Sent"
    page = alice_client.get(PAGE).content.decode()
    assert mailbox.login in page and "Last try" in page
    assert PASSWORD not in page and box.secret not in page
    assert PASSWORD not in caplog.text


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"password": "wrong-one"}, "wrong user or password"),
        ({"tls": "ssl", "port": "TLS"}, "TLS failed"),
        ({"port": "99999"}, "port must be a number from 1 to 65535"),
        ({"folders": "INBOX, Missing"}, "no folder &#x27;Missing&#x27;"),
    ],
)
def test_a_refused_connection_is_shown_and_keeps_nothing(alice_client, mailbox, changes, said):
    if changes.get("port") == "TLS":
        changes["port"] = str(mailbox.server.tls_port)
    response = alice_client.post(PAGE, form(mailbox, **changes))
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not Mailbox.objects.exists()


def test_a_server_that_went_down_shows_as_the_status(alice_client, mailbox):
    alice_client.post(PAGE, form(mailbox))
    Mailbox.objects.update(port=1)
    alice_client.post(reverse("mail_fetch"))
    alice_client.post(reverse("mail_test"))
    page = alice_client.get(PAGE).content.decode()
    assert 'role="alert" id="mail-status"' in page
    assert "the server is down or refused the connection" in page


def test_fetch_now_logs_and_unknown_senders_are_reviewed(alice, alice_client, mailbox):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    alice_client.post(PAGE, form(mailbox))
    at = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
    for sender in (
        "Nora New <nora@new.example>",
        "Ola Other <ola@other.example>",
        "Ivy Ignored <ivy@spam.example>",
    ):
        mailbox.append(message(sender=sender, to=mailbox.login, at=at))
    alice_client.post(reverse("mail_fetch"))
    assert Conversation.objects.count() == 0  # nobody known: nothing logged, nothing made
    assert Contact.objects.count() == 1
    page = alice_client.get(PAGE).content.decode()
    assert "nora@new.example" in page and "Ivy Ignored" in page
    by = {s.address: s for s in UnmatchedSender.objects.all()}

    alice_client.post(
        reverse("mail_sender", args=[by["nora@new.example"].pk]),
        {"action": "add", "name": "Nora Newman"},
    )
    alice_client.post(
        reverse("mail_sender", args=[by["ola@other.example"].pk]),
        {"action": "attach", "contact": "Rita Recruiter"},
    )
    alice_client.post(
        reverse("mail_sender", args=[by["ivy@spam.example"].pk]), {"action": "ignore"}
    )
    assert Contact.objects.get(name="Nora Newman").email == "nora@new.example"
    rita.refresh_from_db()
    assert rita.email == "ola@other.example" or ContactPoint.objects.filter(contact=rita).exists()
    assert list(UnmatchedSender.objects.values_list("address", "ignored")) == [
        ("ivy@spam.example", True)
    ]
    mailbox.append(message(sender="ivy@spam.example", to=mailbox.login, subject="again", at=at))
    mailbox.append(message(sender="ola@other.example", to=mailbox.login, subject="Ola here", at=at))
    alice_client.post(reverse("mail_fetch"))
    assert "Ivy Ignored" not in alice_client.get(PAGE).content.decode()
    assert UnmatchedSender.objects.get(address="ivy@spam.example").messages == 1
    assert Conversation.objects.get().contact == rita  # the attached address now matches


def test_disconnect_and_erase_ask_first_then_do_it_in_one_step(alice, alice_client, mailbox):
    rita = f.contact(alice, "Rita Recruiter", "Acme", email="rita@acme.example")
    alice_client.post(PAGE, form(mailbox))
    mailbox.append(
        message(
            sender="rita@acme.example", to=mailbox.login, at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
        )
    )
    alice_client.post(reverse("mail_fetch"))
    f.rejection(alice, rita)  # logged by hand: stays
    assert Conversation.objects.count() == 2
    assert "Delete" in alice_client.get(reverse("mail_erase")).content.decode()
    assert Conversation.objects.count() == 2  # GET only asks
    alice_client.post(reverse("mail_erase"))
    assert list(Conversation.objects.values_list("channel", flat=True)) == ["phone"]
    alice_client.get(reverse("mail_disconnect"))
    assert Mailbox.objects.exists()
    alice_client.post(reverse("mail_disconnect"))
    assert not Mailbox.objects.exists()


def test_the_site_switch_turns_mailbox_connections_off(alice_client, mailbox, run):
    SiteSwitches.objects.create(mailbox_connections=False)
    response = alice_client.post(PAGE, form(mailbox))
    assert "turned off on this site" in response.content.decode()
    assert not Mailbox.objects.exists()
    result = run(
        "mail", "connect", *mailbox.connect_args(), "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert result.code == 1 and "turned off on this site" in result.err


def test_charlie_cannot_review_alices_senders(alice, charlie_client):
    sender = UnmatchedSender.objects.create(
        owner=alice, address="x@y.example", last_seen_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
    )
    response = charlie_client.post(reverse("mail_sender", args=[sender.pk]), {"action": "ignore"})
    assert response.status_code == 404
    sender.refresh_from_db()
    assert not sender.ignored
