"""R9 through the API: walk every route of the OpenAPI description, and make sure charlie,
with a read-write token, can neither see nor change any of alice's rows through any of them,
by an id in the address or in the body; that her coach (numbers share) reads only counts;
and that without a token every route but the description is refused.

The routes are read from the API itself, so a new route is checked as soon as it exists: one
with an id in its path must be added to TARGETS below (the test fails loudly until it is).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from parting.api.main import api
from parting.core.domain import captures
from parting.core.domain.errors import Conflict
from parting.core.models import Ask
from tests import factories as f
from tests.api.conftest import Api, api_for, problem
from tests.snapshots import snapshot
from tests.web.test_r9_every_url import SECRETS, world  # noqa: F401

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"

# Which of alice's rows each path's ids name: {path: {parameter: key in `world`}}.
TARGETS: dict[str, dict[str, str]] = {
    "/contacts/{id}": {"id": "contact"},
    "/companies/{id}": {"id": "company"},
    "/openings/{id}": {"id": "opening"},
    "/conversations/{id}": {"id": "conversation"},
    "/conversations/{id}/asks": {"id": "open_conversation"},
    "/asks/{id}": {"id": "ask"},
    "/questions/{id}": {"id": "question"},
    "/leads/{id}": {"id": "lead"},
    "/followups/{id}": {"id": "followup"},
    "/followups/{id}/done": {"id": "followup"},
    "/followups/{id}/snooze": {"id": "followup"},
    "/seekers/{seeker_id}": {"seeker_id": "owner"},
    "/seekers/{seeker_id}/worklog": {"seeker_id": "owner"},
    "/seekers/{seeker_id}/notes": {"seeker_id": "owner"},
    "/webhooks/{id}": {"id": "webhook"},
    "/webhooks/{id}/deliveries": {"id": "webhook"},
    "/captures/{id}": {"id": "conflict"},
    "/captures/{id}/resolve": {"id": "capture"},
}

# A body each write accepts, so what answers is the lookup and not the body's validation.
BODIES: dict[str, dict[str, Any]] = {
    "/conversations/{id}/asks": {"response": "declined"},
    "/followups/{id}/snooze": {"days": 3},
    "/seekers/{seeker_id}/notes": {"text": "Spy"},
    "/webhooks/{id}": {"enabled": False},
}


def operations() -> list[tuple[str, str]]:
    paths = api.get_openapi_schema()["paths"]
    return sorted(
        (path.removeprefix(PREFIX), method)
        for path, methods in paths.items()
        for method in methods
        if method in ("get", "post", "patch", "put", "delete")
    )


OPERATIONS = operations()
ID_OPERATIONS = [(p, m) for p, m in OPERATIONS if "{" in p]
PLAIN_GETS = [p for p, m in OPERATIONS if "{" not in p and m == "get"]


def _url(path: str, rows: dict[str, Any]) -> str:
    mapping = TARGETS[path]
    return PREFIX + re.sub(r"\{(\w+)\}", lambda m: str(rows[mapping[m.group(1)]]), path)


def kept_conflict(user: Any) -> str:
    """A capture of `user` kept as a conflict (its contact does not exist): its id."""
    client_id = str(uuid.uuid4())
    with pytest.raises(Conflict):
        captures.send(user, {"id": client_id, "contact": 10**9, "outcome": "rejected"})
    return client_id


@pytest.fixture
def full_world(world, alice):  # noqa: F811
    return {
        **world,
        "ask": Ask.objects.for_user(alice).first().pk,
        "capture": kept_conflict(alice),
        "conflict": kept_conflict(alice),
    }


def test_the_walk_finds_the_api():
    assert len(OPERATIONS) >= 30
    assert ("/contacts/{id}", "patch") in OPERATIONS and "/today" in PLAIN_GETS


def test_every_path_with_an_id_names_one_of_alices_rows():
    missing = sorted({p for p, _ in ID_OPERATIONS} - set(TARGETS))
    assert not missing, f"add {missing} to TARGETS in tests/api/test_r9.py"
    stale = set(TARGETS) - {p for p, _ in ID_OPERATIONS}
    assert not stale, f"TARGETS names paths that no longer exist: {stale}"


def assert_nothing_shown(response: Any, where: str) -> None:
    text = response.content.decode("utf-8", "replace").lower()
    shown = [s for s in SECRETS if s.lower() in text]
    assert not shown, f"{where} shows alice's {shown}"


@pytest.mark.parametrize("operation", ID_OPERATIONS, ids=lambda o: f"{o[1]} {o[0]}")
def test_charlie_gets_404_for_alices_rows(operation, full_world, alice, charlie):
    path, method = operation
    charlie_api = api_for(charlie)
    before = snapshot(alice)
    url = _url(path, full_world)
    response = charlie_api.call(method, url, BODIES.get(path, {}) if method != "get" else None)
    assert_nothing_shown(response, f"{method} {url}")
    problem(response, 404)
    assert snapshot(alice) == before


def test_her_ids_in_charlies_bodies_are_not_found(full_world, alice, charlie):
    w = full_world
    charlie_api = api_for(charlie)
    mine = f.rejection(charlie, f.contact(charlie, "Carl Caller", "Charlie Co"))
    own = charlie_api.post("companies", {"name": "Charlie Holdings"}).json()
    before = snapshot(alice)
    attempts = [
        ("post", "contacts", {"name": "Spy", "company_id": w["company"]}, "company_id"),
        ("post", "companies", {"name": "Spy Co", "parent_id": w["company"]}, "parent_id"),
        ("patch", f"companies/{own['id']}", {"parent_id": w["company"]}, "parent_id"),
        ("post", "openings", {"company_id": w["company"], "title": "Spy"}, "company_id"),
        (
            "post",
            "conversations",
            {"contact_id": w["contact"], "outcome": "rejected"},
            "contact_id",
        ),
        ("patch", f"conversations/{mine.pk}", {"contact_id": w["contact"]}, "contact_id"),
        ("post", "leads", {"referrer_id": w["contact"], "name": "Spy"}, "referrer_id"),
        (
            "post",
            "leads",
            {"referrer_id": mine.contact_id, "name": "Spy", "conversation_id": w["conversation"]},
            "conversation_id",
        ),
        (
            "post",
            "leads",
            {"referrer_id": mine.contact_id, "name": "Spy", "question_id": w["question"]},
            "question_id",
        ),
        (
            "post",
            f"conversations/{mine.pk}/asks",
            {"question_id": w["question"], "response": "declined"},
            "question_id",
        ),
        ("post", "followups", {"title": "Spy", "contact_id": w["contact"]}, "contact_id"),
        ("post", "followups", {"title": "Spy", "lead_id": w["lead"]}, "lead_id"),
    ]
    for method, path, body, field in attempts:
        response = charlie_api.call(method, path, body)
        assert_nothing_shown(response, f"{method} {path}")
        assert problem(response, 404)["field"] == field, (path, body)
    assert snapshot(alice) == before


QUERIES = [
    "",
    "?contact_id={contact}",
    "?company_id={company}",
    "?referrer_id={contact}",
    "?lead_id={lead}",
    "?conversation_id={conversation}",
    "?parent_id={company}",
    "?search=Zanzib",
    "?search=Quent",
    "?updated_since=2000-01-01T00:00:00Z",
]


@pytest.mark.parametrize("path", PLAIN_GETS)
def test_charlies_lists_never_show_alices_rows(path, full_world, alice, charlie):
    charlie_api = api_for(charlie)
    for query in QUERIES:
        url = PREFIX + path + query.format(**full_world)
        response = charlie_api.get(url)
        assert response.status_code in (200, 404, 422), (url, response.content)
        assert_nothing_shown(response, f"GET {url}")


def test_her_numbers_coach_reads_counts_and_no_name(full_world, alice, coach):
    coach_api = api_for(coach)
    before = snapshot(alice)
    seekers = coach_api.get("seekers").json()
    assert [s["seeker_id"] for s in seekers] == [alice.pk]
    assert seekers[0]["scope"] == "numbers"
    page = coach_api.get(f"seekers/{alice.pk}")
    assert page.status_code == 200
    assert_nothing_shown(page, "her page")
    data = page.json()
    assert data["funnel"]["rejections"] == 2 and "leads" not in data
    worklog = coach_api.get(f"seekers/{alice.pk}/worklog")
    assert worklog.status_code == 200 and "entries" not in worklog.json()
    for path in PLAIN_GETS:
        assert_nothing_shown(coach_api.get(PREFIX + path), path)
    for path, method in ID_OPERATIONS:
        if path.startswith("/seekers"):
            continue
        url = _url(path, full_world)
        response = coach_api.call(method, url, BODIES.get(path, {}) if method != "get" else None)
        assert_nothing_shown(response, f"{method} {url}")
        problem(response, 404)
    # A note is all a coach may write.
    assert coach_api.post(f"seekers/{alice.pk}/notes", {"text": "Call Quentin?"}).status_code == 201
    after = snapshot(alice)
    assert after["models"] == before["models"]


def test_a_full_share_reads_her_records_read_only(full_world, alice, bob):
    from parting.core.domain import sharing

    sharing.open_share(alice, bob, "full", None)
    bob_api = api_for(bob)
    data = bob_api.get(f"seekers/{alice.pk}").json()
    assert data["scope"] == "full"
    assert "Lemuel Lemonade" in [lead["name"] for lead in data["leads"]]
    entries = bob_api.get(f"seekers/{alice.pk}/worklog", week="2026-03-02").json()["entries"]
    assert entries and entries[0]["contact"] == "Quentin Quibble"
    # Her rows are still not his through the seeker's own routes.
    problem(bob_api.get(f"leads/{full_world['lead']}"), 404)


def test_a_revoked_share_reads_nothing(full_world, alice, coach):
    from parting.core.models import Share

    coach_api = api_for(coach)
    Share.objects.filter(seeker=alice, coach=coach).update(revoked_at="2026-03-01T00:00:00Z")
    problem(coach_api.get(f"seekers/{alice.pk}"), 404)
    assert coach_api.get("seekers").json() == []


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: f"{o[1]} {o[0]}")
def test_without_a_token_every_route_is_refused(operation, full_world):
    path, method = operation
    url = _url(path, full_world) if "{" in path else PREFIX + path
    response = Api(None).call(method, url, {} if method != "get" else None)
    assert_nothing_shown(response, f"{method} {url}")
    problem(response, 401)
