"""LinkedIn's Connections.csv (any header variant, with or without preamble) or the export ZIP."""

from __future__ import annotations

from collections.abc import Iterator

from parting.data.imports import archive, csvfile, dates
from parting.data.imports.encodings import decode
from parting.data.imports.rows import FieldWarning, Row, Skip, clean, join_name


def is_header(columns: set[str]) -> bool:
    return csvfile.has(columns, "First Name", "Last Name") and (
        "Company" in columns or "Connected On" in columns
    )


def unzip(data: bytes, filename: str) -> tuple[bytes, str]:
    """Connections.csv out of the whole LinkedIn export, when a ZIP was given."""
    if not archive.is_zip(data):
        return data, filename
    return archive.member(data, filename, lambda name: name == "connections.csv", "Connections.csv")


def read(data: bytes, filename: str) -> Iterator[Row | Skip]:
    data, filename = unzip(data, filename)
    text = decode(data, filename)
    found = list(csvfile.records(text, filename, is_header, "LinkedIn Connections.csv"))
    # Excel re-saves dates in the machine's short format: find d/m/y vs m/d/y once per file.
    dayfirst = dates.day_first([csvfile.cell(rec, "Connected On") for _, rec in found[:5000]])
    for line, rec in found:
        yield csvfile.broken(line, rec) or _row(line, rec, dayfirst)


def _row(line: int, rec: dict[str, str], dayfirst: bool) -> Row:
    url = csvfile.cell(rec, "URL", "Profile URL")
    email = csvfile.cell(rec, "Email Address")
    row = Row(
        line=line,
        name=join_name(clean(rec.get("First Name")), clean(rec.get("Last Name"))),
        company=clean(rec.get("Company")),
        title=clean(rec.get("Position")),
        emails=[email] if email else [],
        linkedin_url=url,
    )
    on = csvfile.cell(rec, "Connected On")
    if on:
        try:
            row.connected_on = dates.parse(on, dayfirst)
        except dates.NotADate as exc:  # the person is kept, the date left empty
            row.warnings.append(FieldWarning("Connected On", on, exc.reason))
    return row
