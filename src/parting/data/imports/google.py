"""Google Contacts CSV, current ("First Name", "E-mail 1 - Value") and legacy ("Given Name")."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from parting.data.imports import csvfile, dates
from parting.data.imports.encodings import decode
from parting.data.imports.rows import FieldWarning, Row, Skip, clean, join_name, too_many_values

NUMBERED = re.compile(r"^(E-mail|Phone|Website) (\d+) - Value$")


def is_header(columns: set[str]) -> bool:
    current = "First Name" in columns and (
        "Organization Name" in columns or "E-mail 1 - Value" in columns or "File As" in columns
    )
    legacy = csvfile.has(columns, "Name", "Given Name")
    return current or legacy


def split_values(cell: str) -> list[str]:
    """` ::: ` joins several values; `* ` marks the primary one, which goes first."""
    values = [v.strip() for v in cell.split(":::") if v.strip()]
    primary = [v[2:].strip() for v in values if v.startswith("* ")]
    rest = [v for v in values if not v.startswith("* ")]
    return primary + rest


@functools.lru_cache(maxsize=1024)
def numbered_kind(column: str) -> str:
    """`E-mail`, `Phone` or `Website` for a numbered value column, else ''."""
    match = NUMBERED.match(column or "")
    return match.group(1) if match else ""


def numbered(rec: dict[str, str], kind: str) -> list[str]:
    found: dict[str, None] = {}  # ordered, and linear however many values a cell holds
    for column, value in rec.items():
        if value and numbered_kind(column) == kind:
            found.update(dict.fromkeys(split_values(value)))
    return list(found)


def read(data: bytes, filename: str) -> Iterator[Row | Skip]:
    text = decode(data, filename)
    for line, rec in csvfile.records(text, filename, is_header, "Google Contacts CSV"):
        if (skip := csvfile.broken(line, rec)) is not None:
            yield skip
            continue
        name = join_name(
            clean(rec.get("First Name") or rec.get("Given Name")),
            clean(rec.get("Middle Name") or rec.get("Additional Name")),
            clean(rec.get("Last Name") or rec.get("Family Name")),
        ) or clean(rec.get("Name") or rec.get("File As") or rec.get("Nickname"))
        row = Row(
            line=line,
            name=name,
            company=clean(csvfile.cell(rec, "Organization Name", "Organization 1 - Name")),
            title=clean(csvfile.cell(rec, "Organization Title", "Organization 1 - Title")),
            emails=numbered(rec, "E-mail"),
            phones=numbered(rec, "Phone"),
            urls=numbered(rec, "Website"),
            notes=(rec.get("Notes") or "").strip(),
        )
        birthday(row, csvfile.cell(rec, "Birthday"))
        yield too_many_values(row) or row


def birthday(row: Row, text: str) -> None:
    """Google writes `1985-03-05` (or `--03-05` with no year); Excel re-saves it as `3/5/85`.
    There is no birthday field: it goes into the notes, as a date when it reads as one."""
    if not text:
        return
    if not text.startswith("--"):
        try:
            text = dates.parse(text).isoformat()
        except dates.NotADate as exc:
            row.warnings.append(FieldWarning("Birthday", text, exc.reason))
            return
    row.notes = f"{row.notes}\n\nBirthday: {text}".strip()
