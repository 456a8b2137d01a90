"""Bad input through the API: each is application/problem+json with a code and the field,
and changes nothing. ETags and If-Match keep two devices from overwriting each other."""

from __future__ import annotations

import pytest

from parting.core.models import Contact, Question
from tests import factories as f
from tests.api.conftest import problem
from tests.snapshots import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(alice):
    return f.contact(alice)


def test_malformed_json_is_400(alice_api, alice):
    before = snapshot(alice)
    problem(alice_api.post("contacts", raw="{not json"), 400, "malformed_json")
    problem(alice_api.post("contacts", raw="[1, 2]"), 400, "malformed_json")
    assert snapshot(alice) == before


@pytest.mark.parametrize(
    "body, code, field",
    [
        ({"name": "Rita", "nickname": "R"}, "unknown_field", "nickname"),
        ({"name": 42}, "string_type", "name"),
        ({"name": "x" * 201}, "string_too_long", "name"),
        ({"name": ""}, "string_too_short", "name"),
        ({}, "missing", "name"),
        ({"name": "Rita", "role": "boss"}, "enum", "role"),
        ({"name": "Rita", "email": "not-an-email"}, "invalid", "email"),
        ({"name": "Rita", "company_id": 2**70}, "not_found", "company_id"),
        ({"name": "Rita", "company_id": 999999}, "not_found", "company_id"),
        ({"name": "Rita", "company_id": 1, "company": "Acme"}, "both_given", "company"),
    ],
)
def test_bad_contact_bodies(alice_api, alice, body, code, field):
    before = snapshot(alice)
    r = alice_api.post("contacts", body)
    assert r.status_code in (404, 422), r.content
    data = problem(r, r.status_code, code)
    assert data["field"] == field, data
    assert data["detail"] and "\n" not in data["detail"]
    assert snapshot(alice) == before


def test_wrong_types_and_out_of_range_dates(alice_api, alice, rita):
    before = snapshot(alice)
    bad = [
        {"contact_id": "Rita", "outcome": "rejected"},
        {"contact_id": rita.pk, "outcome": "rejected", "at": "1800-01-01T00:00:00Z"},
        {"contact_id": rita.pk, "outcome": "rejected", "at": "2300-01-01T00:00:00Z"},
        {"contact_id": rita.pk, "outcome": "rejected", "at": "2026-03-01T10:00:00"},
        {"contact_id": rita.pk, "outcome": "lost"},
        {"contact_id": rita.pk, "outcome": "rejected", "note": "x" * 10_001},
    ]
    for body in bad:
        r = alice_api.post("conversations", body)
        problem(r, 422)
    problem(alice_api.get("followups", due_before="1850-01-01"), 422, "out_of_range")
    problem(alice_api.get("followups", due_before="someday"), 422)
    problem(alice_api.get("contacts", updated_since="3000-01-01T00:00:00Z"), 422, "out_of_range")
    problem(alice_api.post("followups", {"title": "x", "due_on": "2999-01-01"}), 422)
    assert snapshot(alice) == before


def test_ids_out_of_range_or_not_numbers_are_not_found(alice_api):
    problem(alice_api.get(f"contacts/{2**63}"), 404)
    problem(alice_api.get("contacts/0"), 404)
    problem(alice_api.get(f"leads/{2**80}"), 404)
    r = alice_api.get("contacts/abc")
    assert r.status_code in (404, 422) and r["Content-Type"] == "application/problem+json"


def test_unknown_addresses_are_problems(alice_api):
    problem(alice_api.get("/api/v1/nothing-here"), 404, "not_found")
    problem(alice_api.get("/api/v2/contacts"), 404, "not_found")
    problem(alice_api.post("/api/v1/nothing-here", {}), 404, "not_found")  # no CSRF 403


def test_a_method_a_route_does_not_take_is_a_405_problem(alice_api, alice):
    f.contact(alice)
    r = alice_api.call("delete", "contacts")
    problem(r, 405, "method_not_allowed")
    assert "GET" in r["Allow"] and "POST" in r["Allow"]


def test_pages_past_the_end_and_forged_cursors(alice_api, alice):
    for i in range(3):
        f.contact(alice, f"P{i}", company="")
    page = alice_api.get("contacts", limit=3).json()
    assert page["next_cursor"] is None
    problem(alice_api.get("contacts", cursor="12:forged"), 400, "bad_cursor")
    problem(alice_api.get("contacts", cursor="nonsense"), 400, "bad_cursor")
    # A cursor of one list is not a cursor of another.
    f.contact(alice, "P3", company="")
    cursor = alice_api.get("contacts", limit=2).json()["next_cursor"]
    problem(alice_api.get("leads", cursor=cursor), 400, "bad_cursor")


def test_r7_a_third_favourite_is_a_409_naming_the_two(alice_api, alice):
    ids = [
        alice_api.post("questions", {"text": f"Question {i}?", "archetype": "custom"}).json()["id"]
        for i in range(3)
    ]
    Question.objects.filter(owner=alice).update(favourite=False)
    for qid in ids[:2]:
        assert alice_api.patch(f"questions/{qid}", {"favourite": True}).status_code == 200
    data = problem(alice_api.patch(f"questions/{ids[2]}", {"favourite": True}), 409)
    assert f"#{ids[0]}" in data["detail"] and f"#{ids[1]}" in data["detail"]
    assert data["field"] == "favourite"
    assert not Question.objects.get(pk=ids[2]).favourite


