"""Reading a list of people to invite: a CSV with an "email" column, or one address a line."""

from __future__ import annotations

import csv

from django.conf import settings

from parting.core.domain.errors import Invalid
from parting.data.imports.encodings import decode, lines

HEADERS = {"email", "e-mail", "email address", "e-mail address", "mail"}


def emails(data: bytes, filename: str) -> list[tuple[int, str]]:
    """(line number, address) for each row; the "email" column when a header names one,
    else the first column. Blank rows are skipped; the addresses are checked later."""
    rows = list(csv.reader(lines(decode(data, filename))))
    if len(rows) > settings.PARTING_IMPORT_MAX_ROWS + 1:
        raise Invalid(f"{filename}: more than {settings.PARTING_IMPORT_MAX_ROWS} rows")
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    column = next((i for i, name in enumerate(header) if name in HEADERS), None)
    start = 1 if column is not None else 0
    column = column or 0
    found = []
    for number, row in enumerate(rows[start:], start + 1):
        cell = row[column].strip() if len(row) > column else ""
        if cell:
            found.append((number, cell))
    return found
