"""Today, the leads list and the lead board run a fixed number of queries, whatever the size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parting.core.choices import Response
from parting.core.domain import calls
from tests import factories as f

pytestmark = pytest.mark.django_db


def grow(user, start: int, stop: int) -> None:
    """Rejections with one lead each (and their follow-ups), plus rejections without an ask."""
    for i in range(start, stop):
        referrer = f.contact(user, f"Referrer {i}", f"Company {i % 7}")
        convo = f.rejection(user, referrer)
        calls.record_ask(
            user, convo, None, Response.GAVE_LEAD, [f.lead(f"Lead {i}", f"Target {i % 5}")]
        )
        f.rejection(user, referrer)  # still wants its parting question


def queries(client, url: str) -> int:
    cache.clear()  # count what a page computes, not what it remembered (domain.freshness)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_page_queries_do_not_grow_with_rows(alice_client, alice, frozen):
    """Today's full list, the lead list and the board against the same account."""
    lists = [reverse("today") + "?all=1", reverse("lead_list"), reverse("lead_board")]
    grow(alice, 0, 10)
    # Friday: every thank-you and contact-lead follow-up is due, the week is the same.
    frozen.move_to(dt.datetime(2026, 3, 6, 10, 0, tzinfo=dt.UTC))
    small = {url: queries(alice_client, url) for url in lists}
    frozen.move_to(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC))
    grow(alice, 10, 200)
    frozen.move_to(dt.datetime(2026, 3, 6, 10, 0, tzinfo=dt.UTC))
    for url in lists:
        assert b"Lead 199" in alice_client.get(url).content, url
    large = {url: queries(alice_client, url) for url in lists}
    assert large == small, f"queries at 10 rows {small}, at 200 {large}"


def test_the_lead_page_and_filtered_list_are_bounded_too(alice_client, alice, frozen):
    grow(alice, 0, 30)
    with CaptureQueriesContext(connection) as captured:
        alice_client.get(reverse("lead_list"), {"status": "new"})
    assert len(captured) < 15
