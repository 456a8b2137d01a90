"""Security headers: a strict Content-Security-Policy (every script and style comes from our
own files), a Permissions-Policy, no caching of anything a signed-in user sees; and times
in the seeker's own zone."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from parting.core.domain import clock, freshness
from parting.core.domain.profiles import get_profile

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# Parting uses none of these browser features; no page or injected frame may ask for them.
PERMISSIONS = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages and exports hold the seeker's network: never kept by a shared cache or
            # the browser's back-forward store on a shared computer.
            response.headers["Cache-Control"] = "private, no-store"
        return response


class SeekerTimeZoneMiddleware:
    """Show and read every time in the signed-in seeker's zone, on every page. The profile it
    reads is kept on the request (`seeker_profile`) for the page's menu, and the account's data
    stamp is read once a request (domain.freshness.one_look)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        profile = get_profile(user)
        request.seeker_profile = profile  # type: ignore[attr-defined]
        with timezone.override(clock.zone(profile.timezone)), freshness.one_look():
            return self.get_response(request)
