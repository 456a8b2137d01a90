"""Conversations (with R1's `needs_ask`), the asks at their end, and the parting questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from parting.api import schemas
from parting.api.paging import check_if_match, check_time, listed, page_schema
from parting.api.problems import ERRORS, WRITE_ERRORS, ApiProblem
from parting.api.routes.common import (
    LONG,
    SHORT,
    Day,
    In,
    ListQuery,
    Moment,
    answer,
    caller,
    given,
    owned,
)
from parting.core.choices import Archetype, Channel, Kind, Outcome, Permission, Response
from parting.core.domain import calls, question_bank, questions
from parting.core.domain.conversation_update import update_conversation
from parting.core.domain.leads import Captured, LeadInput
from parting.core.models import Ask, Contact, Conversation, Question

router = Router(tags=["conversations"])

ConversationPage = page_schema("Conversation", schemas.ConversationOut)
AskPage = page_schema("Ask", schemas.AskOut)
QuestionPage = page_schema("Question", schemas.QuestionOut)


def _conversations(request: HttpRequest) -> Any:
    rows = Conversation.objects.for_user(caller(request)).select_related(
        "contact", "company", "opening"
    )
    return calls.with_ask_flags(caller(request), rows)


def _conversation(request: HttpRequest, pk: int) -> Conversation:
    found: Conversation = owned(_conversations(request), request, pk, "conversation")
    return found


def _contact(request: HttpRequest, pk: int) -> Contact:
    try:
        found: Contact = owned(Contact.objects.select_related("company"), request, pk, "contact")
    except ApiProblem as exc:
        exc.field = "contact_id"
        raise
    return found


def _aware(value: dt.datetime | None, field: str) -> dt.datetime | None:
    if value is None:
        return None
    check_time(value, field)
    if value.tzinfo is None:
        raise ApiProblem(422, "no_time_zone", f"{field}: give a time zone (Z or +hh:mm)", field)
    return value


# -- conversations ------------------------------------------------------------------------


class ConversationQuery(ListQuery):
    outcome: Outcome | None = None
    kind: Kind | None = None
    contact_id: int | None = None
    needs_ask: bool | None = None
    since: Day | None = Field(None, description="on or after this day (UTC)")
    until: Day | None = Field(None, description="on or before this day (UTC)")


class ConversationIn(In):
    contact_id: int
    outcome: Outcome
    kind: Kind = Kind.PHONE_SCREEN
    channel: Channel = Channel.PHONE
    at: Moment | None = None
    company: str | None = Field(None, max_length=SHORT, description="default: the contact's")
    opening: str | None = Field(None, max_length=SHORT, description="title of the job")
    note: str = Field("", max_length=LONG)


class ConversationPatch(In):
    contact_id: int | None = None
    outcome: Outcome | None = None
    kind: Kind | None = None
    channel: Channel | None = None
    at: Moment | None = None
    company: str | None = Field(None, max_length=SHORT)
    opening: str | None = Field(None, max_length=SHORT)
    note: str | None = Field(None, max_length=LONG)


@router.get(
    "/conversations", response={200: ConversationPage, **ERRORS}, summary="List conversations"
)
def list_conversations(request: HttpRequest, q: Query[ConversationQuery]) -> HttpResponse:
    filters = {
        "outcome": "outcome", "kind": "kind", "contact_id": "contact_id",
        "needs_ask": "needs_ask", "since": "at__date__gte", "until": "at__date__lte",
    }  # fmt: skip
    return listed("conversation", _conversations(request), schemas.conversation_out, q, filters)


@router.post(
    "/conversations",
    response={201: schemas.ConversationOut, **WRITE_ERRORS},
    summary="Log a conversation",
)
def log_conversation(request: HttpRequest, data: ConversationIn, response: HttpResponse) -> Status:
    """A rejection answers `needs_ask: true` and `ask_url`, where to record the ask (R1)."""
    contact = _contact(request, data.contact_id)
    convo = calls.log_conversation(
        caller(request),
        contact,
        data.outcome.value,
        kind=data.kind.value,
        channel=data.channel.value,
        at=_aware(data.at, "at"),
        company=data.company or None,
        opening=data.opening or "",
        note=data.note,
    )
    return Status(201, answer(response, schemas.conversation_out(_conversation(request, convo.pk))))


@router.get(
    "/conversations/{id}",
    response={200: schemas.ConversationOut, **ERRORS},
    summary="One conversation",
)
def get_conversation(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    return answer(response, schemas.conversation_out(_conversation(request, id)))


@router.patch(
    "/conversations/{id}",
    response={200: schemas.ConversationOut, **WRITE_ERRORS},
    summary="Correct a conversation",
)
def patch_conversation(
    request: HttpRequest, id: int, data: ConversationPatch, response: HttpResponse
) -> dict[str, Any]:
    convo = _conversation(request, id)
    check_if_match(request, schemas.conversation_out(convo))
    fields = given(data)
    contact = _contact(request, fields["contact_id"]) if fields.get("contact_id") else None
    update_conversation(
        caller(request),
        convo,
        contact=contact,
        outcome=data.outcome.value if data.outcome else None,
        kind=data.kind.value if data.kind else None,
        channel=data.channel.value if data.channel else None,
        at=_aware(data.at, "at"),
        company=fields.get("company"),
        opening=fields.get("opening"),
        note=fields.get("note"),
    )
    return answer(response, schemas.conversation_out(_conversation(request, id)))


# -- asks ---------------------------------------------------------------------------------


class LeadGiven(In):
    name: str = Field("", max_length=SHORT)
    company: str = Field("", max_length=SHORT)
    note: str = Field("", max_length=LONG)
    permission: Permission = Permission.NOT_ASKED
    thanked: bool = False


class AskIn(In):
    question_id: int | None = None
    archetype: Archetype | None = Field(
        None, description="instead of question_id: your favourite of this kind, else its first"
    )
    response: Response
    leads: list[LeadGiven] = Field(default_factory=list, max_length=20)


class AskResult(Schema):
    ask: schemas.AskOut
    leads: list[schemas.LeadOut]
    known: list[schemas.LeadOut]
    followups: list[schemas.FollowUpOut]


def captured_out(captured: Captured) -> dict[str, Any]:
    assert captured.ask is not None
    opened = sorted(captured.followups, key=lambda f: (f.due_on, f.pk))
    return {
        "ask": schemas.ask_out(captured.ask),
        "leads": [schemas.lead_out(lead) for lead in captured.leads],
        "known": [schemas.lead_out(lead) for lead in captured.known],
        "followups": [schemas.followup_out(f) for f in opened],
    }


class AskQuery(ListQuery):
    response: Response | None = None
    conversation_id: int | None = None


def _asks(request: HttpRequest) -> Any:
    return Ask.objects.for_user(caller(request)).select_related("conversation__contact", "question")


@router.get("/asks", response={200: AskPage, **ERRORS}, summary="List asks", tags=["asks"])
def list_asks(request: HttpRequest, q: Query[AskQuery]) -> HttpResponse:
    filters = {"response": "response", "conversation_id": "conversation_id"}
    return listed("ask", _asks(request), schemas.ask_out, q, filters)


@router.get(
    "/asks/{id}", response={200: schemas.AskOut, **ERRORS}, summary="One ask", tags=["asks"]
)
def get_ask(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    return answer(response, schemas.ask_out(owned(_asks(request), request, id, "ask")))


@router.post(
    "/conversations/{id}/asks",
    response={201: AskResult, **WRITE_ERRORS},
    summary="Record the parting question's answer",
    tags=["asks"],
)
def record_ask(request: HttpRequest, id: int, data: AskIn) -> Status:
    """R2: `gave_lead` needs at least one lead, whose referrer is the conversation's contact.
    R3: each new lead gets a contact-lead follow-up and the referrer one thank-you; a person
    they suggested before is listed under `known`. R5: `left_number` opens a check-back."""
    user = caller(request)
    with transaction.atomic():
        convo = _conversation(request, id)
        if data.question_id is not None and data.archetype is not None:
            raise ApiProblem(
                422, "both_given", "give question_id or archetype, not both", "question_id"
            )
        question: Question | None = None
        if data.question_id is not None:
            try:
                question = question_bank.get_question(user, data.question_id)
            except Exception as exc:
                raise ApiProblem(
                    404, "not_found", f"no question #{data.question_id}", "question_id"
                ) from exc
        elif data.archetype is not None:
            question = questions.resolve_question(user, data.archetype.value)
        leads = [
            LeadInput(
                name=x.name,
                company=x.company,
                note=x.note,
                permission=x.permission.value,
                thanked=x.thanked,
            )
            for x in data.leads
        ]
        for lead in leads:
            lead.validate()
        captured = calls.record_ask(user, convo, question, data.response.value, leads)
    return Status(201, captured_out(captured))


# -- questions ----------------------------------------------------------------------------


class QuestionQuery(ListQuery):
    archetype: Archetype | None = None
    favourite: bool | None = None


class QuestionIn(In):
    text: str = Field(..., min_length=1, max_length=1000)
    archetype: Archetype


class QuestionPatch(In):
    text: str | None = Field(None, min_length=1, max_length=1000)
    archetype: Archetype | None = None
    favourite: bool | None = Field(None, description="R7: at most two favourites (409)")


def _question(request: HttpRequest, pk: int) -> Question:
    found: Question = owned(Question.objects, request, pk, "question")
    return found


@router.get(
    "/questions",
    response={200: QuestionPage, **ERRORS},
    summary="List questions",
    tags=["questions"],
)
def list_questions(request: HttpRequest, q: Query[QuestionQuery]) -> HttpResponse:
    rows = questions.questions(caller(request))
    filters = {"archetype": "archetype", "favourite": "favourite"}
    return listed("question", rows, schemas.question_out, q, filters)


@router.post(
    "/questions",
    response={201: schemas.QuestionOut, **WRITE_ERRORS},
    summary="Add a question",
    tags=["questions"],
)
def add_question(request: HttpRequest, data: QuestionIn, response: HttpResponse) -> Status:
    question = question_bank.add_question(caller(request), data.text, data.archetype.value)
    return Status(201, answer(response, schemas.question_out(question)))


@router.get(
    "/questions/{id}",
    response={200: schemas.QuestionOut, **ERRORS},
    summary="One question",
    tags=["questions"],
)
def get_question(request: HttpRequest, id: int, response: HttpResponse) -> dict[str, Any]:
    return answer(response, schemas.question_out(_question(request, id)))


@router.patch(
    "/questions/{id}",
    response={200: schemas.QuestionOut, **WRITE_ERRORS},
    summary="Change a question, or mark it a favourite",
    tags=["questions"],
)
def patch_question(
    request: HttpRequest, id: int, data: QuestionPatch, response: HttpResponse
) -> dict[str, Any]:
    user = caller(request)
    question = _question(request, id)
    check_if_match(request, schemas.question_out(question))
    with transaction.atomic():
        if data.text is not None or data.archetype is not None:
            question = question_bank.edit_question(
                user,
                question,
                data.text if data.text is not None else question.text,
                data.archetype.value if data.archetype else None,
            )
        if data.favourite is not None:
            question = questions.set_favourite(user, question, data.favourite)
    return answer(response, schemas.question_out(_question(request, id)))
