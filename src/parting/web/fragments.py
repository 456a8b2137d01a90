"""HTMX helpers: one template per panel, returned alone to htmx and inside its page otherwise."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def is_htmx(request: HttpRequest) -> bool:
    """An htmx swap wants a fragment; a history restore wants the whole page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_part(
    request: HttpRequest,
    page: str,
    part: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    push_url: str | None = None,
) -> HttpResponse:
    """Render `part` alone for htmx, else `page` (which includes `part`)."""
    context = {**context, "part": part}
    htmx = is_htmx(request)
    response = render(request, part if htmx else page, context, status=status)
    if htmx and push_url:
        response["HX-Push-Url"] = push_url
    patch_vary_headers(response, ["HX-Request"])
    return response


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the posted `next` when it is one of ours, else to `default`."""
    return redirect(next_url(request) or default)


def next_url(request: HttpRequest) -> str:
    """The posted (or linked) `next` when it is one of ours, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path of ours only: redirect() would read any other text as a URL name to reverse.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
