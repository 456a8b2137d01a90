"""A seeker's webhook endpoints: add (the secret is shown once), list, enable or disable,
test, remove, and what was delivered to each. Every door calls these (R9: only one's own)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from parting.core.domain.bounds import is_number, parse_id
from parting.core.domain.errors import Checks, Conflict, Invalid, NotFound
from parting.core.domain.types import User
from parting.webhooks import outbox, signing, targets
from parting.webhooks.models import EVENTS, Delivery, Endpoint

MAX_ENDPOINTS = 20
RECENT = 20  # deliveries listed per endpoint


def parse_events(given: str | Iterable[str]) -> list[str]:
    """Known event names, in EVENTS order; "all" (or "*") is every event."""
    names = given.split(",") if isinstance(given, str) else list(given)
    wanted = {n.strip().lower() for n in names if n and n.strip()}
    if wanted & {"all", "*"}:
        return list(EVENTS)
    if not wanted:
        raise Invalid(f"choose at least one event: {', '.join(EVENTS)}", field="events")
    unknown = sorted(wanted - set(EVENTS))
    if unknown:
        use = f"use {', '.join(EVENTS)} or all"
        raise Invalid(
            f"unknown event {unknown[0]!r}: {use}", field="events", plain=f"unknown event: {use}"
        )
    return [e for e in EVENTS if e in wanted]


def add_endpoint(user: User, url: str, events: str | Iterable[str]) -> Endpoint:
    """A new endpoint with a fresh secret (read it from the result now: it is not shown again).
    On a hosted install the URL must resolve to public addresses (SSRF)."""
    checks = Checks()
    with checks:
        chosen = parse_events(events)
    url = (url or "").strip()
    with checks:
        targets.check(url)
    checks.done()
    with transaction.atomic():
        if endpoints(user).count() >= MAX_ENDPOINTS:
            raise Conflict(f"at most {MAX_ENDPOINTS} endpoints: remove one first", field="url")
        return Endpoint.objects.create(
            owner=user, url=url, events=",".join(chosen), secret=signing.new_secret()
        )


def endpoints(user: User) -> QuerySet[Endpoint]:
    return Endpoint.objects.for_user(user).order_by("id")


def own_endpoint(user: User, ref: str | int) -> Endpoint:
    """One of the seeker's endpoints by id, else NotFound (another's is not found either)."""
    text = str(ref).strip()
    if not is_number(text):
        raise Invalid(f"an endpoint is named by its id, not {text!r}", field="endpoint")
    found = endpoints(user).filter(pk=parse_id(text) or 0).first()
    if found is None:
        raise NotFound(f"no webhook endpoint #{text}")
    return found


def set_enabled(user: User, endpoint: Endpoint, enabled: bool) -> Endpoint:
    """Turn an endpoint on or off. On again, its failures are forgotten and Today's notice
    goes; deliveries that gave up are not sent again."""
    endpoint = own_endpoint(user, endpoint.pk)
    endpoint.enabled = enabled
    endpoint.failing_since = None
    endpoint.disabled_by_failure = False
    endpoint.disabled_at = None if enabled else timezone.now()
    endpoint.save()
    return endpoint


def remove_endpoint(user: User, endpoint: Endpoint) -> None:
    """Delete an endpoint and its deliveries; queued attempts find nothing and stop."""
    own_endpoint(user, endpoint.pk).delete()


def deliveries(user: User, endpoint: Endpoint, limit: int = RECENT) -> list[Delivery]:
    """The endpoint's latest deliveries, newest first."""
    rows = Delivery.objects.for_user(user).filter(endpoint_id=own_endpoint(user, endpoint.pk).pk)
    return list(rows.order_by("-created_at", "-id")[:limit])


def send_test(user: User, endpoint: Endpoint, *, wait: bool = False) -> Delivery:
    """A `webhook.test` message to the endpoint, tried once even when it is disabled: queued,
    or with `wait` sent before this returns."""
    return outbox.send_test(own_endpoint(user, endpoint.pk), wait=wait)


def disabled_by_failure(user: User) -> list[Endpoint]:
    """Endpoints the deliveries gave up on, for Today's notice."""
    return list(endpoints(user).filter(enabled=False, disabled_by_failure=True))
