"""The pages `make bench` loads hardest run the same number of queries at 25 rows as at 200:
a busy contact's page, Today, the call page and the insights pages (bench/bench_serve.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parting.core.choices import LeadStatus, Response
from parting.core.domain import calls, leads
from parting.core.models import Contact
from tests import factories as f

pytestmark = pytest.mark.django_db


def grow(user, hub: Contact, start: int, stop: int) -> None:
    """Rejections with the hub, each giving a lead; some leads move on, some are thanked."""
    for i in range(start, stop):
        convo = f.rejection(user, hub)
        captured = calls.record_ask(
            user, convo, None, Response.GAVE_LEAD, [f.lead(f"Lead {i}", f"Target {i % 5}")]
        )
        if i % 3 == 0:
            leads.update_lead(user, captured.leads[0], status=LeadStatus.TALKED)


def queries(client, url: str) -> int:
    cache.clear()  # count what a page computes, not what it remembered (domain.freshness)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = ["contact", "today", "call", "insights_tree", "insights_funnel", "insights_people"]


def url_of(page: str, hub: Contact) -> str:
    return hub.get_absolute_url() if page == "contact" else reverse(page)


def test_hot_page_queries_do_not_grow_with_rows(alice_client, alice, frozen):
    """Every page against the same account: the rows are made once (the costly part)."""
    hub = f.contact(alice, "Harriet Hub", "Hubco")
    grow(alice, hub, 0, 25)  # past the 20 a contact's page lists
    small = {}
    for page in PAGES:
        queries(alice_client, url_of(page, hub))  # first visit: profile and session settle
        small[page] = queries(alice_client, url_of(page, hub))
    grow(alice, hub, 25, 200)
    large = {page: queries(alice_client, url_of(page, hub)) for page in PAGES}
    assert large == small, f"queries at 25 rows {small}, at 200 {large}"


def test_a_busy_contact_shows_the_most_recent_and_says_how_many_more(alice_client, alice, frozen):
    hub = f.contact(alice, "Harriet Hub", "Hubco")
    grow(alice, hub, 0, 25)
    page = alice_client.get(hub.get_absolute_url())
    assert len(page.context["conversations"]) == 20
    assert len(page.context["leads_given"]) == 20
    assert page.context["conversations"].more == 5
    assert b"and 5 older" in page.content
    everything = alice_client.get(hub.get_absolute_url(), {"all": "1"})
    assert len(everything.context["conversations"]) == 25
    assert len(everything.context["leads_given"]) == 25
    assert b"older:" not in everything.content
