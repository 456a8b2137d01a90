"""Webhook deliveries on the task queue, and `followup.due` each morning.

`deliver` makes one attempt (parting.webhooks.delivery); a failure queues the next one for
later. `followup.due` is periodic work (parting.queue.scheduler): from 07:00 in the seeker's
own time zone, once a day, for each follow-up falling due that day, and only for accounts
with an endpoint that hears it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from parting.core.choices import FollowUpState
from parting.core.domain.types import User
from parting.core.models import FollowUp
from parting.webhooks import delivery, outbox
from parting.webhooks.models import Delivery, Endpoint

KEEP = dt.timedelta(days=30)


@task()
def deliver(delivery_id: int) -> dict[str, Any]:
    """One attempt of one delivery."""
    return delivery.attempt(delivery_id)


def due_listeners() -> list[tuple[int, str]]:
    """(account id, time zone) of each account with an enabled endpoint hearing followup.due."""
    rows = (
        Endpoint.objects.filter(enabled=True, events__contains="followup.due")
        .filter(Q(owner__is_active=True))
        .values_list("owner_id", "owner__parting_profile__timezone")
        .order_by("owner_id")
        .distinct()
    )
    return [(pk, zone or "UTC") for pk, zone in rows]


def announce_due(user: User, day: dt.date) -> dict[str, Any]:
    """`followup.due` for each open follow-up due on `day` (the seeker's today)."""
    pks = list(
        FollowUp.objects.filter(
            owner=user, due_on=day, status__in=(FollowUpState.OPEN, FollowUpState.SNOOZED)
        ).values_list("pk", flat=True)
    )
    made = outbox.announce(user.pk, "followup.due", *pks)
    return {"follow_ups": len(pks), "deliveries": len(made)}


def forget_old() -> int:
    """Finished deliveries older than 30 days go (each endpoint lists its recent ones)."""
    cutoff = timezone.now() - KEEP
    old = Delivery.objects.filter(
        status__in=(Delivery.Status.DELIVERED, Delivery.Status.FAILED), created_at__lt=cutoff
    )
    return old.delete()[0]
