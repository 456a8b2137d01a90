"""Dates as exports and spreadsheets write them: `05 Mar 2024` from LinkedIn, `5-Mar-24` or
`3/5/24` once Excel has re-saved the file, ISO from Google. Bounded to 1900-2200."""

from __future__ import annotations

import datetime as dt
import functools
import re

from parting.core.domain.bounds import FIRST_DAY, LAST_DAY

# The bounds every door shares (core.domain.bounds).
FIRST_YEAR, LAST_YEAR = FIRST_DAY.year, LAST_DAY.year
# Excel reads a two-digit year 00-29 as 20xx and 30-99 as 19xx; the file was written by Excel.
EXCEL_PIVOT = 30
NAMED = (
    "%d %b %Y",  # LinkedIn: 05 Mar 2024
    "%d-%b-%y",  # Excel's default date display: 5-Mar-24
    "%d-%b-%Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %y",
)
NUMERIC = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$")


class NotADate(ValueError):
    """The text is no date this reader knows, or lies outside 1900-2200."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def day_first(samples: list[str]) -> bool:
    """True when the file's slashed dates are d/m/y: some day is over 12 and no month is."""
    firsts, seconds = set(), set()
    for text in samples:
        found = NUMERIC.match(text.strip())
        if found and len(found.group(1)) <= 2:
            firsts.add(int(found.group(1)))
            seconds.add(int(found.group(2)))
    return any(n > 12 for n in firsts) and not any(n > 12 for n in seconds)


@functools.lru_cache(maxsize=8192)  # thousands of rows share a few hundred dates
def parse(text: str, dayfirst: bool = False) -> dt.date:
    """The date `text` stands for; NotADate when it is none or out of bounds."""
    text = " ".join(text.split())
    found = _named(text) or _numeric(text, dayfirst)
    if found is None:
        raise NotADate("not a date")
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise NotADate(f"not between {FIRST_YEAR} and {LAST_YEAR}")
    return found


def _named(text: str) -> dt.date | None:
    for pattern in NAMED:
        try:
            parsed = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if pattern.endswith("%y"):
            parsed = _excel_century(parsed, text)
        return parsed
    return None


def _excel_century(parsed: dt.date, text: str) -> dt.date:
    two = int(text.rsplit("-", 1)[-1].rsplit(" ", 1)[-1])
    return parsed.replace(year=(2000 if two < EXCEL_PIVOT else 1900) + two)


def _numeric(text: str, dayfirst: bool) -> dt.date | None:
    found = NUMERIC.match(text)
    if not found:
        return None
    a, b, c = found.groups()
    if len(a) == 4:  # ISO 2024-03-05 (or 2024/03/05)
        year, month, day = int(a), int(b), int(c)
    else:
        month, day = (int(b), int(a)) if dayfirst else (int(a), int(b))
        year = int(c) if len(c) != 2 else (2000 if int(c) < EXCEL_PIVOT else 1900) + int(c)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
