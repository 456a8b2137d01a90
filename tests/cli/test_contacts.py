"""`parting contact add|list` and `parting company add`."""

from __future__ import annotations

from shlex import split

import pytest

from parting.core.models import Company, Contact
from tests import factories as f
from tests.cli.helpers import assert_one_line_error, counts

pytestmark = pytest.mark.django_db


def test_contact_add_prints_the_new_contact(run, alice):
    result = run("contact", "add", "Rita Recruiter", "--company", "Acme", "--role", "recruiter")
    assert result.code == 0, result.err
    rita = Contact.objects.get(owner=alice)
    assert result.out == f"Added contact #{rita.pk}: Rita Recruiter (Acme).\n"
    assert rita.company.name == "Acme"
    assert rita.role == "recruiter"


def test_contact_add_json_has_id_and_design_words(run, alice):
    result = run(
        *split(
            "contact add 'Rita Recruiter' --company Acme --title 'Talent partner' "
            "--role recruiter --email rita@acme.example --phone '(415) 555-0100' "
            "--linkedin https://www.linkedin.com/in/rita --json"
        )
    )
    assert result.code == 0, result.err
    data = result.json()
    assert data["id"] == Contact.objects.get().pk
    assert data == {
        "id": data["id"],
        "name": "Rita Recruiter",
        "company_id": Company.objects.get().pk,
        "company": "Acme",
        "title": "Talent partner",
        "role": "recruiter",
        "email": "rita@acme.example",
        "phone": "+14155550100",
        "phone_ext": "",
        "linkedin_url": "https://www.linkedin.com/in/rita",
        "source": "manual",
        "holds_my_number": False,
    }


def test_json_is_accepted_before_the_command_too(run, alice):
    result = run("--json", "contact", "add", "Rita")
    assert result.code == 0
    assert result.json()["name"] == "Rita"


def test_contact_list_is_aligned_and_searchable(run, alice):
    f.contact(alice, "Rita Recruiter", "Acme", email="rita@acme.example")
    f.contact(alice, "Sam Li", "Globex Corporation", title="Engineering manager")
    listing = run("contact", "list")
    assert listing.code == 0
    assert len(listing.lines) == 2
    assert listing.lines[0].index("Acme") == listing.lines[1].index("Globex")
    assert all(len(line) <= 80 for line in listing.lines)
    found = run("contact", "list", "--search", "globex", "--json")
    assert [c["name"] for c in found.json()] == ["Sam Li"]


def test_contact_list_when_empty(run, alice):
    assert run("contact", "list").out == "No contacts.\n"
    assert run("contact", "list", "--json").json() == []


def test_company_add_with_parent_and_industry(run, alice):
    assert run("company", "add", "Acme Holdings").code == 0
    result = run(
        *split("company add 'Acme Labs' --parent 'Acme Holdings' --industry fintech --json")
    )
    assert result.code == 0, result.err
    data = result.json()
    parent = Company.objects.get(name="Acme Holdings")
    assert data == {
        "id": data["id"],
        "name": "Acme Labs",
        "parent_id": parent.pk,
        "parent": "Acme Holdings",
        "industry": "fintech",
    }
    text = run("company", "add", "Acme Retail", "--parent", str(parent.pk))
    assert text.out.endswith("Acme Retail (part of Acme Holdings).\n")


def test_company_add_twice_is_a_conflict(run, alice):
    run("company", "add", "Acme")
    before = counts()
    assert_one_line_error(run("company", "add", "acme"), 1)
    assert counts() == before


def test_company_add_with_unknown_parent_is_not_found(run, alice):
    assert_one_line_error(run("company", "add", "Acme Labs", "--parent", "Nope"), 1)
    assert not Company.objects.exists()


def test_ambiguous_contact_name_lists_candidates_with_companies(run, alice):
    first = f.contact(alice, "Rita Recruiter", "Acme")
    second = f.contact(alice, "Rita Recruiter", "Globex")
    result = run("log", "Rita Recruiter", "--outcome", "rejected")
    assert_one_line_error(result, 1)
    assert f"#{first.pk} Rita Recruiter (Acme)" in result.err
    assert f"#{second.pk} Rita Recruiter (Globex)" in result.err
    ok = run("log", str(second.pk), "--outcome", "advanced")
    assert ok.code == 0
