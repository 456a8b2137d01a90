"""Events become deliveries: one per endpoint that hears the event, each queued at once.

The domain calls `announce` after its transaction commits (core.domain.events), so an event
that was rolled back is never sent, and whatever door made the change (web, CLI, API) the
same deliveries follow."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone

from parting.webhooks import delivery, payloads, signing
from parting.webhooks.models import TEST_EVENT, Delivery, Endpoint


def listeners(owner_id: int, event: str) -> list[Endpoint]:
    endpoints = Endpoint.objects.filter(owner_id=owner_id, enabled=True)
    return [e for e in endpoints if e.hears(event)]


def announce(owner_id: int, event: str, *pks: int) -> list[Delivery]:
    """Deliver `event` about each record in `pks` to the owner's endpoints hearing it."""
    endpoints = listeners(owner_id, event) if pks else []
    made: list[Delivery] = []
    for row in payloads.load(event, owner_id, pks) if endpoints else []:
        body = payloads.body(event, payloads.data_of(event, row), timezone.now())
        made += queue(endpoints, event, body)
    return made


def queue(
    endpoints: list[Endpoint], event: str, body: str, *, enqueue: bool = True
) -> list[Delivery]:
    """One delivery per endpoint, each attempted as soon as a worker is free."""
    with transaction.atomic():
        made = Delivery.objects.bulk_create(
            Delivery(
                owner_id=e.owner_id,
                endpoint=e,
                event=event,
                message_id=signing.new_message_id(),
                body=body,
            )
            for e in endpoints
        )
        for row in made if enqueue else []:
            transaction.on_commit(partial(delivery.enqueue, row.pk))
    return made


def send_test(endpoint: Endpoint, *, wait: bool = False) -> Delivery:
    """A `webhook.test` message to one endpoint, enabled or not: queued, or with `wait` sent
    here and now (its one attempt done when this returns)."""
    data = {"endpoint": endpoint.pk, "url": endpoint.url, "message": "a test from Parting"}
    body = payloads.body(TEST_EVENT, data, timezone.now())
    made = queue([endpoint], TEST_EVENT, body, enqueue=not wait)[0]
    if wait:
        delivery.attempt(made.pk)
        made.refresh_from_db()
    return made
