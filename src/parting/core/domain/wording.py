"""Words a person would write: first names for greetings, roles in a phrase that holds for
one role or several, phone numbers as people read them."""

from __future__ import annotations

import re

# "analyst roles", "a product manager position": the noun around the role names.
_ROLE_NOUN = re.compile(r"\s+(roles?|positions?|jobs?|openings?)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(an?|the)\s+", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[,;]|\bor\b)\s*", re.IGNORECASE)


def first_name(name: str) -> str:
    """The name to greet someone by: "Dr. Rita Ortiz" and "Ortiz, Rita" give "Rita"."""
    text = " ".join((name or "").split())
    if not text:
        return ""
    from nameparser import HumanName  # a quarter of a second to import: only when greeting

    parsed = HumanName(text)
    for part in (parsed.first, *parsed.middle_list):
        if part and not _is_initial(part):
            return part
    if parsed.title and parsed.last:  # "Prof. A. B. Smith": "Prof. Smith"
        return f"{parsed.title} {parsed.last}"
    return text


def _is_initial(part: str) -> bool:
    return len(part.rstrip(".")) <= 1


def roles(text: str) -> list[str]:
    """The roles in what the seeker typed, without articles or a trailing "roles"."""
    found: list[str] = []
    for piece in _SEPARATORS.split(_ROLE_NOUN.sub("", " ".join((text or "").split()))):
        role = _ARTICLE.sub("", _ROLE_NOUN.sub("", piece.strip()))
        if role and role.casefold() not in {r.casefold() for r in found}:
            found.append(role)
    return found


def either(items: list[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} or {items[-1]}"


def looking_for(target_roles: str, niche: str = "") -> str:
    """What the seeker is after, as the object of "I am looking for …"."""
    wanted = either(roles(target_roles))
    if wanted:
        return f"a role as {wanted}"
    return f"my next role in {niche}" if niche else "my next role"
