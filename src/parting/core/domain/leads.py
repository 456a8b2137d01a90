"""Leads: capturing a referral and moving it along (R2, R3, R5, R8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from parting.core.choices import REPLIED, FollowUpKind, LeadStatus, Permission, Response
from parting.core.domain import cadence, clock, followups
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.network import _check_choice, company_named, contact_for_lead
from parting.core.domain.profiles import today_for
from parting.core.models import Ask, Contact, Conversation, Lead, Question


@dataclass
class LeadInput:
    """What the seeker types for one lead during the call."""

    name: str = ""
    company: str = ""
    note: str = ""
    permission: str = Permission.NOT_ASKED
    thanked: bool = False

    def validate(self) -> None:
        if not self.name.strip() and not self.company.strip():
            raise Invalid("a lead needs a name or a company", field="name")
        _check_choice(self.permission or Permission.NOT_ASKED, Permission, "permission")


def create_lead(
    user: Any,
    referrer: Contact,
    data: LeadInput,
    *,
    conversation: Conversation | None = None,
    ask: Ask | None = None,
) -> Lead:
    """Create one lead with its follow-ups (R3). Call inside a transaction."""
    data.validate()
    if referrer.owner_id != user.pk:
        raise NotFound("no such referrer")
    if conversation is not None and conversation.contact_id != referrer.pk:
        raise Conflict(
            f"conversation #{conversation.pk} was with {conversation.contact.name}, "
            f"not {referrer.name}: a lead's referrer is that conversation's contact",
            field="referrer",
        )
    now = clock.now()
    today = today_for(user)
    company = company_named(user, data.company)
    person = contact_for_lead(user, data.name, company) if data.name.strip() else None
    if person is not None and person.pk == referrer.pk:
        raise Invalid("a referrer cannot refer themselves", field="name")
    lead = Lead.objects.create(
        owner=user,
        referrer=referrer,
        contact=person,
        company=company or (person.company if person else None),
        ask=ask,
        conversation=conversation,
        callback_of=_left_number_conversation(user, referrer, conversation),
        permission=data.permission or Permission.NOT_ASKED,
        thanked_at=now if data.thanked else None,
        note=data.note or "",
    )
    if lead.callback_of_id:
        followups.close_open_for_contact(user, referrer, (FollowUpKind.CHECK_BACK,))
    _schedule_new_lead(user, lead, today)
    return lead


def _left_number_conversation(
    user: Any, referrer: Contact, conversation: Conversation | None
) -> Conversation | None:
    """R5: a lead from someone holding the seeker's number links back to where it was left."""
    if not referrer.holds_my_number:
        return None
    asks = Ask.objects.for_user(user).filter(
        conversation__contact=referrer, response=Response.LEFT_NUMBER
    )
    if conversation is not None:
        asks = asks.exclude(conversation=conversation)
    ask = asks.select_related("conversation").order_by("-conversation__at").first()
    return ask.conversation if ask else None


def _schedule_new_lead(user: Any, lead: Lead, today: dt.date) -> None:
    """R3: thank the referrer tomorrow (unless already thanked); contact the lead within two
    business days."""
    if lead.thanked_at is None:
        followups.schedule(
            user,
            FollowUpKind.THANK_REFERRER,
            f"Thank {lead.referrer.name} for suggesting {lead.name}",
            today + dt.timedelta(days=1),
            contact=lead.referrer,
            lead=lead,
            conversation=lead.conversation,
        )
    followups.schedule(
        user,
        FollowUpKind.CONTACT_LEAD,
        f"Contact {lead.name} (suggested by {lead.referrer.name})",
        clock.add_business_days(today, 2),
        contact=lead.contact,
        lead=lead,
        conversation=lead.conversation,
    )


