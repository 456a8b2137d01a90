"""IMAP FETCH responses, read as data: `UID 7 RFC822.SIZE 512 BODYSTRUCTURE (...)` becomes
{"UID": "7", "RFC822.SIZE": "512", "BODYSTRUCTURE": [...]}. Literals (`{n}`) are read by
their length, so a header block of any content is taken whole and nothing else is."""

from __future__ import annotations

from typing import Any

Item = Any  # str | bytes | None | list[Item]


def rebuild(data: list[Any]) -> bytes:
    """imaplib's answer to FETCH (bytes, and (prefix, literal) pairs) as one stream again."""
    parts = []
    for chunk in data:
        if isinstance(chunk, tuple):
            parts += [chunk[0], b"\r\n", chunk[1]]
        elif isinstance(chunk, bytes):
            parts += [chunk, b"\n"]
    return b"".join(parts)


class Reader:
    def __init__(self, text: bytes) -> None:
        self.text = text
        self.at = 0

    def skip_space(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in b" \r\n\t":
            self.at += 1

    def done(self) -> bool:
        self.skip_space()
        return self.at >= len(self.text)

    def item(self) -> Item:
        self.skip_space()
        char = self.text[self.at : self.at + 1]
        if char == b"(":
            self.at += 1
            items = []
            while not self.done() and self.text[self.at : self.at + 1] != b")":
                items.append(self.item())
            self.at += 1
            return items
        if char == b'"':
            return self._quoted()
        if char == b"{":
            return self._literal()
        return self._atom()

    def _quoted(self) -> str:
        self.at += 1
        out = bytearray()
        while self.at < len(self.text) and self.text[self.at : self.at + 1] != b'"':
            if self.text[self.at : self.at + 1] == b"\\":
                self.at += 1
            out += self.text[self.at : self.at + 1]
            self.at += 1
        self.at += 1
        return out.decode("utf-8", "replace")

    def _literal(self) -> bytes:
        end = self.text.index(b"}", self.at)
        size = int(self.text[self.at + 1 : end])
        start = self.text.index(b"\n", end) + 1
        self.at = start + size
        return self.text[start : self.at]

    def _atom(self) -> str | None:
        start, depth = self.at, 0
        while self.at < len(self.text):
            char = self.text[self.at : self.at + 1]
            if char == b"[":
                depth += 1
            elif char == b"]":
                depth -= 1
            elif depth <= 0 and (char in b" ()\r\n" or char == b'"'):
                break
            self.at += 1
        if self.at == start:  # a stray character: step over it
            self.at += 1
        word = self.text[start : self.at].decode("ascii", "replace")
        return None if word.upper() == "NIL" else word


def fetched(data: list[Any]) -> list[dict[str, Item]]:
    """Each message of a FETCH answer as {ITEM NAME: value}."""
    reader = Reader(rebuild(data))
    found = []
    while not reader.done():
        head = reader.item()
        if isinstance(head, list):
            pairs = head
        else:
            if reader.done():
                break
            pairs = reader.item()
            if not isinstance(pairs, list):
                continue
        found.append({str(pairs[i]).upper(): pairs[i + 1] for i in range(0, len(pairs) - 1, 2)})
    return found


def section_of(found: dict[str, Item], prefix: str) -> Any:
    """The value of the first item whose name starts with `prefix` (e.g. `BODY[1]`)."""
    for name, value in found.items():
        if name.startswith(prefix):
            return value
    return None
