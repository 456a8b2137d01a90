"""The follow-ups the rules open, planned from plain facts without touching the database.

The domain writes each plan as it captures leads (R3), hears "left my number" (R5) or sees
a lead pay off (R8); the bench builder writes the same plans in bulk. One place decides each
follow-up's kind, title and due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from parting.core.choices import FollowUpKind
from parting.core.domain import clock

# Whose contact a follow-up is tied to: the referrer, the lead's person, or the one called.
Whom = Literal["referrer", "lead", "contact"]

MAX_TITLE = 300
MAX_NAMED = 200  # characters of names in a title before the rest are counted


@dataclass(frozen=True)
class Planned:
    """One follow-up to open. `lead` is the index, in the leads given, of the lead it is
    about (the first one it names), or None."""

    kind: str
    title: str
    due_on: dt.date
    whom: Whom
    lead: int | None = None


@dataclass(frozen=True)
class NewLead:
    """What R3 needs to know about one lead: who, and whether the referrer was thanked for
    them during the call."""

    name: str
    thanked: bool = False


def named(names: Sequence[str]) -> str:
    """`Ann`, `Ann and Bo`, `Ann, Bo and Cy`; a long list ends `and 12 others`."""
    shown = list(names)
    rest = 0
    while len(shown) > 1 and len(", ".join(shown)) > MAX_NAMED:
        shown.pop()
        rest = len(names) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest} other{'s' if rest > 1 else ''}"
    if len(shown) < 2:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def thank_referrer(referrer: str, leads: Sequence[str], today: dt.date) -> Planned:
    """R3: one thank-you per ask, due the next day, naming every lead it covers."""
    title = f"Thank {referrer} for suggesting {named(leads)}"
    return Planned(
        FollowUpKind.THANK_REFERRER, title[:MAX_TITLE], today + dt.timedelta(days=1), "referrer", 0
    )


def contact_lead(lead: str, referrer: str, today: dt.date) -> Planned:
    """R3: reach the lead within two business days."""
    title = f"Contact {lead} (suggested by {referrer})"
    return Planned(
        FollowUpKind.CONTACT_LEAD, title[:MAX_TITLE], clock.add_business_days(today, 2), "lead", 0
    )


def new_leads(referrer: str, leads: Sequence[NewLead], today: dt.date) -> list[Planned]:
    """R3 for the leads one ask gave: a contact-lead each, and one thank-you naming every
    lead the referrer was not already thanked for (none when all were, during the call)."""
    plans = [_for(contact_lead(lead.name, referrer, today), i) for i, lead in enumerate(leads)]
    owed = [i for i, lead in enumerate(leads) if not lead.thanked]
    if owed:
        thank = thank_referrer(referrer, [leads[i].name for i in owed], today)
        plans.insert(0, _for(thank, owed[0]))
    return plans


def check_back(contact: str, today: dt.date, days: int) -> Planned:
    """R5: call back someone holding the seeker's number after `days` days."""
    title = f"Check back with {contact}: they have your number"
    return Planned(
        FollowUpKind.CHECK_BACK, title[:MAX_TITLE], today + dt.timedelta(days=days), "contact"
    )


def close_loop(referrer: str, lead: str, today: dt.date) -> Planned:
    """R8: a lead that paid off → tell the referrer, today."""
    title = f"Tell {referrer} how it went with {lead}, and thank them"
    return Planned(FollowUpKind.CLOSE_LOOP, title[:MAX_TITLE], today, "referrer", 0)


def _for(plan: Planned, lead: int) -> Planned:
    return Planned(plan.kind, plan.title, plan.due_on, plan.whom, lead)
