"""`parting profile`: show or set the seeker's profile."""

from __future__ import annotations

from typing import Any

from parting.cli.context import Context
from parting.core.domain.network import format_phone
from parting.core.domain.profile_update import update_profile
from parting.data import serialize_profile

OPTIONS = [
    ("--name", "name", "N", "your name"),
    ("--phone", "phone", "P", "your phone number (stored E.164)"),
    ("--skills", "skills", "S", "your skills, in a phrase"),
    ("--roles", "target_roles", "R", "the roles you are after"),
    ("--niche", "niche", "I", "your niche (industry)"),
    ("--timezone", "timezone", "TZ", "IANA time zone, e.g. Europe/Paris"),
    ("--region", "phone_region", "CC", "default phone region, e.g. US"),
    ("--worklog-activities", "worklog_activities", "N", "work-search activities required a week"),
    ("--worklog-employer", "worklog_employer_contacts", "N", "of those, employer contacts"),
]


def register(sub: Any, common: Any) -> None:
    cmd = sub.add_parser("profile", parents=[common])
    for flag, dest, metavar, helptext in OPTIONS:
        cmd.add_argument(flag, dest=dest, default=None, metavar=metavar, help=helptext)
    cmd.set_defaults(handler=profile)


def profile(ctx: Context) -> None:
    changes = {dest: getattr(ctx.args, dest) for _, dest, _, _ in OPTIONS}
    changed = any(value is not None for value in changes.values())
    current = update_profile(ctx.user, **changes) if changed else ctx.profile
    lines = ["Profile saved." if changed else "Your profile:"]
    labels = [
        ("Name", current.name),
        ("Phone", format_phone(current.phone)),
        ("Skills", current.skills),
        ("Roles", current.target_roles),
        ("Niche", current.niche),
        ("Time zone", current.timezone),
        ("Region", current.phone_region),
    ]
    lines += [f"  {label + ':':<11}{value or '-'}" for label, value in labels]
    lines.append(
        f"  Work-search log: {current.worklog_activities} activities a week, "
        f"{current.worklog_employer_contacts} with an employer"
    )
    ctx.emit(serialize_profile.profile(current), lines)
