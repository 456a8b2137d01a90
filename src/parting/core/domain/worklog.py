"""The weekly work-search log, as benefit claims ask for it: each activity's date, employer,
contact person, method, kind and result, and the week's count against the number required.

It is read from what the seeker already logs: every conversation, and every opening on the
day its stage became `applied` (domain.stages). Weeks run Monday to Sunday in the seeker's
time zone. An employer contact is an application, a phone screen, an interview, or any
conversation about an opening; the rest (informational chats, referral calls, follow-ups)
is networking, which counts as an activity but not as an employer contact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q

from parting.core.choices import Channel, Kind, Outcome, Stage
from parting.core.domain import clock
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import Conversation, Opening, Profile

if TYPE_CHECKING:
    from parting.core.domain.sharing import SharedView

APPLICATION = "application"
# The kinds of activity, in the words benefit claim forms use.
KINDS: dict[str, str] = {
    Kind.INTERVIEW: "Interview",
    Kind.PHONE_SCREEN: "Phone screen",
    Kind.INFORMATIONAL: "Informational interview",
    Kind.REFERRAL_CALL: "Referral call",
    APPLICATION: "Application",
    "networking_follow_up": "Networking follow-up",
    Kind.OTHER: "Other contact",
}
ACTIVITY_OF_KIND: dict[str, str] = {Kind.FOLLOW_UP: "networking_follow_up"}
EMPLOYER_KINDS = (Kind.INTERVIEW, Kind.PHONE_SCREEN)
METHODS: dict[str, str] = {**dict(Channel.choices), "online": "Online"}
RESULTS = {
    "rejected": "Rejected",
    "advanced": "Advanced",
    "offer": "Offer",
    "pending": "Pending",
    "withdrawn": "Withdrawn",
}
RESULT_OF_OUTCOME: dict[str, str] = {
    Outcome.REJECTED: "rejected",
    Outcome.ADVANCED: "advanced",
    Outcome.OFFER: "offer",
}
RESULT_OF_STAGE: dict[str, str] = {
    Stage.SCREENING: "advanced",
    Stage.INTERVIEWING: "advanced",
    Stage.OFFER: "offer",
    Stage.ACCEPTED: "offer",
    Stage.REJECTED: "rejected",
    Stage.WITHDRAWN: "withdrawn",
}
# A week holds far fewer; the cap keeps a hostile account's page bounded.
MOST = 1000


@dataclass(frozen=True)
class Entry:
    """One activity of the log."""

    day: dt.date
    kind: str
    employer: str
    website: str
    contact: str
    title: str
    method: str
    position: str
    result: str
    employer_contact: bool
    conversation_id: int | None = None
    opening_id: int | None = None
    at: dt.datetime | None = None

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def method_label(self) -> str:
        return METHODS.get(self.method, self.method)

    @property
    def result_label(self) -> str:
        return RESULTS.get(self.result, self.result)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "employer": self.employer,
            "website": self.website,
            "contact": self.contact,
            "title": self.title,
            "method": self.method,
            "kind": self.kind,
            "position": self.position,
            "result": self.result,
            "employer_contact": self.employer_contact,
            "conversation_id": self.conversation_id,
            "opening_id": self.opening_id,
        }


@dataclass(frozen=True)
class Counts:
    """A week's numbers against what is required: all a `numbers` share shows of the log."""

    first_day: dt.date
    activities: int
    employer_contacts: int
    required: int
    employer_required: int

    @property
    def last_day(self) -> dt.date:
        return self.first_day + dt.timedelta(days=6)

    @property
    def short(self) -> bool:
        return self.activities < self.required or self.employer_contacts < self.employer_required

    @property
    def missing(self) -> int:
        """Activities still needed (employer contacts among them) for the week to be met."""
        return max(
            self.required - self.activities, self.employer_required - self.employer_contacts, 0
        )

    @property
    def employer_missing(self) -> int:
        return max(self.employer_required - self.employer_contacts, 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "week": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "activities": self.activities,
            "employer_contacts": self.employer_contacts,
            "required": self.required,
            "employer_required": self.employer_required,
            "short": self.short,
        }


