"""Openings in the web UI: a stage per job, at one of the seeker's own companies (R9)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.choices import Outcome, Stage
from parting.core.domain import calls, network
from parting.core.models import Opening
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(alice):
    return network.create_company(alice, "Acme")


def test_the_list_shows_only_own_openings(alice_client, alice, bob, acme):
    network.create_opening(alice, acme, "Rocket engineer", stage=Stage.APPLIED)
    network.create_opening(bob, network.create_company(bob, "Bobco"), "Bob's job")
    response = alice_client.get(reverse("opening_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["nav"] == "openings"
    assert "Rocket engineer" in content and "Acme" in content and "Applied" in content
    assert "Bobco" not in content


def test_the_list_filters_by_stage_and_searches(alice_client, alice, acme):
    network.create_opening(alice, acme, "Engineer", stage=Stage.APPLIED)
    network.create_opening(alice, acme, "Designer", stage=Stage.OFFER)
    network.create_opening(alice, acme, "Engineering manager", stage=Stage.OFFER)
    offers = alice_client.get(reverse("opening_list"), {"stage": "offer"})
    assert {o.title for o in offers.context["page"]} == {"Designer", "Engineering manager"}
    both = alice_client.get(reverse("opening_list"), {"stage": "offer", "q": "engineer"})
    assert [o.title for o in both.context["page"]] == ["Engineering manager"]
    assert b'<option value="offer" selected>' in both.content


def test_it_creates_an_opening(alice_client, alice, acme):
    response = alice_client.post(
        reverse("opening_create"),
        {
            "title": "Engineer",
            "company": acme.pk,
            "stage": "screening",
            "link": "https://acme.example/jobs/1",
        },
    )
    opening = Opening.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == opening.get_absolute_url()
    assert (opening.title, opening.company, opening.stage) == ("Engineer", acme, "screening")
    assert opening.link == "https://acme.example/jobs/1"


def test_a_missing_title_is_a_400_that_keeps_what_was_typed(alice_client, alice, acme):
    response = alice_client.post(
        reverse("opening_create"),
        {"title": "", "company": acme.pk, "stage": "applied", "notes": "Typed notes"},
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert b"Typed notes" in response.content
    assert not Opening.objects.exists()


def test_it_edits_an_opening(alice_client, alice, acme):
    opening = network.create_opening(alice, acme, "Engineer")
    response = alice_client.post(
        reverse("opening_edit", args=[opening.pk]),
        {"title": "Senior engineer", "company": acme.pk, "stage": "interviewing"},
    )
    assert response.status_code == 302
    opening.refresh_from_db()
    assert (opening.title, opening.stage) == ("Senior engineer", "interviewing")


def test_the_detail_shows_conversations_about_it(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita", company="Acme")
    convo = calls.log_conversation(alice, rita, Outcome.ADVANCED, opening="Engineer")
    response = alice_client.get(convo.opening.get_absolute_url())
    assert list(response.context["conversations"]) == [convo]
    assert b"Interviewing" in response.content


def test_delete_needs_confirmation_then_post(alice_client, alice, acme, frozen):
    opening = network.create_opening(alice, acme, "Engineer")
    calls.log_conversation(
        alice, f.contact(alice, company="Acme"), Outcome.ADVANCED, opening="Engineer"
    )
    confirm = alice_client.get(reverse("opening_delete", args=[opening.pk]))
    assert confirm.status_code == 200
    assert b"1 conversation about it stay" in confirm.content
    assert Opening.objects.filter(pk=opening.pk).exists()
    response = alice_client.post(reverse("opening_delete", args=[opening.pk]))
    assert response["Location"] == reverse("opening_list")
    assert not Opening.objects.filter(pk=opening.pk).exists()


@pytest.mark.parametrize("name", ["opening_detail", "opening_edit", "opening_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_validates_ownership(charlie_client, alice, acme, name, method):
    opening = network.create_opening(alice, acme, "Engineer")
    data = {"title": "Mine", "company": acme.pk, "stage": "applied"}
    response = getattr(charlie_client, method)(reverse(name, args=[opening.pk]), data)
    assert response.status_code == 404
    assert Opening.objects.filter(pk=opening.pk, title="Engineer").exists()


def test_charlie_cannot_open_a_job_at_alices_company(charlie_client, alice, acme):
    response = charlie_client.post(
        reverse("opening_create"), {"title": "Mine", "company": acme.pk, "stage": "applied"}
    )
    assert response.status_code == 400
    assert "company" in response.context["form"].errors
    assert not Opening.objects.exists()


def test_user_text_is_escaped(alice_client, alice, acme):
    opening = network.create_opening(alice, acme, "<script>alert(1)</script>")
    for url in (reverse("opening_list"), opening.get_absolute_url()):
        content = alice_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
