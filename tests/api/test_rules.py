"""The method's rules hold through the API door as through the web and the CLI (R1–R8)."""

from __future__ import annotations

import pytest

from parting.core.models import Contact, FollowUp, Lead
from tests import factories as f
from tests.api.conftest import problem
from tests.snapshots import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


def _log(api, contact, outcome="rejected", **kw):
    r = api.post("conversations", {"contact_id": contact.pk, "outcome": outcome, **kw})
    assert r.status_code == 201, r.content
    return r.json()


def test_r1_a_rejection_answers_needs_ask_and_where_to_record_it(alice_api, rita, frozen):
    convo = _log(alice_api, rita)
    assert convo["needs_ask"] is True
    assert convo["ask_url"] == f"/api/v1/conversations/{convo['id']}/asks"
    r = alice_api.post(convo["ask_url"], {"archetype": "same_company", "response": "declined"})
    assert r.status_code == 201
    assert alice_api.get(f"conversations/{convo['id']}").json()["needs_ask"] is False
    # Corrected to a rejection later, a call wants its question too.
    other = _log(alice_api, rita, "undecided")
    assert other["needs_ask"] is False
    fixed = alice_api.patch(f"conversations/{other['id']}", {"outcome": "rejected"}).json()
    assert fixed["needs_ask"] is True and fixed["ask_url"]


def test_r2_gave_lead_needs_a_lead_and_others_take_none(alice_api, alice, rita, frozen):
    convo = _log(alice_api, rita)
    before = snapshot(alice)
    r = alice_api.post(convo["ask_url"], {"response": "gave_lead", "leads": []})
    assert problem(r, 422)["field"] == "leads"
    r = alice_api.post(convo["ask_url"], {"response": "declined", "leads": [{"name": "Lena"}]})
    assert problem(r, 422)["field"] == "response"
    r = alice_api.post(convo["ask_url"], {"response": "gave_lead", "leads": [{"note": "hm"}]})
    assert problem(r, 422)["field"] == "name"
    assert snapshot(alice) == before


def test_r2_r3_an_ask_with_two_leads_returns_its_followups(alice_api, alice, rita, frozen):
    convo = _log(alice_api, rita)
    r = alice_api.post(
        convo["ask_url"],
        {
            "archetype": "niche_peer",
            "response": "gave_lead",
            "leads": [
                {"name": "Lena Lead", "company": "Globex", "permission": "granted"},
                {"name": "Max Miller"},
            ],
        },
    )
    assert r.status_code == 201, r.content
    data = r.json()
    assert [x["referrer_id"] for x in data["leads"]] == [rita.pk, rita.pk]
    assert data["ask"]["archetype"] == "niche_peer"
    kinds = sorted(x["kind"] for x in data["followups"])
    assert kinds == ["contact_lead", "contact_lead", "thank_referrer"]
    thanks = next(x for x in data["followups"] if x["kind"] == "thank_referrer")
    assert thanks["due_on"] == "2026-03-05"  # the next day
    assert "Lena Lead" in thanks["title"] and "Max Miller" in thanks["title"]
    # Wednesday + two business days: Friday.
    assert {x["due_on"] for x in data["followups"] if x["kind"] == "contact_lead"} == {"2026-03-06"}
    assert FollowUp.objects.for_user(alice).count() == 3
    # The same people again from the same referrer: recognised, nothing recorded (409).
    again = _log(alice_api, rita)
    before = snapshot(alice)
    r = alice_api.post(
        again["ask_url"], {"response": "gave_lead", "leads": [{"name": "lena lead"}]}
    )
    assert problem(r, 409, "already_suggested")["field"] == "leads"
    assert snapshot(alice) == before


def test_r5_left_number_marks_the_contact_and_opens_a_check_back(alice_api, alice, rita, frozen):
    convo = _log(alice_api, rita)
    r = alice_api.post(convo["ask_url"], {"response": "left_number"})
    assert r.status_code == 201, r.content
    [check] = r.json()["followups"]
    assert (check["kind"], check["due_on"]) == ("check_back", "2026-03-18")
    assert Contact.objects.get(pk=rita.pk).holds_my_number
    assert alice_api.get(f"contacts/{rita.pk}").json()["holds_my_number"] is True


def test_lead_add_on_a_conversation_records_the_ask(alice_api, alice, rita, frozen):
    """A lead added one at a time with its conversation records the gave_lead ask (R2)."""
    convo = _log(alice_api, rita)
    r = alice_api.post(
        "leads", {"referrer_id": rita.pk, "name": "Lena Lead", "conversation_id": convo["id"]}
    )
    assert r.status_code == 201, r.content
    assert alice_api.get(f"conversations/{convo['id']}").json()["needs_ask"] is False
    asks = alice_api.get("asks", conversation_id=convo["id"]).json()["items"]
    assert [a["response"] for a in asks] == ["gave_lead"]


def test_r2_a_lead_from_another_referrer_than_the_conversations_contact(alice_api, rita, alice):
    convo = _log(alice_api, rita)
    sam = f.contact(alice, "Sam Someone", "Acme")
    r = alice_api.post(
        "leads", {"referrer_id": sam.pk, "name": "Lena", "conversation_id": convo["id"]}
    )
    assert problem(r, 409)["field"] == "referrer_id"
    assert not Lead.objects.for_user(alice).exists()


def test_r6_r8_moving_a_lead_opens_the_cadence_and_the_close_loop(alice_api, alice, rita, frozen):
    convo = _log(alice_api, rita)
    lead = alice_api.post(
        convo["ask_url"], {"response": "gave_lead", "leads": [{"name": "Lena"}]}
    ).json()["leads"][0]
    alice_api.patch(f"leads/{lead['id']}", {"status": "contacted"})
    open_kinds = {
        x["kind"]
        for x in alice_api.get("followups", lead_id=lead["id"], status="open").json()["items"]
    }
    assert "second_contact" in open_kinds or "follow_up" in open_kinds  # R6
    alice_api.patch(f"leads/{lead['id']}", {"status": "talked"})
    kinds = [x["kind"] for x in alice_api.get("followups", kind="close_loop").json()["items"]]
    assert kinds == ["close_loop"]  # R8


def test_thanking_closes_the_thank_you(alice_api, alice, rita, frozen):
    convo = _log(alice_api, rita)
    data = alice_api.post(
        convo["ask_url"], {"response": "gave_lead", "leads": [{"name": "Lena"}]}
    ).json()
    thanks = next(x for x in data["followups"] if x["kind"] == "thank_referrer")
    done = alice_api.post(f"followups/{thanks['id']}/done").json()
    assert done["status"] == "done"
    assert alice_api.get(f"leads/{data['leads'][0]['id']}").json()["thanked"] is True
