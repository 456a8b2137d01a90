"""The web door's two shared moves: fetch one of the seeker's rows (else 404, R9), and show a
domain refusal on a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

from django import forms
from django.db.models import Manager, QuerySet
from django.http import Http404, HttpRequest

from parting.core.domain.bounds import parse_id
from parting.core.domain.errors import DomainError, NotFound
from parting.core.domain.profiles import get_profile
from parting.core.domain.types import User
from parting.core.models import Owned, OwnedQuerySet, Profile

Rows: TypeAlias = "type[Owned] | Manager[Any] | QuerySet[Any]"

# What the web says after a domain refusal with this code (the CLI has its own hints).
HINTS: dict[str, str] = {
    "account_not_empty": "tick “Replace everything” to restore over it",
}


def owned_or_404(rows: Rows, user: Any, pk: object, *related: str) -> Any:
    """The user's row with this id, else 404 (R9). `rows` is an owned model, its manager or a
    queryset of it; `pk` may be raw text from a URL or form: anything but an id is a 404."""
    number = parse_id(pk)
    if number is None:
        raise Http404("no such row")
    queryset = (rows.objects if isinstance(rows, type) else rows).all()
    assert isinstance(queryset, OwnedQuerySet), "owned_or_404 needs an owned model"
    queryset = queryset.for_user(user)
    if related:
        queryset = queryset.select_related(*related)
    found = queryset.filter(pk=number).first()
    if found is None:
        raise Http404("no such row")
    return found


T = TypeVar("T")


def found_or_404(call: Callable[..., T], *args: Any) -> T:
    """The domain's answer, with "not found" as a 404 (a row of another account, a share
    that ended)."""
    try:
        return call(*args)
    except NotFound as exc:
        raise Http404(exc.message) from None


def optional_owned(rows: Rows, user: Any, pk: object) -> Any:
    """Like owned_or_404, but no id at all gives None (a prefill that was not asked for)."""
    if pk is None or str(pk).strip() == "":
        return None
    return owned_or_404(rows, user, pk)


def error_text(exc: DomainError) -> str:
    """The domain's one line, with the web's hint for its code when there is one."""
    hint = HINTS.get(exc.code or "")
    return f"{exc.message} ({hint})" if hint else exc.message


def add_domain_error(form: forms.BaseForm, exc: DomainError, field: str | None = None) -> None:
    """Show a domain refusal on `field`, else on the field it names when the form has it,
    else above the form."""
    name = field or exc.field
    form.add_error(name if name in form.fields else None, error_text(exc))


def validation_error(exc: DomainError) -> forms.ValidationError:
    """A domain refusal raised from a form's clean_<field>()."""
    return forms.ValidationError(error_text(exc), code=exc.code or "invalid")


class SeekerRequest(HttpRequest):
    """A request to a signed-in view (login_required): its user is a seeker's account, never
    anonymous, so views pass it to the domain as a `User`."""

    user: User


def profile_of(request: HttpRequest) -> Profile:
    """The signed-in seeker's profile, as SeekerTimeZoneMiddleware read it for this request."""
    profile = getattr(request, "seeker_profile", None)
    return profile if profile is not None else get_profile(request.user)  # type: ignore[arg-type]
