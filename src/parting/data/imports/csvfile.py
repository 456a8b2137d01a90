"""Reading a CSV export by column name: find the header line, then yield rows with line numbers."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator

from parting.data.imports.encodings import lines
from parting.data.imports.rows import FileError, Skip

EXTRA = "\x00extra"  # never a real column name: marks a row with more fields than the header
HEADER_SEARCH = 10  # records; LinkedIn puts three preamble lines before its header


def records(
    text: str, filename: str, is_header: Callable[[set[str]], bool], expected: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) for each data record after the recognised header."""
    # Lines from the text itself: io.StringIO would hold a second, four-byte-wide copy.
    reader = csv.reader((line + "\n" for line in lines(text)), strict=True)
    header: list[str] | None = None
    last = 0
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if header is None:
                names = [c.strip().lstrip("\ufeff") for c in cells]
                if is_header(set(names)):
                    header = names
                elif start > HEADER_SEARCH:
                    break
                continue
            if not any(c.strip() for c in cells):
                continue
            record = dict(zip(header, cells, strict=False))
            extra = [c for c in cells[len(header) :] if c.strip()]
            if extra:  # Excel pads with empty cells; filled ones mean the columns shifted
                record[EXTRA] = (
                    f"{len(header) + len(extra)} fields where the header has {len(header)}"
                )
            yield start, record
    except csv.Error as exc:
        raise FileError(filename, last + 1, _csv_reason(exc)) from None
    if header is None:
        raise FileError(filename, 1, f"no {expected} header found: is this the right kind of file?")


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "end of data" in text:
        return "a quoted field is never closed (unterminated quote)"
    if "field larger" in text:
        return "a field is far too long (over 128 KB)"
    return f"not readable as CSV ({text})"


def broken(line: int, record: dict[str, str]) -> Skip | None:
    """A row whose fields no longer line up with the header (a comma outside quotes)."""
    if EXTRA not in record:
        return None
    return Skip(line, f"the row is broken: {record[EXTRA]} (a comma outside quotes?)")


def has(columns: set[str], *wanted: str) -> bool:
    return all(w in columns for w in wanted)


def cell(record: dict[str, str], *names: str) -> str:
    """The first non-empty value among the columns `names`."""
    for name in names:
        value = (record.get(name) or "").strip()
        if value:
            return value
    return ""
