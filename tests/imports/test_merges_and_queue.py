"""Every merge an import makes is listed and can be undone; one import's review pairs are
settled in bulk; a failing preview offers to skip the bad rows there and then."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parting.core.domain import merge as merging
from parting.core.models import Contact, ContactPoint, ImportRun, Merge, ReviewPair
from parting.data.imports.service import run_import
from tests import factories
from tests.imports.helpers import fixture

pytestmark = pytest.mark.django_db

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


def _borderline(user) -> ImportRun:
    factories.contact(user, "Jonathan Smithson", company="Globex")
    factories.contact(user, "Maria Gonzales", company="Initech")
    summary = run_import(
        user,
        "linkedin",
        _csv(
            "Jonathon,Smithsen,,,Globex,Engineer,05 Mar 2024",
            "Mariah,Gonzalez,,,Initech,Engineer,05 Mar 2024",
        ),
        "c.csv",
    )
    assert summary["counts"]["review"] == 2
    return ImportRun.objects.for_user(user).get(pk=summary["import_id"])


def test_a_row_merged_into_a_contact_is_a_merge_of_that_import_and_undo_brings_it_back(alice):
    rita = factories.contact(alice, "Rita Recruiter", company="Acme", email="rita@acme.example")
    data = _csv(
        "Rita,R.,https://www.linkedin.com/in/rita,rita@acme.example,Acme,Recruiter,05 Mar 2024"
    )
    summary = run_import(alice, "linkedin", data, "c.csv")
    record = Merge.objects.for_user(alice).get()
    assert record.run_id == summary["import_id"] and record.kept == rita
    assert record.merged_name == "Rita R."
    rita.refresh_from_db()
    assert rita.title == "Recruiter" and rita.connected_on == dt.date(2024, 3, 5)

    restored = merging.undo(alice, record)
    rita.refresh_from_db()
    assert rita.title == "" and rita.connected_on is None and rita.linkedin_slug == ""
    assert restored.name == "Rita R." and restored.linkedin_slug == "rita"
    assert restored.email == "rita@acme.example" and restored.title == "Recruiter"
    assert not ContactPoint.objects.for_user(alice).filter(contact=rita).exists()
    assert Contact.objects.for_user(alice).count() == 2


def test_an_extra_email_merged_in_moves_back_with_the_row_on_undo(alice):
    factories.contact(alice, "Pat Phone", company="Acme", email="pat@acme.example")
    vcf = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pat Phone\r\nORG:Acme\r\n"
        "EMAIL:pat@acme.example\r\nEMAIL:pat@home.example\r\nEND:VCARD\r\n"
    )
    run_import(alice, "vcard", vcf.encode(), "p.vcf")
    record = Merge.objects.for_user(alice).get()
    restored = merging.undo(alice, record)
    assert list(restored.points.values_list("value", flat=True)) == ["pat@home.example"]


def test_a_row_that_brings_nothing_new_is_not_a_merge_to_undo(alice):
    run_import(alice, "linkedin", fixture("linkedin_current.csv"), "c.csv")
    again = run_import(alice, "linkedin", fixture("linkedin_current.csv"), "c.csv")
    assert again["counts"]["merged"] == 3
    assert not Merge.objects.for_user(alice).exists()


def test_duplicates_inside_one_file_are_merges_too_and_can_be_undone(alice):
    data = _csv(
        "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,Recruiter,05 Mar 2024",
        "Ann,Lee,https://linkedin.com/in/ANN-LEE/,ann@acme.example,Acme Inc,,05 Mar 2024",
    )
    run_import(alice, "linkedin", data, "c.csv")
    record = Merge.objects.for_user(alice).get()
    ann = Contact.objects.for_user(alice).get()
    assert ann.email == "ann@acme.example"
    merging.undo(alice, record)
    ann.refresh_from_db()
    assert ann.email == ""
    assert Contact.objects.for_user(alice).count() == 2


def test_merge_all_of_one_import_settles_its_pairs_and_lists_each_merge(alice):
    run = _borderline(alice)
    done = merging.merge_all(alice, run)
    assert len(done) == 2
    assert not ReviewPair.objects.for_user(alice).exists()
    assert Contact.objects.for_user(alice).count() == 2
    assert Merge.objects.for_user(alice).count() == 2


def test_keep_all_of_one_import_leaves_other_pairs_alone(alice):
    run = _borderline(alice)
    factories.contact(alice, "Zed Zedson", company="Umbrella")
    run_import(alice, "linkedin", _csv("Zedd,Zedsen,,,Umbrella,CTO,05 Mar 2024"), "d.csv")
    assert merging.keep_all(alice, run) == 2
    assert ReviewPair.objects.for_user(alice).count() == 1
    assert Contact.objects.for_user(alice).count() == 6


def test_a_pair_naming_a_merged_contact_then_names_the_kept_one(alice):
    a = factories.contact(alice, "Ann Lee", company="Acme")
    b = factories.contact(alice, "Ann Leigh", company="Acme")
    c = factories.contact(alice, "Anne Lee", company="Acme")
    ReviewPair.objects.create(owner=alice, contact=a, other=b, score=90)
    ReviewPair.objects.create(owner=alice, contact=b, other=c, score=88)
    merging.merge(alice, a, b)
    pair = ReviewPair.objects.for_user(alice).get()
    assert (pair.contact_id, pair.other_id) == (a.pk, c.pk)


def test_r9_charlie_cannot_settle_alices_pairs_nor_see_her_merges(alice, charlie_client):
    run = _borderline(alice)
    assert charlie_client.post(reverse("review_merge_all", args=[run.pk])).status_code == 404
    assert charlie_client.post(reverse("review_keep_all", args=[run.pk])).status_code == 404
    merging.merge_all(alice, run)
    assert "Jonathon" not in charlie_client.get(reverse("data_merges")).content.decode()
    assert ReviewPair.objects.count() == 0 and Merge.objects.count() == 2


def test_web_bulk_merge_and_keep(alice, alice_client):
    run = _borderline(alice)
    page = alice_client.get(reverse("data")).content.decode()
    assert "2 pairs from c.csv" in page
    alice_client.post(reverse("review_keep_all", args=[run.pk]))
    assert not ReviewPair.objects.for_user(alice).exists()
    assert Contact.objects.for_user(alice).count() == 4


def test_web_merge_all(alice, alice_client):
    run = _borderline(alice)
    response = alice_client.post(reverse("review_merge_all", args=[run.pk]))
    assert response.status_code == 302
    assert Merge.objects.for_user(alice).count() == 2
    assert Contact.objects.for_user(alice).count() == 2


def test_recent_merges_list_import_merges_and_the_merges_page_lists_them_all(alice, alice_client):
    factories.contact(alice, "Rita Recruiter", company="Acme", email="rita@acme.example")
    run_import(alice, "linkedin", _csv("Rita,R.,,rita@acme.example,Acme,Recruiter,"), "r.csv")
    page = alice_client.get(reverse("data")).content.decode()
    assert "Recent merges" in page and "import of r.csv" in page
    record = Merge.objects.for_user(alice).get()
    assert reverse("merge_undo", args=[record.pk]) in page
    listing = alice_client.get(reverse("data_merges")).content.decode()
    assert "Rita R." in listing and reverse("merge_undo", args=[record.pk]) in listing


def test_a_failing_preview_offers_skip_bad_rows_and_not_import_for_real(alice, alice_client):
    upload = SimpleUploadedFile("b.csv", fixture("linkedin_broken_row.csv"))
    page = alice_client.post(reverse("data_import"), {"kind": "linkedin", "file": upload})
    text = page.content.decode()
    assert "Skip the bad rows and import the rest" in text
    assert "Import for real" not in text
    run = ImportRun.objects.for_user(alice).get()
    alice_client.post(reverse("data_import_apply", args=[run.token]), {"skip_bad": "1"})
    names = sorted(Contact.objects.for_user(alice).values_list("name", flat=True))
    assert names == ["Ann Lee", "Cy Chen"]


def test_a_clean_preview_offers_import_for_real(alice_client):
    upload = SimpleUploadedFile("c.csv", fixture("linkedin_current.csv"))
    text = alice_client.post(reverse("data_import"), {"kind": "linkedin", "file": upload})
    assert "Import for real" in text.content.decode()
    assert "Skip the bad rows" not in text.content.decode()
