"""One message as Parting reads it: the addresses, subject, date and key from its headers,
and the first lines of its first text part. Hostile or broken mail gives empty values, never
an exception."""

from __future__ import annotations

import base64
import binascii
import codecs
import datetime as dt
import hashlib
import html
import quopri
import re
from dataclasses import dataclass
from email.header import decode_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

from parting.core.domain.inbound import Mail

# The headers a fetch asks for: nothing else of a message is read before it matches.
HEADERS = "FROM TO CC SUBJECT DATE MESSAGE-ID LIST-ID LIST-UNSUBSCRIBE PRECEDENCE AUTO-SUBMITTED"
MAX_ADDRESSES = 100
MAX_SUBJECT = 200
NOTE_LINES = 6
NOTE_CHARS = 600


@dataclass
class Part:
    """Where the first readable text part is: its section number, encoding and charset."""

    section: str
    encoding: str = "7bit"
    charset: str = "utf-8"
    html: bool = False


def decoded(value: str | None) -> str:
    """A header value with RFC 2047 words decoded; an unknown charset or broken word is
    read as UTF-8 with replacement, never raised."""
    if not value:
        return ""
    try:
        chunks = decode_header(value)
    except (ValueError, IndexError, binascii.Error):
        return " ".join(value.split())
    out = []
    for text, charset in chunks:
        if isinstance(text, str):
            out.append(text)
            continue
        out.append(text.decode(_charset(charset), "replace"))
    return " ".join(_printable("".join(out)).split())


def _printable(text: str) -> str:
    """No control characters (a broken encoded word may decode to any bytes)."""
    return "".join(c if c.isprintable() or c in "\t\n" else " " for c in text)


def _charset(name: str | None) -> str:
    try:
        return codecs.lookup(name or "utf-8").name
    except (LookupError, TypeError, ValueError):
        return "utf-8"


def _addresses(message: Message, name: str) -> list[tuple[str, str]]:
    raw = [str(v) for v in (message.get_all(name) or [])]
    try:
        pairs = getaddresses(raw)
    except (ValueError, IndexError, TypeError):
        return []
    found = []
    for person, address in pairs[:MAX_ADDRESSES]:
        address = address.strip().lower()
        if "@" in address and len(address) <= 254 and " " not in address:
            found.append((address, decoded(person)[:200]))
    return found


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None or not (1900 <= when.year <= 2200):
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def envelope(header_bytes: bytes, arrived: dt.datetime | None = None) -> Mail:
    """What a message's header block says; `arrived` (the server's time) stands in for a
    missing or unreadable Date."""
    message = BytesHeaderParser(policy=compat32).parsebytes(header_bytes or b"")
    senders = _addresses(message, "from")
    mid = re.search(r"<([^<>\s]{1,240})>", str(message.get("message-id") or ""))
    found = Mail(
        key="",
        sender=senders[0] if senders else None,
        to=_addresses(message, "to"),
        cc=_addresses(message, "cc"),
        subject=decoded(str(message.get("subject") or ""))[:MAX_SUBJECT],
        at=_date(message.get("date")),
        bulk=_bulk(message),
    )
    found.key = "mid:" + mid.group(1) if mid else key_of(found)
    found.at = found.at or arrived
    return found


def _bulk(message: Message) -> bool:
    """Mailing lists and robots: never listed as people to review."""
    precedence = str(message.get("precedence") or "").strip().lower()
    auto = str(message.get("auto-submitted") or "no").strip().lower()
    listed = message.get("list-id") or message.get("list-unsubscribe")
    return bool(listed) or precedence in ("bulk", "list", "junk") or auto != "no"


def key_of(found: Mail) -> str:
    """For a message without a Message-ID: a digest of who, when and what, so the same
    message read twice (or from two folders) has the same key."""
    parts = [
        found.sender[0] if found.sender else "",
        ",".join(a for a, _ in found.to),
        ",".join(a for a, _ in found.cc),
        found.at.isoformat() if found.at else "",
        found.subject,
    ]
    return "sha256:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


# -- the body: the first text part, from BODYSTRUCTURE ----------------------------------


def first_text(structure: Any) -> Part | None:
    """The first text/plain part that is not an attachment (else the first text/html), not
    looking inside attached messages."""
    parts = list(_text_parts(structure, ()))
    plain = [p for p in parts if not p.html]
    return (plain or parts or [None])[0]


