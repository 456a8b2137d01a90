"""Turning an uploaded file's bytes into text: BOMs first, strict UTF-8, then detection."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import Any

from parting.data.imports.rows import FileError

# Windows exports (Outlook, Excel) are most often Western European, then Central and Cyrillic.
PREFERRED = ("cp1252", "iso8859_15", "cp1250", "cp1251", "mac_roman")
BLOCK = 1 << 20  # characters split at once by lines()
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, filename: str) -> str:
    """The file's text with universal newlines. Binary or undecodable files are refused."""
    if not data or data.isspace():  # isspace: no copy of a 50 MB upload
        raise FileError(filename, 1, "the file is empty")
    text = _decode(data, filename)
    if "\x00" in text:
        raise FileError(filename, _line_of(text, "\x00"), "this is not a text file")
    # csv and vCard readers both want plain "\n" line ends.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def lines(text: str) -> Iterator[str]:
    """The lines of `text` without their "\\n", split a block at a time: as fast as
    str.split, without holding a list of millions of short lines."""
    start = 0
    while True:
        end = text.find("\n", start + BLOCK)
        if end < 0:
            yield from text[start:].split("\n")
            return
        yield from text[start:end].split("\n")
        start = end + 1


def _decode(data: bytes, filename: str) -> str:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise FileError(filename, 1, f"not valid {codec} text") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise FileError(filename, 1, "this is not a text file")
    return _detected(data, filename)


def _detected(data: bytes, filename: str) -> str:
    """A legacy single-byte file: let charset-normalizer pick the code page."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:200_000]))
    if not matches:
        raise FileError(filename, 1, "this is not a text file (no known text encoding fits)")
    encoding = _pick(matches)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise FileError(filename, 1, f"cannot read the file as {encoding}") from exc
    if _mostly_control(text):
        raise FileError(filename, 1, "this is not a text file")
    return text


def _pick(matches: list[Any]) -> str:
    """Among the least chaotic candidates, the code page contact exports are most often
    written in; else the most coherent. Coherence barely differs on a short file (an
    Excel-saved cp1252 CSV can score higher as DOS cp775), so it only breaks the tie."""
    low = min(m.chaos for m in matches)
    calm = [m for m in matches if m.chaos <= low]
    for preferred in PREFERRED:
        for m in calm:
            if preferred in m.could_be_from_charset:
                return preferred
    return str(max(calm, key=lambda m: m.coherence).encoding)


def _mostly_control(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return bad > len(sample) // 20


def _line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1
