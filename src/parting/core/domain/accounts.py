"""Accounts: creating and deleting users, and the one-time sign-in for the first one."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import QuerySet

from parting.core.domain import clock
from parting.core.domain.errors import Conflict, Invalid, NotFound
from parting.core.domain.profiles import get_profile
from parting.core.domain.questions import ensure_defaults
from parting.core.domain.types import User
from parting.core.models import SetupToken

# A setup link printed by `parting serve` works for an hour.
SETUP_TOKEN_LIFETIME = dt.timedelta(hours=1)


def create_user(email: str, password: str | None, name: str = "") -> User:
    """Add an account (email is the sign-in name) with its profile and default questions."""
    User = get_user_model()
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise Invalid(
            f"not an email address: {email!r}", field="email", plain="not an email address"
        ) from exc
    if User.objects.filter(username__iexact=email).exists():
        raise Conflict(f"an account for {email} already exists", field="email")
    candidate = User(username=email, email=email)
    if password is not None:
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise Invalid("password: " + " ".join(exc.messages), field="password") from exc
    with transaction.atomic():
        user = User.objects.create_user(username=email, email=email, password=password)
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        profile = get_profile(user)
        if name:
            profile.name = name
            profile.save(update_fields=["name"])
        ensure_defaults(user)
    return user


# Accounts that hold a restore while it is built: inactive, never signed in to, never listed.
STAGING = "~restore-staging-"


def people() -> QuerySet[User]:
    """Every real account (the staging accounts of restores under way left out)."""
    return get_user_model().objects.exclude(username__startswith=STAGING)


def staging_accounts() -> QuerySet[User]:
    return get_user_model().objects.filter(username__startswith=STAGING)


def staging_account() -> User:
    """A new staging account; made without the new-account signal, so it starts empty."""
    User = get_user_model()
    user = User(username=STAGING + secrets.token_hex(8), is_active=False)
    user.set_unusable_password()
    return User.objects.bulk_create([user])[0]


def resolve_user(email: str | None) -> User:
    """The account the CLI acts as: the one named, else the only one."""
    User = get_user_model()
    if email:
        user = User.objects.filter(username__iexact=email.strip()).first()
        if not user:
            raise NotFound(f"no account {email!r}")
        return user
    users = list(people().order_by("id")[:2])
    if not users:
        raise NotFound("no account yet", code="no_account")
    if len(users) > 1:
        raise Invalid("there are several accounts", code="several_accounts")
    return users[0]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def needs_setup() -> bool:
    return not people().exists()


def issue_setup_token() -> str:
    """A one-time token for creating the first account; only its hash is stored.

    Issuing one revokes every earlier unused token: only the newest link works."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        SetupToken.objects.filter(used_at__isnull=True).delete()
        SetupToken.objects.create(token_hash=_digest(token))
    return token


def _live_tokens() -> QuerySet[SetupToken]:
    """Unused tokens younger than SETUP_TOKEN_LIFETIME."""
    return SetupToken.objects.filter(
        used_at__isnull=True, created_at__gt=clock.now() - SETUP_TOKEN_LIFETIME
    )


def setup_token_valid(token: str) -> bool:
    if not token or not needs_setup():
        return False
    return _live_tokens().filter(token_hash=_digest(token)).exists()


def redeem_setup_token(token: str, email: str, password: str) -> User:
    """Create the first account with a valid token; the token then stops working."""
    with transaction.atomic():
        row = _live_tokens().select_for_update().filter(token_hash=_digest(token or "")).first()
        if row is None or not needs_setup():
            raise Invalid("this sign-in link has expired or was already used")
        user = create_user(email, password)
        SetupToken.objects.filter(used_at__isnull=True).update(used_at=clock.now())
    return user


# -- deleting an account ----------------------------------------------------------------


# Rows deleted per transaction: other writers get the database between batches.
BATCH = 500


def _user_keys() -> list[tuple[type[models.Model], Any]]:
    """Every foreign key to the user model, in every app: the account's rows and the rows
    that point at it from other accounts (a share with it as coach), models added later too.
    Children come first: a model comes after every model that points at it."""
    user_model = get_user_model()
    keys = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model
    ]
    order = {model: n for n, model in enumerate(_children_first({m for m, _ in keys}))}
    return sorted(keys, key=lambda key: order[key[0]])


def _children_first(left: set[type[models.Model]]) -> list[type[models.Model]]:
    def points_at(model: type[models.Model], target: type[models.Model]) -> bool:
        return any(f.is_relation and f.related_model is target for f in model._meta.fields)

    ordered: list[type[models.Model]] = []
    while left:
        ready = [m for m in left if not any(points_at(o, m) for o in left if o is not m)]
        pick = min(ready or left, key=lambda m: m._meta.label)  # a cycle: any will do
        ordered.append(pick)
        left.remove(pick)
    return ordered


def delete_account(user: User, confirm: str) -> dict[str, int]:
    """Remove the account and every row it owns or that names it. Returns rows per model.

    `confirm` must be the account's email, typed again. One short transaction ends the
    account for everyone (no sign-in, no session, its email free, shares both ways gone);
    its rows then go a batch per transaction, so a big account never holds SQLite's lock
    for long. Should that stop half-way, the account is a staging account, which nothing
    lists and a later restore clears."""
    if (confirm or "").strip().lower() != (user.email or user.username).strip().lower():
        raise Invalid("type the account's email exactly to confirm", field="email")
    keys = _user_keys()
    deleted: dict[str, int] = {}

    def count(per_model: dict[str, int]) -> None:
        for label, n in per_model.items():
            deleted[label] = deleted.get(label, 0) + n

    with transaction.atomic():
        _retire(user)
        for model, field in keys:
            if field.name != "owner":  # rows joining two accounts: shares, notes, invitations
                count(model._base_manager.filter(**{field.attname: user.pk}).delete()[1])
    for model, field in keys:
        rows = model._base_manager.filter(**{field.attname: user.pk})
        while pks := list(rows.values_list("pk", flat=True)[:BATCH]):
            with transaction.atomic():
                count(model._base_manager.filter(pk__in=pks).delete()[1])
    with transaction.atomic():  # and whatever a request in flight added meanwhile
        count(get_user_model()._base_manager.filter(pk=user.pk).delete()[1])
    return {label: n for label, n in deleted.items() if n}


def _retire(user: User) -> None:
    """The account stops being one: renamed out of every list, no password, inactive."""
    user.username = STAGING + secrets.token_hex(8)
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["username", "email", "is_active", "password"])
