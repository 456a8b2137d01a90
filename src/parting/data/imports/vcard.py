"""vCard 2.1, 3.0 and 4.0, read carefully by hand.

Handles folding (CRLF + space), 2.1 quoted-printable soft breaks (next line not indented),
bare 2.1 type words, grouped properties (`item1.TEL`), escaped `\\,` `\\;` in structured values
such as `ORG:Acme\\, Inc.`, and 4.0 `tel:` URIs — the places generic parsers trip.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from parting.data.imports.encodings import decode
from parting.data.imports.rows import FileError, Row, Skip, clean, join_name

NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$", re.S)


@dataclass
class Prop:
    name: str
    params: dict[str, list[str]]
    value: str


@dataclass
class Card:
    line: int
    props: list[Prop] = field(default_factory=list)

    def all(self, name: str) -> list[Prop]:
        return [p for p in self.props if p.name == name]

    def first(self, name: str) -> str:
        found = self.all(name)
        return found[0].value if found else ""


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first physical line number, unfolded line)."""
    current: str | None = None
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if current is not None and raw[:1] in (" ", "\t"):
            current += raw[1:]
            continue
        if current is not None and _qp_soft_break(current):
            current = current[:-1] + raw
            continue
        if current is not None:
            yield start, current
        current, start = raw, number
    if current is not None:
        yield start, current


def _qp_soft_break(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head and line.endswith("=")


def parse_params(text: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for part in _split(text, ";"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep:  # vCard 2.1 bare type word: TEL;CELL:
            key, value = "TYPE", key
        values = [v.strip('"').lower() for v in _split(value, ",")]
        params.setdefault(key.upper(), []).extend(values)
    return params


def _split(text: str, sep: str) -> list[str]:
    """Split on `sep` unless it is escaped with a backslash."""
    parts, current, escaped = [], "", False
    for ch in text:
        if escaped:
            current += "\\" + ch
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current + ("\\" if escaped else ""))
    return parts


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def decoded(value: str, params: dict[str, list[str]]) -> str:
    if "quoted-printable" in params.get("ENCODING", []):
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        raw = quopri.decodestring(value.encode("latin-1", "replace"))
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return raw.decode("utf-8", "replace")
    return value


def cards(text: str, filename: str) -> Iterator[Card]:
    card: Card | None = None
    seen = False
    for line, content in logical_lines(text):
        if not content.strip():
            continue
        upper = content.strip().upper()
        if upper == "BEGIN:VCARD":
            if card is not None:
                raise FileError(filename, card.line, "BEGIN:VCARD without END:VCARD")
            card, seen = Card(line), True
            continue
        if upper == "END:VCARD":
            if card is None:
                raise FileError(filename, line, "END:VCARD without BEGIN:VCARD")
            yield card
            card = None
            continue
        if card is None:
            raise FileError(filename, line, "text outside a BEGIN:VCARD … END:VCARD block")
        match = NAME.match(content)
        if not match:
            raise FileError(filename, line, f"not a vCard line: {content[:40]!r}")
        params = parse_params(match.group(2)[1:])
        card.props.append(Prop(match.group(1).upper(), params, decoded(match.group(3), params)))
    if card is not None:
        raise FileError(filename, card.line, "BEGIN:VCARD without END:VCARD")
    if not seen:
        raise FileError(filename, 1, "no BEGIN:VCARD found: is this a vCard file?")


def structured(value: str) -> list[str]:
    return [clean(unescape(part)) for part in _split(value, ";")]


def phone(value: str) -> str:
    value = unescape(value).strip()
    return value[4:] if value.lower().startswith("tel:") else value


def to_row(card: Card) -> Row | Skip:
    org = structured(card.first("ORG"))
    if card.first("X-ABSHOWAS").strip().upper() == "COMPANY":
        return Skip(card.line, f"a company card, not a person: {org[0] if org else ''}", bad=False)
    n = [*structured(card.first("N")), "", "", ""]
    name = clean(unescape(card.first("FN"))) or join_name(n[3], n[1], n[2], n[0])
    urls = [clean(unescape(p.value)) for p in card.all("URL") if p.value.strip()]
    linkedin = next((u for u in urls if "linkedin.com/" in u.lower()), "")
    return Row(
        line=card.line,
        name=name,
        company=org[0] if org else "",
        title=clean(unescape(card.first("TITLE"))),
        emails=[clean(unescape(p.value)) for p in card.all("EMAIL") if p.value.strip()],
        phones=[phone(p.value) for p in card.all("TEL") if p.value.strip()],
        urls=[u for u in urls if u != linkedin],
        linkedin_url=linkedin,
        notes=unescape(card.first("NOTE")).replace("\r\n", "\n").strip(),
    )


def read(data: bytes, filename: str) -> Iterator[Row | Skip]:
    text = decode(data, filename)
    for card in cards(text, filename):
        yield to_row(card)
