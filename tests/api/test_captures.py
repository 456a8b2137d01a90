"""`/api/v1/captures`: a call captured elsewhere (a phone's export, a script), recorded through
the same domain function as the offline call page: once per id (201, then 200 with the same
answer), R2-R5 as on the call page, a conflict kept with why (409) until it is resolved or
discarded, bad input refused with nothing changed (422), and only the caller's own (R9)."""

from __future__ import annotations

import uuid

import pytest

from parting.core.choices import FollowUpKind
from parting.core.domain import network, questions
from parting.core.models import Capture, Conversation, FollowUp, Lead
from tests import factories as f
from tests.api.conftest import problem
from tests.snapshots import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


def capture(contact, **extra):
    data = {
        "id": str(uuid.uuid4()),
        "contact": contact.pk,
        "outcome": "rejected",
        "kind": "phone_screen",
        "channel": "phone",
        "at": "2026-03-04T09:30:00Z",
        "note": "Went with an internal candidate.",
    }
    data.update(extra)
    return data


LEADS = {
    "response": "gave_lead",
    "leads": [
        {"name": "Lena Lead", "company": "Globex", "permission": "granted"},
        {"name": "Max Mole", "company": "Initech", "thanked": True},
    ],
}


def test_a_capture_is_recorded_once_201_then_200_with_the_same_answer(
    alice, alice_api, rita, frozen
):
    favourite = questions.favourites(alice)[0]
    payload = capture(rita, ask={**LEADS, "question": favourite.pk})
    first = alice_api.post("captures", payload)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["id"] == payload["id"] and body["state"] == "recorded"
    conversation = Conversation.objects.get(pk=body["conversation"])
    assert conversation.contact == rita and conversation.owner == alice
    assert body["contact"] == {"id": rita.pk, "name": "Rita Recruiter"}
    assert body["ask"]["question_id"] == favourite.pk
    assert body["ask"]["response"] == "gave_lead"
    assert [lead["name"] for lead in body["leads"]] == ["Lena Lead", "Max Mole"]
    # R3: a contact-lead follow-up for each lead; the thank-you names Lena (Max was thanked).
    kinds = [x.kind for x in FollowUp.objects.for_user(alice)]
    assert kinds.count(FollowUpKind.CONTACT_LEAD) == 2
    assert kinds.count(FollowUpKind.THANK_REFERRER) == 1
    assert body["followups"] and all(x["due_on"] for x in body["followups"])
    after = snapshot(alice)
    again = alice_api.post("captures", payload)
    assert again.status_code == 200 and again.json() == body
    assert snapshot(alice) == after
    assert Lead.objects.for_user(alice).count() == 2
    assert Capture.objects.for_user(alice).count() == 1


def test_left_number_opens_a_check_back_r5(alice, alice_api, rita, frozen):
    r = alice_api.post("captures", capture(rita, ask={"response": "left_number"}))
    assert r.status_code == 201, r.content
    rita.refresh_from_db()
    assert rita.holds_my_number
    assert FollowUp.objects.for_user(alice).filter(kind=FollowUpKind.CHECK_BACK).exists()


def test_a_new_contact_is_made_with_the_call(alice, alice_api, frozen):
    payload = capture(network.create_contact(alice, "Tmp"), outcome="advanced")
    del payload["contact"]
    payload["new_contact"] = {"name": "Nora New", "company": "Newco"}
    r = alice_api.post("captures", payload)
    assert r.status_code == 201, r.content
    assert r.json()["contact"]["name"] == "Nora New"


@pytest.mark.parametrize(
    "change, code",
    [
        ({"outcome": "bored"}, None),
        ({"surprise": 1}, "unknown_field"),
        ({"id": "not-a-uuid"}, None),
        ({"id": None}, None),
        ({"ask": {"response": "gave_lead", "leads": []}}, None),
        ({"ask": {"response": "declined", "mood": "x"}}, "unknown_field"),
        ({"new_contact": {"name": "Both"}}, None),
        ({"contact": 10**30}, None),
    ],
)
def test_bad_input_is_a_422_and_changes_nothing(alice, alice_api, rita, change, code):
    before = snapshot(alice)
    r = alice_api.post("captures", {**capture(rita), **change})
    body = problem(r, 422, code)
    assert body["detail"] and "\n" not in body["detail"]
    assert snapshot(alice) == before
    assert not Capture.objects.exists()


def test_a_body_that_is_not_json_is_a_400(alice_api):
    problem(alice_api.post("captures", raw="{nope"), 400, "malformed_json")


