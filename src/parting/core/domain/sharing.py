"""Shares: a seeker lets a coach read their account, by their own choice (R9).

`numbers` lets the coach read counts and rates only; `full` lets them read everything,
read-only. A coach reads a seeker's rows only through `shared_view` (one seeker) or
`shared_views` (the caseload): nothing else in Parting hands one account another's rows.
A share ends when the seeker revokes it or its `until` day (the seeker's) has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from parting.core.choices import ActivityKind, InvitationKind, Scope
from parting.core.domain import activity, clock
from parting.core.domain.bounds import check_day, parse_id
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import Invitation, Profile, Share

# How long a coach still sees that a share ended (never what it showed).
ENDED_SHOWN = dt.timedelta(days=30)
INVITATION_LIFETIME = dt.timedelta(days=7)


def display_name(user: User, profile: Profile | None = None) -> str:
    """How an account is named to the other side of a share: its profile name, else email."""
    name = (profile or get_profile(user)).name
    return name or user.email or user.username


# -- the one way in: a coach's view of a seeker -----------------------------------------


@dataclass(frozen=True)
class SharedView:
    """What one live share lets its coach read. `names` is False for `numbers`: then only
    counts and rates may leave the domain, never a contact's, referrer's or lead's name."""

    share: Share
    seeker: User
    profile: Profile

    @property
    def scope(self) -> str:
        return self.share.scope

    @property
    def names(self) -> bool:
        return self.share.scope == Scope.FULL

    @property
    def seeker_name(self) -> str:
        return display_name(self.seeker, self.profile)

    @property
    def since(self) -> dt.datetime:
        return self.share.created_at

    @property
    def until(self) -> dt.date | None:
        return self.share.until

    def today(self) -> dt.date:
        """Today in the seeker's zone."""
        return clock.local_today(self.profile.timezone)

    def require_full(self) -> User:
        """The seeker, for a read that shows names or notes: only a `full` share allows it."""
        if not self.names:
            raise NotFound("this seeker shares numbers only")
        return self.seeker


def _open_shares(coach: Any) -> QuerySet[Share]:
    """Shares with `coach` not revoked and not long past their end (checked exactly later)."""
    if coach is None or not getattr(coach, "is_authenticated", False):
        return Share.objects.none()
    # A day of slack either way: the exact end is the seeker's day, checked in `_live`.
    cutoff = clock.now().date() - dt.timedelta(days=1)
    return (
        Share.objects.filter(coach=coach, revoked_at__isnull=True, seeker__is_active=True)
        .filter(Q(until__isnull=True) | Q(until__gte=cutoff))
        .select_related("seeker", "seeker__parting_profile")
        # Only what a view uses up front: building 150 full accounts was most of its time.
        .only(*SHARE_FIELDS, *SEEKER_FIELDS)
    )


SHARE_FIELDS = ("scope", "until", "created_at", "revoked_at", "seeker_id", "coach_id")
SEEKER_FIELDS = (
    "seeker__username",
    "seeker__email",
    "seeker__is_active",
    "seeker__parting_profile__name",
    "seeker__parting_profile__timezone",
)


def _profile(share: Share) -> Profile:
    try:
        return share.seeker.parting_profile
    except Profile.DoesNotExist:
        return get_profile(share.seeker)


def _live(share: Share) -> SharedView | None:
    profile = _profile(share)
    if share.until is not None and share.until < clock.local_today(profile.timezone):
        return None
    return SharedView(share, share.seeker, profile)


def shared_views(coach: Any) -> list[SharedView]:
    """Every live share with `coach`, one per seeker: the caseload. Two queries."""
    views = (_live(s) for s in _open_shares(coach).order_by("seeker_id"))
    return [v for v in views if v is not None]


def shared_view(coach: Any, seeker_id: object) -> SharedView:
    """The live share of seeker `seeker_id` with `coach`, else NotFound (a 404)."""
    pk = parse_id(seeker_id)
    share = _open_shares(coach).filter(seeker_id=pk).first() if pk else None
    view = _live(share) if share is not None else None
    if view is None:
        raise NotFound(f"no seeker #{seeker_id} shares with you")
    return view


