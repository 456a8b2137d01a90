"""The body of each event: Standard Webhooks' `type`, `timestamp` and `data`, where `data` is
the object exactly as the API returns it (parting.api.schemas)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import orjson
from django.db.models import Model

from parting.core.models import Ask, Conversation, FollowUp, Lead

# Each event's record, and the API's function that shows it.
SHAPES: dict[str, tuple[type[Model], str]] = {
    "conversation.logged": (Conversation, "conversation_out"),
    "ask.recorded": (Ask, "ask_out"),
    "lead.created": (Lead, "lead_out"),
    "lead.updated": (Lead, "lead_out"),
    "followup.created": (FollowUp, "followup_out"),
    "followup.due": (FollowUp, "followup_out"),
    "followup.done": (FollowUp, "followup_out"),
}


def data_of(event: str, row: Model) -> dict[str, Any]:
    from parting.api import schemas

    return getattr(schemas, SHAPES[event][1])(row)


def load(event: str, owner_id: int, pks: Iterable[int]) -> list[Model]:
    """The event's records as they are now (those deleted since are left out), by id."""
    model = SHAPES[event][0]
    return list(model._default_manager.filter(owner_id=owner_id, pk__in=list(pks)).order_by("pk"))


def body(event: str, data: dict[str, Any], at: dt.datetime) -> str:
    stamp = at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return orjson.dumps({"type": event, "timestamp": stamp, "data": data}).decode()
