"""Every variant in FORMATS.md imports with names, companies, emails, phones and dates intact."""

from __future__ import annotations

import datetime as dt

import pytest

from parting.core.models import Company, Contact, ContactPoint
from parting.data.exports import reach
from parting.data.imports.service import run_import
from tests.imports.helpers import fixture

LINKEDIN_VARIANTS = [
    "linkedin_current.csv",
    "linkedin_bom_crlf.csv",
    "linkedin_excel.csv",
    "linkedin_export.zip",
]


def _by_name(user):
    return {c.name: c for c in Contact.objects.for_user(user).select_related("company")}


@pytest.mark.parametrize("name", LINKEDIN_VARIANTS)
def test_linkedin_current_header_variants(alice, name):
    summary = run_import(alice, "linkedin", fixture(name), name)
    assert summary["counts"] == {"new": 3, "merged": 0, "review": 0, "skipped": 1}
    assert summary["skipped"][0]["reason"] == "no name"
    assert summary["skipped"][0]["line"] == 8
    people = _by_name(alice)
    zoe = people["Zoë Ørsted"]
    assert zoe.company.name == "Acme, Inc."
    assert zoe.linkedin_slug == "zoe-orsted"
    assert zoe.connected_on == dt.date(2024, 3, 5)
    assert zoe.source == "linkedin"
    assert people["李 小龍"].title == "工程师"
    assert people["José García-Márquez"].title == "Director, Engineering"
    assert people["José García-Márquez"].email == "jose@example.es"


@pytest.mark.parametrize("name", ["linkedin_six_columns.csv", "linkedin_no_preamble.csv"])
def test_linkedin_six_column_variants(alice, name):
    summary = run_import(alice, "linkedin", fixture(name), name)
    assert summary["counts"]["new"] == 2
    bo = _by_name(alice)["Bo Berg"]
    assert bo.title == "Manager, Sales"
    assert bo.connected_on == dt.date(2021, 4, 10)


def test_google_current_with_bom_multiline_notes_and_several_values(alice):
    run_import(alice, "google", fixture("google_current.csv"), "google_current.csv")
    people = _by_name(alice)
    jurgen = people["Jürgen Müller"]
    assert jurgen.company.name == "Globex, Ltd"
    assert jurgen.notes == "Met at the meetup.\nPrefers email, not calls."
    assert jurgen.email == "jurgen@globex.de"
    assert jurgen.phone == "+4930901820"
    assert jurgen.linkedin_slug == "jmueller"
    assert jurgen.linkedin_url == "https://www.linkedin.com/in/jmueller"
    every = reach(alice)
    assert every[jurgen.pk]["email"] == ["jurgen@globex.de", "j.mueller@example.de"]
    assert every[people["Привет Мир"].pk]["phone"] == ["+14155552671", "+12125550199"]


def test_google_legacy_utf16(alice):
    run_import(alice, "google", fixture("google_legacy_utf16.csv"), "old.csv")
    renee = _by_name(alice)["Renée Dupont"]
    assert renee.company.name == "Société Générale S.A."
    assert renee.phone == "+33698765432"
    assert renee.title == "Analyste"


def test_outlook_cp1252_is_detected_not_guessed(alice):
    run_import(alice, "outlook", fixture("outlook_cp1252.csv"), "outlook.csv")
    people = _by_name(alice)
    assert people["François Lefèvre"].company.name == "Société Générale"
    assert people["François Lefèvre"].notes == "Café at 10"
    # A UK number without +44 is not valid in the seeker's region (US): kept in notes, not lost.
    assert "Phone (not a valid number): (020) 7946 0958" in people["Chloë Brontë"].notes


def test_iphone_vcard_grouped_properties_escaped_org_and_company_card(alice):
    summary = run_import(alice, "vcard", fixture("iphone_3_0.vcf"), "iphone.vcf")
    assert summary["counts"]["new"] == 1
    assert "company card" in summary["skipped"][0]["reason"]
    sara = _by_name(alice)["Sara Cain"]
    assert sara.company.name == "Acme, Inc."  # not cut at the escaped comma
    assert sara.phone == "+17755550142"  # item1.TEL is a phone too
    assert sara.email == "sara@acme.example"
    assert sara.notes == "Met at the career fair, booth 12.\nAsk about the platform team in spring."


def test_android_vcard_2_1_quoted_printable_soft_breaks(alice):
    run_import(alice, "vcard", fixture("android_2_1.vcf"), "android.vcf")
    jurgen = Contact.objects.for_user(alice).get()
    assert jurgen.name == "Jürgen Müller"
    assert jurgen.phone == "+4930901820"
    assert "eine sehr lange Zeile ohne Einrückung" in jurgen.notes
    assert jurgen.email == "jurgen@example.de"


def test_vcard_4_tel_uri(alice):
    run_import(alice, "vcard", fixture("vcard_4_0.vcf"), "v4.vcf")
    amelie = Contact.objects.for_user(alice).get()
    assert amelie.name == "Amélie Poulain"
    assert amelie.phone == "+33698765432"
    assert amelie.linkedin_slug == "amelie-poulain"


def test_companies_match_with_legal_suffixes_case_and_punctuation(alice):
    Company.objects.create(owner=alice, name="ACME")
    run_import(alice, "linkedin", fixture("linkedin_current.csv"), "c.csv")
    run_import(alice, "linkedin", fixture("linkedin_six_columns.csv"), "s.csv")
    names = set(Company.objects.for_user(alice).values_list("name", flat=True))
    assert names == {"ACME", "Globex GmbH", "Initech, LLC", "Umbrella Ltd"}


def test_dry_run_changes_nothing(alice):
    summary = run_import(alice, "linkedin", fixture("linkedin_current.csv"), "c.csv", dry_run=True)
    assert summary["counts"]["new"] == 3
    assert not Contact.objects.for_user(alice).exists()
    assert not ContactPoint.objects.for_user(alice).exists()
    assert not Company.objects.for_user(alice).exists()
