"""The caseload: every seeker who shares with a coach, the most urgent first, each with the
reasons in words. Counts only, so a `numbers` share shows here as fully as a `full` one.

Every seeker's numbers come from the same few grouped queries, however many seekers there
are; the seekers are those `sharing.shared_views` gives, and no others.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from parting.core.choices import FollowUpState, LeadStatus, Outcome
from parting.core.domain import clock, followups, last_contact
from parting.core.domain.sharing import SharedView, shared_views
from parting.core.domain.types import User
from parting.core.models import Ask, Conversation, FollowUp, Lead

RECENT = dt.timedelta(days=7)
BEFORE = dt.timedelta(days=28)  # the seeker's own 4-week average, before the last 7 days
QUIET_BUSINESS_DAYS = 7
IDLE_DAYS = 7
RATE_DROP = 0.15  # an ask rate this far under the seeker's own average is a reason


def _rounded(rate: float | None) -> float | None:
    return round(rate, 3) if rate is not None else None


@dataclass
class Signals:
    """One seeker's numbers behind their place in the caseload."""

    unasked: int = 0  # rejections in the last 7 days with no parting question
    overdue: int = 0  # open follow-ups due before the seeker's today
    due: int = 0  # open follow-ups due today or before
    quiet_leads: int = 0  # contacted, no reply for over 7 business days
    last_activity: dt.datetime | None = None
    days_idle: int | None = None
    last_contact: dt.datetime | None = None  # the last real contact (domain.last_contact)
    days_since_contact: int | None = None
    week_rejections: int = 0
    week_asks: int = 0
    month_rejections: int = 0
    month_asks: int = 0

    @property
    def week_rate(self) -> float | None:
        return self.week_asks / self.week_rejections if self.week_rejections else None

    @property
    def month_rate(self) -> float | None:
        return self.month_asks / self.month_rejections if self.month_rejections else None

    @property
    def idle_words(self) -> str:
        """Days since the last activity, as a row of the caseload says it."""
        if self.days_idle is None:
            return "never"
        if self.days_idle == 0:
            return "today"
        return f"{self.days_idle} day{'s' if self.days_idle != 1 else ''} ago"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rejections_without_question": self.unasked,
            "overdue_followups": self.overdue,
            "due_followups": self.due,
            "quiet_leads": self.quiet_leads,
            "last_activity": self.last_activity.isoformat() if self.last_activity else None,
            "days_since_activity": self.days_idle,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "days_since_contact": self.days_since_contact,
            "ask_rate_week": _rounded(self.week_rate),
            "ask_rate_4_weeks": _rounded(self.month_rate),
            "rejections_week": self.week_rejections,
            "rejections_4_weeks": self.month_rejections,
        }


@dataclass
class Row:
    view: SharedView
    signals: Signals
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def why(self) -> str:
        return "; ".join(self.reasons) if self.reasons else "on track"

    @property
    def rates(self) -> str:
        """The ask rate of the last 7 days / the 4 weeks before, as percentages."""
        week, month = self.signals.week_rate, self.signals.month_rate
        return " / ".join("–" if r is None else _percent(r) for r in (week, month))

    def as_dict(self) -> dict[str, Any]:
        return {
            "seeker_id": self.view.seeker.pk,
            "seeker": self.view.seeker_name,
            "email": self.view.seeker.email,
            "scope": self.view.scope,
            "since": self.view.since.isoformat(),
            "until": self.view.until.isoformat() if self.view.until else None,
            "urgency": self.score,
            "why": self.why,
            "reasons": self.reasons,
            **self.signals.as_dict(),
        }


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _percent(rate: float) -> str:
    return f"{round(rate * 100)}%"


def reasons(s: Signals) -> list[tuple[int, str]]:
    """(weight, words) for each thing that needs the coach, heaviest first."""
    found: list[tuple[int, str]] = []
    if s.unasked:
        what = _plural(s.unasked, "rejection")
        found.append((3 * s.unasked, f"{what} without a parting question in the last 7 days"))
    if s.overdue:
        found.append((min(s.overdue, 10), f"{_plural(s.overdue, 'follow-up')} overdue"))
    if s.quiet_leads:
        what = _plural(s.quiet_leads, "lead")
        text = f"{what} contacted with no reply for over 7 business days"
        found.append((2 * s.quiet_leads, text))
    if s.days_idle is None:
        found.append((5, "nothing logged yet"))
    elif s.days_idle >= IDLE_DAYS:
        weight = min(s.days_idle - IDLE_DAYS + 3, 15)
        found.append((weight, f"nothing logged for {s.days_idle} days"))
    week, month = s.week_rate, s.month_rate
    if week is not None and month is not None and week < month - RATE_DROP:
        found.append(
            (4, f"asked after {_percent(week)} of rejections in the last 7 days, against "
                f"{_percent(month)} over the 4 weeks before")
        )  # fmt: skip
    return sorted(found, key=lambda r: -r[0])


