"""Settings → API: a token is shown once, listed by prefix with its last use, revoked after
a confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.domain import tokens
from parting.core.models import ApiToken

pytestmark = pytest.mark.django_db


def test_make_a_token_shows_it_once(alice_client, alice):
    response = alice_client.post(
        reverse("settings_api"), {"name": "phone shortcut", "read_only": "on", "expires": "30"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(owner=alice)
    secret = response.context["made"].secret
    assert tokens.authenticate(secret) == token
    html = response.content.decode()
    assert secret in html and "not shown again" in html
    assert token.read_only and token.expires_at is not None
    # The list names it by its prefix; the secret is never shown again.
    again = alice_client.get(reverse("settings_api")).content.decode()
    assert token.prefix in again and secret not in again
    assert 'data-label="Last used">Never' in again


def test_bad_input_is_refused_and_nothing_made(alice_client, alice):
    for data in ({"name": ""}, {"name": "x", "expires": "0"}, {"name": "x", "expires": "abc"}):
        response = alice_client.post(reverse("settings_api"), data)
        assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_last_used_shows(alice_client, alice, client):
    made = tokens.create_token(alice, "script")
    client.get("/api/v1/me", headers={"Authorization": f"Bearer {made.secret}"})
    html = alice_client.get(reverse("settings_api")).content.decode()
    row = html.split(made.token.prefix, 1)[1].split("</tr>", 1)[0]
    assert 'data-label="Last used">Never' not in row
    made.token.refresh_from_db()
    assert made.token.last_used_at is not None


def test_revoke_asks_first(alice_client, alice):
    made = tokens.create_token(alice, "script")
    url = reverse("token_revoke", args=[made.token.pk])
    page = alice_client.get(url)
    assert page.status_code == 200 and b"Revoke the token" in page.content
    assert tokens.authenticate(made.secret) is not None
    response = alice_client.post(url)
    assert response.status_code == 302
    assert tokens.authenticate(made.secret) is None
    assert alice_client.post(url).status_code == 404


def test_another_accounts_token_is_not_found(charlie_client, alice):
    made = tokens.create_token(alice, "script")
    assert charlie_client.get(reverse("token_revoke", args=[made.token.pk])).status_code == 404
    assert charlie_client.post(reverse("token_revoke", args=[made.token.pk])).status_code == 404
    assert tokens.authenticate(made.secret) is not None
