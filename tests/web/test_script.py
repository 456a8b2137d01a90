"""The phone script: editing, the print view, the call page's copy, and the lead intro (R4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.choices import Permission
from parting.core.domain import calls, questions, script
from parting.core.domain.profiles import get_profile
from tests import factories as f

pytestmark = pytest.mark.django_db


def _sections_form(**changes):
    data = {key: script.DEFAULTS[key] for key, _ in script.SECTIONS}
    return {**data, **changes}


def test_script_page_shows_sections_with_the_favourites(alice_client, alice):
    page = alice_client.get(reverse("script")).content.decode()
    assert "Thanks and permission" in page and "May I mention your name" in page
    for q in questions.favourites(alice):
        assert q.text.split(":")[0].split("{")[0][:20] in page


def test_edit_a_section_and_refuse_an_unknown_slot(alice_client, alice):
    response = alice_client.post(reverse("script"), _sections_form(closing="Bye from {my_name}!"))
    assert response.status_code == 302
    assert script.get_script(alice).closing == "Bye from {my_name}!"
    bad = alice_client.post(
        reverse("script"), _sections_form(opening="Hi {nmae}", closing="Changed?")
    )
    assert bad.status_code == 400
    assert "nknown slot {nmae}, did you mean {name}?" in bad.content.decode()
    assert script.get_script(alice).closing == "Bye from {my_name}!"  # nothing half-saved


def test_print_view_is_one_page_with_the_number(alice_client, alice):
    profile = get_profile(alice)
    profile.phone = "+14155550100"
    profile.save()
    page = alice_client.get(reverse("script_print")).content.decode()
    assert 'class="script-print"' in page and "+1 415-555-0100" in page
    assert page.count('class="script-section"') == 6


def test_call_page_shows_the_script_filled_for_the_contact(alice_client, alice):
    rita = f.contact(alice, "Rita Recruiter", "Acme")
    page = alice_client.get(reverse("call") + f"?contact={rita.pk}").content.decode()
    assert '<details class="card call-script">' in page
    assert "Hi Rita," in page and "Hi Rita Recruiter" not in page  # the first name


def _lead(user, permission):
    convo = f.rejection(user, f.contact(user, "Rita Recruiter"))
    ask = calls.record_ask(user, convo, None, "gave_lead", [f.lead(permission=permission)]).ask
    return ask.leads.get()


def test_r4_lead_page_intro_hides_the_referrer_without_permission(alice_client, alice):
    lead = _lead(alice, Permission.NOT_ASKED)
    page = alice_client.get(reverse("lead_detail", args=[lead.pk])).content.decode()
    intro = page.split('class="card lead-intro"')[1]
    assert "Opening the door" in page
    assert "Rita" not in intro.split("Their referrer is not named")[1]
    assert 'data-copy="#intro-body"' in intro and 'href="mailto:' in intro


def test_r4_lead_page_intro_names_the_referrer_with_permission(alice_client, alice):
    lead = _lead(alice, Permission.GRANTED)
    page = alice_client.get(reverse("lead_detail", args=[lead.pk])).content.decode()
    assert "Rita Recruiter suggested I get in touch" in page


def test_r9_script_pages_show_only_my_script(alice_client, alice, charlie):
    alice_client.post(reverse("script"), _sections_form(closing="Alice's closing line"))
    alice_client.force_login(charlie)
    assert "Alice's closing line" not in alice_client.get(reverse("script_print")).content.decode()


def test_call_page_ask_panel_fills_the_script_for_the_conversation(alice_client, alice):
    convo = f.rejection(alice, f.contact(alice, "Rita Recruiter", "Acme"))
    page = alice_client.get(reverse("call") + f"?conversation={convo.pk}").content.decode()
    assert "Hi Rita," in page.split('class="card call-script"')[1]
