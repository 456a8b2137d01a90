"""Outlook's contact CSV export (English headers)."""

from __future__ import annotations

from collections.abc import Iterator

from parting.data.imports import csvfile
from parting.data.imports.encodings import decode
from parting.data.imports.rows import Row, Skip, clean, join_name

EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
PHONES = (
    "Mobile Phone",
    "Business Phone",
    "Business Phone 2",
    "Primary Phone",
    "Home Phone",
    "Home Phone 2",
    "Other Phone",
    "Company Main Phone",
)


def is_header(columns: set[str]) -> bool:
    return csvfile.has(columns, "First Name", "Last Name") and (
        "E-mail Address" in columns or "Job Title" in columns
    )


def read(data: bytes, filename: str) -> Iterator[Row | Skip]:
    text = decode(data, filename)
    for line, rec in csvfile.records(text, filename, is_header, "Outlook CSV"):
        if (skip := csvfile.broken(line, rec)) is not None:
            yield skip
            continue
        web = csvfile.cell(rec, "Web Page")
        yield Row(
            line=line,
            name=join_name(
                clean(rec.get("First Name")),
                clean(rec.get("Middle Name")),
                clean(rec.get("Last Name")),
            ),
            company=clean(rec.get("Company")),
            title=clean(rec.get("Job Title")),
            emails=[v for v in (csvfile.cell(rec, c) for c in EMAILS) if v],
            phones=[v for v in (csvfile.cell(rec, c) for c in PHONES) if v],
            urls=[web] if web else [],
            notes=(rec.get("Notes") or "").strip(),
        )
