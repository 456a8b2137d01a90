"""Every resource through the API: create, read, list with filters, change; every object
carries id, created_at and updated_at; lists page by cursor, stable under inserts."""

from __future__ import annotations

import pytest

from parting.api import schemas
from parting.core.models import Company, Contact, Conversation, FollowUp, Lead, Opening
from tests import factories as f
from tests.api.conftest import problem

pytestmark = pytest.mark.django_db

STAMPS = {"id", "created_at", "updated_at"}


def test_contacts(alice_api, alice):
    r = alice_api.post(
        "contacts",
        {
            "name": "Rita Recruiter",
            "company": "Acme",
            "role": "recruiter",
            "email": "rita@acme.example",
            "phone": "(312) 555-0199",
            "title": "Recruiter",
        },
    )
    assert r.status_code == 201, r.content
    rita = r.json()
    assert rita.keys() >= STAMPS
    assert (rita["company"], rita["role"], rita["phone"]) == ("Acme", "recruiter", "+13125550199")
    assert Contact.objects.for_user(alice).get(pk=rita["id"]).company.name == "Acme"
    assert alice_api.get(f"contacts/{rita['id']}").json() == rita
    r = alice_api.patch(f"contacts/{rita['id']}", {"title": "Head of talent", "company": ""})
    assert r.status_code == 200, r.content
    assert (r.json()["title"], r.json()["company"]) == ("Head of talent", None)
    alice_api.post("contacts", {"name": "Sam Other", "role": "hr"})
    assert [c["name"] for c in alice_api.get("contacts", role="hr").json()["items"]] == [
        "Sam Other"
    ]
    assert [c["name"] for c in alice_api.get("contacts", search="rita").json()["items"]] == [
        "Rita Recruiter"
    ]


def test_companies_and_openings(alice_api, alice):
    parent = alice_api.post("companies", {"name": "Acme Holdings", "industry": "rockets"}).json()
    child = alice_api.post("companies", {"name": "Acme Labs", "parent_id": parent["id"]})
    assert child.status_code == 201, child.content
    child = child.json()
    assert (child["parent_id"], child["parent"]) == (parent["id"], "Acme Holdings")
    listed = alice_api.get("companies", parent_id=parent["id"]).json()["items"]
    assert [c["id"] for c in listed] == [child["id"]]
    # A company cannot be its own ancestor: 422 with the field.
    r = alice_api.patch(f"companies/{parent['id']}", {"parent_id": child["id"]})
    assert problem(r, 422)["field"] == "parent_id"
    # A name taken is a conflict.
    problem(alice_api.post("companies", {"name": "acme labs"}), 409)
    r = alice_api.post(
        "openings", {"company_id": child["id"], "title": "Engineer", "stage": "applied"}
    )
    assert r.status_code == 201, r.content
    opening = r.json()
    assert opening["stage"] == "applied" and opening["applied_on"]
    r = alice_api.patch(f"openings/{opening['id']}", {"stage": "interviewing"})
    assert r.json()["stage"] == "interviewing"
    assert alice_api.get("openings", stage="interviewing").json()["items"][0]["id"] == opening["id"]
    assert alice_api.get("openings", stage="offer").json()["items"] == []
    assert Opening.objects.for_user(alice).get().stage == "interviewing"
    assert Company.objects.for_user(alice).count() == 2


def test_conversations_filters(alice_api, alice):
    rita = f.contact(alice)
    rejected = alice_api.post(
        "conversations",
        {"contact_id": rita.pk, "outcome": "rejected", "at": "2026-03-02T15:00:00Z"},
    ).json()
    advanced = alice_api.post(
        "conversations",
        {
            "contact_id": rita.pk,
            "outcome": "advanced",
            "kind": "interview",
            "at": "2026-03-05T15:00:00+01:00",
        },
    ).json()
    assert advanced["needs_ask"] is False and advanced["ask_url"] is None
    by = lambda **q: [c["id"] for c in alice_api.get("conversations", **q).json()["items"]]  # noqa: E731
    assert by(outcome="rejected") == [rejected["id"]]
    assert by(kind="interview") == [advanced["id"]]
    assert by(needs_ask="true") == [rejected["id"]]
    assert by(since="2026-03-03") == [advanced["id"]]
    assert by(until="2026-03-03") == [rejected["id"]]
    r = alice_api.patch(f"conversations/{advanced['id']}", {"note": "went well"})
    assert r.json()["note"] == "went well"
    assert Conversation.objects.for_user(alice).count() == 2


