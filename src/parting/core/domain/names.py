"""Names as stored and shown: no invisible format characters, so no look-alike duplicates
(`Ze\\u200bta Corp` beside `Zeta Corp`) and no right-to-left override turning text around."""

from __future__ import annotations

import unicodedata

# Zero-width non-joiner and joiner shape Persian and Indic words and emoji: they stay.
JOINERS = frozenset("\u200c\u200d")


def without_format_characters(text: str) -> str:
    """Drop Unicode format characters (Cf: zero-width spaces, bidi overrides and isolates,
    soft hyphens, byte-order marks), keeping the joiners that scripts need."""
    if text.isascii():
        return text
    return "".join(c for c in text if c in JOINERS or unicodedata.category(c) != "Cf")


def clean_text(text: str | None) -> str:
    """One line of display text: format and control characters (NUL, which PostgreSQL
    refuses, among them) dropped, whitespace collapsed."""
    kept = " ".join(without_format_characters(text or "").split())
    if kept.isprintable():
        return kept
    return "".join(c for c in kept if unicodedata.category(c) != "Cc")


def match_key(text: str | None) -> str:
    """The form two names are compared in: NFKC, case-folded, no format character at all."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join("".join(c for c in folded if unicodedata.category(c) != "Cf").split())
