"""No duplicates: exact keys first, then fuzzy names within a company block."""

from __future__ import annotations

from parting.core.models import Contact, ReviewPair
from parting.data.exports import reach
from parting.data.imports.service import run_import
from tests import factories
from tests.imports.helpers import fixture

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def test_importing_the_same_file_twice_creates_no_duplicates(alice):
    run_import(alice, "linkedin", fixture("linkedin_current.csv"), "c.csv")
    again = run_import(alice, "linkedin", fixture("linkedin_current.csv"), "c.csv")
    assert again["counts"] == {"new": 0, "merged": 3, "review": 0, "skipped": 1}
    assert {m["by"] for m in again["merged"]} == {"LinkedIn profile"}
    assert Contact.objects.for_user(alice).count() == 3


def test_email_match_is_case_insensitive_and_fills_gaps(alice):
    rita = factories.contact(alice, "Rita Recruiter", company="Acme", email="Rita@Acme.example")
    summary = run_import(
        alice,
        "linkedin",
        _csv(
            "Rita,R.,https://www.linkedin.com/in/rita,rita@acme.example,Acme,Recruiter,05 Mar 2024"
        ),
        "c.csv",
    )
    assert summary["counts"]["merged"] == 1 and summary["merged"][0]["by"] == "email"
    rita.refresh_from_db()
    assert rita.name == "Rita Recruiter"  # never overwritten
    assert rita.title == "Recruiter"  # gap filled
    assert rita.linkedin_slug == "rita"
    assert Contact.objects.for_user(alice).count() == 1


def test_phone_match_in_e164(alice):
    factories.contact(alice, "Pat Phone", company="", phone="+1 415 555 2671")
    vcf = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pat Phone\r\nTEL:(415) 555-2671\r\nEND:VCARD\r\n"
    summary = run_import(alice, "vcard", vcf, "p.vcf")
    assert summary["counts"]["merged"] == 1
    assert summary["merged"][0]["by"] == "phone"


def test_reordered_name_at_the_same_company_is_a_sure_merge(alice):
    factories.contact(alice, "John Smith", company="Globex Inc.")
    summary = run_import(alice, "linkedin", _csv("Smith,John,,,GLOBEX,Engineer,05 Mar 2024"), "c")
    assert summary["counts"]["merged"] == 1
    assert summary["merged"][0]["by"] == "name at the same company"


def test_borderline_names_go_to_the_review_queue(alice):
    jon = factories.contact(alice, "Jonathan Smithson", company="Globex")
    summary = run_import(
        alice, "linkedin", _csv("Jonathon,Smithsen,,,Globex,Engineer,05 Mar 2024"), "c"
    )
    assert summary["counts"] == {"new": 0, "merged": 0, "review": 1, "skipped": 0}
    pair = ReviewPair.objects.for_user(alice).get()
    assert pair.contact == jon
    assert pair.other.name == "Jonathon Smithsen"
    assert 85 <= pair.score < 95


def test_same_name_at_another_company_is_someone_else(alice):
    factories.contact(alice, "John Smith", company="Globex")
    summary = run_import(alice, "linkedin", _csv("John,Smith,,,Initech,Engineer,05 Mar 2024"), "c")
    assert summary["counts"]["new"] == 1


def test_duplicates_inside_one_file_merge(alice):
    data = _csv(
        "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,Recruiter,05 Mar 2024",
        "Ann,Lee,https://linkedin.com/in/ANN-LEE/,ann@acme.example,Acme Inc,,05 Mar 2024",
    )
    summary = run_import(alice, "linkedin", data, "c")
    assert summary["counts"]["new"] == 1 and summary["counts"]["merged"] == 1
    ann = Contact.objects.for_user(alice).get()
    assert ann.email == "ann@acme.example"
    assert reach(alice)[ann.pk]["email"] == ["ann@acme.example"]
    # The second spelling of the profile address is kept too.
    assert reach(alice)[ann.pk]["url"] == [
        "https://www.linkedin.com/in/ann-lee",
        "https://linkedin.com/in/ANN-LEE/",
    ]


def test_matching_never_looks_at_another_account(alice, bob):
    factories.contact(
        bob, "Zoë Ørsted", company="Acme", linkedin="https://www.linkedin.com/in/zoe-orsted"
    )
    Contact.objects.for_user(bob).update(linkedin_slug="zoe-orsted")
    summary = run_import(alice, "linkedin", fixture("linkedin_current.csv"), "c.csv")
    assert summary["counts"]["new"] == 3
    assert Contact.objects.for_user(bob).count() == 1
