"""What every reader yields: people (`Row`) or rows it had to skip (`Skip`), and file errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from parting.core.domain.errors import Invalid

MAX_FIELD = 1_000_000  # characters; a real contact field is never near this


class FileError(Invalid):
    """The file as a whole cannot be read: names the file and the line."""

    def __init__(self, filename: str, line: int, reason: str) -> None:
        super().__init__(f"{filename}, line {line}: {reason}", field="file")
        self.line = line
        self.reason = reason


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


@dataclass
class Skip:
    """A row left out, with its line number and why."""

    line: int
    reason: str
    bad: bool = True  # False for rows that are skipped by design (e.g. no name at all)


FORMULA_START = ("=", "+", "@", "\t", "\r")


def check_row(row: Row) -> Skip | None:
    """The reason a row cannot be imported as it is, or None."""
    if not row.name:
        return Skip(row.line, "no name", bad=False)
    if row.name.startswith(FORMULA_START) or (row.name[:1] == "-" and not row.name[1:2].isalpha()):
        return Skip(row.line, f"the name looks like a spreadsheet formula: {row.name[:40]!r}")
    if len(row.name) > 200:
        return Skip(row.line, "the name is longer than 200 characters")
    return None


def clean(value: str | None) -> str:
    return " ".join((value or "").split())


def join_name(*parts: str) -> str:
    return clean(" ".join(p for p in parts if p))
