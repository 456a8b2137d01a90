"""The web door's two shared moves: fetch one of the seeker's rows (else 404, R9), and show a
domain refusal on a form."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

from django import forms
from django.db.models import Manager, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect

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


def field_text(exc: DomainError) -> str:
    """A refusal shown beside its field: its plain words ("Not a phone number."), without
    the value typed, which is right there in the field; a sentence, as Django's own errors
    are, unless it starts with a name (`notes.csv, line 2: …`)."""
    if exc.plain is None:
        text = error_text(exc)
    else:
        hint = HINTS.get(exc.code or "")
        text = f"{exc.plain} ({hint})" if hint else exc.plain
    first = text.split(" ", 1)[0]
    if not first.isalpha() or not first.islower():
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def add_domain_error(form: forms.BaseForm, exc: DomainError, field: str | None = None) -> None:
    """Show a domain refusal on `field`, else on the field it names when the form has it,
    else above the form. Every field's refusal shows at once (Checks)."""
    for each in exc.errors:
        name = field or each.field
        if name in form.fields:
            form.add_error(name, field_text(each))
        else:
            form.add_error(None, error_text(each))


def also_check(form: forms.BaseForm, check: Callable[..., object], *args: Any) -> None:
    """Run the domain's checks on a form Django already refused, so a post shows every
    field's error at once, not one per try. A field keeps the error it has."""
    try:
        check(*args)
    except DomainError as exc:
        for each in exc.errors:
            if each.field in form.fields and not form.has_error(each.field or ""):
                form.add_error(each.field, field_text(each))


def validation_error(exc: DomainError) -> forms.ValidationError:
    """A domain refusal raised from a form's clean_<field>()."""
    return forms.ValidationError(field_text(exc), code=exc.code or "invalid")


class SeekerRequest(HttpRequest):
    """A request to a signed-in view (login_required): its user is a seeker's account, never
    anonymous, so views pass it to the domain as a `User`."""

    user: User


def profile_of(request: HttpRequest) -> Profile:
    """The signed-in seeker's profile, as SeekerTimeZoneMiddleware read it for this request."""
    profile = getattr(request, "seeker_profile", None)
    return profile if profile is not None else get_profile(request.user)  # type: ignore[arg-type]


View = TypeVar("View", bound=Callable[..., HttpResponse])


def post_only(page: str, *, row: bool = False) -> Callable[[View], View]:
    """A view that changes something answers POST. A GET (a reload of the page a failed post
    showed, a bookmark, a pasted link) goes to `page`, the page that holds the form (with
    the same row's pk when `row`), never to a blank "405 Method Not Allowed"."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                return redirect(page, pk=kwargs["pk"]) if row else redirect(page)
            return HttpResponseNotAllowed(["POST"])

        return wrapper  # type: ignore[return-value]

    return decorate
