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
    for pk in pks:
        transaction.on_commit(partial(_announce, owner_id, event, pk), robust=True)


def _announce(owner_id: int, event: str, pk: int) -> None:
    from parting.webhooks import outbox  # the webhooks app reads the domain's models

    outbox.announce(owner_id, event, pk)
