"""Follow-ups: the dated to-dos that keep leads alive (R3, R5, R8)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet

from parting.core.choices import FollowUpKind, FollowUpState
from parting.core.domain import clock, events, freshness, last_contact
from parting.core.domain.bounds import LAST_DAY, check_day, is_number, parse_id
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.profiles import get_profile, today_for
from parting.core.domain.types import User
from parting.core.models import Contact, Conversation, FollowUp, Lead

OPEN_STATES = (FollowUpState.OPEN, FollowUpState.SNOOZED)


def open_followups(user: User) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.for_user(user)
        .filter(status__in=OPEN_STATES)
        .select_related("contact", "contact__company", "lead", "lead__contact", "lead__company")
    )


def due(user: User, on: dt.date | None = None) -> QuerySet[FollowUp]:
    """Open follow-ups due on or before `on` (default: the seeker's today)."""
    on = on or today_for(user)
    return open_followups(user).filter(due_on__lte=on).order_by("due_on", "id")


def due_count(user: User, on: dt.date) -> int:
    """How many follow-ups are due on or before `on`: every page's menu shows it, so it is
    remembered until the seeker's data changes."""
    return freshness.remembered(user.pk, "due-count", on, lambda: due(user, on).count())


def resolve_followup(user: User, ref: str | int) -> FollowUp:
    text = str(ref).strip()
    if not is_number(text):
        raise Invalid(f"a follow-up is named by its id, not {text!r}", field="followup")
    found = FollowUp.objects.for_user(user).filter(pk=parse_id(text) or 0).first()
    if not found:
        raise NotFound(f"no follow-up #{text}")
    return found


def schedule(
    user: User,
    kind: str,
    title: str,
    due_on: dt.date,
    *,
    contact: Contact | None = None,
    lead: Lead | None = None,
    conversation: Conversation | None = None,
    after_last_contact: int | None = None,
) -> FollowUp:
    check_day(due_on, "due_on")
    followup = FollowUp.objects.create(
        owner=user,
        kind=kind,
        title=title,
        due_on=due_on,
        contact=contact,
        lead=lead,
        conversation=conversation,
        after_last_contact=after_last_contact,
    )
    events.emit("followup.created", followup)
    return followup


def add_followup(
    user: User,
    title: str,
    *,
    contact: Contact | None = None,
    lead: Lead | None = None,
    on: dt.date | None = None,
    after_last_contact: int | None = None,
) -> FollowUp:
    """A custom follow-up; a date in the past is allowed and simply shows as overdue. With
    `after_last_contact` (days) it falls due that long after the last conversation with its
    contact, and moves when a new one is logged."""
    title = _clean_title(title)
    for row in (contact, lead):
        if row is not None and row.owner_id != user.pk:
            raise NotFound(f"no such {row._meta.verbose_name}")  # R9
    if contact is None and lead is not None:
        contact = lead.contact
    if after_last_contact is not None:
        if contact is None:
            raise Invalid("a follow-up after the last contact needs a contact", field="contact")
        if not 1 <= after_last_contact <= MAX_AFTER:
            raise Invalid(f"days after the last contact: 1 to {MAX_AFTER}", field="after")
        on = after_contact_day(user, contact, after_last_contact)
    return schedule(
        user,
        FollowUpKind.CUSTOM,
        title,
        on or today_for(user),
        contact=contact,
        lead=lead,
        after_last_contact=after_last_contact,
    )


MAX_AFTER = 365


def after_contact_day(user: User, contact: Contact, days: int) -> dt.date:
    """`days` after the seeker's day of the last contact (today, when there was none)."""
    seen = last_contact.last_contact(contact)
    zone = clock.zone(get_profile(user).timezone)
    start = seen.at.astimezone(zone).date() if seen else today_for(user)
    return min(start + dt.timedelta(days=days), LAST_DAY)


def follow_last_contact(user: User, contact: Contact) -> int:
    """A new conversation moves the contact's "N days after the last contact" follow-ups."""
    moved = 0
    rows = FollowUp.objects.for_user(user).filter(
        contact=contact, after_last_contact__isnull=False, status__in=OPEN_STATES
    )
    for followup in rows:
        day = after_contact_day(user, contact, followup.after_last_contact or 0)
        if day != followup.due_on:
            followup.due_on = day
            followup.sequence += 1
            followup.save(update_fields=["due_on", "sequence", "updated_at"])
            moved += 1
    return moved


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Invalid("follow-up title must not be empty", field="title")
    if len(title) > 300:
        raise Invalid("follow-up title is longer than 300 characters", field="title")
    return title


def update_followup(
    user: User, followup: FollowUp, *, title: str | None = None, due_on: dt.date | None = None
) -> FollowUp:
    """Retitle or move a follow-up (None leaves a field alone); calendars see a new SEQUENCE."""
    if followup.owner_id != user.pk:
        raise NotFound("no such follow-up")
    check_day(due_on, "due_on")
    fields = []
    if title is not None and (title := _clean_title(title)) != followup.title:
        followup.title = title
        fields.append("title")
    if due_on is not None and due_on != followup.due_on:
        followup.due_on = due_on
        fields.append("due_on")
    if fields:
        followup.sequence += 1
        followup.save(update_fields=[*fields, "sequence", "updated_at"])
    return followup


def rename_in_titles(
    rows: QuerySet[FollowUp], old: str, new: str, *, move: tuple[Contact, Contact] | None = None
) -> int:
    """Follow-up titles name people: after a rename or a correction, name the right one.
    With `move=(before, after)`, those pointing at `before` point at `after` too."""
    pattern = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)") if old and old != new else None
    changed = 0
    for followup in rows:
        fields = []
        title = pattern.sub(lambda _: new, followup.title)[:300] if pattern else followup.title
        if title != followup.title:
            followup.title = title
            fields.append("title")
        if move is not None and followup.contact_id == move[0].pk:
            followup.contact = move[1]
            fields.append("contact")
        if fields:
            followup.sequence += 1
            followup.save(update_fields=[*fields, "sequence", "updated_at"])
            changed += 1
    return changed


