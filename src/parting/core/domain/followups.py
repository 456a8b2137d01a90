"""Follow-ups: the dated to-dos that keep leads alive (R3, R5, R8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from parting.core.choices import FollowUpKind, FollowUpState
from parting.core.domain import clock
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.profiles import today_for
from parting.core.models import Contact, Conversation, FollowUp, Lead

OPEN_STATES = (FollowUpState.OPEN, FollowUpState.SNOOZED)


def open_followups(user: Any) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.for_user(user)
        .filter(status__in=OPEN_STATES)
        .select_related("contact", "contact__company", "lead", "lead__contact", "lead__company")
    )


def due(user: Any, on: dt.date | None = None) -> QuerySet[FollowUp]:
    """Open follow-ups due on or before `on` (default: the seeker's today)."""
    on = on or today_for(user)
    return open_followups(user).filter(due_on__lte=on).order_by("due_on", "id")


def resolve_followup(user: Any, ref: str | int) -> FollowUp:
    text = str(ref).strip()
    if not text.isdigit():
        raise Invalid(f"a follow-up is named by its id, not {text!r}", field="followup")
    found = FollowUp.objects.for_user(user).filter(pk=int(text)).first()
    if not found:
        raise NotFound(f"no follow-up #{text}")
    return found


def schedule(
    user: Any,
    kind: str,
    title: str,
    due_on: dt.date,
    *,
    contact: Contact | None = None,
    lead: Lead | None = None,
    conversation: Conversation | None = None,
) -> FollowUp:
    return FollowUp.objects.create(
        owner=user,
        kind=kind,
        title=title,
        due_on=due_on,
        contact=contact,
        lead=lead,
        conversation=conversation,
    )


def add_followup(
    user: Any,
    title: str,
    *,
    contact: Contact | None = None,
    lead: Lead | None = None,
    on: dt.date | None = None,
) -> FollowUp:
    """A custom follow-up; a date in the past is allowed and simply shows as overdue."""
    title = " ".join((title or "").split())
    if not title:
        raise Invalid("follow-up title must not be empty", field="title")
    if len(title) > 300:
        raise Invalid("follow-up title is longer than 300 characters", field="title")
    if contact is None and lead is not None:
        contact = lead.contact
    return schedule(
        user, FollowUpKind.CUSTOM, title, on or today_for(user), contact=contact, lead=lead
    )


def mark_done(user: Any, followup: FollowUp) -> FollowUp:
    if followup.owner_id != user.pk:
        raise NotFound("no such follow-up")
    if followup.status != FollowUpState.DONE:
        followup.status = FollowUpState.DONE
        followup.done_at = clock.now()
        followup.save(update_fields=["status", "done_at", "updated_at"])
    return followup


def reopen(user: Any, followup: FollowUp) -> FollowUp:
    """Undo a done."""
    if followup.owner_id != user.pk:
        raise NotFound("no such follow-up")
    followup.status = FollowUpState.OPEN
    followup.done_at = None
    followup.save(update_fields=["status", "done_at", "updated_at"])
    return followup


def snooze(user: Any, followup: FollowUp, days: int) -> FollowUp:
    """Push a follow-up `days` days past today (or past its due date, if later)."""
    if followup.owner_id != user.pk:
        raise NotFound("no such follow-up")
    if days < 1:
        raise Invalid("snooze by at least one day", field="days")
    if days > 366:
        raise Invalid("snooze by at most 366 days", field="days")
    if followup.status == FollowUpState.DONE:
        raise Invalid(f"follow-up #{followup.pk} is already done", field="followup")
    base = max(today_for(user), followup.due_on)
    followup.due_on = base + dt.timedelta(days=days)
    followup.status = FollowUpState.SNOOZED
    followup.save(update_fields=["due_on", "status", "updated_at"])
    return followup


def open_for_lead(user: Any, lead: Lead, kind: str) -> QuerySet[FollowUp]:
    return FollowUp.objects.for_user(user).filter(lead=lead, kind=kind, status__in=OPEN_STATES)


def close_open(user: Any, lead: Lead, kinds: tuple[str, ...]) -> int:
    """Mark done the lead's open follow-ups of these kinds (e.g. the thank-you once thanked)."""
    return (
        FollowUp.objects.for_user(user)
        .filter(Q(lead=lead), kind__in=kinds, status__in=OPEN_STATES)
        .update(status=FollowUpState.DONE, done_at=clock.now())
    )


def close_open_for_contact(user: Any, contact: Contact, kinds: tuple[str, ...]) -> int:
    """Mark done a contact's open follow-ups of these kinds (a check-back answered)."""
    return (
        FollowUp.objects.for_user(user)
        .filter(contact=contact, kind__in=kinds, status__in=OPEN_STATES)
        .update(status=FollowUpState.DONE, done_at=clock.now())
    )
