"""Giving the network back: CSV (contacts, leads, conversations, zipped), vCard 3.0 and JSON."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from parting.core.choices import ActivityKind
from parting.core.domain import activity
from parting.core.models import (
    Company,
    Contact,
    ContactPoint,
    Conversation,
    FollowUp,
    Lead,
    Question,
)
from parting.data import serialize

# Fullwidth ＝ ＋ － ＠ too: LibreOffice Calc 7.4 keeps them as text, but spreadsheets with
# East Asian input turn fullwidth operators typed at a cell's start into a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMATS = ("csv", "vcard", "json")
SUFFIX = {"csv": "zip", "vcard": "vcf", "json": "json"}


def safe_cell(value: Any) -> str:
    """A spreadsheet must not run a cell as a formula: prefix those with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _contacts(user: Any) -> list[Contact]:
    return list(Contact.objects.for_user(user).select_related("company").order_by("name", "id"))


def reach(user: Any) -> dict[int, dict[str, list[str]]]:
    """Every email, phone and web address per contact id, primary first, without repeats."""
    found: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c in Contact.objects.for_user(user).values_list("id", "email", "phone", "linkedin_url"):
        for kind, value in zip(("email", "phone", "url"), c[1:], strict=True):
            if value:
                found[c[0]][kind].append(value)
    points = ContactPoint.objects.for_user(user).order_by("id")
    for contact_id, kind, value in points.values_list("contact_id", "kind", "value"):
        known = [v.lower() for v in found[contact_id][kind]]
        if value.lower() not in known:
            found[contact_id][kind].append(value)
    return found


def table(rows: Iterable[Sequence[Any]], header: Sequence[str]) -> str:
    """CSV text with a header; every cell formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()


def contacts_csv(user: Any) -> str:
    points = reach(user)
    header = ["id", "name", "company", "title", "role", "emails", "phones", "linkedin_url"]
    header += ["connected_on", "source", "notes"]
    rows = (
        [
            c.pk, c.name, c.company.name if c.company else "", c.title, c.role,
            "; ".join(points[c.pk]["email"]), "; ".join(points[c.pk]["phone"]), c.linkedin_url,
            c.connected_on or "", c.source, c.notes,
        ]
        for c in _contacts(user)
    )  # fmt: skip
    return table(rows, header)


def leads_csv(user: Any) -> str:
    leads = Lead.objects.for_user(user).select_related("contact", "company", "referrer")
    header = ["id", "name", "company", "referrer", "permission", "status", "thanked_at"]
    header += ["created_at", "note"]
    rows = (
        [
            x.pk, x.name, x.company.name if x.company else "", x.referrer.name, x.permission,
            x.status, x.thanked_at or "", x.created_at, x.note,
        ]
        for x in leads.order_by("created_at", "id")
    )  # fmt: skip
    return table(rows, header)


def conversations_csv(user: Any) -> str:
    talks = Conversation.objects.for_user(user).select_related("contact", "company", "opening")
    header = ["id", "at", "contact", "company", "opening", "kind", "channel", "outcome", "note"]
    rows = (
        [
            t.pk, t.at, t.contact.name, t.company.name if t.company else "",
            t.opening.title if t.opening else "", t.kind, t.channel, t.outcome, t.note,
        ]
        for t in talks.order_by("at", "id")
    )  # fmt: skip
    return table(rows, header)


# What a caseload row holds, in order: counts and the reasons in words, never a name
# from inside the seeker's account.
CASELOAD_COLUMNS = [
    "seeker", "email", "scope", "urgency", "why", "rejections_without_question",
    "overdue_followups", "due_followups", "quiet_leads", "days_since_activity",
    "ask_rate_week", "ask_rate_4_weeks",
]  # fmt: skip


def caseload_csv(rows: Iterable[Any]) -> str:
    """A coach's caseload (domain.caseload rows), most urgent first."""
    records = (row.as_dict() for row in rows)
    return table(([r[c] for c in CASELOAD_COLUMNS] for r in records), CASELOAD_COLUMNS)


def csv_zip(user: Any) -> bytes:
    """contacts.csv, leads.csv and conversations.csv in one ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("contacts.csv", "\ufeff" + contacts_csv(user))
        archive.writestr("leads.csv", "\ufeff" + leads_csv(user))
        archive.writestr("conversations.csv", "\ufeff" + conversations_csv(user))
    return out.getvalue()


# -- vCard 3.0 -------------------------------------------------------------------------


def escape(text: str) -> str:
    """vCard 3.0 TEXT escaping."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")  # a lone CR ends a line for many readers: it must not
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def card(contact: Contact, points: dict[str, list[str]]) -> str:
    words = contact.name.split()
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (contact.name, "")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{escape(family)};{escape(given)};;;"]
    lines.append(f"FN:{escape(contact.name)}")
    if contact.company:
        lines.append(f"ORG:{escape(contact.company.name)}")
    if contact.title:
        lines.append(f"TITLE:{escape(contact.title)}")
    lines += [f"EMAIL;TYPE=INTERNET:{escape(v)}" for v in points.get("email", [])]
    lines += [f"TEL:{escape(v)}" for v in points.get("phone", [])]
    lines += [f"URL:{escape(v)}" for v in points.get("url", [])]
    if contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def vcards(user: Any) -> str:
    points = reach(user)
    return "".join(card(c, points[c.pk]) for c in _contacts(user))


# -- JSON ------------------------------------------------------------------------------


def everything(user: Any) -> dict[str, Any]:
    """The account as JSON, with the DESIGN.md words the CLI's --json uses."""
    points = reach(user)
    contacts = []
    for c in _contacts(user):
        data = serialize.contact(c)
        data.update(
            emails=points[c.pk]["email"],
            phones=points[c.pk]["phone"],
            urls=points[c.pk]["url"],
            connected_on=c.connected_on,
            notes=c.notes,
        )
        contacts.append(data)
    owned = {
        "companies": Company.objects.for_user(user).select_related("parent"),
        "conversations": Conversation.objects.for_user(user).select_related(
            "contact", "company", "opening"
        ),
        "leads": Lead.objects.for_user(user).select_related("contact", "company", "referrer"),
        "followups": FollowUp.objects.for_user(user).select_related(
            "contact", "lead__contact", "lead__company"
        ),
        "questions": Question.objects.for_user(user),
    }
    shapes = {
        "companies": serialize.company,
        "conversations": serialize.conversation,
        "leads": serialize.lead,
        "followups": serialize.followup,
        "questions": serialize.question,
    }
    out: dict[str, Any] = {"contacts": contacts}
    for key, rows in owned.items():
        out[key] = [shapes[key](row) for row in rows.order_by("id")]  # type: ignore[operator]
    return out


def everything_json(user: Any) -> str:
    return json.dumps(everything(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def export(user: Any, fmt: str) -> bytes:
    """The export in `fmt` (csv: a ZIP of three files; vcard; json) as bytes, noted in the
    account's activity."""
    if fmt == "csv":
        data = csv_zip(user)
    elif fmt == "vcard":
        data = vcards(user).encode("utf-8")
    else:
        data = everything_json(user).encode("utf-8")
    activity.record(user, ActivityKind.EXPORT, f"{fmt} export")
    return data