def add_lead(
    user: Any,
    referrer: Contact,
    data: LeadInput,
    *,
    conversation: Conversation | None = None,
    question: Question | None = None,
) -> Lead:
    """Capture a lead one at a time. With a conversation, its ask is recorded or turned into
    gave_lead so R2 always holds."""
    # R9: every row named must be the seeker's own, before anything is written.
    if conversation is not None and conversation.owner_id != user.pk:
        raise NotFound("no such conversation")
    if question is not None and question.owner_id != user.pk:
        raise NotFound("no such question")
    with transaction.atomic():
        ask = None
        if conversation is not None:
            ask = _gave_lead_ask(user, conversation, question)
        return create_lead(user, referrer, data, conversation=conversation, ask=ask)


def _gave_lead_ask(user: Any, conversation: Conversation, question: Question | None) -> Ask:
    asks = list(conversation.asks.all())
    for ask in asks:
        if ask.response == Response.GAVE_LEAD:
            return ask
    if asks:
        ask = asks[-1]
        ask.response = Response.GAVE_LEAD
        if question is not None:
            ask.question = question
        ask.save(update_fields=["response", "question", "updated_at"])
        return ask
    return Ask.objects.create(
        owner=user, conversation=conversation, question=question, response=Response.GAVE_LEAD
    )


def update_lead(
    user: Any,
    lead: Lead,
    *,
    status: str | None = None,
    permission: str | None = None,
    thanked: bool | None = None,
    note: str | None = None,
) -> Lead:
    """Change a lead (None leaves a field alone). Thanking closes the thank-you; contacting
    closes the contact-lead follow-up; the cadence (R6) and close-the-loop (R8) follow."""
    if lead.owner_id != user.pk:
        raise NotFound("no such lead")
    if status:
        _check_choice(status, LeadStatus, "status")
    if permission:
        _check_choice(permission, Permission, "permission")
    with transaction.atomic():
        before = lead.status
        fields = ["updated_at"]
        if permission:
            lead.permission = permission
            fields.append("permission")
        if note is not None:
            lead.note = note
            fields.append("note")
        if thanked is not None:
            lead.thanked_at = (lead.thanked_at or clock.now()) if thanked else None
            fields.append("thanked_at")
            if thanked:
                followups.close_open(user, lead, (FollowUpKind.THANK_REFERRER,))
        if status and status != lead.status:
            lead.status = status
            fields.append("status")
            _stamp_progress(lead, status, fields)
            if status != LeadStatus.NEW:
                followups.close_open(user, lead, (FollowUpKind.CONTACT_LEAD,))
        lead.save(update_fields=fields)
        cadence.lead_moved(user, lead, before)
    return lead


def _stamp_progress(lead: Lead, status: str, fields: list[str]) -> None:
    """Remember when outreach started and when the lead first answered (for cadence and
    responsiveness)."""
    now = clock.now()
    if status != LeadStatus.NEW and lead.contacted_at is None:
        lead.contacted_at = now
        fields.append("contacted_at")
    if status in REPLIED and lead.replied_at is None:
        lead.replied_at = now
        fields.append("replied_at")


def resolve_lead(user: Any, ref: str | int) -> Lead:
    """A lead by id or by the unique name of its person or company."""
    leads = Lead.objects.for_user(user).select_related("contact", "company", "referrer")
    text = str(ref).strip()
    if text.isdigit():
        found = leads.filter(pk=int(text)).first()
        if found:
            return found
    matches = list(leads.filter(contact__name__iexact=text)[:11]) or list(
        leads.filter(contact__isnull=True, company__name__iexact=text)[:11]
    )
    if not matches:
        raise NotFound(f"no lead named {text!r}")
    if len(matches) > 1:
        listed = "; ".join(f"#{m.pk} {m.name} (from {m.referrer.name})" for m in matches[:10])
        raise Conflict(f"{text!r} is ambiguous: {listed}")
    return matches[0]


def lead_list(user: Any, status: str | None = None) -> QuerySet[Lead]:
    leads = Lead.objects.for_user(user).select_related(
        "contact", "company", "referrer", "referrer__company", "ask__question", "conversation"
    )
    if status:
        _check_choice(status, LeadStatus, "status")
        leads = leads.filter(status=status)
    return leads.order_by("-created_at", "-id")
