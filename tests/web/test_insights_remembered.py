"""The funnel, the tree and the people who help are remembered between visits, and a change made
through any door shows on the next one (domain.freshness)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parting.core.models import Lead
from tests.insights_data import chain, story

pytestmark = pytest.mark.django_db

PAGES = ["insights_tree", "insights_funnel", "insights_people"]
TOKENS = re.compile(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]*')


def shown(response) -> bytes:
    """The page without its per-request tokens."""
    return TOKENS.sub(rb"\1", response.content)


def visit(client, name: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return response, len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_a_second_visit_reads_less_and_shows_the_same(alice_client, alice, frozen, name):
    story(alice)
    first, computed = visit(alice_client, name)
    again, remembered = visit(alice_client, name)
    assert remembered < computed
    assert shown(again) == shown(first)


def test_a_call_logged_on_the_call_page_shows_in_the_funnel_at_once(alice_client, alice, frozen):
    s = story(alice)
    before = visit(alice_client, "insights_funnel")[0].context["stats"].all_time
    data = {"contact": s.rita.pk, "kind": "phone_screen", "channel": "phone", "outcome": "offer"}
    assert alice_client.post(reverse("call_log"), data).status_code in (200, 302)
    after = visit(alice_client, "insights_funnel")[0].context["stats"].all_time
    assert after.conversations == before.conversations + 1


def test_a_lead_marked_won_on_its_page_shows_in_the_people_who_help(alice_client, alice, frozen):
    s = story(alice)
    before = visit(alice_client, "insights_people")[0].context["by_given"]
    assert [(r.name, r.paid_off) for r in before if r.name == "Rita Recruiter"] == [
        ("Rita Recruiter", 0)
    ]
    data = {"status": "won", "permission": "granted", "next": reverse("lead_list")}
    assert alice_client.post(reverse("lead_update", args=[s.mo.pk]), data).status_code == 302
    after = visit(alice_client, "insights_people")[0].context["by_paid_off"]
    assert [(r.name, r.paid_off) for r in after] == [("Rita Recruiter", 1)]


def test_a_lead_deleted_leaves_the_tree(alice_client, alice, frozen):
    s = story(alice)
    assert visit(alice_client, "insights_tree")[0].context["forest"].size == 7
    Lead.objects.get(pk=s.nia.pk).delete()
    assert visit(alice_client, "insights_tree")[0].context["forest"].size < 7


def test_a_deep_chain_is_remembered_as_drawn(alice_client, alice, frozen):
    chain(alice, 1500)  # deeper than pickling nested nodes would allow
    first = visit(alice_client, "insights_tree")[0]
    again = visit(alice_client, "insights_tree")[0]
    assert again.context["forest"].size == first.context["forest"].size > 1500
    assert shown(again) == shown(first)
    cache.clear()
    assert shown(visit(alice_client, "insights_tree")[0]) == shown(first)
