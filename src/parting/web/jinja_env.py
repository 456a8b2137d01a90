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
from jinja2 import Environment


def environment(**options: Any) -> Environment:
    env = Environment(**options)  # noqa: S701 (autoescape: Django's backend turns it on)
    env.globals["url"] = url
    env.filters["date"] = date
    return env


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
    """Django's `date` filter, given a time in the current zone as Django's templates give it."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return django_date(value, format_string)
