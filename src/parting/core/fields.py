"""Date and time fields bounded to 1900-2200: validated on the way in, clamped on the way out.

The validators reach every ModelForm and every `full_clean` (restore); clamping on read keeps
a value stored before the bounds existed (9999-12-31) from overflowing a page or a feed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from parting.core.domain.bounds import clamp, date_range_message, day_in_range, day_of


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
