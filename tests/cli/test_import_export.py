"""`parting import|export|backup|restore|review|merge|unmerge` through the CLI door."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from parting.core.models import Contact, ReviewPair
from parting.data.imports.service import run_import
from tests import factories as f
from tests.cli.helpers import Result
from tests.cli.helpers import assert_one_line_error as one_line
from tests.imports.helpers import fixture, path

pytestmark = pytest.mark.django_db


def assert_one_line_error(result: Result, code: int, start: str) -> None:
    one_line(result, code)
    assert result.err.startswith(start), result.err


def test_dry_run_shows_the_plan_and_changes_nothing(run, alice):
    result = run("import", "linkedin", path("linkedin_current.csv"), "--dry-run")
    assert result.code == 0, result.err
    assert result.lines[0] == (
        "Would import linkedin_current.csv: 3 new, 0 merged, 0 to review, 1 skipped."
    )
    assert "line 8  no name" in result.out
    assert "Nothing was changed (dry run)." in result.out
    assert not Contact.objects.exists()
    assert result.fits()


def test_import_for_real_then_json_reports_merges(run, alice):
    assert run("import", "linkedin", path("linkedin_export.zip")).code == 0
    result = run("import", "linkedin", path("linkedin_current.csv"), "--json")
    data = result.json()
    assert data["counts"] == {"new": 0, "merged": 3, "review": 0, "skipped": 1}
    assert data["merged"][0]["into"] == "Zoë Ørsted"
    assert Contact.objects.for_user(alice).count() == 3


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("linkedin", "empty.csv", "parting: failed: empty.csv, line 1: the file is empty"),
        ("google", "garbage.bin", "parting: failed: garbage.bin, line 1: this is not a text file"),
        (
            "outlook",
            "unrelated.csv",
            "parting: failed: unrelated.csv, line 1: no Outlook CSV header",
        ),
        (
            "linkedin",
            "unterminated.csv",
            "parting: failed: unterminated.csv, line 2: a quoted field",
        ),
        (
            "vcard",
            "no_end.vcf",
            "parting: failed: no_end.vcf, line 1: BEGIN:VCARD without END:VCARD",
        ),
        (
            "linkedin",
            "linkedin_broken_row.csv",
            "parting: failed: linkedin_broken_row.csv, line 3: the row",
        ),
    ],
)
def test_bad_files_exit_2_with_one_line_and_import_nothing(run, alice, kind, name, message):
    result = run("import", kind, path(name))
    assert_one_line_error(result, 2, message)
    assert not Contact.objects.exists()


def test_skip_bad_reports_every_skipped_row(run, alice):
    result = run("import", "linkedin", path("linkedin_broken_row.csv"), "--skip-bad")
    assert result.code == 0, result.err
    assert "2 new, 0 merged, 0 to review, 1 skipped" in result.out
    assert "line 3  the row is broken: 8 fields where the header has 7" in result.out


def test_a_file_over_the_limit_is_refused_before_reading(run, alice, settings, tmp_path):
    settings.PARTING_IMPORT_MAX_MB = 1
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (1024 * 1024 + 10))
    result = run("import", "linkedin", str(big))
    assert_one_line_error(result, 2, "parting: big.csv is 1.0 MB, over the 1 MB limit")


def test_missing_file_exits_1(run, alice):
    assert_one_line_error(run("import", "vcard", "/nope/x.vcf"), 1, "parting: cannot open")


def test_export_csv_zip_neutralises_formulas(run, alice, tmp_path):
    f.contact(alice, "=cmd|' /C calc'!A0", company="Acme", title="+1 boss")
    f.contact(alice, "@Rita", company="-Acme")
    target = tmp_path / "out.zip"
    result = run("export", "csv", "-o", str(target))
    assert result.code == 0, result.err
    archive = zipfile.ZipFile(target)
    assert sorted(archive.namelist()) == ["contacts.csv", "conversations.csv", "leads.csv"]
    rows = list(csv.DictReader(io.StringIO(archive.read("contacts.csv").decode("utf-8-sig"))))
    assert {r["name"] for r in rows} == {"'=cmd|' /C calc'!A0", "'@Rita"}
    assert {r["title"] for r in rows} == {"'+1 boss", ""}
    assert {r["company"] for r in rows} == {"Acme", "'-Acme"}


def test_export_csv_needs_a_file(run, alice):
    assert_one_line_error(run("export", "csv"), 2, "parting: the csv export is a ZIP")


def test_export_json_has_everything(run, alice, frozen):
    f.rejection(alice, f.contact(alice, "Rita Recruiter", email="rita@acme.example"))
    data = json.loads(run("export", "json").out)
    assert data["contacts"][0]["name"] == "Rita Recruiter"
    assert data["contacts"][0]["emails"] == ["rita@acme.example"]
    assert data["conversations"][0]["contact"] == "Rita Recruiter"
    assert {"companies", "leads", "followups", "questions"} <= set(data)


def test_vcard_export_then_import_gives_the_same_contacts(run, alice, bob):
    run_import(alice, "google", fixture("google_current.csv"), "g.csv")
    run_import(alice, "vcard", fixture("iphone_3_0.vcf"), "i.vcf")
    run_import(alice, "linkedin", fixture("linkedin_current.csv"), "l.csv")
    exported = run("export", "vcard", "--user", "alice@example.com").out
    assert all(len(line.encode()) <= 75 for line in exported.split("\r\n"))
    run_import(bob, "vcard", exported.encode(), "export.vcf")

    def shape(user):
        return sorted(
            (
                c.name,
                c.company.name if c.company else "",
                c.title,
                c.email,
                c.phone,
                c.linkedin_slug,
                c.notes,
                tuple(sorted(c.points.values_list("kind", "value"))),
            )
            for c in Contact.objects.for_user(user).select_related("company")
        )

    assert shape(bob) == shape(alice)


def test_backup_then_restore_into_an_empty_account(run, alice, bob, tmp_path, frozen):
    f.rejection(alice, f.contact(alice, "Rita Recruiter"))
    target = tmp_path / "backup.json"
    assert run("backup", "-o", str(target), "--user", "alice@example.com").code == 0
    assert json.loads(target.read_text())["format"] == "parting-backup"
    result = run("restore", str(target), "--user", "bob@example.com")
    assert result.code == 0, result.err
    assert result.out.startswith("Restored ")
    assert Contact.objects.for_user(bob).get().name == "Rita Recruiter"


def test_restore_into_a_non_empty_account_needs_replace_and_confirmation(run, alice, bob, tmp_path):
    f.contact(alice, "Rita Recruiter")
    f.contact(bob, "Bob's contact")
    target = tmp_path / "backup.json"
    run("backup", "-o", str(target), "--user", "alice@example.com")
    refused = run("restore", str(target), "--user", "bob@example.com")
    assert_one_line_error(refused, 1, "parting: the account bob@example.com is not empty")
    assert "(use --replace)" in refused.err
    declined = run("restore", str(target), "--replace", "--user", "bob@example.com", stdin="n\n")
    assert "Nothing was changed." in declined.out
    assert Contact.objects.for_user(bob).get().name == "Bob's contact"
    run("restore", str(target), "--replace", "--yes", "--user", "bob@example.com")
    assert Contact.objects.for_user(bob).get().name == "Rita Recruiter"


def test_review_queue_merge_and_unmerge(run, alice):
    jon = f.contact(alice, "Jonathan Smithson", company="Globex")
    data = b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
    data += b"Jonathon,Smithsen,,Globex,Engineer,05 Mar 2024\n"
    run_import(alice, "linkedin", data, "c.csv")
    pair = ReviewPair.objects.for_user(alice).get()
    listing = run("review", "--json").json()
    assert (
        listing[0]["contact"] == "Jonathan Smithson" and listing[0]["other"] == "Jonathon Smithsen"
    )
    merged = run("review", "merge", str(pair.pk), "--json").json()
    assert merged["kept_id"] == jon.pk
    assert Contact.objects.for_user(alice).count() == 1
    undone = run("unmerge", str(merged["id"]))
    assert undone.code == 0, undone.err
    assert Contact.objects.for_user(alice).count() == 2


def test_r9_charlie_cannot_touch_alices_review_queue(run, alice, charlie):
    f.contact(alice, "Jonathan Smithson", company="Globex")
    data = b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
    data += b"Jonathon,Smithsen,,Globex,Engineer,05 Mar 2024\n"
    run_import(alice, "linkedin", data, "c.csv")
    pair = ReviewPair.objects.get()
    assert run("review", "--user", "charlie@example.com").out == "Nothing to review.\n"
    result = run("review", "merge", str(pair.pk), "--user", "charlie@example.com")
    assert_one_line_error(result, 1, f"parting: no review #{pair.pk}")
    assert ReviewPair.objects.count() == 1


def test_merge_two_contacts_by_name(run, alice):
    f.contact(alice, "Rita Recruiter", company="Acme")
    f.contact(alice, "Rita R.", company="Acme", email="rita@home.example")
    result = run("merge", "Rita Recruiter", "Rita R.")
    assert result.code == 0, result.err
    assert "Rita R. into Rita Recruiter (Acme)" in result.out
    assert Contact.objects.for_user(alice).get().email == "rita@home.example"