def test_leads_and_followups(alice_api, alice):
    rita = f.contact(alice)
    r = alice_api.post(
        "leads",
        {"referrer_id": rita.pk, "name": "Lena Lead", "company": "Globex", "permission": "granted"},
    )
    assert r.status_code == 201, r.content
    data = r.json()
    lead = data["lead"]
    assert data["known"] is False and lead["referrer"] == rita.name
    assert {x["kind"] for x in data["followups"]} == {"contact_lead", "thank_referrer"}
    # The same person from the same referrer is recognised (R3): 200, known, nothing new.
    again = alice_api.post("leads", {"referrer_id": rita.pk, "name": "lena  lead"})
    assert again.status_code == 200 and again.json()["known"] is True
    assert Lead.objects.for_user(alice).count() == 1
    assert alice_api.get("leads", status="new").json()["items"][0]["id"] == lead["id"]
    assert alice_api.get("leads", status="won").json()["items"] == []
    r = alice_api.patch(f"leads/{lead['id']}", {"status": "contacted", "note": "emailed"})
    assert r.status_code == 200 and r.json()["status"] == "contacted"
    assert r.json()["contacted_at"]
    items = alice_api.get("followups", kind="contact_lead").json()["items"]
    assert [x["status"] for x in items] == ["done"]  # contacting closes it
    custom = alice_api.post(
        "followups", {"title": "Send the portfolio", "lead_id": lead["id"], "due_on": "2026-12-01"}
    )
    assert custom.status_code == 201, custom.content
    fid = custom.json()["id"]
    assert custom.json()["contact_id"] == lead["contact_id"]
    snoozed = alice_api.post(f"followups/{fid}/snooze", {"until": "2027-01-05"})
    assert snoozed.status_code == 200, snoozed.content
    assert (snoozed.json()["status"], snoozed.json()["due_on"]) == ("snoozed", "2027-01-05")
    done = alice_api.post(f"followups/{fid}/done")
    assert done.json()["status"] == "done" and done.json()["done_at"]
    reopened = alice_api.patch(f"followups/{fid}", {"status": "open", "title": "Send it"})
    assert (reopened.json()["status"], reopened.json()["title"]) == ("open", "Send it")
    assert FollowUp.objects.for_user(alice).get(pk=fid).title == "Send it"
    assert alice_api.get("followups", due_after="2027-01-01").json()["items"][0]["id"] == fid
    assert alice_api.get("followups", lead_id=lead["id"], status="open").json()["items"]


def test_questions(alice_api):
    r = alice_api.post("questions", {"text": "Who else at {company}?", "archetype": "same_company"})
    assert r.status_code == 201, r.content
    qid = r.json()["id"]
    r = alice_api.patch(f"questions/{qid}", {"text": "Who else here?"})
    assert r.json()["text"] == "Who else here?"
    listed = alice_api.get("questions", archetype="same_company").json()["items"]
    assert qid in [q["id"] for q in listed]


def test_asks_list_and_one(alice_api, alice):
    convo = f.rejection(alice, f.contact(alice))
    r = alice_api.post(f"conversations/{convo.pk}/asks", {"response": "declined"})
    assert r.status_code == 201, r.content
    ask = r.json()["ask"]
    assert alice_api.get(f"asks/{ask['id']}").json()["response"] == "declined"
    assert [a["id"] for a in alice_api.get("asks", response="declined").json()["items"]] == [
        ask["id"]
    ]
    assert alice_api.get("asks", response="gave_lead").json()["items"] == []


