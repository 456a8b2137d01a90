"""A database still locked after its timeout: 503 "busy, try again" with Retry-After, never a 500
(issue 9, item 12)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from parting.web import busy

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.web.busy_urls")
def test_it_answers_503_busy_with_retry_after_when_the_database_is_locked(alice_client):
    response = alice_client.get("/locked/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(busy.RETRY_AFTER)
    assert "The database is busy, try again in a moment." in response.content.decode()


@pytest.mark.urls("tests.web.busy_urls")
def test_other_database_errors_stay_server_errors(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    assert client.get("/broken/").status_code == 500


def test_a_lock_met_outside_a_view_is_503_too():
    """Saving the session happens in a middleware, after the view: handler500 catches it."""
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = busy.server_error(RequestFactory().get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(busy.RETRY_AFTER)
