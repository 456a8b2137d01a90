"""Bad input: one clear error naming the file and line, and nothing imported."""

from __future__ import annotations

import pytest

from parting.core.domain.errors import Invalid
from parting.core.models import Company, Contact
from parting.data.imports.service import check_size, run_import
from tests.imports.helpers import fixture

CASES = [
    ("linkedin", "empty.csv", "empty.csv, line 1: the file is empty"),
    ("linkedin", "garbage.bin", "garbage.bin, line 1: this is not a text file"),
    ("google", "unrelated.csv", "unrelated.csv, line 1: no Google Contacts CSV header found"),
    ("linkedin", "unterminated.csv", "unterminated.csv, line 2: a quoted field is never closed"),
    ("vcard", "no_end.vcf", "no_end.vcf, line 1: BEGIN:VCARD without END:VCARD"),
]


@pytest.mark.parametrize(("kind", "name", "message"), CASES)
def test_broken_files_are_refused_with_file_and_line(alice, kind, name, message):
    with pytest.raises(Invalid) as caught:
        run_import(alice, kind, fixture(name), name, skip_bad=True)
    assert caught.value.message.startswith(message)
    assert not Contact.objects.for_user(alice).exists()


def test_a_two_megabyte_field_is_refused(alice):
    data = (
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,,Acme,Recruiter,05 Mar 2024\n"
        f'Bo,Berg,,Acme,"{"x" * 2_000_000}",05 Mar 2024\n'
    ).encode()
    with pytest.raises(Invalid) as caught:
        run_import(alice, "linkedin", data, "big.csv")
    assert caught.value.message.startswith("big.csv, line 3: a field is far too long")
    assert not Contact.objects.for_user(alice).exists()


def test_a_broken_row_stops_the_import_and_nothing_is_saved(alice):
    with pytest.raises(Invalid) as caught:
        run_import(alice, "linkedin", fixture("linkedin_broken_row.csv"), "b.csv")
    assert "b.csv, line 3: the row is broken: 8 fields where the header has 7" in (
        caught.value.message
    )
    assert not Contact.objects.for_user(alice).exists()
    assert not Company.objects.for_user(alice).exists()


def test_skip_bad_imports_the_rest_and_reports_each_skipped_row(alice):
    summary = run_import(
        alice, "linkedin", fixture("linkedin_broken_row.csv"), "b.csv", skip_bad=True
    )
    assert summary["counts"]["new"] == 2
    assert summary["skipped"] == [
        {
            "line": 3,
            "reason": "the row is broken: 8 fields where the header has 7 "
            "(a comma outside quotes?)",
            "bad": True,
        }
    ]
    names = Contact.objects.for_user(alice).values_list("name", flat=True)
    assert sorted(names) == ["Ann Lee", "Cy Chen"]


def test_a_file_over_the_limit_is_refused_by_its_size(settings):
    settings.PARTING_IMPORT_MAX_MB = 1
    check_size(1024 * 1024, "ok.csv")
    with pytest.raises(Invalid, match=r"big.csv is 1.0 MB, over the 1 MB limit"):
        check_size(1024 * 1024 + 1, "big.csv")


def test_unknown_kind(alice):
    with pytest.raises(Invalid, match="unknown import kind"):
        run_import(alice, "myspace", b"x", "x.csv")
