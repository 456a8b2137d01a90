"""Messages on the web: the LinkedIn variant beside the email (also for a lead's intro), the
script naming the contact once one is picked on the call page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.choices import FollowUpKind, Permission
from parting.core.domain import leads
from parting.core.models import FollowUp
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(alice):
    rita = f.contact(alice, "Rita Recruiter", email="rita@acme.example")
    made = leads.add_lead(alice, rita, f.lead("Nia North", "Hooli", permission=Permission.GRANTED))
    lead = made.leads[0]
    lead.contact.linkedin_url = "https://www.linkedin.com/in/nia-north"
    lead.contact.save()
    return lead


def test_a_contact_without_email_gets_the_linkedin_message(alice_client, alice, lead):
    item = FollowUp.objects.get(owner=alice, lead=lead, kind=FollowUpKind.CONTACT_LEAD)
    page = alice_client.get(reverse("followup_message", args=[item.pk])).content.decode()
    assert "On LinkedIn" in page and "No email address: send this as a LinkedIn message" in page
    assert "Hi Nia, Rita Recruiter suggested I get in touch with you." in page
    assert 'href="https://www.linkedin.com/in/nia-north"' in page
    assert 'data-live-mailto="message-form"' in page and 'id="message-form"' in page


def test_the_linkedin_message_stands_beside_an_email_too(alice_client, alice, lead):
    item = FollowUp.objects.get(owner=alice, lead=lead, kind=FollowUpKind.THANK_REFERRER)
    page = alice_client.get(reverse("followup_message", args=[item.pk])).content.decode()
    assert "On LinkedIn" in page and "No email address" not in page
    assert "Hi Rita, Thank you for suggesting Nia North" in page


def test_the_lead_page_offers_the_linkedin_intro(alice_client, lead):
    page = alice_client.get(reverse("lead_detail", args=[lead.pk])).content.decode()
    assert "On LinkedIn" in page and "Hi Nia, Rita Recruiter suggested" in page


def test_picking_a_contact_refreshes_the_script_with_their_first_name(alice_client, alice):
    rita = f.contact(alice, "Dr. Rita Recruiter")
    page = alice_client.get(
        reverse("call"), {"contact": rita.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert '<div id="call-script" hx-swap-oob="innerHTML">' in page
    assert "Hi Rita, this is" in page.split('id="call-script"')[1]
    full = alice_client.get(reverse("call"), {"contact": rita.pk}).content.decode()
    assert "hx-swap-oob" not in full and full.count('id="call-script"') == 1


def test_every_phone_on_a_contact_page_reads_as_people_write_it(alice_client, alice):
    from parting.core.models import ContactPoint

    rita = f.contact(alice, "Rita Recruiter", phone="+13125550199")
    ContactPoint.objects.create(owner=alice, contact=rita, kind="phone", value="+13125550142")
    page = alice_client.get(reverse("contact_detail", args=[rita.pk])).content.decode()
    assert "+1 312-555-0199" in page and ">+1 312-555-0142</a>" in page
    assert 'href="tel:+13125550142"' in page and ">+13125550142<" not in page
