"""Search text is capped and stripped of control characters on every searchable page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.domain.bounds import MAX_QUERY, search_text
from tests import factories as f

pytestmark = pytest.mark.django_db

SEARCHABLE = ["contact_list", "company_list", "opening_list", "conversation_list", "call"]


def test_it_drops_control_characters_and_caps_the_length():
    assert search_text("Ri\x00ta\x1f Re\u0085cruiter") == "Ri ta Re cruiter"
    assert search_text("  acme  corp ") == "acme corp"
    assert len(search_text("x" * 60000)) == MAX_QUERY


@pytest.mark.parametrize("name", SEARCHABLE)
@pytest.mark.parametrize("q", ["a" * 60000, "%00", "\x00", "Rita\x00", "%_\\" * 100])
def test_it_answers_every_search_without_a_500(alice_client, alice, name, q):
    f.contact(alice, "Rita Recruiter", "Acme")
    response = alice_client.get(reverse(name), {"q": q})
    assert response.status_code == 200


def test_it_still_finds_a_contact_after_stripping_a_nul(alice_client, alice):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    response = alice_client.get(reverse("contact_list"), {"q": "Rita\x00"})
    assert rita.name in response.content.decode()


def test_it_answers_the_call_page_contact_search_without_a_500(alice_client, alice):
    f.contact(alice, "Rita Recruiter", "Acme")
    response = alice_client.get(
        reverse("call_contacts"), {"q": "\x00" + "b" * 60000}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
