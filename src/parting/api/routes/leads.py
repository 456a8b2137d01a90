"""Leads and follow-ups."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parting.api import schemas
from parting.api.paging import check_date, check_if_match, listed, page_schema
from parting.api.problems import ERRORS, WRITE_ERRORS, ApiProblem
from parting.api.routes.common import (
    LONG,
    SHORT,
    Day,
    In,
    ListQuery,
    answer,
    caller,
    given,
    owned,
)
from parting.core.choices import FollowUpKind, FollowUpState, LeadStatus, Permission
from parting.core.domain import followups, leads, question_bank
from parting.core.domain.leads import LeadInput
from parting.core.models import Contact, Conversation, FollowUp, Lead

router = Router(tags=["leads"])

LeadPage = page_schema("Lead", schemas.LeadOut)
FollowUpPage = page_schema("FollowUp", schemas.FollowUpOut)


def _row(request: HttpRequest, rows: Any, pk: int | None, what: str, field: str) -> Any:
    if pk is None:
        return None
    try:
        return owned(rows, request, pk, what)
    except ApiProblem as exc:
        exc.field = field
        raise


def _leads(request: HttpRequest) -> Any:
    return Lead.objects.for_user(caller(request)).select_related("contact", "company", "referrer")


def _lead(request: HttpRequest, pk: int) -> Lead:
    found: Lead = owned(_leads(request), request, pk, "lead")
    return found


# -- leads --------------------------------------------------------------------------------


class LeadQuery(ListQuery):
    status: LeadStatus | None = None
    permission: Permission | None = None
    referrer_id: int | None = None
    since: Day | None = Field(None, description="created on or after this day (UTC)")
    until: Day | None = Field(None, description="created on or before this day (UTC)")


class LeadIn(In):
    referrer_id: int
    name: str = Field("", max_length=SHORT, description="the person; or give only a company")
    company: str = Field("", max_length=SHORT)
    conversation_id: int | None = Field(
        None, description="records the ask (gave_lead) when that conversation has none (R2)"
    )
    question_id: int | None = None
    permission: Permission = Permission.NOT_ASKED
    thanked: bool = False
    note: str = Field("", max_length=LONG)


class LeadPatch(In):
    status: LeadStatus | None = None
    permission: Permission | None = None
    thanked: bool | None = None
    note: str | None = Field(None, max_length=LONG)


class LeadResult(Schema):
    lead: schemas.LeadOut
    known: bool = Field(..., description="the referrer had suggested this person before (R3)")
    followups: list[schemas.FollowUpOut]


@router.get("/leads", response={200: LeadPage, **ERRORS}, summary="List leads")
def list_leads(request: HttpRequest, q: Query[LeadQuery]) -> HttpResponse:
    filters = {
        "status": "status", "permission": "permission", "referrer_id": "referrer_id",
        "since": "created_at__date__gte", "until": "created_at__date__lte",
    }  # fmt: skip
    return listed("lead", _leads(request), schemas.lead_out, q, filters)


@router.post(
    "/leads", response={201: LeadResult, 200: LeadResult, **WRITE_ERRORS}, summary="Add a lead"
)
def add_lead(request: HttpRequest, data: LeadIn) -> Status:
    """A person the referrer suggested before is recognised (200, `known: true`), not added."""
    user = caller(request)
    with transaction.atomic():
        referrer = _row(request, Contact.objects, data.referrer_id, "contact", "referrer_id")
        convo = _row(
            request, Conversation.objects, data.conversation_id, "conversation", "conversation_id"
        )
        question = None
        if data.question_id is not None:
            try:
                question = question_bank.get_question(user, data.question_id)
            except Exception as exc:
                raise ApiProblem(
                    404, "not_found", f"no question #{data.question_id}", "question_id"
                ) from exc
        captured = leads.add_lead(
            user,
            referrer,
            LeadInput(
                name=data.name,
                company=data.company,
                note=data.note,
                permission=data.permission.value,
                thanked=data.thanked,
            ),
            conversation=convo,
            question=question,
        )
    lead = _lead(request, captured.lead.pk)
    opened = sorted(captured.followups, key=lambda f: (f.due_on, f.pk))
    result = {
        "lead": schemas.lead_out(lead),
        "known": not captured.leads,
        "followups": [schemas.followup_out(f) for f in opened],
    }
    return Status(200 if not captured.leads else 201, result)


@router.get("/leads/{id}", response={200: schemas.LeadOut, **ERRORS}, summary="One lead")
def get_lead(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    return answer(response, schemas.lead_out(_lead(request, id)))


@router.patch(
    "/leads/{id}", response={200: schemas.LeadOut, **WRITE_ERRORS}, summary="Move a lead along"
)
def patch_lead(
    request: HttpRequest, id: int, data: LeadPatch, response: HttpResponse
) -> dict[str, Any]:
    """Contacting closes the contact-lead follow-up; the cadence (R6) and close-the-loop
    (R8) follow, as on the web and in the CLI."""
    lead = _lead(request, id)
    check_if_match(request, schemas.lead_out(lead))
    leads.update_lead(
        caller(request),
        lead,
        status=data.status.value if data.status else None,
        permission=data.permission.value if data.permission else None,
        thanked=data.thanked,
        note=data.note,
    )
    return answer(response, schemas.lead_out(_lead(request, id)))


# -- follow-ups ---------------------------------------------------------------------------


class FollowUpQuery(ListQuery):
    status: FollowUpState | None = None
    kind: FollowUpKind | None = None
    lead_id: int | None = None
    contact_id: int | None = None
    due_after: Day | None = Field(None, description="due on or after this day")
    due_before: Day | None = Field(None, description="due on or before this day")


class FollowUpIn(In):
    title: str = Field(..., min_length=1, max_length=300)
    contact_id: int | None = None
    lead_id: int | None = None
    due_on: Day | None = Field(None, description="default: today")


class FollowUpPatch(In):
    title: str | None = Field(None, min_length=1, max_length=300)
    due_on: Day | None = None
    status: FollowUpState | None = Field(
        None, description="done, or open to undo a done (snooze with /snooze)"
    )


class SnoozeIn(In):
    days: int | None = Field(None, ge=1, le=366)
    until: Day | None = None


def _followups(request: HttpRequest) -> Any:
    return FollowUp.objects.for_user(caller(request)).select_related(
        "contact", "lead__contact", "lead__company"
    )


def _followup(request: HttpRequest, pk: int) -> FollowUp:
    found: FollowUp = owned(_followups(request), request, pk, "follow-up")
    return found


@router.get(
    "/followups",
    response={200: FollowUpPage, **ERRORS},
    summary="List follow-ups",
    tags=["follow-ups"],
)
def list_followups(request: HttpRequest, q: Query[FollowUpQuery]) -> HttpResponse:
    filters = {
        "status": "status", "kind": "kind", "lead_id": "lead_id", "contact_id": "contact_id",
        "due_after": "due_on__gte", "due_before": "due_on__lte",
    }  # fmt: skip
    return listed("followup", _followups(request), schemas.followup_out, q, filters)


@router.post(
    "/followups",
    response={201: schemas.FollowUpOut, **WRITE_ERRORS},
    summary="Add a custom follow-up",
    tags=["follow-ups"],
)
def add_followup(request: HttpRequest, data: FollowUpIn, response: HttpResponse) -> Status:
    check_date(data.due_on, "due_on")
    contact = _row(request, Contact.objects, data.contact_id, "contact", "contact_id")
    lead = _row(request, Lead.objects, data.lead_id, "lead", "lead_id")
    item = followups.add_followup(
        caller(request), data.title, contact=contact, lead=lead, on=data.due_on
    )
    return Status(201, answer(response, schemas.followup_out(_followup(request, item.pk))))


@router.get(
    "/followups/{id}",
    response={200: schemas.FollowUpOut, **ERRORS},
    summary="One follow-up",
    tags=["follow-ups"],
)
def get_followup(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    return answer(response, schemas.followup_out(_followup(request, id)))


@router.patch(
    "/followups/{id}",
    response={200: schemas.FollowUpOut, **WRITE_ERRORS},
    summary="Retitle, move, tick done or reopen a follow-up",
    tags=["follow-ups"],
)
def patch_followup(
    request: HttpRequest, id: int, data: FollowUpPatch, response: HttpResponse
) -> dict[str, Any]:
    user = caller(request)
    item = _followup(request, id)
    check_if_match(request, schemas.followup_out(item))
    fields = given(data)
    check_date(data.due_on, "due_on")
    if data.status == FollowUpState.SNOOZED:
        raise ApiProblem(422, "use_snooze", "snooze with POST /followups/{id}/snooze", "status")
    with transaction.atomic():
        if "title" in fields or "due_on" in fields:
            followups.update_followup(user, item, title=data.title, due_on=data.due_on)
        if data.status == FollowUpState.DONE:
            followups.mark_done(user, item)
        elif data.status == FollowUpState.OPEN and item.status == FollowUpState.DONE:
            followups.reopen(user, item)
    return answer(response, schemas.followup_out(_followup(request, id)))


@router.post(
    "/followups/{id}/done",
    response={200: schemas.FollowUpOut, **WRITE_ERRORS},
    summary="Tick a follow-up done",
    tags=["follow-ups"],
)
def done_followup(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    item = _followup(request, id)
    check_if_match(request, schemas.followup_out(item))
    followups.mark_done(caller(request), item)
    return answer(response, schemas.followup_out(_followup(request, id)))


@router.post(
    "/followups/{id}/snooze",
    response={200: schemas.FollowUpOut, **WRITE_ERRORS},
    summary="Snooze a follow-up by days or to a day",
    tags=["follow-ups"],
)
def snooze_followup(
    request: HttpRequest, id: int, data: SnoozeIn, response: HttpResponse
) -> dict[str, Any]:
    item = _followup(request, id)
    check_if_match(request, schemas.followup_out(item))
    if (data.days is None) == (data.until is None):
        raise ApiProblem(422, "days_or_until", "give days or until, one of them", "days")
    if data.days is not None:
        followups.snooze(caller(request), item, data.days)
    else:
        check_date(data.until, "until")
        assert data.until is not None
        followups.snooze_until(caller(request), item, data.until)
    return answer(response, schemas.followup_out(_followup(request, id)))
