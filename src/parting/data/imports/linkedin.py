"""LinkedIn's Connections.csv (any header variant, with or without preamble) or the export ZIP."""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from collections.abc import Iterator

from parting.data.imports import csvfile
from parting.data.imports.encodings import decode
from parting.data.imports.rows import FileError, Row, Skip, clean, join_name


def is_header(columns: set[str]) -> bool:
    return csvfile.has(columns, "First Name", "Last Name") and (
        "Company" in columns or "Connected On" in columns
    )


def unzip(data: bytes, filename: str) -> tuple[bytes, str]:
    """Connections.csv out of the whole LinkedIn export, when a ZIP was given."""
    if not data.startswith(b"PK\x03\x04"):
        return data, filename
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise FileError(filename, 1, "a damaged ZIP file") from exc
    for info in archive.infolist():
        if info.filename.rsplit("/", 1)[-1].lower() == "connections.csv":
            return archive.read(info), f"{filename}:{info.filename}"
    raise FileError(filename, 1, "the ZIP holds no Connections.csv")


@functools.lru_cache(maxsize=4096)  # thousands of rows share a few hundred dates
def connected_on(text: str) -> dt.date:
    """`05 Mar 2024` (LinkedIn's `%d %b %Y`)."""
    return dt.datetime.strptime(text, "%d %b %Y").date()


def read(data: bytes, filename: str) -> Iterator[Row | Skip]:
    data, filename = unzip(data, filename)
    text = decode(data, filename)
    for line, rec in csvfile.records(text, filename, is_header, "LinkedIn Connections.csv"):
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
                row.connected_on = connected_on(on)
            except ValueError:
                yield Skip(line, f"not a date in Connected On: {on[:30]!r}")
                continue
        yield row
