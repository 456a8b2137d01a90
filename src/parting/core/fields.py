"""Date and time fields bounded to 1900-2200: validated on the way in, clamped on the way out.

The validators reach every ModelForm and every `full_clean` (restore); clamping on read keeps
a value stored before the bounds existed (9999-12-31) from overflowing a page or a feed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from parting.core.domain.bounds import (
    FIRST_DAY,
    LAST_DAY,
    clamp,
    date_range_message,
    day_in_range,
    day_of,
)

# The bounds as a browser's date picker takes them (min/max), so it offers no day the app
# would refuse.
DAY_MIN, DAY_MAX = FIRST_DAY.isoformat(), LAST_DAY.isoformat()


def validate_in_range(value: Any) -> None:
    if isinstance(value, dt.date) and not day_in_range(day_of(value)):
        raise ValidationError(date_range_message().capitalize() + ".", code="date_range")


class BoundedDateField(models.DateField):
    default_validators = [validate_in_range]

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return clamp(value) if isinstance(value, dt.date) else value


class BoundedDateTimeField(models.DateTimeField):
    default_validators = [validate_in_range]

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return clamp(value) if isinstance(value, dt.datetime) else value


def day_input(**attrs: str) -> forms.DateInput:
    """A date picker bounded like the validators: min 1900-01-01, max 2200-12-31 unless a
    narrower `min` or `max` is given."""
    bounds = {"type": "date", "min": DAY_MIN, "max": DAY_MAX, **attrs}
    return forms.DateInput(attrs=bounds, format="%Y-%m-%d")


def moment_input(**attrs: str) -> forms.DateTimeInput:
    """A date-and-time picker bounded like the validators."""
    bounds = {"type": "datetime-local", "min": f"{DAY_MIN}T00:00", "max": f"{DAY_MAX}T23:59"}
    return forms.DateTimeInput(attrs={**bounds, **attrs}, format="%Y-%m-%dT%H:%M")
