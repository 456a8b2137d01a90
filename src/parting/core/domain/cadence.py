"""When follow-ups fall due after something happens: one machinery for R5, R6, R8 and the
thank-you after an interview.

Every date is counted from the seeker's today (their time zone); business days skip
Saturdays and Sundays.
"""

from __future__ import annotations

import datetime as dt

from parting.core.choices import PAID_OFF, REPLIED, FollowUpKind, Kind, LeadStatus
from parting.core.domain import clock, followups, plans
from parting.core.domain.profiles import get_profile, today_for
from parting.core.domain.types import User
from parting.core.models import Contact, Conversation, FollowUp, Lead

# What R6 opens while waiting for a reply, and what a reply closes.
WAITING_KINDS = (FollowUpKind.SECOND_CONTACT, FollowUpKind.FOLLOW_UP)
MAX_CANDIDATES = 3
THANK_WITHIN_DAYS = 3


def due_in(user: User, *, days: int = 0, business_days: int = 0) -> dt.date:
    """The seeker's today plus `business_days` working days, then plus `days` days."""
    start = today_for(user)
    return clock.add_business_days(start, business_days) + dt.timedelta(days=days)


def check_back(user: User, conversation: Conversation) -> FollowUp:
    """R5: call back someone holding the seeker's number after the profile's days."""
    contact = conversation.contact
    days = get_profile(user).check_back_days
    plan = plans.check_back(contact.name, today_for(user), days)
    return followups.schedule(
        user, plan.kind, plan.title, plan.due_on, contact=contact, conversation=conversation
    )


def thank_after_interview(user: User, conversation: Conversation) -> FollowUp | None:
    """A thank-you note the day of an interview; none for one logged long after the fact."""
    if conversation.kind != Kind.INTERVIEW:
        return None
    today = today_for(user)
    held_on = conversation.at.astimezone(clock.zone(get_profile(user).timezone)).date()
    if (today - held_on).days > THANK_WITHIN_DAYS:
        return None
    return followups.schedule(
        user,
        FollowUpKind.FOLLOW_UP,
        f"Thank {conversation.contact.name} for the interview",
        today,
        contact=conversation.contact,
        conversation=conversation,
    )


def lead_moved(user: User, lead: Lead, before: str) -> list[FollowUp]:
    """The one hook `update_lead` calls after a status change: R6 on contact and reply, R8.
    Returns the follow-ups it opened."""
    opened: list[FollowUp] = []
    if lead.status == before:
        return opened
    if lead.status == LeadStatus.CONTACTED and before == LeadStatus.NEW:
        opened += start_cadence(user, lead)
    if lead.status in REPLIED:
        followups.close_open(user, lead, WAITING_KINDS)
    if lead.status in PAID_OFF and before not in PAID_OFF:
        loop = close_loop(user, lead)
        opened += [loop] if loop is not None else []
    return opened


def start_cadence(user: User, lead: Lead) -> list[FollowUp]:
    """R6: no reply after N1 business days → a second contact; after N2 → nudge the lead."""
    if FollowUp.objects.for_user(user).filter(lead=lead, kind__in=WAITING_KINDS).exists():
        return []
    profile = get_profile(user)
    opened = []
    if lead.company_id:
        opened.append(_second_contact(user, lead, profile.second_contact_days))
    opened.append(
        followups.schedule(
            user,
            FollowUpKind.FOLLOW_UP,
            f"Nudge {lead.name}: no reply yet",
            due_in(user, business_days=profile.nudge_days),
            contact=lead.contact,
            lead=lead,
        )
    )
    return opened


def second_contact_candidates(user: User, lead: Lead) -> list[Contact]:
    """The seeker's other contacts at the lead's company (not the lead, not the referrer)."""
    if not lead.company_id:
        return []
    people = Contact.objects.for_user(user).filter(company_id=lead.company_id)
    people = people.exclude(pk=lead.referrer_id)
    if lead.contact_id:
        people = people.exclude(pk=lead.contact_id)
    return list(people.select_related("company").order_by("name", "id")[:MAX_CANDIDATES])


def _second_contact(user: User, lead: Lead, business_days: int) -> FollowUp:
    company = lead.company.name if lead.company else "their company"
    candidates = second_contact_candidates(user, lead)
    title = f"No reply from {lead.name}: try a second contact at {company}"
    if candidates:
        title += ", e.g. " + ", ".join(c.name for c in candidates)
    return followups.schedule(
        user,
        FollowUpKind.SECOND_CONTACT,
        title[:300],
        due_in(user, business_days=business_days),
        contact=candidates[0] if candidates else None,
        lead=lead,
    )


def close_loop(user: User, lead: Lead) -> FollowUp | None:
    """R8: a lead that paid off → tell the referrer, today (once)."""
    if followups.open_for_lead(user, lead, FollowUpKind.CLOSE_LOOP).exists():
        return None
    plan = plans.close_loop(lead.referrer.name, lead.name, today_for(user))
    return followups.schedule(
        user, plan.kind, plan.title, plan.due_on, contact=lead.referrer, lead=lead
    )
