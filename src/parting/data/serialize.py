"""Records as plain dicts for JSON (CLI `--json`, later the web API), keyed by DESIGN.md words.

A record that points at a contact carries the contact's name next to its id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from parting.core.models import (
    Ask,
    Company,
    Contact,
    Conversation,
    FollowUp,
    Lead,
    Question,
)


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _name(obj: Any) -> str | None:
    return obj.name if obj is not None else None


def user(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "email": obj.email}


def company(obj: Company) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "name": obj.name,
        "parent_id": obj.parent_id,
        "parent": _name(obj.parent),
        "industry": obj.industry,
    }


def contact(obj: Contact) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "name": obj.name,
        "company_id": obj.company_id,
        "company": _name(obj.company),
        "title": obj.title,
        "role": obj.role,
        "email": obj.email,
        "phone": obj.phone,
        "phone_ext": obj.phone_ext,
        "linkedin_url": obj.linkedin_url,
        "source": obj.source,
        "holds_my_number": obj.holds_my_number,
    }


def conversation(obj: Conversation) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "contact_id": obj.contact_id,
        "contact": obj.contact.name,
        "company_id": obj.company_id,
        "company": _name(obj.company),
        "opening_id": obj.opening_id,
        "opening": obj.opening.title if obj.opening else None,
        "kind": obj.kind,
        "channel": obj.channel,
        "at": _when(obj.at),
        "outcome": obj.outcome,
        "note": obj.note,
    }


def question(obj: Question) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "text": obj.text,
        "archetype": obj.archetype,
        "favourite": obj.favourite,
        "position": obj.position,
    }


def ask(obj: Ask) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "conversation_id": obj.conversation_id,
        "contact_id": obj.conversation.contact_id,
        "contact": obj.conversation.contact.name,
        "question_id": obj.question_id,
        "archetype": obj.question.archetype if obj.question else None,
        "response": obj.response,
    }


def lead(obj: Lead) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "name": obj.name,
        "contact_id": obj.contact_id,
        "contact": _name(obj.contact),
        "company_id": obj.company_id,
        "company": _name(obj.company),
        "referrer_id": obj.referrer_id,
        "referrer": obj.referrer.name,
        "conversation_id": obj.conversation_id,
        "ask_id": obj.ask_id,
        "callback_of_id": obj.callback_of_id,
        "permission": obj.permission,
        "thanked": obj.thanked_at is not None,
        "thanked_at": _when(obj.thanked_at),
        "status": obj.status,
        "note": obj.note,
        "created_at": _when(obj.created_at),
    }


def followup(obj: FollowUp, today: dt.date | None = None) -> dict[str, Any]:
    """With `today`, also says whether the follow-up is overdue."""
    data = {
        "id": obj.pk,
        "kind": obj.kind,
        "title": obj.title,
        "due_on": _when(obj.due_on),
        "status": obj.status,
        "contact_id": obj.contact_id,
        "contact": _name(obj.contact),
        "lead_id": obj.lead_id,
        "lead": obj.lead.name if obj.lead else None,
        "conversation_id": obj.conversation_id,
        "done_at": _when(obj.done_at),
    }
    if today is not None:
        data["overdue"] = obj.is_open and obj.due_on < today
    return data