def mark_done(user: User, followup: FollowUp) -> FollowUp:
    if followup.owner_id != user.pk:
        raise NotFound("no such follow-up")
    if followup.status != FollowUpState.DONE:
        followup.status = FollowUpState.DONE
        followup.done_at = clock.now()
        followup.sequence += 1
        followup.save(update_fields=["status", "done_at", "sequence", "updated_at"])
        events.emit("followup.done", followup)
        if followup.kind == FollowUpKind.THANK_REFERRER and followup.lead_id:
            _thanked(followup)
    return followup


def _thanked(thank_you: FollowUp) -> None:
    """A thank-you done: the referrer is thanked for every lead it named (R3), so a lead
    added to the ask later gets a thank-you of its own."""
    lead = thank_you.lead
    assert lead is not None
    named = Lead.objects.filter(owner_id=thank_you.owner_id, thanked_at__isnull=True)
    named = named.filter(ask_id=lead.ask_id) if lead.ask_id else named.filter(pk=lead.pk)
    pks = list(named.values_list("pk", flat=True))
    Lead.objects.filter(pk__in=pks).update(thanked_at=thank_you.done_at, updated_at=clock.now())
    events.emit_many("lead.updated", thank_you.owner_id, pks)


def reopen(user: User, followup: FollowUp) -> FollowUp:
    """Undo a done."""
    if followup.owner_id != user.pk:
        raise NotFound("no such follow-up")
    followup.status = FollowUpState.OPEN
    followup.done_at = None
    followup.sequence += 1
    followup.save(update_fields=["status", "done_at", "sequence", "updated_at"])
    return followup


def snooze(user: User, followup: FollowUp, days: int) -> FollowUp:
    """Push a follow-up `days` days past today (or past its due date, if later)."""
    if followup.owner_id != user.pk:
        raise NotFound("no such follow-up")
    if days < 1:
        raise Invalid("snooze by at least one day", field="days")
    if days > 366:
        raise Invalid("snooze by at most 366 days", field="days")
    base = min(max(today_for(user), followup.due_on), LAST_DAY)
    return snooze_until(user, followup, base + dt.timedelta(days=days))


