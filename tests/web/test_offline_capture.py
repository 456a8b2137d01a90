"""Calls saved on the phone without a network, sent to /call/sync/ when it is back: each
capture is recorded once however often it is sent, through the same domain calls as the web
call page (R1-R5), scoped to its seeker (R9); a conflict or bad input changes nothing."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from parting.core.choices import FollowUpKind, Outcome, Response
from parting.core.domain import questions
from parting.core.models import Ask, Capture, Contact, Conversation, FollowUp, Lead
from tests import factories as f
from tests.snapshots import snapshot

pytestmark = pytest.mark.django_db

SYNC = "/call/sync/"


@pytest.fixture
def rita(alice):
    return f.contact(alice, "Rita Recruiter", "Acme")


def capture(contact, **extra):
    data = {
        "id": str(uuid.uuid4()),
        "contact": contact.pk if contact is not None else None,
        "outcome": "rejected",
        "kind": "phone_screen",
        "channel": "phone",
        "at": "2026-03-04T09:30:00Z",
        "note": "Went with an internal candidate.",
    }
    data.update(extra)
    return data


def two_leads():
    return {
        "response": "gave_lead",
        "leads": [
            {"name": "Lena Lead", "company": "Globex", "permission": "granted"},
            {"name": "Max Mole", "company": "Initech", "thanked": True},
        ],
    }


def send(client, payload, **kw):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(SYNC, body, content_type="application/json", **kw)


def test_a_rejection_with_two_leads_is_recorded_as_the_call_page_records_it(
    alice, alice_client, rita, frozen
):
    favourite = questions.favourites(alice)[0]
    payload = capture(rita, ask={**two_leads(), "question": favourite.pk})
    response = send(alice_client, payload)
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["status"] == "saved" and result["id"] == payload["id"]
    conversation = Conversation.objects.get(pk=result["conversation"])
    assert conversation.contact == rita and conversation.outcome == Outcome.REJECTED
    assert conversation.at.isoformat() == "2026-03-04T09:30:00+00:00"
    assert conversation.note == "Went with an internal candidate."
    ask = Ask.objects.get(conversation=conversation)
    assert ask.question == favourite and ask.response == Response.GAVE_LEAD
    leads = {lead.name: lead for lead in Lead.objects.filter(referrer=rita)}
    assert set(leads) == {"Lena Lead", "Max Mole"}
    assert leads["Lena Lead"].permission == "granted"
    assert leads["Max Mole"].thanked_at is not None
    # R3: a contact-lead each, and one thank-you naming the lead not thanked during the call.
    kinds = sorted(FollowUp.objects.for_user(alice).values_list("kind", flat=True))
    assert kinds.count(FollowUpKind.CONTACT_LEAD) == 2
    assert kinds.count(FollowUpKind.THANK_REFERRER) == 1
    assert [lead["name"] for lead in result["leads"]] == ["Lena Lead", "Max Mole"]
    assert result["url"] == reverse("call_summary", args=[conversation.pk])
    assert result["needs_ask"] is False


def test_the_same_capture_sent_twice_is_recorded_once_with_the_same_answer(
    alice, alice_client, rita, frozen
):
    payload = capture(rita, ask=two_leads())
    first = send(alice_client, payload)
    after_first = snapshot(alice)
    second = send(alice_client, payload)
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert snapshot(alice) == after_first
    assert Conversation.objects.for_user(alice).count() == 1
    assert Lead.objects.for_user(alice).count() == 2
    assert Capture.objects.for_user(alice).count() == 1


def test_a_different_capture_of_the_same_call_is_a_second_call(alice_client, alice, rita):
    send(alice_client, capture(rita))
    send(alice_client, capture(rita))
    assert Conversation.objects.for_user(alice).count() == 2


def test_a_rejection_sent_without_its_question_still_wants_it(alice, alice_client, rita):
    result = send(alice_client, capture(rita)).json()
    assert result["needs_ask"] is True  # R1: the summary offers "Ask one more question"


def test_left_number_marks_the_contact_and_opens_a_check_back(alice, alice_client, rita):
    response = send(alice_client, capture(rita, ask={"response": "left_number"}))
    assert response.status_code == 200
    rita.refresh_from_db()
    assert rita.holds_my_number  # R5
    assert FollowUp.objects.for_user(alice).filter(kind=FollowUpKind.CHECK_BACK).count() == 1


def test_a_new_contact_typed_on_the_phone_is_added_once(alice, alice_client):
    payload = capture(None, new_contact={"name": "Nora New", "company": "Umbrella"})
    del payload["contact"]
    assert send(alice_client, payload).status_code == 200
    assert send(alice_client, payload).status_code == 200
    nora = Contact.objects.for_user(alice).get(name="Nora New")
    assert nora.company.name == "Umbrella"
    assert Conversation.objects.for_user(alice).filter(contact=nora).count() == 1


def test_a_contact_deleted_meanwhile_is_a_conflict_that_changes_nothing(alice, alice_client, rita):
    payload = capture(rita, ask=two_leads())
    rita.delete()
    before = snapshot(alice)
    response = send(alice_client, payload)
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "conflict" and body["code"] == "contact_missing"
    assert body["id"] == payload["id"]
    assert "no longer among your contacts" in body["error"]
    assert snapshot(alice) == before
    # Resolved on the phone (the contact added again): the same id is then recorded.
    del payload["contact"]
    payload["new_contact"] = {"name": "Rita Recruiter"}
    assert send(alice_client, payload).status_code == 200
    assert Lead.objects.for_user(alice).count() == 2


def test_a_question_deleted_meanwhile_is_a_conflict(alice, alice_client, rita):
    question = questions.favourites(alice)[0]
    payload = capture(rita, ask={"response": "declined", "question": question.pk})
    question.delete()
    before = snapshot(alice)
    response = send(alice_client, payload)
    assert response.status_code == 409 and response.json()["code"] == "question_missing"
    assert snapshot(alice) == before


def test_leads_the_referrer_gave_before_are_recognised_not_duplicated(alice, alice_client, rita):
    send(alice_client, capture(rita, ask=two_leads()))
    again = send(alice_client, capture(rita, ask=two_leads()))
    assert again.status_code == 409  # R3 and R2: every name given was known
    assert again.json()["code"] == "already_suggested"
    assert Lead.objects.for_user(alice).count() == 2
    assert Conversation.objects.for_user(alice).count() == 1


# -- R9 --------------------------------------------------------------------------


def test_another_seekers_contact_is_not_found_and_nothing_changes(alice, bob, rita, client: Client):
    client.force_login(bob)
    before = snapshot(alice), snapshot(bob)
    response = send(client, capture(rita, ask=two_leads()))
    assert response.status_code == 409
    assert "Rita" not in response.content.decode()  # nothing of alice's is told
    assert (snapshot(alice), snapshot(bob)) == before


def test_another_seekers_question_is_not_found(alice, bob, client: Client):
    client.force_login(bob)
    mine = f.contact(bob, "Bea Bobs", "Bobco")
    theirs = questions.favourites(alice)[0]
    response = send(client, capture(mine, ask={"response": "declined", "question": theirs.pk}))
    assert response.status_code == 409
    assert not Conversation.objects.for_user(bob).exists()


def test_the_same_client_id_from_two_seekers_makes_two_calls(alice, bob, rita):
    payload = capture(rita)
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(alice)
    bob_client.force_login(bob)
    assert send(alice_client, payload).status_code == 200
    bea = f.contact(bob, "Bea Bobs", "Bobco")
    result = send(bob_client, {**payload, "contact": bea.pk}).json()
    assert result["contact"]["name"] == "Bea Bobs"
    assert Conversation.objects.for_user(bob).get().contact == bea
    assert Conversation.objects.for_user(alice).get().contact == rita


def test_the_offline_data_holds_only_the_seekers_own_rows(alice, bob, rita, client: Client):
    f.contact(bob, "Bea Bobs", "Bobco")
    client.force_login(alice)
    data = client.get("/call/offline/data.json").json()
    assert data["user"] == alice.pk
    assert [c["name"] for c in data["contacts"]] == ["Rita Recruiter"]
    assert data["contacts"][0]["company"] == "Acme"
    assert data["contacts"][0]["first"] == "Rita"
    own = {q.pk for q in questions.questions(alice)}
    assert {q["id"] for q in data["questions"]} == own
    assert sum(q["favourite"] for q in data["questions"]) == 2


def test_signed_out_the_sync_door_says_so_in_json(alice, rita, client: Client):
    before = snapshot(alice)
    for method in (client.get, client.post):
        response = method(SYNC)
        assert response.status_code == 401
        assert "Sign in" in response.json()["error"]
    assert client.get("/call/offline/data.json").status_code == 401
    assert snapshot(alice) == before


def test_the_sync_door_tells_the_signed_in_seeker_and_a_token(alice, alice_client):
    answer = alice_client.get(SYNC).json()
    assert answer["user"] == alice.pk and len(answer["csrf"]) >= 32


def test_a_post_without_the_csrf_token_is_refused(alice, rita):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    before = snapshot(alice)
    assert send(client, capture(rita)).status_code == 403
    token = client.get(SYNC).json()["csrf"]
    assert snapshot(alice) == before
    assert send(client, capture(rita), HTTP_X_CSRFTOKEN=token).status_code == 200


# -- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "a capture is a JSON object"),
        ('"text"', "a capture is a JSON object"),
        ("\xff\xfe", "not valid JSON"),
    ],
)
def test_malformed_json_is_refused_with_one_line(alice, alice_client, body, message):
    before = snapshot(alice)
    response = send(alice_client, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert "\n" not in response.json()["error"]
    assert snapshot(alice) == before


def _bad(rita, change):
    payload = capture(rita, ask=two_leads())
    change(payload)
    return payload


BAD = {
    "no id": (lambda p: p.pop("id"), "needs its id"),
    "id not a uuid": (lambda p: p.update(id="1; DROP TABLE"), "needs its id"),
    "id a number": (lambda p: p.update(id=12), "needs its id"),
    "no outcome": (lambda p: p.pop("outcome"), "outcome is missing"),
    "unknown outcome": (lambda p: p.update(outcome="maybe"), "outcome must be one of"),
    "contact not an id": (lambda p: p.update(contact="rita"), "contact is an id"),
    "contact out of range": (lambda p: p.update(contact=2**70), "contact is an id"),
    "contact a float": (lambda p: p.update(contact=1.5), "contact is an id"),
    "contact true": (lambda p: p.update(contact=True), "contact is an id"),
    "no contact at all": (lambda p: p.pop("contact"), "names its contact"),
    "both contacts": (lambda p: p.update(new_contact={"name": "X"}), "not both"),
    "time not a time": (lambda p: p.update(at="yesterday"), "at is a time"),
    "time out of range": (lambda p: p.update(at="2999-01-01T00:00:00Z"), "between 1900"),
    "note too long": (lambda p: p.update(note="x" * 10_001), "note is longer"),
    "note not text": (lambda p: p.update(note=["x"]), "note is text"),
    "too many leads": (
        lambda p: p["ask"].update(leads=[{"name": f"Lead {i}"} for i in range(21)]),
        "at most 20 leads",
    ),
    "a lead without a name": (
        lambda p: p["ask"].update(leads=[{"note": "x"}]),
        "name or a company",
    ),
    "gave_lead without leads": (lambda p: p["ask"].update(leads=[]), "at least one lead"),
    "leads on a decline": (lambda p: p["ask"].update(response="declined"), "has no leads"),
    "bad permission": (
        lambda p: p["ask"].update(leads=[{"name": "A", "permission": "sure"}]),
        "permission must be one of",
    ),
    "thanked not a boolean": (
        lambda p: p["ask"].update(leads=[{"name": "A", "thanked": "yes"}]),
        "true or false",
    ),
    "ask not an object": (lambda p: p.update(ask="declined"), "ask is an object"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_gets_a_clear_error_and_changes_nothing(alice, alice_client, rita, case):
    change, message = BAD[case]
    before = snapshot(alice)
    response = send(alice_client, _bad(rita, change))
    assert response.status_code == 400, response.content
    assert message in response.json()["error"]
    assert snapshot(alice) == before


def test_a_huge_payload_is_refused_before_it_is_read(alice, alice_client, rita):
    before = snapshot(alice)
    payload = capture(rita, padding="x" * 300_000)
    response = send(alice_client, payload)
    assert response.status_code == 413
    assert "at most 256 KB" in response.json()["error"]
    assert snapshot(alice) == before


# -- the installable app -------------------------------------------------------


def test_the_service_worker_is_served_from_the_root_without_a_session(client: Client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_manifest_and_its_icons_are_served_from_the_package(client: Client):
    response = client.get("/static/parting/manifest.webmanifest")
    assert response.status_code == 200
    manifest = json.loads(b"".join(response.streaming_content))
    assert manifest["start_url"] == "/call/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        found = client.get(f"/static/parting/{icon['src']}")
        assert found.status_code == 200, icon["src"]


def test_every_page_links_the_manifest_and_the_offline_script(alice_client):
    page = alice_client.get("/").content.decode()
    assert 'rel="manifest"' in page and "parting/offline.js" in page
    assert 'name="parting-offline"' in page


def test_the_offline_call_page_is_the_seekers_own(alice, alice_client):
    page = alice_client.get("/call/offline/").content.decode()
    assert 'id="offline-call"' in page and "parting/offline-call.js" in page
    assert "Saved on this phone, not yet sent" in page


def test_the_kept_offline_page_leaves_a_waiting_message_for_the_next_page(alice_client):
    """The service worker fetches the offline page in the background, maybe right after a
    post: it must not spend the message the seeker's next page shows."""
    session = alice_client.session
    session["proposed_zone"] = "America/Chicago"
    session.save()
    answer = alice_client.post(reverse("settings_timezone"), {"answer": "use", "next": "/"})
    assert answer.status_code == 302
    shell = alice_client.get(reverse("call_offline"))
    assert shell.status_code == 200 and b"Times now show" not in shell.content
    assert b"Times now show in America/Chicago." in alice_client.get(reverse("today")).content
