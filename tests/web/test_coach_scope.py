"""R9 for coaches, across every URL: the coach holds a `numbers` share of alice and a `full`
share of bob. The coach reads exactly that scope and writes only notes; no name of alice's
contacts, referrers or leads reaches any coach page, export or answer; charlie, who has no
share, gets 404 on all of it; and a revoked share is 404 at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parting.core.choices import Response
from parting.core.domain import calls, sharing
from parting.core.models import CoachNote, Lead
from tests import factories as f
from tests.snapshots import snapshot
from tests.web.test_r9_every_url import (
    ID_ROUTES,
    PLAIN_ROUTES,
    TARGETS,
    TOKEN_ROUTES,
    TOKEN_TARGETS,
    Route,
    _post_data,
    _query_strings,
    _reverse,
    assert_nothing_shown,
)

pytestmark = pytest.mark.django_db

# Bob's rows carry names a full share shows.
BOBS = ("Bartholomew Bigname", "Bellamy Lead", "bob-secret-note")
COACH_PAGES = ("caseload", "caseload_cohort", "caseload_export")


@pytest.fixture
def bobs(bob, coach, frozen):
    convo = f.rejection(bob, f.contact(bob, BOBS[0], "Bob Corp"), note=BOBS[2])
    calls.record_ask(bob, convo, None, Response.GAVE_LEAD, [f.lead(BOBS[1])])
    return sharing.open_share(bob, coach, "full", None)


def _body(response: Any) -> str:
    raw = b"".join(response) if response.streaming else response.content
    return raw.decode("utf-8", "replace")


def _coach_reads(client: Client, seeker: Any) -> list[tuple[str, Any]]:
    """Every page a coach has, plain and htmx, with alice's and bob's ids."""
    urls = [reverse(name) for name in COACH_PAGES]
    urls.append(reverse("coach_seeker", args=[seeker.pk]))
    found = []
    for url in urls:
        found.append((url, client.get(url)))
        found.append((f"htmx {url}", client.get(url, HTTP_HX_REQUEST="true")))
    return found


def test_r9_the_coach_reads_exactly_its_scope(world, alice, bob, bobs, coach_client):
    for where, response in _coach_reads(coach_client, alice):
        assert response.status_code == 200, where
        assert_nothing_shown(response, f"coach {where}")
    page = _body(coach_client.get(reverse("coach_seeker", args=[bob.pk])))
    assert all(name in page for name in BOBS), "a full share shows bob's names and notes"
    caseload = _body(coach_client.get(reverse("caseload")))
    assert "Alice Archer" in caseload and "Bob Baker" in caseload
    export = _body(coach_client.get(reverse("caseload_export")))
    assert export.startswith("\ufeffseeker,email,scope,urgency,why")


def _every_url(world: dict[str, Any]) -> list[tuple[Route, str]]:
    found = []
    for route in ID_ROUTES + TOKEN_ROUTES:
        mapping = {**TARGETS, **TOKEN_TARGETS}[route.name]
        found.append((route, _reverse(route, {k: world[key] for k, key in mapping.items()})))
    for route in PLAIN_ROUTES:
        found += [(route, _reverse(route, {}) + q) for q in _query_strings(world)]
    return found


@pytest.mark.parametrize("method", ["get", "post"])
def test_r9_no_name_of_alices_reaches_her_numbers_coach_anywhere(
    world, alice, bob, bobs, coach, coach_client, method
):
    """Every URL the app has, named with alice's rows, as her numbers coach: nothing of hers
    shows, and the only thing that may change is a note the coach left."""
    before = snapshot(alice), snapshot(bob)
    notes = CoachNote.objects.count()
    for route, url in _every_url(world):
        if route.name == "logout":
            continue
        if method == "get":
            response = coach_client.get(url)
            assert_nothing_shown(response, f"coach GET {url}")
            # Her own rows are hers: a share opens the coach's pages, never hers.
            if route in ID_ROUTES and not route.name.startswith("coach_"):
                assert response.status_code in (302, 404, 405), (route.name, response.status_code)
            if response.status_code == 302:  # a post-only address: to the page of its form
                assert_nothing_shown(coach_client.get(response["Location"]), f"coach GET {url}")
        else:
            response = coach_client.post(url, _post_data(world))
            assert_nothing_shown(response, f"coach POST {url}")
    after = snapshot(alice), snapshot(bob)
    assert after[0]["models"] == before[0]["models"] and after[1] == before[1]
    assert after[0]["shared"][:2] == before[0]["shared"][:2]  # shares and invitations
    assert CoachNote.objects.count() - notes <= 1  # a note is the one thing a coach writes


def test_r9_the_coach_writes_only_notes_even_on_bobs_full_share(bob, bobs, coach_client):
    """Read-only: bob's own pages stay his (404), only a note gets written."""
    before = snapshot(bob)
    lead = Lead.objects.for_user(bob).get()
    attempts = [
        ("get", "lead_detail", lead.pk, {}),
        ("post", "lead_update", lead.pk, {"status": "dead"}),
        ("post", "conversation_edit", lead.conversation_id, {"note": "changed"}),
        ("post", "contact_edit", lead.referrer_id, {"name": "Changed"}),
    ]
    for method, name, pk, data in attempts:
        response = getattr(coach_client, method)(reverse(name, args=[pk]), data)
        assert response.status_code == 404, name
    response = coach_client.post(reverse("coach_note_add", args=[bob.pk]), {"text": "Nice work"})
    assert response.status_code == 302
    assert snapshot(bob)["models"] == before["models"]
    assert [n.text for n in CoachNote.objects.filter(seeker=bob)] == ["Nice work"]


def test_r9_charlie_gets_404_on_every_coach_page_of_theirs(world, alice, bob, bobs, charlie_client):
    for seeker in (alice, bob):
        for url in (
            reverse("coach_seeker", args=[seeker.pk]),
            reverse("coach_note_add", args=[seeker.pk]),
        ):
            assert charlie_client.get(url).status_code == 404, url
            assert charlie_client.post(url, {"text": "Hi"}).status_code == 404, url
    for name in COACH_PAGES:
        response = charlie_client.get(reverse(name))
        assert response.status_code == 200
        assert "Alice Archer" not in _body(response) and "Bob Baker" not in _body(response)
    assert not CoachNote.objects.filter(text="Hi").exists()


def test_r9_revoking_turns_the_coachs_reads_into_404_at_once(
    world, alice, alice_client, coach, bobs, frozen
):
    coach_client = Client()
    coach_client.force_login(coach)
    url = reverse("coach_seeker", args=[alice.pk])
    assert coach_client.get(url).status_code == 200
    alice_client.post(reverse("share_revoke", args=[world["share"]]))
    assert coach_client.get(url).status_code == 404
    response = coach_client.post(reverse("coach_note_add", args=[alice.pk]), {"text": "Still?"})
    assert response.status_code == 404
    assert "Alice Archer" not in _body(coach_client.get(reverse("caseload_export")))
    caseload = _body(coach_client.get(reverse("caseload")))
    assert "Alice Archer stopped sharing on" in caseload
    assert reverse("coach_seeker", args=[alice.pk]) not in caseload
    assert not CoachNote.objects.filter(text="Still?").exists()
