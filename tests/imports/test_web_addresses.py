"""Imported web addresses become links on the contact page: only http(s) ones are kept, so a
file from elsewhere cannot plant a `javascript:` (or `data:`) link in the seeker's pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.models import Contact, ContactPoint
from parting.data.imports.service import run_import

pytestmark = pytest.mark.django_db

CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mallory Mask\r\nORG:Evil Inc\r\n"
    "URL:javascript:alert(document.cookie)//linkedin.com/in/mallory\r\n"
    "URL:data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\r\n"
    "URL:JavaScript:alert(2)\r\n"
    "URL:https://mallory.example/about\r\n"
    "END:VCARD\r\n"
)
LINKEDIN = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Eve,Evil,javascript:alert(1)//www.linkedin.com/in/eve,,Evil Inc,CEO,05 Mar 2024\n"
)


def test_a_vcard_keeps_only_web_links(alice, alice_client):
    run_import(alice, "vcard", CARD.encode(), "evil.vcf")
    contact = Contact.objects.for_user(alice).get(name="Mallory Mask")
    urls = [p.value for p in ContactPoint.objects.for_user(alice).filter(kind="url")]
    assert urls == ["https://mallory.example/about"]
    assert contact.linkedin_url == ""
    page = alice_client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "javascript:" not in page.lower() and "data:text" not in page


def test_a_linkedin_export_keeps_only_a_web_profile_link(alice, alice_client):
    run_import(alice, "linkedin", LINKEDIN.encode(), "evil.csv")
    contact = Contact.objects.for_user(alice).get(name="Eve Evil")
    assert contact.linkedin_url == ""
    assert not ContactPoint.objects.for_user(alice).filter(kind="url").exists()
    page = alice_client.get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert "javascript:" not in page.lower()