def shared_view_of(coach: Any, ref: str) -> SharedView:
    """`shared_view` of the seeker named by their email or account id."""
    text = (ref or "").strip()
    if parse_id(text) is None:
        match = _open_shares(coach).filter(seeker__username__iexact=text).first()
        text = str(match.seeker_id) if match else "0"
    try:
        return shared_view(coach, text)
    except NotFound:
        raise NotFound(f"nobody called {ref!r} shares with you") from None


def is_coach(user: Any) -> bool:
    """Whether anyone shares with `user`, or did lately: the caseload is then in the menu."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    lately = Q(revoked_at__isnull=True) | Q(revoked_at__gte=clock.now() - ENDED_SHOWN)
    return Share.objects.filter(lately, coach=user).exists()


def ended_for_coach(coach: Any) -> list[tuple[str, dt.datetime]]:
    """Seekers whose share with `coach` ended lately (revoked), newest first: a name and when,
    never what the share showed."""
    if coach is None or not getattr(coach, "is_authenticated", False):
        return []
    since = clock.now() - ENDED_SHOWN
    still = Share.objects.filter(coach=coach, revoked_at__isnull=True).values("seeker_id")
    rows = (
        Share.objects.filter(coach=coach, revoked_at__gte=since)
        .exclude(seeker_id__in=still)
        .select_related("seeker", "seeker__parting_profile")
        .only(*SHARE_FIELDS, *SEEKER_FIELDS)
        .order_by("-revoked_at")
    )
    seen: dict[int, tuple[str, dt.datetime]] = {}
    for share in rows:
        if share.revoked_at is not None:
            name = display_name(share.seeker, _profile(share))
            seen.setdefault(share.seeker_id, (name, share.revoked_at))
    return list(seen.values())


# -- the seeker's side -----------------------------------------------------------------


@dataclass
class Sharing:
    """What the seeker shares: live shares, invitations waiting, shares ended by date."""

    live: list[Share]
    pending: list[Invitation]
    lapsed: list[Share]


def sharing_of(seeker: User) -> Sharing:
    """Who can see what, since when: the seeker's Settings → Sharing and `share list`."""
    day = clock.local_today(get_profile(seeker).timezone)
    shares = list(
        Share.objects.filter(seeker=seeker, revoked_at__isnull=True)
        .select_related("coach", "coach__parting_profile")
        .order_by("created_at", "id")
    )
    live = [s for s in shares if s.until is None or s.until >= day]
    lapsed = [s for s in shares if s not in live]
    return Sharing(live, list(pending_shares(seeker)), lapsed)


def check_scope(scope: str) -> str:
    if scope not in Scope.values:
        allowed = " or ".join(Scope.values)
        raise Invalid(
            f"scope must be {allowed}, not {scope!r}",
            field="scope",
            plain=f"scope must be {allowed}",
        )
    return scope


def check_until(seeker: User, until: dt.date | None) -> dt.date | None:
    if until is None:
        return None
    check_day(until, "until")
    if until < clock.local_today(get_profile(seeker).timezone):
        raise Invalid(f"the end date {until.isoformat()} has already passed", field="until")
    return until


def _open_with(seeker: User, coach: User) -> Share | None:
    """The seeker's unrevoked share with `coach`; one past its end is closed on the way."""
    share = Share.objects.filter(seeker=seeker, coach=coach, revoked_at__isnull=True).first()
    day = clock.local_today(get_profile(seeker).timezone)
    if share is not None and share.until is not None and share.until < day:
        share.revoked_at = clock.now()
        share.save(update_fields=["revoked_at"])
        return None
    return share


