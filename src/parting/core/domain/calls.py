"""Conversations and asks: logging a call, and the parting question at its end (R1, R2, R5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from parting.core.choices import (
    Channel,
    Kind,
    Outcome,
    Response,
    Stage,
)
from parting.core.domain import cadence, clock, events, followups, stages
from parting.core.domain.bounds import check_day, is_number, parse_id
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.leads import Captured, LeadInput, capture_leads
from parting.core.domain.network import _check_choice, company_named, resolve_opening
from parting.core.domain.profiles import today_for
from parting.core.domain.types import User
from parting.core.models import (
    Ask,
    Company,
    Contact,
    Conversation,
    FollowUp,
    Lead,
    Opening,
    Question,
)

# What an outcome does to the opening the conversation was about.
OPENING_STAGE: dict[str, str] = {
    Outcome.REJECTED: Stage.REJECTED,
    Outcome.OFFER: Stage.OFFER,
    Outcome.ADVANCED: Stage.INTERVIEWING,
}


def log_conversation(
    user: User,
    contact: Contact,
    outcome: str,
    *,
    kind: str = Kind.PHONE_SCREEN,
    channel: str = Channel.PHONE,
    at: dt.datetime | None = None,
    company: str | Company | None = None,
    opening: str = "",
    note: str = "",
) -> Conversation:
    """Record one conversation. A `rejected` one then wants its parting question (R1)."""
    outcome = _check_choice(outcome, Outcome, "outcome")
    kind = _check_choice(kind or Kind.PHONE_SCREEN, Kind, "kind")
    channel = _check_choice(channel or Channel.PHONE, Channel, "channel")
    if contact.owner_id != user.pk:
        raise NotFound("no such contact")
    check_day(at, "at")
    with transaction.atomic():
        company_obj = conversation_company(user, company, contact)
        opening_obj = resolve_opening(user, opening, company_obj) if opening else None
        conversation = Conversation.objects.create(
            owner=user,
            contact=contact,
            company=company_obj,
            opening=opening_obj,
            kind=kind,
            channel=channel,
            at=at or clock.now(),
            outcome=outcome,
            note=note or "",
        )
        move_opening(user, opening_obj, outcome)
        cadence.thank_after_interview(user, conversation)
        followups.follow_last_contact(user, contact)
        events.emit("conversation.logged", conversation)
    return conversation


def conversation_company(
    user: User, company: str | Company | None, contact: Contact
) -> Company | None:
    """The company a conversation was with: the one named, else the contact's."""
    company_obj = company_named(user, company) if isinstance(company, str) else company
    if company_obj is not None and company_obj.owner_id != user.pk:
        raise NotFound("no such company", field="company")  # R9
    return company_obj or contact.company


def move_opening(user: User, opening: Opening | None, outcome: str) -> None:
    """What an outcome does to the opening it was about, when logged or corrected."""
    if opening is None or outcome not in OPENING_STAGE:
        return
    values = stages.stage_change(opening, OPENING_STAGE[outcome], lambda: today_for(user))
    for name, value in values.items():
        setattr(opening, name, value)
    opening.save(update_fields=[*values, "updated_at"])


def needs_ask(conversation: Conversation) -> bool:
    """R1: a rejection is the moment for the parting question."""
    return conversation.outcome == Outcome.REJECTED and not conversation.asks.exists()


def with_ask_flags(user: User, conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Annotate `has_ask` and R1's `needs_ask` in the query, for lists and counts."""
    has_ask = Exists(Ask.objects.filter(owner=user, conversation=OuterRef("pk")))
    return conversations.annotate(has_ask=has_ask).annotate(
        needs_ask=ExpressionWrapper(
            Q(outcome=Outcome.REJECTED) & Q(has_ask=False), output_field=BooleanField()
        )
    )


def resolve_conversation(user: User, ref: str | int) -> Conversation:
    text = str(ref).strip()
    if not is_number(text):
        raise Invalid(f"a conversation is named by its id, not {text!r}", field="conversation")
    found = (
        Conversation.objects.for_user(user)
        .select_related("contact", "company")
        .filter(pk=parse_id(text) or 0)
        .first()
    )
    if not found:
        raise NotFound(f"no conversation #{text}")
    return found


def record_ask(
    user: User,
    conversation: Conversation,
    question: Question | None,
    response: str,
    leads: Sequence[LeadInput] = (),
) -> Captured:
    """Record that a parting question was asked, and what came of it: the ask, its new
    leads, the follow-ups opened, and any lead the contact had already given (R3).

    R2: `gave_lead` needs at least one lead, and each lead's referrer is the contact.
    R3: one thank-you for the ask, naming every lead; a person suggested again is recognised.
    R5: `left_number` marks the contact as holding the seeker's number and opens a check-back.
    """
    response = _check_choice(response, Response, "response")
    if conversation.owner_id != user.pk:
        raise NotFound("no such conversation")
    if question is not None and question.owner_id != user.pk:
        raise NotFound("no such question")
    if response == Response.GAVE_LEAD and not leads:
        raise Invalid("a gave_lead answer needs at least one lead (give its name)", field="leads")
    if response != Response.GAVE_LEAD and leads:
        raise Invalid(f"a {response} answer has no leads; use gave_lead", field="response")
    with transaction.atomic():
        ask = Ask.objects.create(
            owner=user, conversation=conversation, question=question, response=response
        )
        events.emit("ask.recorded", ask)
        captured = capture_leads(
            user, conversation.contact, leads, conversation=conversation, ask=ask
        )
        if leads and not captured.leads:
            raise _all_known(conversation.contact, captured.known)
        if response == Response.LEFT_NUMBER:
            captured.followups.append(_left_number(user, conversation))
    return captured


def _all_known(referrer: Contact, known: list[Lead]) -> Conflict:
    """R2 and R3 together: a gave_lead ask needs a new lead, and every name given was one the
    contact had already suggested."""
    named = "; ".join(f"{lead.name} (lead #{lead.pk})" for lead in known)
    return Conflict(
        f"{referrer.name} already suggested {named}: nothing recorded",
        field="leads",
        code="already_suggested",
        leads=[lead.pk for lead in known],
    )


def _left_number(user: User, conversation: Conversation) -> FollowUp:
    contact = conversation.contact
    if not contact.holds_my_number:
        contact.holds_my_number = True
        contact.save(update_fields=["holds_my_number", "updated_at"])
    return cadence.check_back(user, conversation)