def test_a_conflict_is_kept_listed_resolved_and_recorded_once(alice, alice_api, rita, frozen):
    gone = f.contact(alice, "Gone Gus", "Acme")
    payload = capture(gone, ask=LEADS)
    gone_id = gone.pk
    gone.delete()
    before = snapshot(alice)
    r = alice_api.post("captures", payload)
    body = problem(r, 409, "contact_missing")
    assert f"#{gone_id}" in body["detail"]
    # Nothing changed but the capture kept for the seeker to resolve.
    after = snapshot(alice)
    kept = after["models"].pop("core.Capture")
    before["models"].pop("core.Capture")
    assert after == before
    assert [row["state"] for row in kept] == ["conflict"]
    listed = alice_api.get("captures", state="conflict").json()["items"]
    assert [(x["id"], x["state"], x["code"]) for x in listed] == [
        (payload["id"], "conflict", "contact_missing")
    ]
    assert "no longer among your contacts" in listed[0]["error"]
    # Sent again unchanged: still a conflict, still one kept.
    problem(alice_api.post("captures", payload), 409, "contact_missing")
    assert Capture.objects.for_user(alice).count() == 1
    # Resolved with another contact: recorded, with its leads, once.
    resolved = alice_api.post(f"captures/{payload['id']}/resolve", {"contact": rita.pk})
    assert resolved.status_code == 201, resolved.content
    assert resolved.json()["contact"]["name"] == "Rita Recruiter"
    assert Lead.objects.for_user(alice).count() == 2
    again = alice_api.post("captures", payload)
    assert (
        again.status_code == 200 and again.json()["conversation"] == resolved.json()["conversation"]
    )
    assert Lead.objects.for_user(alice).count() == 2
    items = alice_api.get("captures").json()["items"]
    assert [(x["state"], x["contact"]["name"]) for x in items] == [("recorded", "Rita Recruiter")]
    assert alice_api.get("captures", state="conflict").json()["items"] == []
    # A recorded capture is not discarded.
    problem(alice_api.call("delete", f"captures/{payload['id']}"), 409, "recorded")


def test_resolving_with_a_new_contact_or_without_the_question(alice, alice_api, rita, frozen):
    gone = f.contact(alice, "Gone Gus", "Acme")
    first = capture(gone)
    gone.delete()
    problem(alice_api.post("captures", first), 409)
    r = alice_api.post(
        f"captures/{first['id']}/resolve", {"new_contact": {"name": "Gus Again", "company": "Acme"}}
    )
    assert r.status_code == 201 and r.json()["contact"]["name"] == "Gus Again"

    question = questions.favourites(alice)[0]
    second = capture(rita, ask={"response": "declined", "question": question.pk})
    question.delete()
    problem(alice_api.post("captures", second), 409, "question_missing")
    r = alice_api.post(f"captures/{second['id']}/resolve", {"without_question": True})
    assert r.status_code == 201, r.content
    assert r.json()["ask"]["question_id"] is None


def test_a_conflict_is_discarded(alice, alice_api, rita):
    gone = f.contact(alice, "Gone Gus", "Acme")
    payload = capture(gone)
    gone.delete()
    problem(alice_api.post("captures", payload), 409)
    r = alice_api.call("delete", f"captures/{payload['id']}")
    assert r.status_code == 204
    assert not Capture.objects.exists()
    problem(alice_api.call("delete", f"captures/{payload['id']}"), 404)
    problem(alice_api.call("delete", "captures/not-a-uuid"), 404)


def test_r9_another_account_neither_sees_nor_resolves_nor_discards_them(
    alice, alice_api, bob_api, rita
):
    gone = f.contact(alice, "Gone Gus", "Acme")
    payload = capture(gone)
    gone.delete()
    problem(alice_api.post("captures", payload), 409)
    recorded = alice_api.post("captures", capture(rita)).json()
    assert bob_api.get("captures").json()["items"] == []
    problem(bob_api.post(f"captures/{payload['id']}/resolve", {}), 404)
    problem(bob_api.call("delete", f"captures/{payload['id']}"), 404)
    # Her contact's id in his capture is not his contact: a conflict of his, nothing of hers.
    problem(bob_api.post("captures", capture(rita)), 409, "contact_missing")
    # The same client id from him is his own capture, not hers.
    mine = capture(rita)
    mine["id"] = recorded["id"]
    problem(bob_api.post("captures", mine), 409)
    assert Capture.objects.for_user(alice).count() == 2
    assert Conversation.objects.for_user(alice).count() == 1


def test_a_read_only_token_sends_nothing(alice, alice_reader, rita):
    problem(alice_reader.post("captures", capture(rita)), 403, "read_only_token")
    assert alice_reader.get("captures").status_code == 200
    assert not Capture.objects.exists()


def test_the_list_pages(alice, alice_api, rita):
    sent = [capture(rita, outcome="advanced") for _ in range(3)]
    for payload in sent:
        assert alice_api.post("captures", payload).status_code == 201
    first = alice_api.get("captures", limit=2).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = alice_api.get("captures", limit=2, cursor=first["next_cursor"]).json()
    ids = [x["id"] for x in first["items"] + rest["items"]]
    assert ids == [p["id"] for p in sent]
    problem(alice_api.get("captures", state="lost"), 422)
    problem(alice_api.get("captures", color="red"), 422, "unknown_field")
