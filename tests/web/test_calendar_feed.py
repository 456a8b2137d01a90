"""The private calendar feed and the "Calendar and digest" settings page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from parting.core.domain import calendar, followups
from parting.core.domain.profiles import get_profile
from parting.web import links
from tests.ical_helpers import assert_well_formed, parse_with_icalendar, parse_with_icaljs

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 4)


@pytest.fixture
def alices_followup(alice, frozen):
    return followups.add_followup(alice, "Thank Zoë, Ørsted; 🚀", on=TODAY)


def feed(user, token=None):
    return reverse("calendar_feed", args=[user.pk, token or calendar.feed_token(user)])


def test_the_feed_serves_the_calendar_without_a_sign_in(client, alice, alices_followup):
    response = client.get(feed(alice))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert_well_formed(response.content)
    [event] = parse_with_icalendar(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Thank Zoë, Ørsted; 🚀"
    assert parse_with_icaljs(response.content)["events"][0]["summary"] == "Thank Zoë, Ørsted; 🚀"


@pytest.mark.parametrize("token", ["wrong-token-but-well-formed-xx", "short", "bad token!", "%00"])
def test_a_wrong_or_malformed_token_is_404(client, alice, alices_followup, token):
    calendar.feed_token(alice)
    response = client.get(f"/calendar/{alice.pk}/{token}.ics")
    assert response.status_code == 404
    assert b"Zo" not in response.content


def test_a_rotated_token_is_404(client, alice, alices_followup):
    old = feed(alice)
    calendar.rotate_token(alice)
    assert client.get(old).status_code == 404
    assert client.get(feed(alice)).status_code == 200


def test_a_token_opens_only_its_owners_feed(client, alice, bob, alices_followup):
    followups.add_followup(bob, "Bob's own task", on=TODAY)
    alices_token = calendar.feed_token(alice)
    assert client.get(feed(bob, alices_token)).status_code == 404
    body = client.get(feed(alice)).content
    assert b"Bob's own task" not in body and b"Thank Zo" in body


def test_settings_page_shows_the_feed_and_webcal(alice_client, alice):
    response = alice_client.get(reverse("settings_calendar"))
    assert response.status_code == 200
    page = response.content.decode()
    site = "http://testserver"  # the address the page was served at
    assert links.feed_url(alice, site) in page and links.webcal_url(alice, site) in page
    assert 'data-copy="#feed-url"' in page


def test_rotate_asks_first_then_replaces(alice_client, alice):
    token = calendar.feed_token(alice)
    confirm = alice_client.get(reverse("calendar_rotate"))
    assert confirm.status_code == 200 and b"Yes, make a new address" in confirm.content
    assert get_profile(alice).calendar_token == token  # the GET changed nothing
    response = alice_client.post(reverse("calendar_rotate"))
    assert response.status_code == 302
    assert get_profile(alice).calendar_token not in ("", token)


def test_digest_opt_out_and_cadence_days_are_saved(alice_client, alice):
    data = {"second_contact_days": "2", "nudge_days": "5", "check_back_days": "10"}
    response = alice_client.post(reverse("settings_calendar"), data)  # digest box unticked
    assert response.status_code == 302
    profile = get_profile(alice)
    assert not profile.digest_enabled
    assert (profile.second_contact_days, profile.nudge_days, profile.check_back_days) == (2, 5, 10)


@pytest.mark.parametrize(
    "data",
    [
        {"second_contact_days": "0", "nudge_days": "5", "check_back_days": "10"},
        {"second_contact_days": "6", "nudge_days": "5", "check_back_days": "10"},
        {"second_contact_days": "x", "nudge_days": "5", "check_back_days": "10"},
    ],
)
def test_bad_settings_are_refused_and_kept(alice_client, alice, data):
    response = alice_client.post(reverse("settings_calendar"), {**data, "digest_enabled": "on"})
    assert response.status_code == 400
    assert f'value="{data["second_contact_days"]}"'.encode() in response.content
    profile = get_profile(alice)
    assert (profile.second_contact_days, profile.nudge_days) == (3, 7)


def test_settings_need_a_sign_in(client):
    for name in ("settings_calendar", "calendar_rotate"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.post(reverse("calendar_rotate")).status_code == 302


def test_charlie_rotating_leaves_alices_feed_alone(charlie_client, alice, alices_followup):
    before = feed(alice)
    charlie_client.post(reverse("calendar_rotate"))
    assert charlie_client.get(before).status_code == 200


def test_the_feed_url_uses_the_base_url(alice, settings):
    settings.PARTING_BASE_URL = "https://parting.example.org"
    url = links.feed_url(alice)
    assert url.startswith(f"https://parting.example.org/calendar/{alice.pk}/") and url.endswith(
        ".ics"
    )
    assert links.webcal_url(alice) == "webcal://" + url.removeprefix("https://")


def test_feed_events_link_to_the_follow_ups_message_page(client, alice, alices_followup, settings):
    settings.PARTING_BASE_URL = "https://parting.example.org"
    settings.ALLOWED_HOSTS = ["parting.example.org"]
    served = client.get(feed(alice), HTTP_HOST="parting.example.org").content
    event = parse_with_icalendar(served).walk("VEVENT")[0]
    url = reverse("followup_message", args=[alices_followup.pk])
    assert str(event["URL"]) == "https://parting.example.org" + url