def refuse_existing(seeker: User, coach: User | None, email: str) -> None:
    """One live share per seeker and coach: a second is refused, the first left alone."""
    if coach is None:
        return
    share = Share.objects.filter(seeker=seeker, coach=coach, revoked_at__isnull=True).first()
    day = clock.local_today(get_profile(seeker).timezone)
    if share is not None and (share.until is None or share.until >= day):
        raise Conflict(
            f"you already share {share.scope} with {email} (revoke it first to change it)",
            field="email",
            code="share_exists",
        )


def open_share(seeker: User, coach: User, scope: str, until: dt.date | None) -> Share:
    """Start a share now. Callers have the coach's acceptance or the seeker's own choice."""
    if seeker.pk == coach.pk:
        raise Invalid("you cannot share with yourself", field="email")
    check_scope(scope)
    with transaction.atomic():
        if _open_with(seeker, coach) is not None:
            refuse_existing(seeker, coach, coach.email)
        try:
            with transaction.atomic():
                share = Share.objects.create(seeker=seeker, coach=coach, scope=scope, until=until)
        except IntegrityError:  # accepted twice at once: the other acceptance won
            raise Conflict(f"you already share with {coach.email}", code="share_exists") from None
        activity.record(seeker, ActivityKind.SHARE_GRANTED, _about(share))
    return share


def _about(share: Share) -> str:
    """A share as the seeker's account activity names it."""
    until = f" until {share.until.isoformat()}" if share.until else ""
    return f"{share.scope} with {share.coach.email or share.coach.username}{until}"


def own_share(seeker: User, share_id: object) -> Share:
    """One of the seeker's shares not revoked yet, with its coach, else NotFound."""
    rows = Share.objects.filter(seeker=seeker, revoked_at__isnull=True).select_related("coach")
    share = rows.filter(pk=parse_id(share_id) or 0).first()
    if share is None:
        raise NotFound(f"no share #{share_id}")
    return share


def revoke_share(seeker: User, share_id: object) -> Share:
    """End one of the seeker's shares at once."""
    pk = parse_id(share_id)
    share = Share.objects.filter(seeker=seeker, revoked_at__isnull=True, pk=pk or 0).first()
    if share is None:
        raise NotFound(f"no share #{share_id}")
    share.revoked_at = clock.now()
    with transaction.atomic():
        share.save(update_fields=["revoked_at"])
        activity.record(seeker, ActivityKind.SHARE_REVOKED, _about(share))
    return share


def revoke(seeker: User, email: str) -> tuple[int, int]:
    """End every share with the account `email`, and drop invitations waiting for it:
    (shares ended, invitations dropped). Nothing to end is NotFound."""
    address = (email or "").strip().lower()
    User = get_user_model()
    with transaction.atomic():
        coach = User.objects.filter(username__iexact=address).first()
        shares = Share.objects.filter(seeker=seeker, coach=coach, revoked_at__isnull=True)
        for share in shares.select_related("coach") if coach is not None else []:
            activity.record(seeker, ActivityKind.SHARE_REVOKED, _about(share))
        ended = shares.update(revoked_at=clock.now()) if coach is not None else 0
        dropped = pending_shares(seeker).filter(email__iexact=address).delete()[0]
    if not ended and not dropped:
        raise NotFound(f"you share nothing with {email!r}")
    return ended, dropped


def live_invitations() -> QuerySet[Invitation]:
    """Invitations not used and younger than INVITATION_LIFETIME."""
    since = clock.now() - INVITATION_LIFETIME
    return Invitation.objects.filter(used_at__isnull=True, created_at__gt=since)


def pending_shares(seeker: User) -> QuerySet[Invitation]:
    """The seeker's share invitations still waiting for their coach."""
    mine = live_invitations().filter(kind=InvitationKind.SHARE, invited_by=seeker)
    return mine.order_by("created_at", "id")


def cancel_invitation(seeker: User, invitation_id: object) -> Invitation:
    """Drop one of the seeker's share invitations still waiting: its link stops working."""
    row = pending_shares(seeker).filter(pk=parse_id(invitation_id) or 0).first()
    if row is None:
        raise NotFound(f"no invitation #{invitation_id}")
    row.delete()
    return row
