"""Contacts in the web UI: E.164 phones, a company picked or typed, own rows only (R9)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.choices import Outcome, Response
from parting.core.domain import calls, network
from parting.core.domain.profiles import get_profile
from parting.core.models import Company, Contact, Conversation, FollowUp, Lead
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_own_contacts(alice_client, alice, bob):
    f.contact(alice, "Rita Recruiter", company="Acme", title="Talent lead", phone="201 555 0123")
    f.contact(bob, "Bob's Friend")
    response = alice_client.get(reverse("contact_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["nav"] == "contacts"
    for text in ("Rita Recruiter", "Acme", "Talent lead", "+1 201-555-0123"):
        assert text in content
    assert "Bob&#x27;s Friend" not in content and "Bob's Friend" not in content


def test_the_list_shows_who_holds_my_number(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita")
    calls.record_ask(alice, f.rejection(alice, rita), None, Response.LEFT_NUMBER)
    response = alice_client.get(reverse("contact_list"))
    assert [c.holds_my_number for c in response.context["page"]] == [True]
    assert b'<span class="pill good">Yes</span>' in response.content


def test_the_list_searches(alice_client, alice):
    f.contact(alice, "Rita", company="Acme")
    f.contact(alice, "Sam", company="Globex")
    response = alice_client.get(reverse("contact_list"), {"q": "globex"})
    assert [c.name for c in response.context["page"]] == ["Sam"]
    assert b'value="globex"' in response.content


def test_it_creates_a_contact_with_an_e164_phone(alice_client, alice):
    acme = network.create_company(alice, "Acme")
    response = alice_client.post(
        reverse("contact_create"),
        {
            "name": "Rita Recruiter",
            "company": acme.pk,
            "role": "recruiter",
            "email": "rita@acme.example",
            "phone": "(212) 555-0134 ext. 7",
        },
    )
    rita = Contact.objects.get(owner=alice)
    assert response.status_code == 302
    assert response["Location"] == rita.get_absolute_url()
    assert (rita.name, rita.company, rita.role) == ("Rita Recruiter", acme, "recruiter")
    assert (rita.phone, rita.phone_ext) == ("+12125550134", "7")


def test_the_phone_uses_the_profile_region(alice_client, alice):
    profile = get_profile(alice)
    profile.phone_region = "GB"
    profile.save()
    alice_client.post(
        reverse("contact_create"), {"name": "Nigel", "role": "other", "phone": "020 7946 0018"}
    )
    assert Contact.objects.get(owner=alice).phone == "+442079460018"


def test_a_typed_new_company_is_created(alice_client, alice):
    alice_client.post(
        reverse("contact_create"), {"name": "Sam", "role": "other", "new_company": "Initech"}
    )
    sam = Contact.objects.get(owner=alice)
    assert sam.company is not None and sam.company.name == "Initech"
    assert sam.company.owner == alice


def test_a_bad_phone_is_a_400_that_keeps_what_was_typed(alice_client, alice):
    response = alice_client.post(
        reverse("contact_create"),
        {"name": "Rita Typed", "role": "other", "phone": "12", "title": "Typed title"},
    )
    assert response.status_code == 400
    assert "phone number" in str(response.context["form"].errors["phone"])
    assert b'value="Rita Typed"' in response.content
    assert b'value="Typed title"' in response.content
    assert not Contact.objects.exists()


def test_company_and_new_company_together_are_refused(alice_client, alice):
    acme = network.create_company(alice, "Acme")
    response = alice_client.post(
        reverse("contact_create"),
        {"name": "Rita", "role": "other", "company": acme.pk, "new_company": "Initech"},
    )
    assert response.status_code == 400
    assert "new_company" in response.context["form"].errors
    assert not Contact.objects.exists()
    assert not Company.objects.filter(name="Initech").exists()


def test_it_edits_a_contact(alice_client, alice):
    rita = f.contact(alice, "Rita", company="Acme", phone="201 555 0123")
    form_page = alice_client.get(reverse("contact_edit", args=[rita.pk]))
    assert b'value="+1 201-555-0123"' in form_page.content
    response = alice_client.post(
        reverse("contact_edit", args=[rita.pk]),
        {"name": "Rita R.", "role": "hr", "phone": "(650) 253-0000 x12", "new_company": "Globex"},
    )
    assert response.status_code == 302
    rita.refresh_from_db()
    assert (rita.name, rita.role, rita.company.name) == ("Rita R.", "hr", "Globex")
    assert (rita.phone, rita.phone_ext) == ("+16502530000", "12")


def test_a_bad_edit_changes_nothing(alice_client, alice):
    rita = f.contact(alice, "Rita", phone="201 555 0123")
    response = alice_client.post(
        reverse("contact_edit", args=[rita.pk]), {"name": "Rita", "role": "other", "phone": "x"}
    )
    assert response.status_code == 400
    rita.refresh_from_db()
    assert rita.phone == "+12015550123"


def test_the_detail_shows_conversations_leads_and_follow_ups(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita Recruiter")
    convo = f.rejection(alice, rita, note="Went with an internal hire")
    calls.record_ask(alice, convo, None, Response.GAVE_LEAD, [f.lead("Lena Lead")])
    lena = Contact.objects.get(name="Lena Lead")
    response = alice_client.get(rita.get_absolute_url())
    assert response.status_code == 200
    assert list(response.context["conversations"]) == [convo]
    assert [lead.name for lead in response.context["leads_given"]] == ["Lena Lead"]
    assert {fu.kind for fu in response.context["followups"]} == {"thank_referrer"}
    assert convo.get_absolute_url().encode() in response.content
    lena_page = alice_client.get(lena.get_absolute_url())
    assert [lead.referrer for lead in lena_page.context["leads_as_referred"]] == [rita]


def test_delete_asks_for_confirmation_naming_what_goes_with_it(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita")
    calls.record_ask(alice, f.rejection(alice, rita), None, Response.GAVE_LEAD, [f.lead("A")])
    calls.log_conversation(alice, rita, Outcome.ADVANCED)
    calls.record_ask(alice, f.rejection(alice, rita), None, Response.GAVE_LEAD, [f.lead("B")])
    response = alice_client.get(reverse("contact_delete", args=[rita.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "3 conversations" in content and "2 leads" in content
    assert Contact.objects.filter(pk=rita.pk).exists()


def test_delete_by_post_removes_the_contact_and_their_records(alice_client, alice, frozen):
    rita = f.contact(alice, "Rita")
    calls.record_ask(alice, f.rejection(alice, rita), None, Response.GAVE_LEAD, [f.lead("A")])
    response = alice_client.post(reverse("contact_delete", args=[rita.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("contact_list")
    assert not Contact.objects.filter(pk=rita.pk).exists()
    assert not Conversation.objects.exists() and not Lead.objects.exists()
    assert not FollowUp.objects.filter(contact=rita.pk).exists()


@pytest.mark.parametrize("name", ["contact_detail", "contact_edit", "contact_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_validates_ownership(charlie_client, alice, name, method):
    rita = f.contact(alice, "Rita")
    data = {"name": "Mine", "role": "other"}
    response = getattr(charlie_client, method)(reverse(name, args=[rita.pk]), data)
    assert response.status_code == 404
    assert Contact.objects.filter(pk=rita.pk, name="Rita").exists()


def test_charlie_cannot_pick_alices_company(charlie_client, alice, charlie):
    acme = network.create_company(alice, "Acme")
    response = charlie_client.post(
        reverse("contact_create"), {"name": "Mine", "role": "other", "company": acme.pk}
    )
    assert response.status_code == 400
    assert "company" in response.context["form"].errors
    assert not Contact.objects.filter(owner=charlie).exists()


def test_user_text_is_escaped(alice_client, alice):
    rita = f.contact(alice, "<script>alert(1)</script>", company="<i>Acme</i>", notes="<b>n</b>")
    for url in (
        reverse("contact_list"),
        rita.get_absolute_url(),
        reverse("contact_edit", args=[rita.pk]),
    ):
        content = alice_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<i>Acme</i>" not in content and "<b>n</b>" not in content


def test_detail_shows_every_kept_email_phone_and_the_connected_on_date(alice_client, alice):
    import datetime as dt

    from parting.core.models import ContactPoint

    contact = network.create_contact(alice, "Mia Merged", email="mia@work.example")
    contact.connected_on = dt.date(2024, 3, 5)
    contact.save()
    ContactPoint.objects.create(
        owner=alice, contact=contact, kind="email", value="mia@home.example"
    )
    ContactPoint.objects.create(owner=alice, contact=contact, kind="phone", value="+13125550142")
    page = alice_client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "mia@work.example" in page and "mia@home.example" in page
    assert "+13125550142" in page and "5 Mar 2024" in page
    assert reverse("insights_contact_tree", args=[contact.pk]) in page
