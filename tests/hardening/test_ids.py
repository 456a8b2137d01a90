"""Ids beyond 64 bits are "not found" (404 / exit 1) or bad input (400 / exit 2), never a 500."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

from parting.core.domain.bounds import MAX_ID, parse_id
from tests import factories as f
from tests.cli.helpers import assert_one_line_error

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


def test_it_parses_ids_within_64_bits_only():
    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in (str(MAX_ID + 1), HUGE, "0", "-1", "²", "١٢", "1e3", "", None, " 4 2"):
        assert parse_id(bad) is None, bad


def test_it_answers_404_for_a_huge_id_in_the_feed_url_unauthenticated(client):
    response = client.get(f"/calendar/{HUGE}/{'a' * 43}.ics")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/contacts/{HUGE}/",
        f"/companies/{HUGE}/edit/",
        f"/conversations/{HUGE}/",
        f"/leads/{HUGE}/",
        f"/questions/{HUGE}/edit/",
        f"/call/{HUGE}/",
        f"/insights/tree/{HUGE}/",
        f"/contacts/{MAX_ID + 1}/",
    ],
)
def test_it_answers_404_for_a_huge_id_in_any_page(alice_client, path):
    assert alice_client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query",
    [f"conversation={HUGE}", f"contact={HUGE}", "contact=²"],
)
def test_it_answers_404_for_a_huge_id_in_the_query_string(alice_client, query):
    assert alice_client.get(f"{reverse('call')}?{query}").status_code in {200, 404}
    assert alice_client.get(f"/leads/new/?{query}").status_code in {200, 404}
    assert alice_client.get(f"/conversations/new/?{query}").status_code == 200


def test_it_refuses_huge_ids_in_a_bulk_post_with_400(alice_client):
    for ids in ([HUGE], ["²"], ["1", str(MAX_ID + 1)]):
        response = alice_client.post(reverse("followup_bulk"), {"ids": ids, "action": "done"})
        assert response.status_code == 400, ids


def test_it_routes_every_id_in_a_path_through_the_64_bit_converter():
    """A plain <int:…> would let a 10^23 id reach the database (OverflowError, a 500)."""

    def walk(patterns, prefix=""):
        for item in patterns:
            route = prefix + str(item.pattern)
            if isinstance(item, URLResolver):
                if "admin" not in route:
                    yield from walk(item.url_patterns, route)
            elif isinstance(item, URLPattern):
                yield route

    routes = list(walk(get_resolver().url_patterns))
    assert any("<id:" in r for r in routes)
    assert not [r for r in routes if "<int:" in r]


@pytest.mark.parametrize(
    "command",
    [
        ["done", HUGE],
        ["snooze", HUGE, "3"],
        ["message", HUGE],
        ["intro", HUGE],
        ["ask", HUGE, "--question", "same_company", "--response", "declined"],
        ["lead", "set", HUGE, "--status", "talked"],
        ["questions", "favourite", HUGE],
        ["tree", HUGE],
        ["log", HUGE, "--outcome", "rejected"],
        ["contact", "list", "--search", "\x00" * 3 + "a" * 60000],
    ],
)
def test_it_says_not_found_for_a_huge_id_in_the_cli(run, alice, command):
    f.contact(alice)
    result = run(*command)
    assert "Traceback" not in result.err
    if command[0] == "contact":
        assert result.code == 0, result
    else:
        assert_one_line_error(result, 1)
