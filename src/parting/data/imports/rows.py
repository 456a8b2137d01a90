"""What every reader yields: people (`Row`) or rows it had to skip (`Skip`), and file errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings

from parting.core.domain.errors import Invalid
from parting.core.domain.names import clean_text

MAX_FIELD = 1_000_000  # characters; a real contact field is never near this
MAX_VALUES = 50  # emails, phones or web addresses for one person; a real one has a handful


class FileError(Invalid):
    """The file as a whole cannot be read: names the file and the line."""

    def __init__(self, filename: str, line: int, reason: str) -> None:
        super().__init__(f"{filename}, line {line}: {reason}", field="file")
        self.line = line
        self.reason = reason


@dataclass
class FieldWarning:
    """A value that could not be read: the field is left empty, the person is kept."""

    field: str
    value: str
    reason: str
    kept: bool = True  # a non-web address is not kept: it would only plant a hostile link

    @property
    def note(self) -> str:
        """How the unreadable value is kept in the contact's notes, so nothing is lost."""
        return f"{self.field} ({self.reason}): {self.value}" if self.kept else ""

    @property
    def message(self) -> str:
        where = "kept in the notes" if self.kept else "left out"
        return f"{self.field} left empty, {self.reason}: {self.value[:60]!r} ({where})"


@dataclass
class Row:
    """One person as read from a file, before matching."""

    line: int
    name: str = ""
    company: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    linkedin_url: str = ""
    connected_on: dt.date | None = None
    notes: str = ""
    warnings: list[FieldWarning] = field(default_factory=list)


@dataclass
class Skip:
    """A row left out, with its line number and why."""

    line: int
    reason: str
    bad: bool = True  # False for rows that are skipped by design (e.g. no name at all)


def check_row(row: Row) -> Skip | None:
    """The reason a row cannot be imported as it is, or None. A name is data: one starting
    with `=`, `+`, `-` or `@` is kept as written (the CSV export neutralises it)."""
    if not row.name:
        return Skip(row.line, "no name", bad=False)
    if len(row.name) > 200:
        return Skip(row.line, "the name is longer than 200 characters")
    return None


def too_many_values(row: Row) -> Skip | None:
    """A row no address book would write (thousands of numbers): skipped, with the reason."""
    for values, what in ((row.emails, "email addresses"), (row.phones, "phone numbers")):
        if len(values) > MAX_VALUES:
            return Skip(row.line, f"more than {MAX_VALUES} {what} for one person")
    if len(row.urls) > MAX_VALUES:
        return Skip(row.line, f"more than {MAX_VALUES} web addresses for one person")
    return None


def clean(value: str | None) -> str:
    return clean_text(value)


def join_name(*parts: str) -> str:
    return clean(" ".join(p for p in parts if p))


def max_bytes() -> int:
    """The largest file read, as uploaded or once unpacked (PARTING_IMPORT_MAX_MB)."""
    return int(settings.PARTING_IMPORT_MAX_MB) * 1024 * 1024


def capped(items: Iterator[Row | Skip], filename: str) -> Iterator[Row | Skip]:
    """`items`, refusing the file past PARTING_IMPORT_MAX_ROWS rows (before any is written)."""
    limit = int(settings.PARTING_IMPORT_MAX_ROWS)
    for number, item in enumerate(items, start=1):
        if number > limit:
            raise Invalid(
                f"{filename} has more than {limit:,} rows, the limit "
                "(PARTING_IMPORT_MAX_ROWS): split the file, or raise the limit",
                field="file",
            )
        yield item
