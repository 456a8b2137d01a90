"""Settings: the profile form (phone E.164, IANA time zone, region) and its tabs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.domain.profiles import get_profile

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Alice Archer",
    "phone": "(415) 555-0100",
    "skills": "route planning",
    "target_roles": "product analyst",
    "niche": "logistics",
    "timezone": "Europe/Paris",
    "phone_region": "us",
}


def test_page_shows_the_form_the_zone_list_and_tabs(alice_client):
    page = alice_client.get(reverse("settings")).content.decode()
    assert 'list="timezones"' in page and '<option value="Europe/Paris">' in page
    assert 'class="tabs"' in page and 'aria-current="page">Profile</a>' in page


def test_save_normalises_phone_and_region(alice_client, alice):
    response = alice_client.post(reverse("settings"), GOOD)
    assert response.status_code == 302
    profile = get_profile(alice)
    assert (profile.phone, profile.phone_region, profile.timezone) == (
        "+14155550100",
        "US",
        "Europe/Paris",
    )
    assert profile.target_roles == "product analyst"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("timezone", "Mars/Base", "Unknown time zone"),
        ("phone", "12", "phone number"),
        ("phone_region", "ZZ", "Unknown phone region"),
    ],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(alice_client, alice, field, value, error):
    response = alice_client.post(reverse("settings"), {**GOOD, "name": "Changed", field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert error in page and 'value="Changed"' in page
    assert get_profile(alice).name == "Alice Archer"


def test_typed_text_is_escaped(alice_client, alice):
    alice_client.post(reverse("settings"), {**GOOD, "skills": "<script>x</script>"})
    page = alice_client.get(reverse("settings")).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page


def test_r9_each_seeker_sees_only_their_own_profile(alice_client, alice, charlie):
    alice_client.post(reverse("settings"), GOOD)
    alice_client.force_login(charlie)
    page = alice_client.get(reverse("settings")).content.decode()
    assert "route planning" not in page and "+1 415" not in page


def test_login_required(client):
    assert client.get(reverse("settings")).status_code == 302
