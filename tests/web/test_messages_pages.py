"""The message page of a follow-up: draft, edit, mailto, copy, mark sent."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse

from parting.core.choices import Channel, FollowUpKind, Kind
from parting.core.domain import followups
from parting.core.models import Conversation
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 4)


@pytest.fixture
def pat(alice):
    return f.contact(alice, "Pat <b>Bold</b>", "Acme", email="pat@acme.example")


@pytest.fixture
def check_back(alice, pat, frozen):
    return followups.schedule(
        alice, FollowUpKind.CHECK_BACK, "Check back with Pat", TODAY, contact=pat
    )


def url(item):
    return reverse("followup_message", args=[item.pk])


def test_the_page_shows_the_draft_with_mailto_and_copy(alice_client, check_back):
    response = alice_client.get(url(check_back))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Checking back" in page and "pat@acme.example" in page
    assert 'href="mailto:pat@acme.example?subject=Checking%20back&amp;body=Hi%20Pat' in page
    assert 'data-copy="#id_body"' in page
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt;" in page


def test_preview_puts_the_edits_in_the_link(alice_client, check_back):
    data = {
        "to": "pat@acme.example",
        "subject": "New subject",
        "body": "Edited text",
        "action": "preview",
    }
    response = alice_client.post(url(check_back), data)
    assert response.status_code == 200
    assert "subject=New%20subject&amp;body=Edited%20text" in response.content.decode()
    check_back.refresh_from_db()
    assert check_back.is_open


def test_mark_sent_closes_and_logs_the_email(alice_client, alice, pat, check_back):
    data = {
        "to": "pat@acme.example",
        "subject": "Checking back",
        "body": "My own words",
        "action": "sent",
    }
    response = alice_client.post(url(check_back), data)
    assert response.status_code == 302 and response["Location"] == reverse("today")
    check_back.refresh_from_db()
    assert not check_back.is_open
    logged = Conversation.objects.get(owner=alice)
    assert (logged.contact, logged.channel, logged.kind) == (pat, Channel.EMAIL, Kind.FOLLOW_UP)
    assert "My own words" in logged.note


@pytest.mark.parametrize(
    "data",
    [
        {"to": "pat@acme.example", "subject": "", "body": "text", "action": "sent"},
        {"to": "not an email", "subject": "S", "body": "text", "action": "sent"},
        {"to": "", "subject": "S", "body": "", "action": "sent"},
    ],
)
def test_bad_input_is_400_keeps_the_typing_and_saves_nothing(alice_client, alice, check_back, data):
    response = alice_client.post(url(check_back), data)
    assert response.status_code == 400
    page = unescape(response.content.decode())
    for value in data.values():
        if value and value != "sent":
            assert value in page
    check_back.refresh_from_db()
    assert check_back.is_open and not Conversation.objects.filter(owner=alice).exists()


def test_a_done_follow_up_cannot_be_sent_twice(alice_client, alice, check_back):
    followups.mark_done(alice, check_back)
    data = {"to": "", "subject": "S", "body": "text", "action": "sent"}
    response = alice_client.post(url(check_back), data)
    assert response.status_code == 400 and b"already done" in response.content
    assert not Conversation.objects.filter(owner=alice).exists()


def test_charlie_gets_404(charlie_client, check_back):
    assert charlie_client.get(url(check_back)).status_code == 404
    data = {"to": "", "subject": "S", "body": "text", "action": "sent"}
    assert charlie_client.post(url(check_back), data).status_code == 404
    check_back.refresh_from_db()
    assert check_back.is_open


def test_the_page_needs_a_sign_in(client, check_back):
    response = client.get(url(check_back))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_today_links_each_follow_up_to_its_message(alice_client, check_back):
    page = alice_client.get(reverse("today")).content.decode()
    assert url(check_back) in page
