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


@pytest.mark.parametrize(
    ("url_name", "query"), [("today", "?all=1"), ("lead_list", ""), ("lead_board", "")]
)
def test_page_queries_do_not_grow_with_rows(alice_client, alice, frozen, url_name, query):
    url = reverse(url_name) + query
    grow(alice, 0, 10)
    # Friday: every thank-you and contact-lead follow-up is due, the week is the same.
    frozen.move_to(dt.datetime(2026, 3, 6, 10, 0, tzinfo=dt.UTC))
    small = queries(alice_client, url)
    frozen.move_to(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC))
    grow(alice, 10, 200)
    frozen.move_to(dt.datetime(2026, 3, 6, 10, 0, tzinfo=dt.UTC))
    page = alice_client.get(url)
    assert b"Lead 199" in page.content
    large = queries(alice_client, url)
    assert large == small, f"{url}: {small} queries at 10 rows, {large} at 200"


def test_the_lead_page_and_filtered_list_are_bounded_too(alice_client, alice, frozen):
    grow(alice, 0, 30)
    with CaptureQueriesContext(connection) as captured:
        alice_client.get(reverse("lead_list"), {"status": "new"})
    assert len(captured) < 15
