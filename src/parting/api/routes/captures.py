"""Captures: a call, its parting question and leads, sent as one object with an id its
sender made (a phone's export, a script), through the same domain function as the offline
call page (domain.captures), so R1–R5 hold and a capture sent twice is recorded once.

One that cannot be recorded (its contact was deleted meanwhile) is kept as a conflict, listed
with why, until it is resolved or discarded."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parting.api.paging import page_schema, paginate
from parting.api.problems import ERRORS, WRITE_ERRORS
from parting.api.routes.calls import LeadGiven
from parting.api.routes.common import LONG, SHORT, In, ListQuery, Moment, caller
from parting.core.choices import Channel, Kind, Outcome, Response
from parting.core.domain import captures
from parting.core.models import Capture

router = Router(tags=["captures"])


# -- what is sent ---------------------------------------------------------------------------


class NewContactIn(In):
    name: str = Field(..., min_length=1, max_length=SHORT)
    company: str = Field("", max_length=SHORT)


class CaptureAskIn(In):
    question: int | None = Field(None, description="the question's id; none: not named")
    response: Response
    leads: list[LeadGiven] = Field(default_factory=list, max_length=captures.MAX_LEADS)


class CaptureIn(In):
    id: uuid.UUID = Field(..., description="made by the sender; the same id is recorded once")
    contact: int | None = Field(None, description="the contact's id (or give new_contact)")
    new_contact: NewContactIn | None = None
    outcome: Outcome
    kind: Kind = Kind.PHONE_SCREEN
    channel: Channel = Channel.PHONE
    at: Moment | None = None
    opening: str = Field("", max_length=SHORT, description="title of the job")
    note: str = Field("", max_length=LONG)
    ask: CaptureAskIn | None = None


class ResolveIn(In):
    contact: int | None = Field(None, description="record it with this contact instead")
    new_contact: NewContactIn | None = Field(None, description="or with a new contact")
    without_question: bool = Field(False, description="record the ask without its question")
    without_ask: bool = Field(False, description="record the call without its ask")


class CaptureQuery(ListQuery):
    state: str | None = Field(None, pattern="^(recorded|conflict)$")


# -- what is answered -----------------------------------------------------------------------


class CaptureContact(Schema):
    id: int
    name: str


class CaptureLead(Schema):
    id: int
    name: str
    permission: str


class CaptureFollowUp(Schema):
    kind: str
    title: str
    due_on: str = Field(..., json_schema_extra={"format": "date"})


class CaptureAsk(Schema):
    id: int
    question_id: int | None
    response: str


class CaptureResult(Schema):
    id: str = Field(..., json_schema_extra={"format": "uuid"})
    state: str
    status: str
    conversation: int | None
    contact: CaptureContact | None = None
    outcome: str | None = None
    needs_ask: bool | None = None
    ask: CaptureAsk | None
    leads: list[CaptureLead] = Field(default_factory=list)
    followups: list[CaptureFollowUp] = Field(default_factory=list)
    known: list[str]


class CaptureOut(Schema):
    id: str = Field(..., json_schema_extra={"format": "uuid"})
    state: str
    conversation: int | None
    contact: CaptureContact | None
    outcome: str | None
    error: str
    code: str
    created_at: str = Field(..., json_schema_extra={"format": "date-time"})
    updated_at: str = Field(..., json_schema_extra={"format": "date-time"})


CapturePage = page_schema("Capture", CaptureOut)


def _answer(capture: Capture, made: bool) -> Status:
    return Status(201 if made else 200, captures.report_sent(capture))


# -- routes ---------------------------------------------------------------------------------


@router.post(
    "/captures",
    response={200: CaptureResult, 201: CaptureResult, **WRITE_ERRORS},
    summary="Send a call captured elsewhere",
)
def send_capture(request: HttpRequest, data: CaptureIn) -> Status:
    """The offline call page's capture: 201 with what it recorded (the conversation, the ask,
    the leads, the follow-ups R3 and R5 opened); 200 with the same answer when that id was
    recorded before. 409 when it cannot be recorded (`contact_missing`, `question_missing`):
    it is kept as a conflict, listed under `state=conflict`, until resolved."""
    capture, made = captures.send(caller(request), data.model_dump(mode="json"))
    return _answer(capture, made)


@router.get("/captures", response={200: CapturePage, **ERRORS}, summary="List captures")
def list_captures(request: HttpRequest, q: Query[CaptureQuery]) -> dict[str, Any]:
    """Every capture sent here, oldest first: `recorded`, or `conflict` with why (`error`,
    `code`)."""
    rows = captures.of_account(caller(request), q.state)
    return paginate(
        "capture",
        rows,
        captures.summary,
        limit=q.limit,
        cursor=q.cursor,
        updated_since=q.updated_since,
    )


@router.post(
    "/captures/{id}/resolve",
    response={200: CaptureResult, 201: CaptureResult, **WRITE_ERRORS},
    summary="Resolve a conflict",
)
def resolve_capture(request: HttpRequest, id: str, data: ResolveIn) -> Status:
    """Send a conflict again, changed as asked: another contact or a new one, without its
    question, or without its ask; with nothing changed, as it was. 201 once recorded; 409
    (and still kept) while it conflicts."""
    new = data.new_contact
    capture, made = captures.resolve(
        caller(request),
        id,
        contact=data.contact,
        new_contact=new.name if new else "",
        new_company=new.company if new else "",
        without_question=data.without_question,
        without_ask=data.without_ask,
    )
    return _answer(capture, made)


@router.delete(
    "/captures/{id}",
    response={204: None, **WRITE_ERRORS},
    summary="Discard a conflict",
)
def discard_capture(request: HttpRequest, id: str, response: HttpResponse) -> Status:
    """Forget a capture kept as a conflict (409 for a recorded one: change its conversation)."""
    captures.discard(caller(request), id)
    return Status(204, None)
