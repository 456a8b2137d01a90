"""Names lose invisible format characters: no look-alike duplicates, no right-to-left override."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.domain import network
from parting.core.domain.errors import Conflict
from parting.core.domain.names import clean_text, match_key
from parting.core.models import Company, Contact
from parting.data.imports.matching import company_key

pytestmark = pytest.mark.django_db


def test_it_drops_format_characters_but_keeps_the_joiners_scripts_need():
    assert clean_text("Ze\u200bta\ufeff Corp") == "Zeta Corp"
    assert clean_text("Eve \u202eliaM") == "Eve liaM"
    assert clean_text("\u2067Noor\u2069") == "Noor"
    assert clean_text("No\x00or\x07") == "Noor"
    assert clean_text("می\u200cخواهم 👩\u200d💻") == "می\u200cخواهم 👩\u200d💻"
    assert match_key("ZE\u200bTA\u00adCorp") == match_key("zetacorp")
    assert company_key("Ze\u200bta Corp, Inc.") == company_key("Zeta Corp")


def test_it_refuses_a_look_alike_duplicate_company(alice):
    network.create_company(alice, "Zeta Corp")
    with pytest.raises(Conflict):
        network.create_company(alice, "Ze\u200bta Corp")
    assert network.company_named(alice, "ZETA\u200b CORP") == Company.objects.get()


def test_it_keeps_no_bidi_override_in_a_contact_name(alice):
    contact = network.create_contact(alice, "Mallory \u202egnp.exe", company="Acme\u200b")
    assert contact.name == "Mallory gnp.exe"
    assert contact.company.name == "Acme"


def test_it_cleans_names_typed_in_the_web_form(alice_client, alice):
    network.create_company(alice, "Zeta Corp")
    response = alice_client.post(reverse("company_create"), {"name": "Ze\u200bta Corp"})
    assert response.status_code in {200, 400}
    assert Company.objects.count() == 1
    alice_client.post(reverse("contact_create"), {"name": "Rita \u202eRecruiter", "role": "other"})
    assert Contact.objects.get().name == "Rita Recruiter"


def test_it_cleans_names_given_to_the_cli(run, alice):
    assert run("company", "add", "Zeta Corp").code == 0
    result = run("company", "add", "Ze\u200bta Corp")
    assert result.code == 1, result
    assert run("contact", "add", "\u202eRita").code == 0
    assert Contact.objects.get().name == "Rita"
