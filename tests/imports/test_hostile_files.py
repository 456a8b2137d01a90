"""Hostile files (issue 9): ZIP bombs, endless lines and absurd rows get a clear answer, fast."""

from __future__ import annotations

import io
import zipfile

import pytest

from parting.core.domain.errors import Invalid
from parting.core.models import Contact
from parting.data.imports import archive, vcard
from parting.data.imports.plan import read_rows
from parting.data.imports.rows import MAX_FIELD, MAX_VALUES, Row, Skip
from parting.data.imports.service import run_import
from tests.imports.helpers import fixture

HEADER = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
ROW = b"Ana,Smith,,,Acme,Analyst,05 Mar 2024\n"
MB = 1024 * 1024


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return buffer.getvalue()


def rows(kind: str, data: bytes, name: str = "f") -> list[Row | Skip]:
    return list(read_rows(kind, data, name))


# -- ZIP bombs ------------------------------------------------------------------------


def test_a_zip_member_over_the_limit_once_unpacked_is_refused_by_its_header(alice, settings):
    settings.PARTING_IMPORT_MAX_MB = 1
    bomb = zipped({"Connections.csv": HEADER + ROW * (2 * MB // len(ROW))})
    assert len(bomb) < 50_000
    with pytest.raises(Invalid) as caught:
        run_import(alice, "linkedin", bomb, "export.zip")
    assert caught.value.message.startswith("export.zip:Connections.csv is too large once unpacked")
    assert "PARTING_IMPORT_MAX_MB" in caught.value.message
    assert not Contact.objects.for_user(alice).exists()


def test_a_zip_member_packed_far_tighter_than_contacts_is_refused(alice):
    bomb = zipped({"Connections.csv": HEADER + bytes(20 * MB)})
    with pytest.raises(Invalid) as caught:
        run_import(alice, "linkedin", bomb, "zeros.zip")
    assert "too large once unpacked" in caught.value.message and "to 1" in caught.value.message


def test_a_zip_header_that_lies_still_stops_at_the_byte_cap(alice, settings, monkeypatch):
    settings.PARTING_IMPORT_MAX_MB = 1
    monkeypatch.setattr(archive, "check_declared", lambda info, name: None)
    bomb = zipped({"Connections.csv": HEADER + ROW * (3 * MB // len(ROW))})
    with pytest.raises(Invalid) as caught:
        run_import(alice, "linkedin", bomb, "liar.zip")
    assert "too large once unpacked (more than 1 MB)" in caught.value.message


def test_a_real_linkedin_export_zip_still_imports(alice):
    summary = run_import(alice, "linkedin", fixture("linkedin_export.zip"), "export.zip")
    assert summary["counts"]["new"] >= 1


def test_a_damaged_zip_is_one_clear_error(alice):
    data = zipped({"Connections.csv": HEADER + ROW * 100})
    with pytest.raises(Invalid) as caught:
        run_import(alice, "linkedin", data[: len(data) // 2], "cut.zip")
    assert caught.value.message.startswith("cut.zip, line 1: a damaged ZIP")


# -- row cap -----------------------------------------------------------------------------


def test_a_file_over_the_row_limit_is_refused_and_nothing_is_imported(alice, settings):
    settings.PARTING_IMPORT_MAX_ROWS = 2
    with pytest.raises(Invalid) as caught:
        run_import(alice, "linkedin", fixture("linkedin_current.csv"), "c.csv")
    assert caught.value.message.startswith("c.csv has more than 2 rows")
    assert "PARTING_IMPORT_MAX_ROWS" in caught.value.message
    assert not Contact.objects.for_user(alice).exists()


def test_a_file_at_the_row_limit_imports(alice, settings):
    settings.PARTING_IMPORT_MAX_ROWS = len(rows("linkedin", fixture("linkedin_current.csv")))
    assert run_import(alice, "linkedin", fixture("linkedin_current.csv"), "c.csv")["counts"]


# -- one logical line is capped; soft breaks are joined once ----------------------------


def qp_card(note: str, prop: str = "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE") -> bytes:
    soft = "=\r\n".join(note[i : i + 2] for i in range(0, len(note), 2))
    return f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Jo Ray\r\n{prop}:{soft}\r\nEND:VCARD\r\n".encode()


def test_many_quoted_printable_soft_breaks_join_into_one_value():
    [row] = rows("vcard", qp_card("ab" * 50_000))
    assert isinstance(row, Row) and row.notes == "ab" * 50_000


def test_a_quoted_printable_line_longer_than_the_cap_is_refused():
    with pytest.raises(Invalid) as caught:
        rows("vcard", qp_card("ab" * (MAX_FIELD // 2 + 10)), "qp.vcf")
    assert caught.value.message == (
        f"qp.vcf, line 4: a line longer than {MAX_FIELD:,} characters once unfolded"
    )


def test_an_over_long_photo_is_dropped_and_the_person_kept():
    card = qp_card("QUJD" * (MAX_FIELD // 4 + 10), prop="PHOTO;ENCODING=QUOTED-PRINTABLE")
    [row] = rows("vcard", card)
    assert isinstance(row, Row) and row.name == "Jo Ray"


def test_folded_lines_join_in_order():
    folded = "\r\n ".join(["abc"] * 10_000)
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo Ray\r\nNOTE:{folded}\r\nEND:VCARD\r\n"
    [row] = rows("vcard", card.encode())
    assert isinstance(row, Row) and row.notes == "abc" * 10_000


def test_escapes_split_and_unescape_as_before():
    assert vcard.structured(r"Acme\, Inc.;Recruiting\;Ops;") == ["Acme, Inc.", "Recruiting;Ops", ""]
    assert vcard.unescape(r"a\nb\\c\,d\N") == "a\nb\\c,d\n"
    assert vcard.parse_params("TYPE=CELL,VOICE;PREF") == {"TYPE": ["cell", "voice", "pref"]}


# -- absurd rows are skipped with the reason --------------------------------------------


def test_a_card_with_thousands_of_phone_numbers_is_skipped_with_the_reason():
    tels = "".join(f"TEL:+1312555{i:04}\r\n" for i in range(MAX_VALUES + 1))
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Spam Bot\r\n{tels}END:VCARD\r\n".encode()
    [skip] = rows("vcard", card)
    assert (
        isinstance(skip, Skip)
        and skip.reason == f"more than {MAX_VALUES} phone numbers for one person"
    )


def test_a_card_with_too_many_properties_is_skipped():
    props = "".join(f"X-NOISE:{i}\r\n" for i in range(vcard.MAX_PROPS + 1))
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Noisy\r\n{props}END:VCARD\r\n".encode()
    [skip] = rows("vcard", card)
    assert isinstance(skip, Skip) and "properties on one card" in skip.reason


def test_a_google_cell_with_thousands_of_values_is_skipped_and_repeats_are_one():
    many = " ::: ".join(f"a{i}@x.example" for i in range(MAX_VALUES + 1))
    data = (
        "First Name,Last Name,E-mail 1 - Value,E-mail 2 - Value\n"
        f'Ann,Lee,"{many}",\n'
        'Bo,Berg,"* b@x.example ::: c@x.example ::: c@x.example",b@x.example\n'
    ).encode()
    skip, bo = rows("google", data)
    assert isinstance(skip, Skip) and "more than 50 email addresses" in skip.reason
    assert isinstance(bo, Row) and bo.emails == ["b@x.example", "c@x.example"]


def test_csv_quoted_fields_across_lines_keep_their_line_numbers():
    data = b'First Name,Last Name,Company,Notes\n"Ann","Lee","Acme","one\ntwo"\nBo,Berg,Acme,\n'
    ann, bo = rows("google", data.replace(b"Company", b"Organization Name"))
    assert isinstance(ann, Row) and ann.notes == "one\ntwo" and ann.line == 2
    assert isinstance(bo, Row) and bo.line == 4


# -- every door gives the same one-line answer -------------------------------------------


def test_a_zip_bomb_through_the_web_is_a_field_error_400(alice_client, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    bomb = zipped({"Connections.csv": HEADER + bytes(20 * MB)})
    response = alice_client.post(
        reverse("data_import"),
        {"kind": "linkedin", "file": SimpleUploadedFile("export.zip", bomb)},
    )
    assert response.status_code == 400
    assert "export.zip:Connections.csv is too large once unpacked" in response.content.decode()
    assert not Contact.objects.for_user(alice).exists()
