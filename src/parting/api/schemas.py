"""What the API returns, as plain JSON-ready dicts, and their OpenAPI schemas.

One function per object (`contact_out`, `lead_out`, ...) builds the dict exactly as the API
answers it; webhooks send the same dicts. Each dict carries `id`, `created_at` and
`updated_at`, and the words of DESIGN.md, as the CLI's `--json` does (parting.data.serialize),
so a script reading either sees one shape. Times are ISO 8601 strings in UTC.

The `*Out` schema classes describe the same dicts for the OpenAPI description; a test holds
each class's fields equal to its function's keys.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

from parting.core.domain import calls
from parting.core.models import (
    Ask,
    Company,
    Contact,
    Conversation,
    FollowUp,
    Lead,
    Opening,
    Question,
)
from parting.data import serialize

PREFIX = "/api/v1"


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _stamps(obj: Any) -> dict[str, Any]:
    return {"created_at": _when(obj.created_at), "updated_at": _when(obj.updated_at)}


# -- the dicts ---------------------------------------------------------------------------


def company_out(obj: Company) -> dict[str, Any]:
    """Needs `parent` loaded (select_related) for lists."""
    return {**serialize.company(obj), "website": obj.website, "notes": obj.notes, **_stamps(obj)}


def contacts_shown(rows: QuerySet[Contact]) -> QuerySet[Contact]:
    """Contacts with what `contact_out` reads and no more (of the company, its name): a page
    of 100 builds in about half the time."""
    own = [f.name for f in Contact._meta.concrete_fields if f.name not in ("company", "owner")]
    return rows.select_related("company").only(*own, "company__name")


def contact_out(obj: Contact) -> dict[str, Any]:
    """Needs `company` loaded for lists."""
    return {
        **serialize.contact(obj),
        "connected_on": _when(obj.connected_on),
        "notes": obj.notes,
        **_stamps(obj),
    }


def opening_out(obj: Opening) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "company_id": obj.company_id,
        "company": obj.company.name,
        "title": obj.title,
        "link": obj.link,
        "stage": obj.stage,
        "applied_on": _when(obj.applied_on),
        "notes": obj.notes,
        **_stamps(obj),
    }


def conversation_out(obj: Conversation) -> dict[str, Any]:
    """R1: a rejection without an ask carries `needs_ask: true` and where to record it.
    Reads the `needs_ask` annotation (calls.with_ask_flags) when there is one."""
    flag = getattr(obj, "needs_ask", None)
    pending = bool(calls.needs_ask(obj) if flag is None else flag)
    return {
        **serialize.conversation(obj),
        "needs_ask": pending,
        "ask_url": f"{PREFIX}/conversations/{obj.pk}/asks" if pending else None,
        **_stamps(obj),
    }


def question_out(obj: Question) -> dict[str, Any]:
    return {**serialize.question(obj), **_stamps(obj)}


def ask_out(obj: Ask) -> dict[str, Any]:
    """Needs `conversation__contact` and `question` loaded for lists."""
    return {**serialize.ask(obj), **_stamps(obj)}


def lead_out(obj: Lead) -> dict[str, Any]:
    """Needs `contact`, `company` and `referrer` loaded for lists."""
    return {
        **serialize.lead(obj),
        "contacted_at": _when(obj.contacted_at),
        "replied_at": _when(obj.replied_at),
        **_stamps(obj),
    }


def followup_out(obj: FollowUp) -> dict[str, Any]:
    """Needs `contact` and `lead__contact`, `lead__company` loaded for lists."""
    return {**serialize.followup(obj), "note": obj.note, **_stamps(obj)}


# -- their schemas -----------------------------------------------------------------------


def _format(fmt: str, default: Any = ...) -> Any:
    """A string field whose OpenAPI format is `fmt` (date-time, date)."""
    return Field(default, json_schema_extra={"format": fmt})


class Stamped(Schema):
    id: int
    created_at: str = _format("date-time")
    updated_at: str = _format("date-time")


class CompanyOut(Stamped):
    name: str
    parent_id: int | None
    parent: str | None
    industry: str
    website: str
    notes: str


class ContactOut(Stamped):
    name: str
    company_id: int | None
    company: str | None
    title: str
    role: str
    email: str
    phone: str
    phone_ext: str
    linkedin_url: str
    source: str
    holds_my_number: bool
    connected_on: str | None = _format("date", None)
    notes: str


class OpeningOut(Stamped):
    company_id: int
    company: str
    title: str
    link: str
    stage: str
    applied_on: str | None = _format("date", None)
    notes: str


class ConversationOut(Stamped):
    contact_id: int
    contact: str
    company_id: int | None
    company: str | None
    opening_id: int | None
    opening: str | None
    kind: str
    channel: str
    at: str = _format("date-time")
    outcome: str
    note: str
    needs_ask: bool
    ask_url: str | None


class QuestionOut(Stamped):
    text: str
    archetype: str
    favourite: bool
    position: int


class AskOut(Stamped):
    conversation_id: int
    contact_id: int
    contact: str
    question_id: int | None
    archetype: str | None
    response: str


class LeadOut(Stamped):
    name: str
    contact_id: int | None
    contact: str | None
    company_id: int | None
    company: str | None
    referrer_id: int
    referrer: str
    conversation_id: int | None
    ask_id: int | None
    callback_of_id: int | None
    permission: str
    thanked: bool
    thanked_at: str | None = _format("date-time", None)
    status: str
    note: str
    contacted_at: str | None = _format("date-time", None)
    replied_at: str | None = _format("date-time", None)


class FollowUpOut(Stamped):
    kind: str
    title: str
    due_on: str = _format("date")
    status: str
    contact_id: int | None
    contact: str | None
    lead_id: int | None
    lead: str | None
    conversation_id: int | None
    done_at: str | None = _format("date-time", None)
    note: str


# Which schema describes which function's dicts (checked by a test).
SHAPES: dict[str, tuple[Any, type[Schema]]] = {
    "company": (company_out, CompanyOut),
    "contact": (contact_out, ContactOut),
    "opening": (opening_out, OpeningOut),
    "conversation": (conversation_out, ConversationOut),
    "question": (question_out, QuestionOut),
    "ask": (ask_out, AskOut),
    "lead": (lead_out, LeadOut),
    "followup": (followup_out, FollowUpOut),
}