def business_days_before(day: dt.date, days: int) -> dt.date:
    current, remaining = day, days
    while remaining > 0:
        current -= dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def signals(views: list[SharedView], now: dt.datetime | None = None) -> dict[int, Signals]:
    """Each seeker's signals by seeker id, in six grouped queries whatever their number."""
    now = now or clock.now()
    ids = [v.seeker.pk for v in views]
    found = {pk: Signals() for pk in ids}
    if not ids:
        return found
    _asks(found, ids, now)
    _followups(found, views)
    _quiet_leads(found, views)
    _activity(found, views, now)
    return found


def _asks(found: dict[int, Signals], ids: list[int], now: dt.datetime) -> None:
    """Rejections of the last 7 days and of the 4 weeks before, and how many got a question:
    one row per seeker."""
    asked = Exists(Ask.objects.filter(owner=OuterRef("owner"), conversation=OuterRef("pk")))
    recent, before = Q(at__gte=now - RECENT), Q(at__lt=now - RECENT)
    rows = (
        Conversation.objects.filter(owner__in=ids, outcome=Outcome.REJECTED)
        .filter(at__gte=now - RECENT - BEFORE, at__lte=now)
        .order_by()
        .annotate(asked=asked)
        .values_list("owner")
        .annotate(
            week=Count("pk", filter=recent),
            week_asked=Count("pk", filter=recent & Q(asked=True)),
            month=Count("pk", filter=before),
            month_asked=Count("pk", filter=before & Q(asked=True)),
        )
    )
    for owner, week, week_asked, month, month_asked in rows:
        s = found[owner]
        s.week_rejections, s.week_asks, s.unasked = week, week_asked, week - week_asked
        s.month_rejections, s.month_asks = month, month_asked


def _followups(found: dict[int, Signals], views: list[SharedView]) -> None:
    days: dict[dt.date, list[int]] = defaultdict(list)
    for v in views:
        days[v.today()].append(v.seeker.pk)
    overdue, due = Q(pk__in=[]), Q(pk__in=[])
    for day, owners in days.items():
        overdue |= Q(owner__in=owners, due_on__lt=day)
        due |= Q(owner__in=owners, due_on__lte=day)
    rows = (
        FollowUp.objects.filter(due, status__in=followups.OPEN_STATES)
        .order_by()
        .values_list("owner")
        .annotate(overdue=Count("pk", filter=overdue), due=Count("pk"))
    )
    for owner, n_overdue, n_due in rows:
        found[owner].overdue, found[owner].due = n_overdue, n_due


def _quiet_leads(found: dict[int, Signals], views: list[SharedView]) -> None:
    # One condition per distinct cutoff (the seekers' zones differ, their days rarely).
    starts: dict[dt.datetime, list[int]] = defaultdict(list)
    for v in views:
        cutoff = business_days_before(v.today(), QUIET_BUSINESS_DAYS)
        tz = clock.zone(v.profile.timezone)
        starts[dt.datetime.combine(cutoff, dt.time.min, tzinfo=tz)].append(v.seeker.pk)
    quiet = Q(pk__in=[])
    for start, owners in starts.items():
        quiet |= Q(owner__in=owners, contacted_at__lt=start)
    rows = (
        Lead.objects.filter(quiet, status=LeadStatus.CONTACTED, replied_at__isnull=True)
        .order_by()
        .values_list("owner")
        .annotate(n=Count("pk"))
    )
    for owner, n in rows:
        found[owner].quiet_leads = n


def _latest(model: Any, field: str, **filters: Any) -> Subquery:
    """The newest `field` of the seeker's rows: one index probe per seeker."""
    rows = model.objects.filter(owner=OuterRef("pk"), **filters).order_by(f"-{field}")
    return Subquery(rows.values(field)[:1])


def _activity(found: dict[int, Signals], views: list[SharedView], now: dt.datetime) -> None:
    """The last thing logged: a conversation, a lead captured or a follow-up done."""
    rows = (
        get_user_model()
        .objects.filter(pk__in=list(found))
        .annotate(
            talked=last_contact.account_latest(now),
            captured=_latest(Lead, "created_at"),
            done=_latest(FollowUp, "done_at", status=FollowUpState.DONE),
        )
        .values_list("pk", "talked", "captured", "done")
    )
    for pk, *times in rows:
        known = [t for t in times if t is not None]
        found[pk].last_activity = max(known) if known else None
        found[pk].last_contact = times[0]
    for v in views:
        s = found[v.seeker.pk]
        if s.last_activity is not None:
            tz = clock.zone(v.profile.timezone)
            s.days_idle = (v.today() - s.last_activity.astimezone(tz).date()).days
        if s.last_contact is not None:
            tz = clock.zone(v.profile.timezone)
            s.days_since_contact = (v.today() - s.last_contact.astimezone(tz).date()).days


def caseload(coach: User, now: dt.datetime | None = None) -> list[Row]:
    """One row per seeker sharing with `coach`, the most urgent first."""
    views = shared_views(coach)
    numbers = signals(views, now)
    rows = []
    for view in views:
        s = numbers[view.seeker.pk]
        weighed = reasons(s)
        rows.append(Row(view, s, sum(w for w, _ in weighed), [text for _, text in weighed]))
    return sorted(
        rows,
        key=lambda r: (-r.score, -(r.signals.days_idle or 0), r.view.seeker_name.lower()),
    )
