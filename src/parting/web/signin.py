"""Sign-in throttling (django-axes): who is counted, and the answer once they are locked out.

Failures are counted in the database by account and by client address, so every app process
sees the same count. A locked-out attempt is refused before the password is hashed.
"""

from __future__ import annotations

import ipaddress
import math
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class SignInForm(AuthenticationForm):
    """Django's sign-in form, in Parting's words: people sign in with their email."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password don't match an account. "
        "Check the email for typos; the password is case-sensitive.",
        "inactive": "This account is closed.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["username"]
        email.label = "Email"
        email.widget.input_type = "email"
        email.widget.attrs.update({"autocomplete": "email", "inputmode": "email"})


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account tried, as stored: `Alice@Example.com ` counts against alice@example.com."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(raw).strip().lower()[:150]


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address: REMOTE_ADDR, or the proxy's record of it behind trusted proxies."""
    proxies = settings.PARTING_TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies and len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
        return forwarded[-proxies]  # the address the outermost trusted proxy saw
    # None when unknown (a request made in code): the address column holds only addresses.
    return request.META.get("REMOTE_ADDR") or None


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def wait_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The same answer for every account, known or not: when to try again (429, Retry-After)."""
    minutes = wait_minutes()
    message = (
        f"Too many sign-in attempts. Try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
    context = {"form": SignInForm(request), "locked": message, "next": ""}
    answer = render(request, "registration/login.html", context, status=429)
    answer["Retry-After"] = str(minutes * 60)
    return answer


def note_sign_in(sender: Any, request: HttpRequest | None, user: Any, **_: Any) -> None:
    """Every sign-in, by any form (admin included), goes into the account's activity."""
    from parting.core.choices import ActivityKind
    from parting.core.domain import activity

    address = client_ip(request) if request is not None else None
    where = " (admin)" if request is not None and request.path.startswith("/admin/") else ""
    activity.record(user, ActivityKind.SIGN_IN, (f"from {address}" if address else "") + where)
