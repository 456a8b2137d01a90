"""Webhook endpoints: list, add (its signing secret answered once), show, enable or
disable, delete, and an endpoint's recent deliveries, through `domain.webhooks` as the CLI
and Settings → Webhooks do (R9: only the caller's own; anyone else's is a 404)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parting.api.paging import check_if_match, listed, page_schema
from parting.api.problems import ERRORS, WRITE_ERRORS
from parting.api.routes.common import In, ListQuery, Strict, answer, caller, owned
from parting.core.domain import webhooks
from parting.webhooks.models import EVENTS, Delivery, Endpoint
from parting.webhooks.targets import MAX_URL

router = Router(tags=["webhooks"])

Event = Literal[EVENTS]  # type: ignore[valid-type]


class EndpointOut(Schema):
    id: int
    url: str
    events: list[str]
    enabled: bool
    disabled_by_failure: bool = Field(..., description="stopped after 3 days of failures")
    failing_since: str | None = Field(None, json_schema_extra={"format": "date-time"})
    disabled_at: str | None = Field(None, json_schema_extra={"format": "date-time"})
    created_at: str = Field(..., json_schema_extra={"format": "date-time"})
    updated_at: str = Field(..., json_schema_extra={"format": "date-time"})


class NewEndpointOut(EndpointOut):
    secret: str = Field(..., description="whsec_…: shown only in this answer; keep it to check")


class DeliveryOut(Schema):
    id: int
    endpoint_id: int
    event: str
    message_id: str = Field(..., description="the webhook-id header, the same on every attempt")
    status: str
    attempts: int
    response_code: int | None
    error: str
    created_at: str = Field(..., json_schema_extra={"format": "date-time"})
    updated_at: str = Field(..., json_schema_extra={"format": "date-time"})
    last_attempt_at: str | None = Field(None, json_schema_extra={"format": "date-time"})
    next_attempt_at: str | None = Field(None, json_schema_extra={"format": "date-time"})


class DeliveriesOut(Schema):
    items: list[DeliveryOut]


EndpointPage = page_schema("Endpoint", EndpointOut)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def endpoint_out(endpoint: Endpoint) -> dict[str, Any]:
    return {
        "id": endpoint.pk,
        "url": endpoint.url,
        "events": endpoint.event_list,
        "enabled": endpoint.enabled,
        "disabled_by_failure": endpoint.disabled_by_failure,
        "failing_since": _when(endpoint.failing_since),
        "disabled_at": _when(endpoint.disabled_at),
        "created_at": _when(endpoint.created_at),
        "updated_at": _when(endpoint.updated_at),
    }


def delivery_out(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "endpoint_id": delivery.endpoint_id,
        "event": delivery.event,
        "message_id": delivery.message_id,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "response_code": delivery.response_code,
        "error": delivery.error,
        "created_at": _when(delivery.created_at),
        "updated_at": _when(delivery.updated_at),
        "last_attempt_at": _when(delivery.last_attempt_at),
        "next_attempt_at": _when(delivery.next_attempt_at),
    }


class EndpointQuery(ListQuery):
    enabled: bool | None = None


class EndpointIn(In):
    url: str = Field(..., min_length=1, max_length=MAX_URL, description="https://… (or http://)")
    events: list[Event] = Field(..., min_length=1, max_length=len(EVENTS))


class EndpointPatch(In):
    enabled: bool = Field(..., description="false stops deliveries; true resumes them")


class DeliveryQuery(Strict):
    limit: int = Field(webhooks.RECENT, ge=1, le=100)


def _endpoint(request: HttpRequest, pk: int) -> Endpoint:
    found: Endpoint = owned(Endpoint.objects, request, pk, "webhook endpoint")
    return found


@router.get("/webhooks", response={200: EndpointPage, **ERRORS}, summary="List webhook endpoints")
def list_endpoints(request: HttpRequest, q: Query[EndpointQuery]) -> HttpResponse:
    rows = webhooks.endpoints(caller(request))
    return listed("webhook", rows, endpoint_out, q, {"enabled": "enabled"})


@router.post(
    "/webhooks",
    response={201: NewEndpointOut, **WRITE_ERRORS},
    summary="Add a webhook endpoint (its secret is answered once)",
)
def add_endpoint(request: HttpRequest, data: EndpointIn, response: HttpResponse) -> Status:
    """On a hosted install the URL must resolve to public addresses only (422 otherwise)."""
    endpoint = webhooks.add_endpoint(caller(request), data.url, data.events)
    return Status(201, {**answer(response, endpoint_out(endpoint)), "secret": endpoint.secret})


@router.get("/webhooks/{id}", response={200: EndpointOut, **ERRORS}, summary="One webhook endpoint")
def get_endpoint(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    return answer(response, endpoint_out(_endpoint(request, id)))


@router.patch(
    "/webhooks/{id}",
    response={200: EndpointOut, **WRITE_ERRORS},
    summary="Enable or disable a webhook endpoint",
)
def patch_endpoint(
    request: HttpRequest, id: int, data: EndpointPatch, response: HttpResponse
) -> dict[str, Any]:
    """Enabling again forgets its failures; deliveries that gave up are not sent again."""
    endpoint = _endpoint(request, id)
    check_if_match(request, endpoint_out(endpoint))
    endpoint = webhooks.set_enabled(caller(request), endpoint, data.enabled)
    return answer(response, endpoint_out(endpoint))


@router.delete(
    "/webhooks/{id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a webhook endpoint and its deliveries",
)
def delete_endpoint(request: HttpRequest, id: int) -> Status:
    endpoint = _endpoint(request, id)
    check_if_match(request, endpoint_out(endpoint))
    webhooks.remove_endpoint(caller(request), endpoint)
    return Status(204, None)


@router.get(
    "/webhooks/{id}/deliveries",
    response={200: DeliveriesOut, **ERRORS},
    summary="A webhook endpoint's recent deliveries, newest first",
)
def list_deliveries(request: HttpRequest, id: int, q: Query[DeliveryQuery]) -> dict[str, Any]:
    endpoint = _endpoint(request, id)
    rows = webhooks.deliveries(caller(request), endpoint, limit=q.limit)
    return {"items": [delivery_out(d) for d in rows]}
