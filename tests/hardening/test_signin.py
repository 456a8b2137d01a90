"""Sign-in throttling by account and by address; one answer for unknown accounts; admin too."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT


def _sign_in(client, username, password, ip="10.0.0.1", url="/login/"):
    data = {"username": username, "password": password}
    return client.post(url, data, REMOTE_ADDR=ip)


def test_it_locks_an_account_out_after_repeated_failures_even_with_the_right_password(
    client, alice
):
    for n in range(LIMIT - 1):
        assert _sign_in(client, "alice@example.com", "wrong", ip=f"10.0.0.{n}").status_code == 200
    assert _sign_in(client, "alice@example.com", "wrong", ip="10.0.1.1").status_code == 429
    response = _sign_in(client, "Alice@Example.com", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429
    assert "Try again in 15 minutes" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_it_locks_an_address_out_whatever_account_it_tries(client, alice):
    for n in range(LIMIT):
        _sign_in(client, f"nobody{n}@example.com", "wrong", ip="10.0.0.7")
    response = _sign_in(client, "alice@example.com", PASSWORD, ip="10.0.0.7")
    assert response.status_code == 429
    # Another address can still sign alice in.
    assert _sign_in(client, "alice@example.com", PASSWORD, ip="10.0.0.8").status_code == 302


def test_it_gives_the_same_answer_for_an_unknown_account(client, alice):
    for n in range(LIMIT):
        _sign_in(client, "alice@example.com", "wrong", ip=f"10.1.0.{n}")
        _sign_in(client, "ghost@example.com", "wrong", ip=f"10.2.0.{n}")
    known = _sign_in(client, "alice@example.com", "wrong", ip="10.3.0.1")
    unknown = _sign_in(client, "ghost@example.com", "wrong", ip="10.3.0.2")
    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert _alert(known) == _alert(unknown) == "Too many sign-in attempts. Try again in 15 minutes."


def _alert(response) -> str:
    return re.search(r'role="alert"><p>([^<]*)</p>', response.content.decode()).group(1)


def test_it_throttles_the_admin_sign_in_too(client, alice):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    url = reverse("admin:login")
    for n in range(LIMIT):
        _sign_in(client, "alice@example.com", "wrong", ip=f"10.4.0.{n}", url=url)
    response = _sign_in(client, "alice@example.com", PASSWORD, ip="10.4.1.1", url=url)
    assert response.status_code == 429


def test_it_forgets_failures_after_a_successful_sign_in(client, alice):
    for n in range(LIMIT - 1):
        _sign_in(client, "alice@example.com", "wrong", ip=f"10.5.0.{n}")
    assert _sign_in(client, "alice@example.com", PASSWORD, ip="10.5.1.1").status_code == 302
    client.logout()
    for n in range(LIMIT - 1):
        _sign_in(client, "alice@example.com", "wrong", ip=f"10.6.0.{n}")
    assert _sign_in(client, "alice@example.com", PASSWORD, ip="10.6.1.1").status_code == 302


def test_it_reads_the_client_address_from_trusted_proxies_only(settings, client, alice):
    settings.PARTING_TRUSTED_PROXIES = 1
    for n in range(LIMIT):
        client.post(
            "/login/",
            {"username": f"x{n}@example.com", "password": "wrong"},
            REMOTE_ADDR="192.0.2.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.5",
        )
    # The proxy's own address is not locked: another caller behind it still signs in.
    response = client.post(
        "/login/",
        {"username": "alice@example.com", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )
    assert response.status_code == 302


def test_it_still_authenticates_with_a_request(alice):
    request = RequestFactory().post("/login/", REMOTE_ADDR="10.7.0.1")
    assert authenticate(request, username="alice@example.com", password=PASSWORD) == alice


def test_it_ignores_a_forged_address_that_is_no_address(settings, client, alice):
    settings.PARTING_TRUSTED_PROXIES = 1
    response = client.post(
        "/login/",
        {"username": "alice@example.com", "password": "wrong"},
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR="not-an-address",
    )
    assert response.status_code == 200
