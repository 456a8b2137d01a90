"""Finding the person a row already is: exact keys first, then fuzzy names within a company.

Built for large accounts: existing keys load in bulk (values_list), and names are compared
only within a block of contacts whose companies normalise to the same key.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import phonenumbers
from rapidfuzz import fuzz, process, utils

from parting.core.models import Company, Contact, ContactPoint

SURE = 95.0
REVIEW = 85.0

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
    text = unicodedata.normalize("NFKC", name or "").casefold().replace(".", "")
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


class Index:
    """The account's contacts by key, plus rows added during this import."""

    def __init__(self) -> None:
        self.slug: dict[str, Ref] = {}
        self.email: dict[str, Ref] = {}
        self.phone: dict[str, Ref] = {}
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
            index.add(pk, name, key, emails=[email], phones=[phone])
            index.add_slug(pk, slug or linkedin_slug(url))
        points = ContactPoint.objects.for_user(user).values_list("contact_id", "kind", "value")
        for pk, kind, value in points.iterator(chunk_size=5000):
            target = {"email": index.email, "phone": index.phone}.get(kind)
            if target is not None:
                target.setdefault(value.lower() if kind == "email" else value, pk)
            else:
                index.add_slug(pk, linkedin_slug(value))
        return index

    def add(self, ref: Ref, name: str, block: str, emails: list[str], phones: list[str]) -> None:
        self.names[ref] = name
        if block:
            self.blocks[block].append(utils.default_process(name))
            self.block_refs[block].append(ref)
        for email in emails:
            if email:
                self.email.setdefault(email.lower(), ref)
        for phone in phones:
            if phone:
                self.phone.setdefault(phone, ref)

    def add_slug(self, ref: Ref, slug: str) -> None:
        if slug:
            self.slug.setdefault(slug, ref)

    def exact(self, slug: str, emails: list[str], phones: list[str]) -> Match | None:
        if slug and slug in self.slug:
            return Match(self.slug[slug], 100.0, "LinkedIn profile")
        for email in emails:
            if email.lower() in self.email:
                return Match(self.email[email.lower()], 100.0, "email")
        for phone in phones:
            if phone in self.phone:
                return Match(self.phone[phone], 100.0, "phone")
        return None

    def fuzzy(self, name: str, block: str) -> Match | None:
        """The closest name in the company block scoring at least REVIEW (token_sort_ratio)."""
        if not block or not self.blocks.get(block):
            return None
        best = process.extractOne(
            utils.default_process(name),
            self.blocks[block],
            scorer=fuzz.token_sort_ratio,
            processor=None,
            score_cutoff=REVIEW,
        )
        if best is None:
            return None
        return Match(self.block_refs[block][best[2]], float(best[1]), "name at the same company")