def test_an_etag_comes_with_each_object_and_if_match_guards_updates(alice_api, rita):
    first = alice_api.get(f"contacts/{rita.pk}")
    tag = first["ETag"]
    assert tag.startswith('"') and tag.endswith('"')
    # Device A saves with the ETag it read.
    a = alice_api.patch(
        f"contacts/{rita.pk}", {"title": "Lead recruiter"}, headers={"If-Match": tag}
    )
    assert a.status_code == 200 and a["ETag"] != tag
    # Device B read the same version: its write is refused, and nothing changes.
    b = alice_api.patch(f"contacts/{rita.pk}", {"title": "Overwritten"}, headers={"If-Match": tag})
    data = problem(b, 412, "etag_mismatch")
    assert b["ETag"] == a["ETag"] and data["detail"]
    assert Contact.objects.get(pk=rita.pk).title == "Lead recruiter"
    # With the new ETag, or `*`, it goes through.
    ok = alice_api.patch(f"contacts/{rita.pk}", {"title": "B"}, headers={"If-Match": a["ETag"]})
    assert ok.status_code == 200
    star = alice_api.patch(f"contacts/{rita.pk}", {"title": "C"}, headers={"If-Match": "*"})
    assert star.status_code == 200


@pytest.mark.parametrize("kind", ["leads", "followups", "conversations", "questions"])
def test_if_match_on_every_kind(alice_api, alice, kind):
    from parting.core.domain import calls, followups, questions

    convo = f.rejection(alice, f.contact(alice))
    captured = calls.record_ask(alice, convo, None, "gave_lead", [f.lead()])
    questions.ensure_defaults(alice)
    ids = {
        "leads": (captured.leads[0].pk, {"status": "contacted"}),
        "followups": (followups.add_followup(alice, "T").pk, {"title": "Moved"}),
        "conversations": (convo.pk, {"note": "edited"}),
        "questions": (questions.questions(alice).first().pk, {"text": "Edited?"}),
    }
    pk, body = ids[kind]
    before = snapshot(alice)
    problem(alice_api.patch(f"{kind}/{pk}", body, headers={"If-Match": '"stale"'}), 412)
    assert snapshot(alice) == before
    tag = alice_api.get(f"{kind}/{pk}")["ETag"]
    assert alice_api.patch(f"{kind}/{pk}", body, headers={"If-Match": tag}).status_code == 200


def test_errors_never_answer_403_for_rows_of_others(alice_api, bob):
    convo = f.rejection(bob, f.contact(bob, "Bob's Contact"))
    for path in (f"conversations/{convo.pk}", f"contacts/{convo.contact_id}"):
        problem(alice_api.get(path), 404)
        problem(alice_api.patch(path, {}), 404)


def test_unknown_query_parameters_are_refused_not_ignored(alice_api, alice):
    f.contact(alice)
    data = problem(alice_api.get("contacts", stauts="new"), 422, "unknown_field")
    assert data["field"] == "stauts" and "limit" in data["detail"]
    problem(alice_api.get("today", week="2026-03-02"), 422, "unknown_field")
    # A token in the address is still named as such.
    problem(alice_api.get("contacts", access_token="pt_abcdefgh_x"), 400, "token_in_query")


@pytest.mark.parametrize(
    "path, query",
    [
        ("stats", {"week": "0"}),
        ("worklog", {"week": "20260302"}),
        ("contacts", {"updated_since": "1700000000"}),
        ("contacts", {"updated_since": "2026-03-01T10:00Z"}),
        ("conversations", {"since": "2026-3-1"}),
    ],
)
def test_days_and_times_are_iso_text_not_numbers(alice_api, path, query):
    problem(alice_api.get(path, **query), 422)


def test_a_number_is_not_a_due_day(alice_api, alice):
    before = snapshot(alice)
    problem(alice_api.post("followups", {"title": "x", "due_on": 0}), 422)
    problem(alice_api.post("followups", {"title": "x", "due_on": "2026-03-01T00:00:00Z"}), 422)
    assert snapshot(alice) == before


def test_text_a_database_cannot_keep_is_refused(alice_api, alice):
    question = alice_api.post("questions", {"text": "Who else?", "archetype": "custom"}).json()
    before = snapshot(alice)
    r = alice_api.patch(f"questions/{question['id']}", {"text": "Who\u0000else?"})
    assert problem(r, 422, "nul_character")["field"] == "text"
    r = alice_api.post("contacts", raw='{"name": "Rita \\udc00"}')
    assert problem(r, 422)["field"] == "name"
    problem(alice_api.get("contacts", search="a\u0000b"), 422, "nul_character")
    assert snapshot(alice) == before


def test_a_time_zone_offset_past_14_hours_is_refused(alice_api):
    problem(alice_api.get("leads", updated_since="1932-12-16T21:16:14.201-22:13"), 422)
