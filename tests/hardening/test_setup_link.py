"""A setup link works for an hour, and issuing a new one revokes the older ones."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from parting.core.domain import accounts
from parting.core.domain.errors import Invalid

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)


def test_it_expires_a_setup_link_after_an_hour(client):
    with time_machine.travel(START, tick=False):
        token = accounts.issue_setup_token()
    with time_machine.travel(START + dt.timedelta(minutes=59), tick=False):
        assert client.get(f"/setup/?token={token}").status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=61), tick=False):
        assert client.get(f"/setup/?token={token}").status_code == 404
        with pytest.raises(Invalid):
            accounts.redeem_setup_token(token, "late@example.com", "a long enough passphrase")


def test_it_revokes_older_links_when_a_new_one_is_issued(client):
    first, second = accounts.issue_setup_token(), accounts.issue_setup_token()
    third = accounts.issue_setup_token()
    assert [accounts.setup_token_valid(t) for t in (first, second, third)] == [False, False, True]
    assert client.get(f"/setup/?token={first}").status_code == 404
    assert "more than an hour old" in client.get(f"/setup/?token={first}").content.decode()
