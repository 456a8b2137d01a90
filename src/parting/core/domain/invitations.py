"""Invitations: one-time links that expire after 7 days, stored only as their hash.

A seeker invites a coach to a share (the coach accepts with an existing account or makes
one); a centre invites a seeker to make an account, who then chooses whether to share.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet

from parting.core.choices import InvitationKind, Scope
from parting.core.domain import accounts, clock, mail, sharing
from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.types import User
from parting.core.models import Invitation, Share

LIFETIME = sharing.INVITATION_LIFETIME
SPENT = "this invitation link has expired or was already used"


@dataclass(frozen=True)
class Issued:
    """An invitation and its token: the token is shown once, in the link, and never stored."""

    invitation: Invitation
    token: str


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_email(text: str) -> str:
    email = (text or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Invalid(
            f"not an email address: {text!r}", field="email", plain="not an email address"
        ) from None
    return email


def account_for(email: str) -> User | None:
    return get_user_model().objects.filter(username__iexact=email).first()


def _issue(kind: str, by: User, email: str, **fields: object) -> Issued:
    """A new link; an earlier one of the same kind, sender and address stops working."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        waiting = Invitation.objects.filter(kind=kind, invited_by=by, email=email)
        waiting.filter(used_at__isnull=True).delete()
        row = Invitation.objects.create(
            kind=kind, invited_by=by, email=email, token_hash=digest(token), **fields
        )
    return Issued(row, token)


def invite_coach(
    seeker: User, email: str, scope: str = Scope.NUMBERS, until: dt.date | None = None
) -> Issued:
    """`share add`: a link for the coach at `email` to accept a share of `scope`."""
    address = check_email(email)
    if address in {seeker.username.lower(), (seeker.email or "").lower()}:
        raise Invalid("you cannot share with yourself", field="email")
    sharing.check_scope(scope)
    sharing.check_until(seeker, until)
    sharing.refuse_existing(seeker, account_for(address), address)
    return _issue(InvitationKind.SHARE, seeker, address, scope=scope, until=until)


def invite_account(inviter: User, email: str) -> Issued:
    """`user invite`: a link for `email` to make an account (then choose whether to share)."""
    address = check_email(email)
    if account_for(address) is not None:
        raise Conflict(f"an account for {address} already exists", field="email")
    return _issue(InvitationKind.ACCOUNT, inviter, address, scope="")


def invite_accounts(inviter: User, emails: list[tuple[int, str]]) -> tuple[list[Issued], list[str]]:
    """Invite every address of a list (line number, text): all or nothing. A bad address
    refuses the whole list, naming its line; existing accounts are skipped and named."""
    checked: dict[str, int] = {}
    for line, text in emails:
        try:
            checked.setdefault(check_email(text), line)
        except Invalid as exc:
            raise Invalid(f"line {line}: {exc.message}", field="email") from None
    if not checked:
        raise Invalid("no email addresses in the file", field="email")
    names = get_user_model().objects.filter(username__in=list(checked))
    taken = {name.lower() for name in names.values_list("username", flat=True)}
    with transaction.atomic():
        issued = [invite_account(inviter, email) for email in checked if email not in taken]
    return issued, sorted(taken)


def find(token: str) -> Invitation:
    """The live invitation behind a link, else Invalid: expired, used or made up."""
    rows = sharing.live_invitations().select_related("invited_by")
    row = rows.filter(token_hash=digest(token or "")).first()
    if row is None:
        raise Invalid(SPENT, code="invitation_spent")
    return row


def for_account(token: str, user: User) -> Invitation:
    """The live invitation, when addressed to `user`; any other account is told it is spent,
    so a forwarded link reveals nothing."""
    row = find(token)
    if row.email != user.username.lower():
        raise Invalid("this invitation link is not for this account", code="invitation_spent")
    return row


def accept(coach: User, token: str) -> Share:
    """The coach's side of a share invitation, with an account they already have."""
    with transaction.atomic():
        row = for_account(token, coach)
        if row.kind != InvitationKind.SHARE:
            raise Invalid("this link invites you to make an account; you have one already")
        share = sharing.open_share(row.invited_by, coach, row.scope, row.until)
        _spend(row)
    return share


def join(token: str, password: str, name: str = "") -> tuple[User, Share | None]:
    """Make the invited account; a share invitation's share starts with it."""
    with transaction.atomic():
        row = find(token)
        user = accounts.create_user(row.email, password, name=name)
        share = None
        if row.kind == InvitationKind.SHARE:
            share = sharing.open_share(row.invited_by, user, row.scope, row.until)
        _spend(row)
    return user, share


def _spend(row: Invitation) -> None:
    spent = Invitation.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=clock.now())
    if not spent:  # used by another request meanwhile
        raise Invalid(SPENT, code="invitation_spent")


# -- a new account's answer: share with whoever invited me? ----------------------------


def offers(seeker: User) -> QuerySet[Invitation]:
    """Account invitations this seeker accepted and has not answered yet."""
    return (
        Invitation.objects.filter(
            kind=InvitationKind.ACCOUNT,
            email=seeker.username.lower(),
            used_at__isnull=False,
            answered_at__isnull=True,
        )
        .exclude(invited_by=seeker)
        .select_related("invited_by", "invited_by__parting_profile")
    )


def answer_offer(seeker: User, offer_id: object, scope: str | None) -> Share | None:
    """Share `scope` with whoever invited the seeker, or (scope None) decline; asked once."""
    row = offers(seeker).filter(pk=parse_id(offer_id) or 0).first()
    if row is None:
        raise NotFound(f"no invitation #{offer_id} to answer")
    with transaction.atomic():
        share = None
        if scope is not None:
            sharing.refuse_existing(seeker, row.invited_by, row.invited_by.email)
            share = sharing.open_share(seeker, row.invited_by, scope, None)
        row.answered_at = clock.now()
        row.save(update_fields=["answered_at"])
    return share


# -- mail --------------------------------------------------------------------------------


def message(issued: Issued, url: str) -> EmailMessage:
    """The invitation as an email; `url` is the link the door built from the token."""
    row = issued.invitation
    sender = sharing.display_name(row.invited_by)
    if row.kind == InvitationKind.SHARE:
        what = (
            "their numbers (counts and rates, no names)"
            if row.scope == Scope.NUMBERS
            else ("their whole job search, read-only")
        )
        subject = f"{sender} shares their job search with you on Parting"
        body = f"{sender} invites you to see {what} on Parting, to coach them."
    else:
        subject = f"{sender} invites you to Parting"
        body = f'{sender} invites you to make a Parting account, to turn every "no" into a lead.'
    body += f"\n\nOpen this link within 7 days (it works once):\n{url}\n"
    return EmailMessage(subject=subject, body=body, to=[row.email])


def send(issued: Issued, url: str) -> bool:
    """Mail the link when mail is set up; False when it is not (show the link instead)."""
    if not mail.delivers():
        return False
    mail.send(message(issued, url))
    return True
