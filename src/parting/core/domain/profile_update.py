"""Changing the seeker's profile: one validated update, all or nothing."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

import phonenumbers

from parting.core.domain.errors import Invalid
from parting.core.domain.network import normalize_phone
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import Profile

# Each text field with its length limit (the model's max_length).
TEXT_FIELDS = {"name": 200, "skills": 300, "target_roles": 300, "niche": 200}


@cache
def timezones() -> list[str]:
    """IANA time zone names, sorted, for the settings page's list."""
    return sorted(available_timezones())


def check_timezone(name: str) -> str:
    value = (name or "").strip()
    if value not in available_timezones():
        raise Invalid(
            f"unknown time zone {name!r} (use an IANA name like Europe/Paris)", "timezone"
        )
    return value


def check_region(code: str) -> str:
    value = (code or "").strip().upper()
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise Invalid(f"unknown phone region {code!r} (a two-letter code like US)", "phone_region")
    return value


def update_profile(user: User, **changes: str | None) -> Profile:
    """Set the given fields (None leaves one alone); checks everything before saving."""
    profile = get_profile(user)
    values = {k: v for k, v in changes.items() if v is not None}
    unknown = set(values) - {*TEXT_FIELDS, "phone", "timezone", "phone_region"}
    if unknown:
        raise Invalid(f"not a profile field: {', '.join(sorted(unknown))}")
    if "phone_region" in values:
        values["phone_region"] = check_region(values["phone_region"])
    if "timezone" in values:
        values["timezone"] = check_timezone(values["timezone"])
    if "phone" in values:
        region = values.get("phone_region", profile.phone_region)
        values["phone"] = normalize_phone(values["phone"], region).e164
    for field in TEXT_FIELDS:
        if field in values:
            values[field] = " ".join(values[field].split())
            limit = TEXT_FIELDS[field]
            if len(values[field]) > limit:
                raise Invalid(f"{field} is longer than {limit} characters", field)
    for field, value in values.items():
        setattr(profile, field, value)
    profile.save()
    return profile
