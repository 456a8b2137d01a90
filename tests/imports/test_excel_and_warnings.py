"""Files re-saved by Excel, and bad fields: the person is kept, the field left empty, a warning
with its line reported."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest

from parting.core.models import Contact
from parting.data import exports
from parting.data.imports import dates
from parting.data.imports.service import run_import
from tests.imports.helpers import fixture

EXCEL_LINKEDIN = [
    "linkedin_excel_cp1252.csv",
    "linkedin_excel_utf8_bom.csv",
    "linkedin_excel_dayfirst.csv",
]


def _people(user):
    return {c.name: c for c in Contact.objects.for_user(user).select_related("company")}


@pytest.mark.parametrize("name", EXCEL_LINKEDIN)
def test_it_imports_every_person_of_a_linkedin_file_resaved_by_excel(alice, name):
    summary = run_import(alice, "linkedin", fixture(name), name)
    assert summary["counts"] == {"new": 5, "merged": 0, "review": 0, "skipped": 1}
    assert summary["skipped"] == [{"line": 10, "reason": "no name", "bad": False}]
    people = _people(alice)
    assert people["Zoë Ørsted"].connected_on == dt.date(2024, 3, 5)
    assert people["Zoë Ørsted"].company.name == "Acme, Inc."
    assert people["José García-Márquez"].connected_on == dt.date(2023, 1, 1)
    assert people["José García-Márquez"].title == "Director, Engineering"
    assert people["Bo Berg"].title == 'Manager, "Sales"'


@pytest.mark.parametrize("name", EXCEL_LINKEDIN)
def test_it_keeps_a_person_whose_date_is_unreadable_and_warns_with_the_line(alice, name):
    summary = run_import(alice, "linkedin", fixture(name), name)
    people = _people(alice)
    assert people["Bo Berg"].connected_on is None  # Excel's "########" for a narrow column
    assert people["Cy Chen"].connected_on is None
    assert "Connected On (not a date): 31-Feb-24" in people["Cy Chen"].notes
    warned = [(w["line"], w["field"], w["value"]) for w in summary["warnings"]]
    assert warned == [(8, "Connected On", "########"), (9, "Connected On", "31-Feb-24")]
    assert summary["warnings"][1]["message"] == (
        "Connected On left empty, not a date: '31-Feb-24' (kept in the notes)"
    )


def test_the_day_first_file_reads_17_11_2025_as_november(alice):
    run_import(alice, "linkedin", fixture("linkedin_excel_dayfirst.csv"), "uk.csv")
    assert _people(alice)["Zoë Ørsted"].connected_on == dt.date(2024, 3, 5)
    assert any(c.connected_on == dt.date(2025, 11, 17) for c in _people(alice).values())


def test_it_reads_a_google_file_resaved_by_excel_in_cp1252(alice):
    summary = run_import(alice, "google", fixture("google_excel_cp1252.csv"), "g.csv")
    assert summary["counts"] == {"new": 3, "merged": 0, "review": 0, "skipped": 1}
    people = _people(alice)
    jurgen = people["Jürgen Müller"]
    assert jurgen.company.name == "Globex, Ltd"
    assert jurgen.phone == "+14155552671"  # Excel dropped the "+": still a valid US number
    assert jurgen.linkedin_slug == "jmueller"
    assert "Birthday: 1985-03-05" in jurgen.notes  # m/d/yy, Excel's century rule
    assert "Phone (not a valid number): 4.9171E+11" in jurgen.notes
    renee = people["Renée Dupont"]
    assert renee.email == "" and "Birthday: 1990-12-24" in renee.notes
    assert people["Ana Ruiz"].phone == "+17755550142"
    warned = [(w["line"], w["field"], w["reason"]) for w in summary["warnings"]]
    assert warned == [
        (2, "Phone", "not a valid number"),
        (4, "Email", "not an email address"),
    ]


def test_a_bad_web_address_is_a_warning_not_a_dropped_person(alice):
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Eve,Evil,javascript:alert(1),,Evil Inc,CEO,05 Mar 2024\n"
    )
    summary = run_import(alice, "linkedin", data, "e.csv")
    assert summary["counts"]["new"] == 1
    assert summary["warnings"][0]["line"] == 2
    assert summary["warnings"][0]["message"].endswith("(left out)")
    assert "javascript" not in Contact.objects.for_user(alice).get().notes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05 Mar 2024", dt.date(2024, 3, 5)),
        ("5-Mar-24", dt.date(2024, 3, 5)),
        ("5-Mar-95", dt.date(1995, 3, 5)),
        ("3/5/24", dt.date(2024, 3, 5)),
        ("3/5/2024", dt.date(2024, 3, 5)),
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("Mar 5, 2024", dt.date(2024, 3, 5)),
    ],
)
def test_spreadsheet_dates_read(text, expected):
    assert dates.parse(text) == expected


@pytest.mark.parametrize("text", ["1899-12-31", "2201-01-01", "31/31/2024", "soon", "########"])
def test_dates_outside_1900_2200_or_unreadable_are_not_dates(text):
    with pytest.raises(dates.NotADate):
        dates.parse(text)


def test_it_stores_names_starting_with_formula_characters_as_written(alice):
    summary = run_import(alice, "linkedin", fixture("linkedin_names_as_data.csv"), "n.csv")
    assert summary["counts"]["new"] == 4 and not summary["skipped"]
    names = set(Contact.objects.for_user(alice).values_list("name", flat=True))
    assert names == {"=Ann Lee", "+Bo Berg", "-Cy Chen", "@Dee Diaz"}


def test_the_csv_export_neutralises_those_names(alice):
    run_import(alice, "linkedin", fixture("linkedin_names_as_data.csv"), "n.csv")
    archive = zipfile.ZipFile(io.BytesIO(exports.export(alice, "csv")))
    member = next(n for n in archive.namelist() if "contact" in n)
    rows = list(csv.reader(io.StringIO(archive.read(member).decode("utf-8-sig"))))
    names = {row[rows[0].index("name")] for row in rows[1:]}
    assert names == {"'=Ann Lee", "'+Bo Berg", "'-Cy Chen", "'@Dee Diaz"}


def test_the_cli_and_the_preview_show_each_warning_with_its_line(alice, alice_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from parting.cli.data import summary_lines

    summary = run_import(
        alice, "linkedin", fixture("linkedin_excel_cp1252.csv"), "x.csv", dry_run=True
    )
    text = "\n".join(summary_lines(summary, dry_run=True))
    assert "Kept, with a field left empty:" in text
    assert "line 9  Cy Chen  Connected On left empty, not a date: '31-Feb-24'" in text
    upload = SimpleUploadedFile("x.csv", fixture("linkedin_excel_cp1252.csv"))
    page = alice_client.post(reverse("data_import"), {"kind": "linkedin", "file": upload})
    assert "Line 9: Cy Chen: Connected On left empty, not a date: &#x27;31-Feb-24&#x27;" in (
        page.content.decode()
    )
