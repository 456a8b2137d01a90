"""Finding a contact or a lead by what the seeker typed: an exact name first, then the only
name holding every word typed ("Rita" for "Rita Ortiz"), else an error that says
`did you mean: "Rita Ortiz", "Rita Moreno"?` with the closest names (rapidfuzz).

Bounded whatever the account's size: the word match reads at most WORD_ROWS rows, the
suggestions at most SCANNED names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rapidfuzz import fuzz, process, utils

from parting.core.domain.errors import Conflict, NotFound
from parting.core.domain.names import match_key

T = TypeVar("T")

WORD_ROWS = 200  # rows holding the longest word typed, looked at for a whole-word match
SCANNED = 5000  # names compared for suggestions
SUGGESTED = 5
NAME_MOST = 200  # the longest name a contact may have
CUTOFF = 65.0  # rapidfuzz WRatio, 0-100: below it a name is not a suggestion


def has_words(typed: str, name: str) -> bool:
    """Every word typed is a whole word of the name ("rita" in "Rita Ortiz", not "rit")."""
    words = match_key(name).split()
    return all(word in words for word in match_key(typed).split())


def longest_word(typed: str) -> str:
    return max(typed.split(), key=len, default=typed)


def by_words(typed: str, rows: Sequence[T], name_of: Callable[[T], str]) -> list[T]:
    return [row for row in rows if has_words(typed, name_of(row))]


def suggestions(typed: str, names: Sequence[tuple[Any, str]], limit: int = SUGGESTED) -> list[Any]:
    """The keys of the names closest to `typed`, best first."""
    if not names:
        return []
    found = process.extract(
        typed,
        [name for _, name in names],
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=CUTOFF,
    )
    return [names[index][0] for _, _, index in found]


def quoted(labels: Sequence[tuple[str, str, int]]) -> str:
    """`"Rita Ortiz" (Acme), "Rita Moreno"`: the name quoted, its company after; an id
    only when two look the same."""
    seen = [(name, company) for name, company, _ in labels]
    parts = []
    for name, company, pk in labels:
        text = f'"{name}"' + (f" ({company})" if company else "")
        if seen.count((name, company)) > 1:
            text = f"#{pk} {text}"
        parts.append(text)
    return ", ".join(parts)


def did_you_mean(labels: Sequence[tuple[str, str, int]]) -> str:
    return f"; did you mean: {quoted(labels)}?" if labels else ""


def not_found(what: str, typed: str, labels: Sequence[tuple[str, str, int]]) -> NotFound:
    guess = did_you_mean(labels)
    return NotFound(
        f"no {what} named {typed!r}{guess}", field=what, plain=f"no {what} of that name{guess}"
    )


def several(what: str, typed: str, labels: Sequence[tuple[str, str, int]]) -> Conflict:
    guess = did_you_mean(labels)
    return Conflict(
        f"several {what}s match {typed!r}{guess}", field=what, plain=f"several {what}s match{guess}"
    )