@dataclass
class Week:
    counts: Counts
    entries: list[Entry] = field(default_factory=list)
    # False when read through a `numbers` share: the counts alone, never an activity.
    names: bool = True

    @property
    def first_day(self) -> dt.date:
        return self.counts.first_day

    @property
    def last_day(self) -> dt.date:
        return self.counts.last_day

    def as_dict(self) -> dict[str, Any]:
        if not self.names:
            return self.counts.as_dict()
        return {**self.counts.as_dict(), "entries": [e.as_dict() for e in self.entries]}


def week_start(profile: Profile, day: dt.date | None = None) -> dt.date:
    """Monday of the week holding `day` (default: today in the seeker's zone)."""
    return clock.week_start(day or clock.local_today(profile.timezone))


def _bounds(profile: Profile, first: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = clock.zone(profile.timezone)
    since = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(first + dt.timedelta(days=7), dt.time.min, tzinfo=tz)
    return since, until


def _conversations(user: User, profile: Profile, first: dt.date) -> Any:
    since, until = _bounds(profile, first)
    return Conversation.objects.for_user(user).filter(at__gte=since, at__lt=until)


def _applications(user: User, first: dt.date) -> Any:
    last = first + dt.timedelta(days=6)
    return Opening.objects.for_user(user).filter(applied_on__gte=first, applied_on__lte=last)


EMPLOYER_Q = Q(kind__in=EMPLOYER_KINDS) | Q(opening__isnull=False)


def counts(user: User, day: dt.date | None = None, profile: Profile | None = None) -> Counts:
    """The week's activity and employer-contact counts, in two queries whatever the data."""
    profile = profile or get_profile(user)
    first = week_start(profile, day)
    talks = _conversations(user, profile, first).aggregate(
        n=Count("pk"), employer=Count("pk", filter=EMPLOYER_Q)
    )
    applied = _applications(user, first).count()
    return Counts(
        first_day=first,
        activities=talks["n"] + applied,
        employer_contacts=talks["employer"] + applied,
        required=profile.worklog_activities,
        employer_required=profile.worklog_employer_contacts,
    )


def week(user: User, day: dt.date | None = None) -> Week:
    """The week holding `day`: every activity, by date, with its counts."""
    profile = get_profile(user)
    first = week_start(profile, day)
    tz = clock.zone(profile.timezone)
    talks = _conversations(user, profile, first).select_related(
        "contact", "contact__company", "company", "opening"
    )
    entries = [_from_conversation(c, tz) for c in talks.order_by("at", "pk")[:MOST]]
    applied = _applications(user, first).select_related("company")
    entries += [_from_opening(o) for o in applied.order_by("applied_on", "pk")[:MOST]]
    entries.sort(key=lambda e: (e.day, e.at is None, e.at or dt.datetime.min.replace(tzinfo=tz)))
    employer = sum(1 for e in entries if e.employer_contact)
    return Week(
        counts=Counts(
            first_day=first,
            activities=len(entries),
            employer_contacts=employer,
            required=profile.worklog_activities,
            employer_required=profile.worklog_employer_contacts,
        ),
        entries=entries,
    )


def _from_conversation(c: Conversation, tz: dt.tzinfo) -> Entry:
    company = c.company or c.contact.company
    return Entry(
        day=c.at.astimezone(tz).date(),
        kind=ACTIVITY_OF_KIND.get(c.kind, c.kind),
        employer=company.name if company else "",
        website=company.website if company else "",
        contact=c.contact.name,
        title=c.contact.title,
        method=c.channel,
        position=c.opening.title if c.opening else "",
        result=RESULT_OF_OUTCOME.get(c.outcome, "pending"),
        employer_contact=c.kind in EMPLOYER_KINDS or c.opening_id is not None,
        conversation_id=c.pk,
        opening_id=c.opening_id,
        at=c.at.astimezone(tz),
    )


def _from_opening(o: Opening) -> Entry:
    assert o.applied_on is not None
    return Entry(
        day=o.applied_on,
        kind=APPLICATION,
        employer=o.company.name,
        website=o.company.website,
        contact="",
        title="",
        method="online" if o.link else "",
        position=o.title,
        result=RESULT_OF_STAGE.get(o.stage, "pending"),
        employer_contact=True,
        opening_id=o.pk,
    )


def shared(view: SharedView, day: dt.date | None = None) -> Week:
    """A seeker's week as the coach of `view` may read it: every activity with a `full`
    share, the weekly counts alone with a `numbers` share."""
    if view.names:
        return week(view.require_full(), day)
    return Week(counts=counts(view.seeker, day, view.profile), names=False)
