"""Changing the seeker's profile: one validated update, all or nothing."""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

import phonenumbers

from parting.core.domain.errors import Checks, Invalid
from parting.core.domain.network import normalize_phone
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import Profile

# Each text field with its length limit (the model's max_length).
TEXT_FIELDS = {"name": 200, "skills": 300, "target_roles": 300, "niche": 200}


# The areas of the IANA database's canonical names; the rest are old aliases (US/Central).
REGIONS = (
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic",
    "Australia", "Europe", "Indian", "Pacific",
)  # fmt: skip


@cache
def timezones() -> list[str]:
    """IANA zone names a person would pick from (Area/City, and UTC), sorted."""
    names = available_timezones()
    return ["UTC", *sorted(n for n in names if n.split("/")[0] in REGIONS and "/" in n)]


def find_timezones(text: str) -> list[str]:
    """Zones matching what was typed: "Chicago" or "chicago" finds America/Chicago."""
    wanted = "_".join((text or "").split()).casefold()
    if not wanted:
        return []
    names = timezones()
    by_city = [n for n in names if n.rsplit("/", 1)[-1].casefold() == wanted]
    return by_city or [n for n in names if wanted in n.casefold()]


def check_timezone(name: str) -> str:
    """An IANA name, or the one zone that a city name points to."""
    value = (name or "").strip()
    if value in available_timezones():
        return value
    found = find_timezones(value)
    if len(found) == 1:
        return found[0]
    hint = (
        f"did you mean {', '.join(found[:5])}?" if found else "use an IANA name like Europe/Paris"
    )
    raise Invalid(
        f"unknown time zone {name!r} ({hint})", "timezone", plain=f"unknown time zone ({hint})"
    )


def zone_to_propose(user: User, browser_zone: str) -> str | None:
    """The browser's zone, when it is a real zone and not already the seeker's."""
    value = (browser_zone or "").strip()
    if value not in available_timezones() or value == get_profile(user).timezone:
        return None
    return value


def check_region(code: str) -> str:
    value = (code or "").strip().upper()
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise Invalid(
            f"unknown phone region {code!r} (a two-letter code like US)",
            "phone_region",
            plain="unknown phone region (a two-letter code like US)",
        )
    return value


# The work-search log's weekly requirement: activities, and employer contacts among them.
WORKLOG_FIELDS = {
    "worklog_activities": "activities",
    "worklog_employer_contacts": "employer contacts",
}
WORKLOG_MOST = 50


def check_worklog_number(value: str | int, field: str) -> int:
    text = str(value).strip()
    number = int(text) if text.isdigit() and len(text) <= 3 else -1
    if not 0 <= number <= WORKLOG_MOST:
        what = WORKLOG_FIELDS[field]
        raise Invalid(f"{what} required per week: a number from 0 to {WORKLOG_MOST}", field)
    return number


def _worklog(profile: Profile, values: dict[str, Any], checks: Checks) -> None:
    before = len(checks.errors)
    for field in WORKLOG_FIELDS:
        if field in values:
            with checks:
                values[field] = check_worklog_number(values[field], field)
    if len(checks.errors) > before:
        return  # a number is bad: comparing them would say nothing more
    total = values.get("worklog_activities", profile.worklog_activities)
    employer = values.get("worklog_employer_contacts", profile.worklog_employer_contacts)
    if employer > total:
        with checks:
            raise Invalid(
                f"{employer} employer contacts cannot be more than the {total} activities required",
                "worklog_employer_contacts",
            )


def update_profile(user: User, **changes: str | int | None) -> Profile:
    """Set the given fields (None leaves one alone); checks everything before saving, and
    refuses with every field's error at once."""
    profile = get_profile(user)
    for field, value in checked_profile(profile, **changes).items():
        setattr(profile, field, value)
    profile.save()
    return profile


def checked_profile(profile: Profile, **changes: str | int | None) -> dict[str, Any]:
    """The changes as they would be saved, else Invalid naming every bad field."""
    values: dict[str, Any] = {k: v for k, v in changes.items() if v is not None}
    unknown = set(values) - {*TEXT_FIELDS, *WORKLOG_FIELDS, "phone", "timezone", "phone_region"}
    if unknown:
        raise Invalid(f"not a profile field: {', '.join(sorted(unknown))}")
    checks = Checks()
    region_ok = True
    if "phone_region" in values:
        region_ok = False
        with checks:
            values["phone_region"] = check_region(values["phone_region"])
            region_ok = True
    if "timezone" in values:
        with checks:
            values["timezone"] = check_timezone(values["timezone"])
    if "phone" in values and region_ok:
        region = values.get("phone_region", profile.phone_region)
        with checks:
            values["phone"] = normalize_phone(values["phone"], region).e164
    _worklog(profile, values, checks)
    for field in TEXT_FIELDS:
        if field in values:
            values[field] = " ".join(values[field].split())
            limit = TEXT_FIELDS[field]
            if len(values[field]) > limit:
                with checks:
                    raise Invalid(f"{field} is longer than {limit} characters", field)
    checks.done()
    return values
