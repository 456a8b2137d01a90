"""Personal access tokens for the API (R9: a token acts as its owner and nobody else).

A token is shown once, when it is made, and kept only as its SHA-256: whoever reads the
database cannot use it. Its prefix (`pt_` and 8 characters) names it in lists and logs.
A read-only token reads; a read-write one also writes, through the same domain functions as
the web and the CLI. Each use is counted against a rate limit whose window lives on the
token's row, so every app process (and every machine) counts against one limit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import string
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet

from parting.core.choices import ActivityKind
from parting.core.domain import activity, clock
from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import Invalid, NotFound
from parting.core.domain.names import clean_text
from parting.core.domain.types import User
from parting.core.models import ApiToken

MARK = "pt_"
PREFIX_CHARS = 8
ALPHABET = string.ascii_letters + string.digits
NAME_MAX = 100
MAX_DAYS = 3650
TOKENS_MAX = 50  # live tokens per account
WINDOW = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Made:
    """A new token and its secret, which is never shown again."""

    token: ApiToken
    secret: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like_token(text: str) -> bool:
    return text.startswith(MARK) and len(text) > len(MARK) + PREFIX_CHARS


def live(user: User) -> QuerySet[ApiToken]:
    """The account's tokens not revoked, newest first (expired ones included: lists say so)."""
    return ApiToken.objects.for_user(user).filter(revoked_at__isnull=True)


def create_token(
    user: User, name: str, *, read_only: bool = False, expires_days: int | None = None
) -> Made:
    """Make a token named `name`; it expires after `expires_days` days (None: never)."""
    text = clean_text(name)
    if not text:
        raise Invalid("a token needs a name", field="name")
    if len(text) > NAME_MAX:
        raise Invalid(f"a token name has at most {NAME_MAX} characters", field="name")
    if expires_days is not None and not 1 <= expires_days <= MAX_DAYS:
        raise Invalid(f"expires: between 1 and {MAX_DAYS} days", field="expires")
    if live(user).count() >= TOKENS_MAX:
        raise Invalid(f"at most {TOKENS_MAX} tokens; revoke one first", field="name")
    expires_at = clock.now() + dt.timedelta(days=expires_days) if expires_days else None
    with transaction.atomic():
        for _ in range(5):  # a prefix already taken (1 in 2^47) is drawn again
            prefix = MARK + "".join(secrets.choice(ALPHABET) for _ in range(PREFIX_CHARS))
            if not ApiToken.objects.filter(prefix=prefix).exists():
                break
        secret = f"{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            owner=user,
            name=text,
            prefix=prefix,
            token_hash=digest(secret),
            read_only=read_only,
            expires_at=expires_at,
        )
        activity.record(user, ActivityKind.TOKEN_CREATED, f"{prefix} {text}")
    return Made(token, secret)


def resolve_token(user: User, ref: object) -> ApiToken:
    """One of the account's live tokens, by id or prefix."""
    text = str(ref if ref is not None else "").strip()
    tokens = live(user)
    pk = parse_id(text)
    found = tokens.filter(Q(pk=pk) if pk else Q(prefix=text)).first()
    if found is None:
        raise NotFound(f"no token {text!r}", field="token")
    return found


def revoke_token(user: User, ref: object) -> ApiToken:
    """End a token at once; its next request is refused."""
    token = resolve_token(user, ref)
    with transaction.atomic():
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        activity.record(user, ActivityKind.TOKEN_REVOKED, f"{token.prefix} {token.name}")
    return token


def is_expired(token: ApiToken, now: dt.datetime | None = None) -> bool:
    return token.expires_at is not None and token.expires_at <= (now or clock.now())


def authenticate(secret: str) -> ApiToken | None:
    """The live, unexpired token with this secret, with its owner; else None."""
    if not looks_like_token(secret) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("owner")
        .filter(token_hash=digest(secret), revoked_at__isnull=True, owner__is_active=True)
        .first()
    )
    if token is None or is_expired(token):
        return None
    return token


@dataclass(frozen=True)
class Hit:
    """One request counted: allowed, or refused with the seconds until the window ends."""

    allowed: bool
    retry_after: int


def hit(token: ApiToken, limit: int, now: dt.datetime | None = None) -> Hit:
    """Count one request against the token's limit per WINDOW. Each step is one conditional
    UPDATE, whose row count says whether it counted, so two app processes never both take
    the last request of a window. `last_used_at` is written with a window's first request
    only: at most once a minute, and a request within the window touches one column."""
    now = now or clock.now()
    start = now - dt.timedelta(seconds=now.second, microseconds=now.microsecond)
    row = ApiToken.objects.filter(pk=token.pk)
    counted = row.filter(window_start=start, window_hits__lt=limit).update(
        window_hits=F("window_hits") + 1
    )
    if counted:
        return Hit(True, 0)
    # A new window, or this one is spent.
    fresh = Q(window_start__isnull=True) | ~Q(window_start=start)
    counted = row.filter(fresh).update(window_start=start, window_hits=1, last_used_at=now)
    if not counted:
        return Hit(False, max(1, math.ceil((start + WINDOW - now).total_seconds())))
    token.last_used_at = now
    return Hit(True, 0)


def rate_limit() -> int:
    """Requests a token may make a minute (PARTING_API_RATE_LIMIT)."""
    return int(settings.PARTING_API_RATE_LIMIT)
