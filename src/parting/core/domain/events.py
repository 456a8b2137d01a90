"""What the domain announces to the seeker's webhooks, once the change is committed.

Every change goes through the domain, so every door (web, CLI, API, the demo) announces the
same events; an event inside a transaction that rolls back is never announced."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction


def emit(event: str, row: Any) -> None:
    """Announce `event` about `row` (a conversation, ask, lead or follow-up) after commit."""
    transaction.on_commit(partial(_announce, row.owner_id, event, row.pk), robust=True)


def emit_many(event: str, owner_id: int, pks: list[int]) -> None:
    """Announce `event` about each of these rows after commit: one look for the owner's
    endpoints and one read of the rows, however many there are."""
    if pks:
        transaction.on_commit(partial(_announce, owner_id, event, *pks), robust=True)


def _announce(owner_id: int, event: str, *pks: int) -> None:
    from parting.webhooks import outbox  # the webhooks app reads the domain's models

    outbox.announce(owner_id, event, *pks)
