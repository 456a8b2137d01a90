"""Reading each connected mailbox every few minutes, as periodic work
(parting.queue.scheduler): one task per mailbox per slot, never two at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django_tasks import task

from parting.core.domain import mailbox
from parting.core.domain.errors import DomainError
from parting.core.domain.types import User
from parting.core.models import Mailbox


def on() -> bool:
    """Off when an operator turned mailbox connections off for the site."""
    return mailbox.connections_allowed()


def mailboxes() -> Iterator[tuple[int, None]]:
    """Every account with a mailbox; slots follow the site's clock (UTC)."""
    for pk in Mailbox.objects.values_list("owner_id", flat=True).order_by("owner_id"):
        yield pk, None


def fetch(user: User, day: dt.date | None = None) -> dict[str, Any]:
    """One fetch. A server that fails is kept as the mailbox's status (Settings → Mail) and
    waits for the next slot; it does not fail the task."""
    from parting.inbound import service

    try:
        tally = service.fetch(user)
    except DomainError as exc:
        return {"fetched": False, "why": exc.message}
    return {"fetched": True, "read": tally.read, "logged": tally.logged}


@task()
def fetch_now(user_id: int) -> dict[str, Any]:
    """`Fetch now` from Settings → Mail: one fetch on a worker."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return {"fetched": False, "why": "no such account"}
    return fetch(user)
