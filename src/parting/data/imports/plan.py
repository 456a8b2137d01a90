"""The dry run: what an import would do, row by row — new, merged, needs review, skipped."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from parting.core.domain.errors import Invalid
from parting.data.imports import google, linkedin, outlook, vcard
from parting.data.imports.matching import Index, Keys, Match, company_key, linkedin_slug, phone_key
from parting.data.imports.rows import FieldWarning, Row, Skip, capped, check_row

READERS: dict[str, Callable[[bytes, str], Iterator[Row | Skip]]] = {
    "linkedin": linkedin.read,
    "google": google.read,
    "outlook": outlook.read,
    "vcard": vcard.read,
}
KINDS = tuple(READERS)
NEW, MERGED, REVIEW, SKIPPED = "new", "merged", "review", "skipped"
Progress = Callable[[int, int], None]


@dataclass
class Entry:
    """One row's fate. `ref` is the contact it merges into or is reviewed against."""

    action: str
    row: Row | None = None
    skip: Skip | None = None
    ref: int = 0
    score: float = 0.0
    by: str = ""
    block: str = ""
    slug: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    warnings: list[FieldWarning] = field(default_factory=list)  # unreadable, kept in notes

    @property
    def keys(self) -> Keys:
        return Keys(self.slug, self.emails, self.phones)


@dataclass
class Plan:
    kind: str
    filename: str
    index: Index
    entries: list[Entry] = field(default_factory=list)

    def of(self, action: str) -> list[Entry]:
        return [e for e in self.entries if e.action == action]

    @property
    def bad(self) -> list[Entry]:
        return [e for e in self.entries if e.skip is not None and e.skip.bad]

    def rows(self) -> int:
        """How many rows an import writes (new, merged or to review)."""
        return sum(1 for e in self.entries if e.row is not None and e.action != SKIPPED)

    def counts(self) -> dict[str, int]:
        return {a: len(self.of(a)) for a in (NEW, MERGED, REVIEW, SKIPPED)}

    def target_name(self, entry: Entry) -> str:
        if entry.ref < 0:
            row = self.entries[-entry.ref - 1].row
            return f"{row.name} (line {row.line})" if row else ""
        return self.index.names.get(entry.ref, "")

    def summary(self) -> dict[str, Any]:
        """Plain data for JSON output and for storing with the import."""

        def item(e: Entry) -> dict[str, Any]:
            if e.skip is not None:
                return {"line": e.skip.line, "reason": e.skip.reason, "bad": e.skip.bad}
            assert e.row is not None
            out: dict[str, Any] = {"line": e.row.line, "name": e.row.name, "company": e.row.company}
            if e.action in (MERGED, REVIEW):
                out.update(into=self.target_name(e), by=e.by, score=round(e.score, 1))
            return out

        return {
            "kind": self.kind,
            "file": self.filename,
            "counts": self.counts(),
            **{a: [item(e) for e in self.of(a)] for a in (NEW, MERGED, REVIEW, SKIPPED)},
            "warnings": self.warnings(),
            "bad_rows": len(self.bad),
        }

    def warnings(self) -> list[dict[str, Any]]:
        """Every field left empty because it could not be read, with its line."""
        return [
            {"line": e.row.line, "name": e.row.name, "field": w.field, "value": w.value,
             "reason": w.reason, "message": w.message}
            for e in self.entries if e.row is not None
            for w in e.warnings
        ]  # fmt: skip


def read_rows(kind: str, data: bytes, filename: str) -> Iterator[Row | Skip]:
    if kind not in READERS:
        raise Invalid(f"unknown import kind {kind!r} (choose from {', '.join(KINDS)})")
    return capped(READERS[kind](data, filename), filename)