def _text_parts(node: Any, path: tuple[int, ...]) -> Any:
    if not isinstance(node, list) or not node:
        return
    if isinstance(node[0], list):  # multipart: its parts, then the subtype
        for number, child in enumerate(n for n in node if isinstance(n, list)):
            if isinstance(child, list) and child and isinstance(child[0], list | str):
                yield from _text_parts(child, (*path, number + 1))
        return
    kind = str(node[0] or "").lower()
    subtype = str(node[1] or "").lower() if len(node) > 1 else ""
    if kind != "text" or subtype not in ("plain", "html") or _attachment(node):
        return
    params = node[2] if len(node) > 2 and isinstance(node[2], list) else []
    names = [str(p or "").lower() for p in params[0::2]]
    charset = str(params[2 * names.index("charset") + 1]) if "charset" in names else "utf-8"
    encoding = str(node[5] or "7bit").lower() if len(node) > 5 else "7bit"
    section = ".".join(str(n) for n in path) or "1"
    return_part = Part(section, encoding, _charset(charset), subtype == "html")
    yield return_part


def _attachment(node: list[Any]) -> bool:
    disposition = node[9] if len(node) > 9 else None
    return isinstance(disposition, list) and str(disposition[0] or "").lower() == "attachment"


def text_of(raw: bytes, part: Part) -> str:
    """A (possibly cut) slice of a part as text: transfer encoding, then charset."""
    if part.encoding == "base64":
        squeezed = re.sub(rb"[^A-Za-z0-9+/=]", b"", raw)
        squeezed = squeezed[: len(squeezed) // 4 * 4]
        try:
            raw = base64.b64decode(squeezed)
        except (binascii.Error, ValueError):
            raw = b""
    elif part.encoding == "quoted-printable":
        raw = quopri.decodestring(raw)
    text = raw.decode(part.charset, "replace").replace("\r\n", "\n")
    return _plain(text) if part.html else text


def _plain(markup: str) -> str:
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text)
    return html.unescape(re.sub(r"<[^>]*>", " ", text))


QUOTE_START = re.compile(
    r"^(on .{0,200} wrote:|-{2,}\s*original message\s*-{2,}|-{2,}\s*forwarded message|"
    r"begin forwarded message:|from: .*@)",
    re.IGNORECASE,
)


def first_lines(text: str) -> str:
    """The first lines of what the writer wrote: no quoted reply, no signature."""
    lines: list[str] = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line == "--" or QUOTE_START.match(line):
            break
        if not line or line.startswith(">"):
            continue
        lines.append(line)
        if len(lines) >= NOTE_LINES:
            break
    return "\n".join(lines)[:NOTE_CHARS]


FORWARDED_FROM = re.compile(r"^\s*\**from:?\**\s*(.+)$", re.IGNORECASE | re.MULTILINE)
FORWARDED_SUBJECT = re.compile(r"^\s*\**subject:?\**\s*(.+)$", re.IGNORECASE | re.MULTILINE)


@dataclass
class Forwarded:
    """The message inside a forward: who wrote it, its subject and its first lines."""

    sender: tuple[str, str]
    subject: str
    lines: str


def forwarded(text: str) -> Forwarded | None:
    """The forwarded message's headers, as mail apps quote them in the body."""
    found = FORWARDED_FROM.search(text)
    if found is None:
        return None
    pairs = _addresses_in(found.group(1))
    if not pairs:
        return None
    rest = text[found.end() :]
    subject = FORWARDED_SUBJECT.search(rest)
    body = rest.split("\n\n", 1)[1] if "\n\n" in rest else ""
    return Forwarded(
        sender=pairs[0],
        subject=decoded(subject.group(1))[:MAX_SUBJECT] if subject else "",
        lines=first_lines(body),
    )


def _addresses_in(text: str) -> list[tuple[str, str]]:
    message = Message()
    message["from"] = text.replace("\r", " ").replace("\n", " ")[:500]
    return _addresses(message, "from")


def clean_subject(subject: str, tag: str) -> str:
    """A subject without the forwarding tag and the Fwd:/Re: prefixes."""
    if tag:
        subject = re.sub(re.escape(tag), " ", subject, flags=re.IGNORECASE)
    subject = re.sub(r"^\s*((re|fwd?|aw|wg|tr)\s*:\s*)+", "", subject, flags=re.IGNORECASE)
    return " ".join(subject.split())