def test_stats_tree_today_worklog(alice_api, alice, frozen):
    convo = f.rejection(alice, f.contact(alice))
    alice_api.post(
        f"conversations/{convo.pk}/asks",
        {"archetype": "same_company", "response": "gave_lead", "leads": [{"name": "Lena Lead"}]},
    )
    stats = alice_api.get("stats").json()
    assert stats["all_time"]["rejections"] == 1 and stats["all_time"]["asks"] == 1
    assert stats["all_time"]["leads"] == 1 and stats["all_time"]["ask_rate"] == 1.0
    assert stats["yield"]["archetypes"]
    nodes = alice_api.get("tree").json()["nodes"]
    assert {n["name"] for n in nodes} >= {"Rita Recruiter", "Lena Lead"}
    today = alice_api.get("today").json()
    assert today["day"] == "2026-03-04"
    assert today["rejections_this_week"] == 1 and today["asked_this_week"] == 1
    assert [x["name"] for x in today["new_leads"]] == ["Lena Lead"]
    tomorrow = alice_api.get("followups", due_before="2026-03-05").json()["items"]
    assert today["due_count"] == 0 and tomorrow
    worklog = alice_api.get("worklog", week="2026-03-04").json()
    assert worklog["activities"] == 1 and worklog["entries"][0]["contact"] == "Rita Recruiter"


def test_every_object_shape_matches_its_schema(alice, frozen):
    """The OpenAPI schema of each object lists exactly the keys its function returns."""
    from parting.core.domain import calls

    convo = f.rejection(alice, f.contact(alice))
    captured = calls.record_ask(alice, convo, None, "gave_lead", [f.lead()])
    company = Company.objects.for_user(alice).first()
    opening = Opening.objects.create(owner=alice, company=company, title="Engineer")
    rows = {
        "company": company,
        "contact": convo.contact,
        "opening": opening,
        "conversation": convo,
        "question": alice_question(alice),
        "ask": captured.ask,
        "lead": captured.leads[0],
        "followup": captured.followups[0],
    }
    for kind, (out, schema) in schemas.SHAPES.items():
        data = out(rows[kind])
        assert set(data) == set(schema.model_fields), kind
        assert set(data) >= STAMPS
        schema.model_validate(data)


def alice_question(alice):
    from parting.core.domain import questions

    questions.ensure_defaults(alice)
    return questions.questions(alice).first()


def test_pages_are_bounded_and_stable_under_inserts(alice_api, alice):
    for i in range(7):
        f.contact(alice, f"Person {i}", company="")
    first = alice_api.get("contacts", limit=3).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    # Rows added while paging come after what was read: none twice, none skipped.
    f.contact(alice, "Late Arrival", company="")
    seen = [c["name"] for c in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = alice_api.get("contacts", limit=3, cursor=cursor).json()
        seen += [c["name"] for c in page["items"]]
        cursor = page["next_cursor"]
    assert seen == [f"Person {i}" for i in range(7)] + ["Late Arrival"]
    problem(alice_api.get("contacts", limit=101), 422)
    problem(alice_api.get("contacts", limit=0), 422)


def test_updated_since_lists_what_changed(alice_api, alice, time_machine):
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    old = f.contact(alice, "Old Timer", company="")
    f.contact(alice, "Never Touched", company="")
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    alice_api.patch(f"contacts/{old.pk}", {"title": "Changed"})
    new = f.contact(alice, "New Comer", company="")
    since = alice_api.get("contacts", updated_since="2026-03-02T00:00:00Z").json()["items"]
    assert [c["id"] for c in since] == [old.pk, new.pk]


def test_today_is_remembered_until_the_data_or_profile_changes(alice_api, alice, frozen):
    from parting.core.domain import followups, profile_update

    rita = f.contact(alice)
    first = alice_api.get("today").json()
    assert first == alice_api.get("today").json() and first["due_count"] == 0
    # A change by another door (the domain, as the CLI and the web make it) shows at once.
    followups.add_followup(alice, "Call Rita", contact=rita)
    after = alice_api.get("today").json()
    assert after["due_count"] == 1 and after["due"][0]["items"][0]["title"] == "Call Rita"
    # So does a new time zone: Today is the seeker's own day.
    profile_update.update_profile(alice, timezone="Pacific/Kiritimati")
    assert alice_api.get("today").json()["day"] == "2026-03-05"
