"""Finding the person a row already is: exact keys first, then fuzzy names within a company.

Built for large accounts: existing keys load in bulk (values_list), and names are compared
only within a block of contacts whose companies normalise to the same key.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import phonenumbers
from rapidfuzz import fuzz, process, utils

from parting.core.domain.names import match_key
from parting.core.models import Company, Contact, ContactPoint

SURE = 95.0
REVIEW = 85.0
CANDIDATES = 20  # closest names looked at in a block, best first

LEGAL_SUFFIXES = {
    "inc", "incorporated", "ltd", "limited", "llc", "gmbh", "corp", "corporation", "co",
    "plc", "sa", "ag", "bv", "nv", "srl", "sarl", "sas", "spa", "pty", "llp", "lp", "oy",
    "ab", "kg", "kk", "pte", "pvt", "company",
}  # fmt: skip
PUNCT = re.compile(r"[^\w\s]")

# A contact is an existing id (> 0) or a row of this import (< 0).
Ref = int


@functools.lru_cache(maxsize=65536)  # a network has far fewer companies than people
def company_key(name: str) -> str:
    """`Acme, Inc.` and `ACME Inc` and `acme` share one key; `S.A.` reads as `sa`."""
    text = match_key(name).replace(".", "")
    words = PUNCT.sub(" ", text).split()
    trimmed = list(words)
    while len(trimmed) > 1 and trimmed[-1] in LEGAL_SUFFIXES:
        trimmed.pop()
    return " ".join(trimmed)


SLUG = re.compile(r"linkedin\.com/(?:in|pub)/([^/?#\s]+)", re.IGNORECASE)


def linkedin_slug(url: str) -> str:
    """`https://www.linkedin.com/in/Jane-Doe-123/` -> `jane-doe-123`; '' for other addresses."""
    match = SLUG.search(url or "")
    if not match:
        return ""
    slug = match.group(1)
    return (unquote(slug) if "%" in slug else slug).lower()


def phone_key(raw: str, region: str) -> str:
    """E.164, or '' when the text is not a valid number (FORMATS.md: check is_valid_number)."""
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@dataclass
class Match:
    ref: Ref
    score: float
    by: str
    sure: bool = True


@dataclass
class Keys:
    """A row's hard keys: a different LinkedIn profile means a different person."""

    slug: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)


class Index:
    """The account's contacts by key, plus rows added during this import."""

    def __init__(self) -> None:
        self.slug: dict[str, list[Ref]] = defaultdict(list)
        self.email: dict[str, list[Ref]] = defaultdict(list)
        self.phone: dict[str, list[Ref]] = defaultdict(list)
        self.slugs_of: dict[Ref, set[str]] = defaultdict(set)
        self.emails_of: dict[Ref, set[str]] = defaultdict(set)
        self.blocks: dict[str, list[str]] = defaultdict(list)
        self.block_refs: dict[str, list[Ref]] = defaultdict(list)
        self.names: dict[Ref, str] = {}
        self.companies: dict[str, int] = {}

    @classmethod
    def load(cls, user: Any) -> Index:
        index = cls()
        for pk, name in Company.objects.for_user(user).values_list("id", "name"):
            index.companies.setdefault(company_key(name), pk)
        company_names = {pk: key for key, pk in index.companies.items()}
        rows = Contact.objects.for_user(user).values_list(
            "id", "name", "company_id", "email", "phone", "linkedin_slug", "linkedin_url"
        )
        for pk, name, company_id, email, phone, slug, url in rows.iterator(chunk_size=5000):
            key = company_names.get(company_id, "") if company_id else ""
            index.add(pk, name, key)
            index.absorb(pk, Keys(slug or linkedin_slug(url), [email], [phone]))
        points = ContactPoint.objects.for_user(user).values_list("contact_id", "kind", "value")
        for pk, kind, value in points.iterator(chunk_size=5000):
            if kind == "email":
                index.absorb(pk, Keys(emails=[value]))
            elif kind == "phone":
                index.absorb(pk, Keys(phones=[value]))
            else:
                index.absorb(pk, Keys(slug=linkedin_slug(value)))
        return index

    def add(self, ref: Ref, name: str, block: str) -> None:
        """A person matchable by name within the company block."""
        self.names[ref] = name
        if block:
            self.blocks[block].append(utils.default_process(name))
            self.block_refs[block].append(ref)

    def absorb(self, ref: Ref, keys: Keys) -> None:
        """The contact `ref` is known by these keys too (its own, or a row merged into it)."""
        if keys.slug and ref not in self.slug[keys.slug]:
            self.slug[keys.slug].append(ref)
            self.slugs_of[ref].add(keys.slug)
        for email in filter(None, keys.emails):
            email = email.lower()
            if ref not in self.email[email]:
                self.email[email].append(ref)
                self.emails_of[ref].add(email)
        for phone in filter(None, keys.phones):
            if ref not in self.phone[phone]:
                self.phone[phone].append(ref)

    def conflict(self, ref: Ref, keys: Keys) -> str:
        """'profile' when the two carry different LinkedIn profiles (never the same person),
        'email' when both have emails and none is shared (at most worth a review), else ''."""
        theirs = self.slugs_of.get(ref)
        if keys.slug and theirs and keys.slug not in theirs:
            return "profile"
        emails = self.emails_of.get(ref)
        if keys.emails and emails and not emails & {e.lower() for e in keys.emails}:
            return "email"
        return ""

    def exact(self, keys: Keys, name: str = "") -> Match | None:
        """The first contact sharing a key with the row and not carrying another profile.
        A phone alone may be an office line shared by several people: it is a sure match only
        when the names agree too (SURE), else a pair for the seeker to review."""
        candidates = [(r, "LinkedIn profile") for r in self.slug.get(keys.slug, [])]
        for email in keys.emails:
            candidates += [(r, "email") for r in self.email.get(email.lower(), [])]
        for phone in keys.phones:
            candidates += [(r, "phone") for r in self.phone.get(phone, [])]
        for ref, by in candidates:
            if self.conflict(ref, keys) == "profile":
                continue
            if by != "phone":
                return Match(ref, 100.0, by)
            score = self.name_score(ref, name)
            return Match(ref, score, by, sure=score >= SURE)
        return None

    def name_score(self, ref: Ref, name: str) -> float:
        """How alike the row's name and the contact's are (token_sort_ratio, 0-100)."""
        theirs = self.names.get(ref, "")
        return float(
            fuzz.token_sort_ratio(utils.default_process(name), utils.default_process(theirs))
        )

    def fuzzy(self, name: str, block: str, keys: Keys) -> Match | None:
        """The closest name in the company block scoring at least REVIEW (token_sort_ratio)
        whose keys do not conflict; a sure match only when no email disagrees either."""
        if not block or not self.blocks.get(block):
            return None
        found = process.extract(
            utils.default_process(name),
            self.blocks[block],
            scorer=fuzz.token_sort_ratio,
            processor=None,
            score_cutoff=REVIEW,
            limit=CANDIDATES,
        )
        for _, score, position in found:
            ref = self.block_refs[block][position]
            conflict = self.conflict(ref, keys)
            if conflict != "profile":
                sure = score >= SURE and not conflict
                return Match(ref, float(score), "name at the same company", sure)
        return None
