"""Calls sent by a script that could not be recorded: Today says so, the web lists them with
why, resolves them (another contact, a new one, without the question) or discards them after
asking, and another account reaches none of them (R9)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from parting.core.domain import captures, questions
from parting.core.domain.errors import Conflict
from parting.core.models import Capture, Conversation, Lead
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(alice, frozen):
    """A call with two leads for a contact deleted before it arrived: kept as a conflict."""
    gone = f.contact(alice, "Gone Gwen", "Acme")
    gone_id = gone.pk
    gone.delete()
    payload = {
        "id": str(uuid.uuid4()),
        "contact": gone_id,
        "outcome": "rejected",
        "at": "2026-03-04T09:30:00Z",
        "ask": {
            "question": questions.favourites(alice)[0].pk,
            "response": "gave_lead",
            "leads": [{"name": "Lena Lead", "permission": "granted"}, {"name": "Max Mole"}],
        },
    }
    with pytest.raises(Conflict):
        captures.send(alice, payload)
    capture = Capture.objects.get(owner=alice)
    assert capture.state == captures.CONFLICT
    return capture


def test_today_points_to_the_calls_to_resolve(alice_client, kept):
    page = alice_client.get(reverse("today")).content.decode()
    assert "A call sent by a script was not recorded" in page
    assert reverse("capture_list") in page
    listed = alice_client.get(reverse("capture_list")).content.decode()
    assert "Rejected call with a contact no longer here" in listed
    assert "Lena Lead, Max Mole" in listed and kept.error in listed


def test_resolved_with_another_contact_it_is_recorded_with_its_leads(alice, alice_client, kept):
    rita = f.contact(alice, "Rita Ortiz", "Acme")
    url = reverse("capture_resolve", args=[kept.client_id])
    assert "Another contact" in alice_client.get(url).content.decode()
    response = alice_client.post(url, {"contact": "Rita"})
    conversation = Conversation.objects.get(owner=alice)
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("call_summary", args=[conversation.pk])
    )
    assert conversation.contact == rita
    assert sorted(lead.name for lead in Lead.objects.filter(owner=alice)) == [
        "Lena Lead",
        "Max Mole",
    ]
    assert Capture.objects.get(pk=kept.pk).state == captures.RECORDED
    assert alice_client.post(url, {"contact": "Rita"}).status_code == 302  # once only
    assert Conversation.objects.filter(owner=alice).count() == 1
    assert "A call sent by a script" not in alice_client.get(reverse("today")).content.decode()


def test_a_new_contact_without_the_question(alice, alice_client, kept):
    url = reverse("capture_resolve", args=[kept.client_id])
    data = {"new_contact": "Nora New", "new_company": "Initech", "without": "question"}
    assert alice_client.post(url, data).status_code == 302
    conversation = Conversation.objects.get(owner=alice)
    assert conversation.contact.name == "Nora New"
    assert conversation.asks.get().question is None


def test_a_bad_choice_is_one_clear_error_and_changes_nothing(alice, alice_client, kept):
    url = reverse("capture_resolve", args=[kept.client_id])
    response = alice_client.post(url, {"contact": "Nobody Here"})
    assert response.status_code == 400
    assert "no contact named" in response.content.decode()
    both = alice_client.post(url, {"contact": "Nobody", "new_contact": "Nora"})
    assert both.status_code == 400
    assert not Conversation.objects.filter(owner=alice).exists()
    assert Capture.objects.get(pk=kept.pk).state == captures.CONFLICT


def test_discard_asks_first(alice, alice_client, kept):
    url = reverse("capture_discard", args=[kept.client_id])
    assert "Discard this call?" in alice_client.get(url).content.decode()
    assert Capture.objects.filter(pk=kept.pk).exists()  # asking changed nothing
    assert alice_client.post(url).status_code == 302
    assert not Capture.objects.filter(pk=kept.pk).exists()
    assert "Nothing to resolve" in alice_client.get(reverse("capture_list")).content.decode()


def test_r9_charlie_reaches_none_of_them(charlie_client, kept):
    for name in ("capture_resolve", "capture_discard"):
        url = reverse(name, args=[kept.client_id])
        assert charlie_client.get(url).status_code == 404
        assert charlie_client.post(url, {"contact": "Rita"}).status_code == 404
    assert "Lena Lead" not in charlie_client.get(reverse("capture_list")).content.decode()
    assert Capture.objects.get(pk=kept.pk).state == captures.CONFLICT


def test_the_list_reads_the_contacts_once_however_many_calls_wait(alice, alice_client, kept):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert alice_client.get(reverse("capture_list")).status_code == 200
        return len(ctx)

    count()  # the first visit settles the menu's remembered counts
    one = count()
    for _ in range(3):
        payload = {**kept.payload, "id": str(uuid.uuid4())}
        Capture.objects.create(
            owner=alice, client_id=payload["id"], state="conflict", payload=payload, error="gone"
        )
    assert count() == one
