"""Rendering for people (short aligned lines, 80 columns) and for scripts (JSON)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from parting.cli.env import Environment
from parting.core.domain.network import format_phone
from parting.core.models import Contact, FollowUp, Lead, Question

WIDTH = 80


def print_json(env: Environment, data: Any) -> None:
    env.write(json.dumps(data, indent=2, ensure_ascii=False))


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def day(value: dt.date) -> str:
    """A date people and scripts both read: `Thu 2026-03-05`."""
    return f"{value:%a} {value.isoformat()}"


def moment(value: dt.datetime, tz: dt.tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def table(rows: Sequence[Sequence[str]], indent: str = "  ", wrap: bool = False) -> list[str]:
    """Align columns, dropping empty ones. The last column is cut (or, with `wrap`, wrapped
    under itself) to keep lines within 80 characters."""
    if not rows:
        return []
    last = len(rows[0]) - 1
    keep = [i for i in range(last) if any(row[i] for row in rows)] + [last]
    rows = [[row[i] for i in keep] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(keep) - 1)]
    lines = []
    for row in rows:
        head = "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=False))
        start = indent + (head + "  " if head else "")
        room = max(WIDTH - len(start), 20)
        if wrap:
            parts = textwrap.wrap(row[-1], room) or [""]
            lines.append((start + parts[0]).rstrip())
            lines += [" " * len(start) + part for part in parts[1:]]
        else:
            lines.append((start + short(row[-1], room)).rstrip())
    return lines


def contact_label(contact: Contact | None) -> str:
    return contact.label if contact is not None else ""


def contact_rows(contacts: Iterable[Contact]) -> list[list[str]]:
    rows = []
    for c in contacts:
        reach = c.email or format_phone(c.phone) or c.linkedin_url
        rows.append([f"#{c.pk}", c.name, c.company.name if c.company else "", c.title, reach])
    return rows


def followup_rows(followups: Iterable[FollowUp]) -> list[list[str]]:
    return [[f"#{f.pk}", f.get_kind_display(), day(f.due_on), f.title] for f in followups]


def followups_block(followups: Sequence[FollowUp]) -> list[str]:
    """The follow-ups a command just opened (R3, R5, R8), with their due dates."""
    if not followups:
        return []
    return ["Follow-ups:", *table(followup_rows(followups), wrap=True)]


def lead_summary(lead: Lead) -> str:
    company = f" ({lead.company.name})" if lead.company and lead.contact else ""
    thanked = ", thanked" if lead.thanked_at else ""
    return (
        f"Lead #{lead.pk} {lead.name}{company} from {lead.referrer.name}: "
        f"permission {lead.permission}, {lead.status}{thanked}"
    )


def already_suggested(lead: Lead) -> str:
    """R3: a person the referrer had suggested before is recognised, not added again."""
    return f"{lead.referrer.name} already suggested {lead.name}: lead #{lead.pk}, not added again."


def lead_rows(leads: Iterable[Lead]) -> list[list[str]]:
    rows = []
    for lead in leads:
        company = lead.company.name if lead.company and lead.contact else ""
        thanked = "thanked" if lead.thanked_at else ""
        rows.append(
            [
                f"#{lead.pk}",
                lead.name,
                company,
                lead.status,
                lead.permission,
                thanked,
                f"from {lead.referrer.name}",
            ]
        )
    return rows


def question_rows(questions: Iterable[Question]) -> list[list[str]]:
    return [[f"#{q.pk}", "★" if q.favourite else " ", q.archetype, q.text] for q in questions]
