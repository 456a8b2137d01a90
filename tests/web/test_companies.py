"""Companies in the web UI: own rows only (R9), forms that go through the domain, safe deletion."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parting.core.domain import network
from parting.core.models import Company, Opening
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_own_companies(alice_client, alice, bob):
    network.create_company(alice, "Acme", industry="Rockets")
    network.create_company(bob, "Bobco")
    response = alice_client.get(reverse("company_list"))
    assert response.status_code == 200
    assert b"Acme" in response.content and b"Rockets" in response.content
    assert b"Bobco" not in response.content


def test_the_list_shows_parent_and_number_of_contacts(alice_client, alice):
    group = network.create_company(alice, "Acme Group")
    network.create_company(alice, "Acme Labs", parent=group)
    f.contact(alice, "Rita", company="Acme Labs")
    f.contact(alice, "Sam", company="Acme Labs")
    response = alice_client.get(reverse("company_list"))
    labs = next(c for c in response.context["page"] if c.name == "Acme Labs")
    assert labs.contact_count == 2
    assert labs.parent == group


def test_the_list_searches_by_name_and_industry(alice_client, alice):
    network.create_company(alice, "Acme", industry="Rockets")
    network.create_company(alice, "Globex", industry="Energy")
    response = alice_client.get(reverse("company_list"), {"q": "rock"})
    assert [c.name for c in response.context["page"]] == ["Acme"]


def test_the_list_paginates_by_fifty(alice_client, alice):
    Company.objects.bulk_create(Company(owner=alice, name=f"Co {i:03}") for i in range(60))
    first = alice_client.get(reverse("company_list"))
    second = alice_client.get(reverse("company_list"), {"page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 10
    assert b"Co 059" in second.content


def test_it_creates_a_company(alice_client, alice):
    group = network.create_company(alice, "Acme Group")
    response = alice_client.post(
        reverse("company_create"),
        {"name": "  Acme   Labs ", "parent": group.pk, "industry": "Rockets", "notes": "Big"},
    )
    company = Company.objects.get(owner=alice, name="Acme Labs")
    assert response.status_code == 302
    assert response["Location"] == company.get_absolute_url()
    assert (company.parent, company.industry, company.notes) == (group, "Rockets", "Big")


def test_a_duplicate_name_is_refused_with_400_and_nothing_saved(alice_client, alice):
    network.create_company(alice, "Acme")
    response = alice_client.post(
        reverse("company_create"), {"name": "ACME", "industry": "Typed industry"}
    )
    assert response.status_code == 400
    assert "already have a company" in str(response.context["form"].errors["name"])
    assert b"Typed industry" in response.content
    assert Company.objects.filter(owner=alice).count() == 1


def test_an_empty_name_is_refused(alice_client, alice):
    response = alice_client.post(reverse("company_create"), {"name": "", "industry": "Rockets"})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert not Company.objects.exists()


def test_it_edits_a_company(alice_client, alice):
    acme = network.create_company(alice, "Acme")
    response = alice_client.post(
        reverse("company_edit", args=[acme.pk]), {"name": "Acme Corp", "industry": "Rockets"}
    )
    assert response.status_code == 302
    acme.refresh_from_db()
    assert (acme.name, acme.industry) == ("Acme Corp", "Rockets")


def test_the_edit_form_refuses_a_parent_cycle(alice_client, alice):
    group = network.create_company(alice, "Group")
    acme = network.create_company(alice, "Acme", parent=group)
    labs = network.create_company(alice, "Labs", parent=acme)
    response = alice_client.post(
        reverse("company_edit", args=[group.pk]), {"name": "Group", "parent": labs.pk}
    )
    assert response.status_code == 400
    assert "own parent or ancestor" in str(response.context["form"].errors["parent"])
    group.refresh_from_db()
    assert group.parent is None


def test_the_detail_shows_family_contacts_and_openings(alice_client, alice):
    group = network.create_company(alice, "Acme Group")
    acme = network.create_company(alice, "Acme", parent=group)
    network.create_company(alice, "Acme Labs", parent=group)
    network.create_company(alice, "Acme Rockets", parent=acme)
    f.contact(alice, "Rita Recruiter", company="Acme")
    network.create_opening(alice, acme, "Rocket engineer")
    response = alice_client.get(acme.get_absolute_url())
    assert response.status_code == 200
    assert response.context["nav"] == "companies"
    assert [c.name for c in response.context["sisters"]] == ["Acme Labs"]
    assert [c.name for c in response.context["divisions"]] == ["Acme Rockets"]
    for text in (b"Acme Group", b"Rita Recruiter", b"Rocket engineer"):
        assert text in response.content


def test_delete_asks_for_confirmation_naming_what_goes_with_it(alice_client, alice):
    acme = network.create_company(alice, "Acme")
    network.create_opening(alice, acme, "Engineer")
    network.create_opening(alice, acme, "Designer")
    f.contact(alice, "Rita", company="Acme")
    response = alice_client.get(reverse("company_delete", args=[acme.pk]))
    assert response.status_code == 200
    assert b"2 openings" in response.content
    assert b"1 contact stay" in response.content
    assert Company.objects.filter(pk=acme.pk).exists()


def test_delete_by_post_removes_it_and_its_openings(alice_client, alice):
    acme = network.create_company(alice, "Acme")
    network.create_opening(alice, acme, "Engineer")
    rita = f.contact(alice, "Rita", company="Acme")
    response = alice_client.post(reverse("company_delete", args=[acme.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("company_list")
    assert "Deleted company" in response.content.decode()
    assert not Company.objects.filter(pk=acme.pk).exists()
    assert not Opening.objects.exists()
    rita.refresh_from_db()
    assert rita.company is None


@pytest.mark.parametrize("name", ["company_detail", "company_edit", "company_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_validates_ownership(charlie_client, alice, name, method):
    acme = network.create_company(alice, "Acme")
    response = getattr(charlie_client, method)(reverse(name, args=[acme.pk]), {"name": "Mine"})
    assert response.status_code == 404
    acme.refresh_from_db()
    assert acme.name == "Acme"


def test_charlie_cannot_pick_alices_company_as_parent(charlie_client, alice, charlie):
    acme = network.create_company(alice, "Acme")
    response = charlie_client.post(reverse("company_create"), {"name": "Mine", "parent": acme.pk})
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors
    assert not Company.objects.filter(owner=charlie).exists()
    assert b">Acme<" not in response.content


def test_it_requires_sign_in(client, alice):
    acme = network.create_company(alice, "Acme")
    response = client.get(acme.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_text_is_escaped(alice_client, alice):
    acme = network.create_company(alice, "<script>alert(1)</script>", industry="<b>x</b>")
    for url in (reverse("company_list"), acme.get_absolute_url()):
        content = alice_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<b>x</b>" not in content
