"""The ranges a value must lie in to be stored: ids, dates, search text.

Every door (web, CLI, import, restore) parses through these, so a value out of range is
"not found" or "bad input", never a crash deeper down.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from parting.core.domain.errors import Invalid

# Row ids are 64-bit signed integers in SQLite and PostgreSQL (BigAutoField).
MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")

# Search text: enough for any name or phrase, short enough for every LIKE engine.
MAX_QUERY = 200

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)


def parse_id(value: object) -> int | None:
    """A row id written in ASCII digits within the 64-bit range, else None."""
    text = str(value if value is not None else "").strip()
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def is_number(value: object) -> bool:
    """Written like an id (ASCII digits), whether or not it is in range."""
    return bool(re.fullmatch(r"[0-9]+", str(value if value is not None else "").strip()))


def menu_number(value: object, count: int) -> int | None:
    """A choice from a numbered menu of `count` items (1-based), else None."""
    number = parse_id(value)
    return number if number is not None and number <= count else None


def parse_ids(values: Iterable[object] | None) -> list[int] | None:
    """Several ids (e.g. ticked checkboxes); None when any one is not an id."""
    items = [str(v).strip() for v in (values or []) if str(v).strip()]
    ids = [parse_id(v) for v in items]
    return None if any(i is None for i in ids) else [i for i in ids if i is not None]


def search_text(value: object) -> str:
    """Search text as the database gets it: control characters dropped, at most MAX_QUERY."""
    text = str(value or "")
    kept = "".join(" " if unicodedata.category(c) in {"Cc", "Cs"} else c for c in text)
    return " ".join(kept[: MAX_QUERY * 4].split())[:MAX_QUERY].strip()


def day_in_range(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def date_range_message() -> str:
    return f"dates must lie between {FIRST_DAY.year} and {LAST_DAY.year}"


def day_of(value: dt.date) -> dt.date:
    """The calendar day of a date or of a datetime (in its own zone: no conversion to fail)."""
    return value.date() if isinstance(value, dt.datetime) else value


def check_day(value: dt.date | None, field: str) -> None:
    """Refuse a date or time outside 1900-2200: one clear error, nothing stored."""
    if value is not None and not day_in_range(day_of(value)):
        raise Invalid(f"{field}: {date_range_message()}", field=field)


# The bounds as times, naive and aware: clamp runs for every date read from the database.
_TIME_BOUNDS = {
    aware: (
        dt.datetime.combine(FIRST_DAY, dt.time.min, tzinfo=dt.UTC if aware else None),
        dt.datetime.combine(LAST_DAY, dt.time(23, 59, 59), tzinfo=dt.UTC if aware else None),
    )
    for aware in (False, True)
}


def clamp(value: dt.date) -> dt.date:
    """A stored date or time read back inside the bounds, so no reader overflows."""
    if isinstance(value, dt.datetime):
        low, high = _TIME_BOUNDS[value.tzinfo is not None]
        return low if value < low else high if value > high else value
    return FIRST_DAY if value < FIRST_DAY else LAST_DAY if value > LAST_DAY else value
