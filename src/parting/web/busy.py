"""When SQLite stays locked past its timeout: 503 "busy, try again in a moment", never a 500."""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

# Seconds a client waits before trying again; a restore's longest lock is well under this.
RETRY_AFTER = 5
MESSAGE = "The database is busy, try again in a moment."


def is_busy(exc: BaseException | None) -> bool:
    """SQLite's "database is locked" (or "database table is locked")."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc)


def busy_response() -> HttpResponse:
    # No base template: its context would read the session, which may be what is locked.
    html = render_to_string("parting/busy.html", {"message": MESSAGE})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class BusyMiddleware:
    """A view that meets a locked database answers 503 with Retry-After."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response() if is_busy(exception) else None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the same 503 when a middleware (e.g. saving the session) met the lock."""
    if is_busy(sys.exc_info()[1]):
        return busy_response()
    return defaults.server_error(request)
