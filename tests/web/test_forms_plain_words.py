"""Forms speak plainly: Settings shows every field's error at once, in words beside the
field (never the typed value echoed back like a log line); sign-in speaks of the email;
date pickers offer only the days the app keeps."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from parting.core.domain.profiles import get_profile
from parting.core.models import Mailbox
from parting.webhooks.models import Endpoint
from tests import factories as f
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Alice Archer",
    "phone": "(415) 555-0100",
    "skills": "route planning",
    "target_roles": "product analyst",
    "niche": "logistics",
    "timezone": "Europe/Paris",
    "phone_region": "US",
}


def errors_of(response) -> dict[str, list[str]]:
    return {name: list(errs) for name, errs in response.context["form"].errors.items()}


def shown_errors(response) -> list[str]:
    return re.findall(r'<p class="error" role="alert">([^<]*)</p>', response.content.decode())


def test_settings_shows_every_field_error_at_once_in_plain_words(alice_client, alice):
    bad = {
        **PROFILE,
        "phone": "call me maybe",
        "timezone": "Mars/Base",
        "worklog_activities": "3",
        "worklog_employer_contacts": "9",
    }
    response = alice_client.post(reverse("settings"), bad)
    assert response.status_code == 400
    errors = errors_of(response)
    assert errors["phone"] == ["Not a phone number."]
    assert errors["timezone"][0].startswith("Unknown time zone (")
    assert "worklog_employer_contacts" in errors
    for text in shown_errors(response):
        assert "call me maybe" not in text and "Mars/Base" not in text and "'" not in text
    assert len(shown_errors(response)) == 3
    assert get_profile(alice).phone == ""  # nothing saved


def test_settings_shows_the_forms_own_errors_with_the_domains(alice_client, alice):
    response = alice_client.post(
        reverse("settings"), {**PROFILE, "phone": "12", "timezone": "", "phone_region": "ZZ"}
    )
    assert response.status_code == 400
    errors = errors_of(response)
    assert errors["timezone"] == ["This field is required."]
    assert errors["phone_region"] == ["Unknown phone region (a two-letter code like US)."]
    assert set(errors) == {"timezone", "phone_region"}  # a bad region: the phone waits for it
    fixed = alice_client.post(reverse("settings"), {**PROFILE, "phone": "12"})
    assert errors_of(fixed) == {"phone": ["Not a valid phone number."]}


def test_the_cli_keeps_the_value_in_its_one_line(alice):
    from parting.core.domain.errors import Invalid
    from parting.core.domain.profile_update import update_profile

    with pytest.raises(Invalid) as refused:
        update_profile(alice, phone="call me maybe", timezone="Mars/Base")
    assert "not a phone number: 'call me maybe'" in refused.value.message
    assert "unknown time zone 'Mars/Base'" in refused.value.message
    assert "\n" not in refused.value.message
    assert len(refused.value.errors) == 2


def test_mail_settings_show_every_field_error_at_once(alice_client, alice):
    response = alice_client.post(
        reverse("settings_mail"),
        {"host": "not a host!", "tls": "ssl", "port": "99999", "login": "", "password": ""},
    )
    assert response.status_code == 400
    errors = errors_of(response)
    assert errors["host"] == ["Not a host name."]
    assert errors["port"] == ["The port must be a number from 1 to 65535."]
    assert errors["login"] == ["This field is required."]
    assert errors["password"] == ["This field is required."]
    assert not Mailbox.objects.exists()


def test_webhook_settings_show_the_address_and_the_events_at_once(alice_client, alice):
    response = alice_client.post(reverse("settings_webhooks"), {"url": "ftp://example.com/x"})
    assert response.status_code == 400
    errors = errors_of(response)
    assert errors["url"] == ["The URL must start with https:// or http://."]
    assert errors["events"] == ["Choose at least one event."]
    assert not Endpoint.objects.exists()


def test_sharing_settings_show_the_email_and_the_day_at_once(alice_client, alice):
    response = alice_client.post(
        reverse("settings_sharing"),
        {"email": "coach-at-example", "scope": "numbers", "until": "3000-01-01"},
    )
    assert response.status_code == 400
    errors = errors_of(response)
    assert errors["email"] == ["Not an email address."]
    assert errors["until"] == ["Dates must lie between 1900 and 2200."]


def test_a_contacts_bad_phone_is_plain_words_beside_it(alice_client, alice):
    response = alice_client.post(
        reverse("contact_create"), {"name": "Rita", "phone": "call me maybe", "role": "recruiter"}
    )
    assert response.status_code == 400
    assert errors_of(response)["phone"] == ["Not a phone number."]


# -- sign-in ------------------------------------------------------------------------------


def test_sign_in_asks_for_the_email_and_says_email_when_it_fails(client, alice):
    page = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">Email' in page and 'type="email"' in page
    assert "Username" not in page
    failed = client.post(reverse("login"), {"username": "alice@example.com", "password": "x"})
    text = failed.content.decode()
    assert "That email and password don&#x27;t match an account." in text
    assert "username" not in text.lower().replace('name="username"', "").replace(
        'id="id_username"', ""
    ).replace('for="id_username"', "")
    assert (
        client.post(
            reverse("login"), {"username": "alice@example.com", "password": PASSWORD}
        ).status_code
        == 302
    )


def test_a_locked_out_sign_in_says_email_too(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": "alice@example.com", "password": "x"})
    locked = client.post(reverse("login"), {"username": "alice@example.com", "password": "x"})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many sign-in attempts" in page and '<label for="id_username">Email' in page


# -- date pickers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    ["followup_add", "settings_sharing", "insights_funnel", "worklog"],
)
def test_date_pickers_offer_only_the_days_the_app_keeps(alice_client, alice, page):
    html = alice_client.get(reverse(page)).content.decode()
    pickers = re.findall(r'<input type="date"[^>]*>', html)
    assert pickers, page
    for picker in pickers:
        assert 'min="' in picker and 'max="2200-12-31"' in picker


def test_the_call_time_and_the_snooze_pickers_are_bounded(alice_client, alice, frozen):
    convo = f.rejection(alice, f.contact(alice))
    html = alice_client.get(reverse("conversation_edit", args=[convo.pk])).content.decode()
    [moment] = re.findall(r'<input type="datetime-local"[^>]*>', html)
    assert 'min="1900-01-01T00:00"' in moment and 'max="2200-12-31T23:59"' in moment
    f.contact(alice, "Lena")
    today = alice_client.get(reverse("today")).content.decode()
    for picker in re.findall(r'<input type="date"[^>]*>', today):
        assert 'min="2026-03-04"' in picker and 'max="2200-12-31"' in picker