def snooze_until(user: User, followup: FollowUp, day: dt.date) -> FollowUp:
    """Push a follow-up to `day`, which must be after the seeker's today."""
    if followup.owner_id != user.pk:
        raise NotFound("no such follow-up")
    if followup.status == FollowUpState.DONE:
        raise Invalid(f"follow-up #{followup.pk} is already done", field="followup")
    check_day(day, "day")
    today = today_for(user)
    if day <= today:
        raise Invalid("snooze to a day after today", field="day")
    if day > today + dt.timedelta(days=400):
        raise Invalid("snooze to a day within about a year", field="day")
    followup.due_on = day
    followup.status = FollowUpState.SNOOZED
    followup.sequence += 1
    followup.save(update_fields=["due_on", "status", "sequence", "updated_at"])
    return followup


def open_for_lead(user: User, lead: Lead, kind: str) -> QuerySet[FollowUp]:
    return FollowUp.objects.for_user(user).filter(lead=lead, kind=kind, status__in=OPEN_STATES)


def close_open(user: User, lead: Lead, kinds: tuple[str, ...]) -> int:
    """Mark done the lead's open follow-ups of these kinds (e.g. the thank-you once thanked)."""
    rows = FollowUp.objects.for_user(user).filter(Q(lead=lead), kind__in=kinds)
    return _close(user, rows.filter(status__in=OPEN_STATES))


def close_open_for_contact(user: User, contact: Contact, kinds: tuple[str, ...]) -> int:
    """Mark done a contact's open follow-ups of these kinds (a check-back answered)."""
    rows = FollowUp.objects.for_user(user).filter(contact=contact, kind__in=kinds)
    return _close(user, rows.filter(status__in=OPEN_STATES))


def _close(user: User, rows: QuerySet[FollowUp]) -> int:
    pks = list(rows.values_list("pk", flat=True))
    if not pks:
        return 0
    done = FollowUp.objects.filter(pk__in=pks).update(
        status=FollowUpState.DONE, done_at=clock.now(), **_touched()
    )
    events.emit_many("followup.done", user.pk, pks)
    return done


def _touched() -> dict[str, Any]:
    """What a bulk update sets so calendars see the change (`update` skips auto_now)."""
    return {"sequence": F("sequence") + 1, "updated_at": clock.now()}


# Snooze presets and bulk actions (the Today page) ------------------------------------------

PRESETS = {"tomorrow": "Tomorrow", "next_week": "Next week"}
MAX_BULK = 200


def preset_day(user: User, preset: str) -> dt.date:
    """Tomorrow, or next Monday, in the seeker's time zone."""
    today = today_for(user)
    if preset == "tomorrow":
        return today + dt.timedelta(days=1)
    if preset == "next_week":
        return clock.week_start(today) + dt.timedelta(days=7)
    raise Invalid(f"unknown snooze preset {preset!r}: use tomorrow or next_week", field="preset")


def week_end(day: dt.date) -> dt.date:
    """Sunday of the week holding `day`."""
    return clock.week_start(day) + dt.timedelta(days=6)


def this_week(user: User) -> QuerySet[FollowUp]:
    """Open follow-ups due by Sunday, overdue ones included."""
    return due(user, week_end(today_for(user)))


def _selected(user: User, ids: list[int]) -> list[FollowUp]:
    if not ids:
        raise Invalid("tick at least one follow-up", field="ids")
    if len(ids) > MAX_BULK:
        raise Invalid(f"at most {MAX_BULK} follow-ups at once", field="ids")
    found = list(FollowUp.objects.for_user(user).filter(pk__in=ids).order_by("due_on", "id"))
    if len(found) != len(set(ids)):
        raise NotFound("some of the ticked follow-ups no longer exist")
    return found


def done_many(user: User, ids: list[int]) -> list[FollowUp]:
    """Mark several done at once; all or nothing."""
    with transaction.atomic():
        return [mark_done(user, f) for f in _selected(user, ids)]


def snooze_many(user: User, ids: list[int], day: dt.date) -> list[FollowUp]:
    """Push several open follow-ups to `day`; all or nothing."""
    with transaction.atomic():
        return [snooze_until(user, f, day) for f in _selected(user, ids) if f.is_open]