def build(
    user: Any,
    kind: str,
    data: bytes,
    filename: str,
    region: str,
    progress: Progress | None = None,
) -> Plan:
    """Read the whole file and decide each row against the account. Changes nothing."""
    plan = Plan(kind, filename, Index.load(user))
    total = data.count(b"\n") + 1
    for number, item in enumerate(read_rows(kind, data, filename), start=1):
        entry = decide(plan, item, region)
        plan.entries.append(entry)
        if entry.row is not None and entry.action in (NEW, REVIEW):
            register(plan.index, -len(plan.entries), entry)
        elif entry.action == MERGED:  # later rows see the keys this one brought
            plan.index.absorb(entry.ref, entry.keys)
        if progress and number % 500 == 0:
            progress(_line(item), total)
    if progress:
        progress(total, total)
    return plan


def _line(item: Row | Skip) -> int:
    return item.line


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def web_address(url: str) -> str:
    """`url` when it is an http(s) address (or has no scheme at all), else ''.

    Browsers drop tabs, newlines and leading control characters before reading the scheme
    (`java<TAB>script:`), so the check looks at the address the same way."""
    probe = re.sub(r"[\x00-\x20\x7f]", "", url or "")
    found = _SCHEME.match(probe)
    if found and found.group(1).lower() not in ("http", "https"):
        return ""
    return (url or "").strip()


def decide(plan: Plan, item: Row | Skip, region: str) -> Entry:
    if isinstance(item, Skip):
        return Entry(SKIPPED, skip=item)
    problem = check_row(item)
    if problem is not None:
        return Entry(SKIPPED, skip=problem)
    entry = Entry(NEW, row=item, block=company_key(item.company), warnings=list(item.warnings))
    _web_addresses(entry, item)
    entry.slug = linkedin_slug(item.linkedin_url)
    entry.emails, bad_emails = _emails(item.emails)
    entry.phones, bad_phones = _phones(item.phones, region)
    entry.warnings += bad_emails + bad_phones
    keys = entry.keys
    match: Match | None = plan.index.exact(keys, item.name) or plan.index.fuzzy(
        item.name, entry.block, keys
    )
    if match is not None:
        entry.action = MERGED if match.sure else REVIEW
        entry.ref, entry.score, entry.by = match.ref, match.score, match.by
    return entry


def _web_addresses(entry: Entry, item: Row) -> None:
    """Only web links: the contact page turns these into links (no `javascript:` from a
    file). Google and vCard carry the LinkedIn profile among their other web addresses."""
    profile = _checked(entry, "LinkedIn URL", [item.linkedin_url] if item.linkedin_url else [])
    others = _checked(entry, "Website", item.urls)
    item.linkedin_url = profile[0] if profile else next((u for u in others if linkedin_slug(u)), "")
    item.urls = [u for u in others if u != item.linkedin_url]


def _checked(entry: Entry, label: str, urls: list[str]) -> list[str]:
    """The web addresses among `urls`; a warning for each of the others."""
    good = []
    for url in urls:
        if web_address(url):
            good.append(url.strip())
        else:
            entry.warnings.append(FieldWarning(label, url, "not a web address", kept=False))
    return good


def register(index: Index, ref: int, entry: Entry) -> None:
    """A new row becomes matchable for the rows after it (duplicates inside one file)."""
    assert entry.row is not None
    index.add(ref, entry.row.name, entry.block)
    index.absorb(ref, entry.keys)


def _emails(values: Iterable[str]) -> tuple[list[str], list[FieldWarning]]:
    good: list[str] = []
    bad: list[FieldWarning] = []
    for value in values:
        value = value.strip().removeprefix("mailto:")
        try:
            validate_email(value)
        except ValidationError:
            bad.append(FieldWarning("Email", value, "not an email address"))
            continue
        if value.lower() not in (g.lower() for g in good):
            good.append(value)
    return good, bad


def _phones(values: Iterable[str], region: str) -> tuple[list[str], list[FieldWarning]]:
    good: list[str] = []
    bad: list[FieldWarning] = []
    for value in values:
        key = phone_key(value, region)
        if not key:
            bad.append(FieldWarning("Phone", value, "not a valid number"))
        elif key not in good:
            good.append(key)
    return good, bad
