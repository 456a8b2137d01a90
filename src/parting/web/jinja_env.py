"""Jinja2 for the partials a page repeats dozens of times: a follow-up (Today, a lead's
page) and a lead's row. Django's template language spends about three times as long on
each (bench/README.md); every other template stays Django's.

Autoescaped like Django's templates, and given the same names: `url(name, *args)` for
`{% url %}`, the `date` filter in the seeker's time zone, `csrf_input` for `{% csrf_token %}`.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.template.defaultfilters import date as django_date
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from jinja2 import Environment

from parting.core.fields import DAY_MAX


def environment(**options: Any) -> Environment:
    env = Environment(**options)  # noqa: S701 (autoescape: Django's backend turns it on)
    env.globals["url"] = url
    env.globals["day_max"] = DAY_MAX  # the last day a date picker offers
    env.filters["date"] = date
    env.filters["last_contact"] = last_contact_text
    return env


def last_contact_text(row: Any, day: dt.date) -> str:
    """`12 days ago (email)` for a row the domain annotated with its contact's last
    contact (domain.last_contact), else ""."""
    from parting.core.domain import last_contact

    seen = last_contact.seen_of(row)
    return seen.text(day, timezone.get_current_timezone()) if seen else ""


def url(name: str, *args: Any) -> str:
    """`reverse(name, args=args)`. A partial asks for the same few routes with a different id
    in each row: the route is reversed once, with stand-ins, and the ids put in its place."""
    if not args or not all(type(arg) is int and arg > 0 for arg in args):
        return reverse(name, args=args)
    parts = _route(name, len(args), get_script_prefix(), get_urlconf())
    if parts is None:
        return reverse(name, args=args)
    return "".join(part + str(arg) for part, arg in zip(parts, args, strict=False)) + parts[-1]


# Ids no row has (the database's ids stay far below), standing in for the real ones.
STAND_IN = 8_000_000_000_000_000_000


@functools.lru_cache(maxsize=128)
def _route(name: str, arity: int, prefix: str, urlconf: str | None) -> tuple[str, ...] | None:
    """The route's text around its arguments; None when an argument does not appear as its
    own digits (a converter that writes ids another way)."""
    stand_ins = [str(STAND_IN + i) for i in range(arity)]
    text = reverse(name, args=[STAND_IN + i for i in range(arity)], urlconf=urlconf)
    parts = []
    for stand_in in stand_ins:
        before, found, text = text.partition(stand_in)
        if not found or stand_in in text:
            return None
        parts.append(before)
    return (*parts, text)


def date(value: dt.date | dt.datetime | None, format_string: str | None = None) -> str:
    """Django's `date` filter, given a time in the current zone as Django's templates give it.

    The few formats the partials use ("j M Y, H:i", "D j M", "Y-m-d"…) are written directly:
    Django's filter parses its format again for every row, and a list of 50 rows spent about
    a sixth of its time there. Any other format, or a value that is not a date, goes to
    Django's filter; `tests/web/test_partials.py` checks both give the same text."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if format_string and isinstance(value, dt.date):
        codes = _codes(format_string, isinstance(value, dt.datetime))
        if codes is not None:
            return "".join(code(value) if callable(code) else code for code in codes)
    return django_date(value, format_string)


def _two(number: int) -> str:
    return f"{number:02d}"


_DATE_CODES: dict[str, Any] = {
    "D": lambda v: str(WEEKDAYS_ABBR[v.weekday()]),
    "j": lambda v: str(v.day),
    "d": lambda v: _two(v.day),
    "M": lambda v: str(MONTHS_3[v.month]).title(),
    "m": lambda v: _two(v.month),
    "Y": lambda v: f"{v.year:04d}",
}
_TIME_CODES: dict[str, Any] = {
    "H": lambda v: _two(v.hour),
    "i": lambda v: _two(v.minute),
}


@functools.lru_cache(maxsize=64)
def _codes(format_string: str, with_time: bool) -> tuple[Any, ...] | None:
    """The format as text and functions of the value; None when it uses a code (or an escape)
    this does not write, so Django's filter does."""
    known = {**_DATE_CODES, **_TIME_CODES} if with_time else _DATE_CODES
    parts: list[Any] = []
    for char in format_string:
        if char in known:
            parts.append(known[char])
        elif char.isalpha() or char == "\\":
            return None
        else:
            parts.append(char)
    return tuple(parts)
