"""Correcting a logged conversation so the rules stay true (R1, R2, R5).

A conversation edited to `rejected` wants its parting question, as one logged so (R1: see
`calls.needs_ask`). Its leads' referrer follows its contact (R2); the number left in it goes
with the contact too (R5); a new outcome moves the opening as logging does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from parting.core.choices import Channel, Kind, Outcome, Response
from parting.core.domain import cadence, clock, events, followups
from parting.core.domain.bounds import check_day
from parting.core.domain.calls import conversation_company, move_opening
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.leads import _left_number_conversation
from parting.core.domain.network import _check_choice, resolve_opening
from parting.core.domain.types import User
from parting.core.models import Ask, Company, Contact, Conversation, FollowUp, Lead


def update_conversation(
    user: User,
    conversation: Conversation,
    *,
    contact: Contact | None = None,
    outcome: str | None = None,
    kind: str | None = None,
    channel: str | None = None,
    at: dt.datetime | None = None,
    company: str | Company | None = None,
    opening: str | None = None,
    note: str | None = None,
) -> Conversation:
    """Change a conversation (None leaves a field alone). `company` "" means the contact's;
    `opening` is a title at that company (added if new), "" for none."""
    if conversation.owner_id != user.pk:
        raise NotFound("no such conversation")
    if contact is not None and contact.owner_id != user.pk:
        raise NotFound("no such contact", field="contact")  # R9
    check_day(at, "at")
    old_contact, old_outcome = conversation.contact, conversation.outcome
    old_kind, old_opening = conversation.kind, conversation.opening_id
    new_contact = contact or old_contact
    if new_contact.pk != old_contact.pk:
        _check_leads_can_follow(user, conversation, new_contact)
    given = {"outcome": outcome, "kind": kind, "channel": channel, "at": at, "note": note}
    with transaction.atomic():
        _apply_fields(user, conversation, new_contact, given, company, opening)
        conversation.save()
        if new_contact.pk != old_contact.pk:
            _follow_contact(user, conversation, old_contact, new_contact)
        if conversation.outcome != old_outcome or conversation.opening_id != old_opening:
            move_opening(user, conversation.opening, conversation.outcome)
        if conversation.kind == Kind.INTERVIEW and old_kind != Kind.INTERVIEW:
            cadence.thank_after_interview(user, conversation)
        for moved in {old_contact.pk: old_contact, new_contact.pk: new_contact}.values():
            followups.follow_last_contact(user, moved)
    return conversation


def _apply_fields(
    user: User,
    conversation: Conversation,
    contact: Contact,
    given: dict[str, Any],
    company: str | Company | None,
    opening: str | None,
) -> None:
    """Check each given field as logging does, then set it on the conversation."""
    conversation.contact = contact
    if given["outcome"] is not None:
        conversation.outcome = _check_choice(given["outcome"], Outcome, "outcome")
    if given["kind"] is not None:
        conversation.kind = _check_choice(given["kind"] or Kind.PHONE_SCREEN, Kind, "kind")
    if given["channel"] is not None:
        conversation.channel = _check_choice(given["channel"] or Channel.PHONE, Channel, "channel")
    if given["at"] is not None:
        conversation.at = given["at"]
    if given["note"] is not None:
        conversation.note = given["note"]
    if company is not None:
        conversation.company = conversation_company(user, company, contact)
    if opening is not None:
        conversation.opening = (
            resolve_opening(user, opening, conversation.company) if opening.strip() else None
        )


def _leads(user: User, conversation: Conversation) -> QuerySet[Lead]:
    """The leads this conversation gave, directly or through its asks."""
    mine = Lead.objects.for_user(user)
    return mine.filter(Q(conversation=conversation) | Q(ask__conversation=conversation)).distinct()


def _check_leads_can_follow(user: User, conversation: Conversation, contact: Contact) -> None:
    """R2 moves the leads to the new contact, who cannot be one of the people they suggested."""
    if _leads(user, conversation).filter(contact=contact).exists():
        raise Invalid(
            f"{contact.name} is a lead from this conversation, and a referrer cannot refer "
            "themselves",
            field="contact",
        )


def _follow_contact(user: User, conversation: Conversation, old: Contact, new: Contact) -> None:
    """R2: the leads' referrer is the conversation's contact. R5: so is whoever holds the
    number left in it. Follow-ups about them name and point at the new contact."""
    leads = list(_leads(user, conversation))
    now = clock.now()
    Lead.objects.filter(pk__in=[lead.pk for lead in leads]).update(referrer=new, updated_at=now)
    events.emit_many("lead.updated", user.pk, [lead.pk for lead in leads])
    if conversation.asks.filter(response=Response.LEFT_NUMBER).exists():
        _move_number(user, old, new)
    _relink_callbacks(user, conversation, leads, new)
    about = FollowUp.objects.for_user(user).filter(
        Q(conversation=conversation) | Q(lead__in=[lead.pk for lead in leads])
    )
    followups.rename_in_titles(about, old.name, new.name, move=(old, new))


def _move_number(user: User, old: Contact, new: Contact) -> None:
    """R5: the new contact holds the seeker's number; the old one only if left elsewhere."""
    if not new.holds_my_number:
        new.holds_my_number = True
        new.save(update_fields=["holds_my_number", "updated_at"])
    left_elsewhere = Ask.objects.for_user(user).filter(
        conversation__contact=old, response=Response.LEFT_NUMBER
    )
    if old.holds_my_number and not left_elsewhere.exists():
        old.holds_my_number = False
        old.save(update_fields=["holds_my_number", "updated_at"])


def _relink_callbacks(
    user: User, conversation: Conversation, leads: list[Lead], new: Contact
) -> None:
    """R5: a lead links back to where its referrer was left the number, and only there."""
    moved = {lead.pk for lead in leads}
    stale = Lead.objects.for_user(user).filter(callback_of=conversation).exclude(pk__in=moved)
    for lead in [*leads, *stale.select_related("referrer", "conversation")]:
        referrer = new if lead.pk in moved else lead.referrer
        target = _left_number_conversation(user, referrer, lead.conversation)
        if lead.callback_of_id != (target.pk if target else None):
            lead.callback_of = target
            lead.save(update_fields=["callback_of", "updated_at"])
