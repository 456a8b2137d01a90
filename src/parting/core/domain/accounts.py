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
        raise Invalid(f"not an email address: {email!r}", field="email") from exc
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


def _user_keys() -> list[tuple[type[models.Model], Any]]:
    """Every foreign key to the user model, in every app: the account's rows and the rows
    that point at it from other accounts (a share with it as coach), models added later too.
    Models pointed at by the others come last, so each delete finds its children gone."""
    user_model = get_user_model()
    keys = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model
    ]
    models_ = {model for model, _ in keys}

    def pointed_at(model: type[models.Model]) -> int:
        return sum(
            1
            for other in models_
            for f in other._meta.concrete_fields
            if f.is_relation and f.related_model is model and other is not model
        )

    return sorted(keys, key=lambda key: (pointed_at(key[0]), key[0]._meta.label))


def delete_account(user: User, confirm: str) -> dict[str, int]:
    """Remove the account and every row it owns or that names it, in one transaction.

    `confirm` must be the account's email, typed again. Returns rows deleted per model."""
    if (confirm or "").strip().lower() != (user.email or user.username).strip().lower():
        raise Invalid("type the account's email exactly to confirm", field="email")
    deleted: dict[str, int] = {}
    with transaction.atomic():
        for model, field in _user_keys():
            _, per_model = model._base_manager.filter(**{field.attname: user.pk}).delete()
            for label, n in per_model.items():
                deleted[label] = deleted.get(label, 0) + n
        get_user_model()._base_manager.filter(pk=user.pk).delete()
    return {label: n for label, n in deleted.items() if n}
