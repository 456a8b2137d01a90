"""A GET of any address (a reload after a failed post, a bookmark, a pasted link) never shows a
blank "405 Method Not Allowed": a post-only address sends the seeker to the page that holds
its form, with whatever a failed post had shown."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from parting.core.domain import leads
from tests import factories as f

pytestmark = pytest.mark.django_db

SAMPLE = {"id": "1", "str": "x", "int": "1", "slug": "x", "path": "x", "uuid": "0" * 32}


def _addresses(patterns: list, prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _addresses(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m[1] or "str", "x"), route)


def addresses() -> list[str]:
    found = [a.lstrip("^").replace("$", "") for a in _addresses(get_resolver().url_patterns)]
    return sorted({a.replace("//", "/") for a in found if not a.startswith("/admin")})


def test_the_walk_sees_the_post_only_addresses():
    walked = addresses()
    assert "/questions/add/" in walked and "/followups/1/done/" in walked
    assert len(walked) > 80


@pytest.mark.parametrize("address", addresses())
def test_no_get_is_a_blank_405(alice_client, alice, address):
    response = alice_client.get(address)
    if response.status_code == 405:
        body = response.content.decode(errors="replace")
        text = re.sub(r"<[^>]+>", " ", body).strip()
        assert len(text) > 40, f"{address}: a blank 405"
        assert "<a " in body or response["Content-Type"].startswith("application/")


def test_reloading_a_failed_question_add_shows_the_question_bank(alice_client, alice):
    failed = alice_client.post(reverse("question_add"), {"text": "", "archetype": "custom"})
    assert failed.status_code == 400
    reloaded = alice_client.get(reverse("question_add"))
    assert reloaded.status_code == 302 and reloaded["Location"] == reverse("questions")
    assert alice_client.get(reloaded["Location"]).status_code == 200


def test_a_post_only_address_goes_back_to_its_own_row(alice_client, alice, frozen):
    lead = leads.add_lead(alice, f.contact(alice), f.lead()).lead
    answer = alice_client.get(reverse("lead_update", args=[lead.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("lead_detail", args=[lead.pk])
