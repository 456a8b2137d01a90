"""Jinja2 for the partials a page repeats dozens of times: a follow-up (Today, a lead's
page) and a lead's row. Django's template language spends about three times as long on
each (bench/README.md); every other template stays Django's.

Autoescaped like Django's templates, and given the same names: `url(name, *args)` for
`{% url %}`, the `date` filter in the seeker's time zone, `csrf_input` for `{% csrf_token %}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.defaultfilters import date as django_date
from django.urls import reverse
from django.utils import timezone
from jinja2 import Environment


def environment(**options: Any) -> Environment:
    env = Environment(**options)  # noqa: S701 (autoescape: Django's backend turns it on)
    env.globals["url"] = url
    env.filters["date"] = date
    return env


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def date(value: dt.date | dt.datetime | None, format_string: str | None = None) -> str:
    """Django's `date` filter, given a time in the current zone as Django's templates give it."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return django_date(value, format_string)
