"""Absolute links into the web app, for pages, the calendar feed, the digest and the CLI.

The domain builds no URLs: doors pass these builders in (a link per follow-up, the digest's
links and its HTML). `base` is the site's address: a page's own (`request_site`), a
command's (`command_site`); by default PARTING_BASE_URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from parting.core.domain import calendar
from parting.core.domain.digest import Digest, DigestLinks
from parting.core.domain.profiles import seeker_time
from parting.core.models import FollowUp
from parting.home import last_served


def site(base: str | None = None) -> str:
    """The address links start with."""
    return base if base is not None else settings.PARTING_BASE_URL


def request_site(request: HttpRequest) -> str:
    """The address this page was served at. PARTING_BASE_URL when it names the same host:
    behind a proxy it knows the public scheme."""
    configured = settings.PARTING_BASE_URL
    if urlsplit(configured).netloc == request.get_host():
        return configured
    return f"{request.scheme}://{request.get_host()}"


def command_site(environ: Mapping[str, str]) -> str:
    """For a command: PARTING_BASE_URL when set, else the address the last `parting serve`
    listened on, else the default address."""
    explicit = (environ.get("PARTING_BASE_URL") or "").strip().rstrip("/")
    return explicit or last_served(settings.PARTING_HOME) or settings.PARTING_BASE_URL


def absolute(name: str, *args: Any, base: str | None = None) -> str:
    return site(base) + reverse(name, args=args)


def followup_link(base: str | None = None) -> Callable[[FollowUp], str]:
    """A follow-up's message page, for calendar events and the digest."""
    return lambda followup: absolute("followup_message", followup.pk, base=base)


def feed_url(user: Any, base: str | None = None) -> str:
    """The private calendar feed (made on first use)."""
    return absolute("calendar_feed", user.pk, calendar.feed_token(user), base=base)


def webcal_url(user: Any, base: str | None = None) -> str:
    """The same feed for Apple Calendar, which subscribes to webcal://."""
    return "webcal://" + feed_url(user, base).split("://", 1)[1]


def digest_links(base: str | None = None) -> DigestLinks:
    return DigestLinks(
        today=absolute("today", base=base),
        settings=absolute("settings_calendar", base=base),
        followup=followup_link(base),
    )


def digest_html(digest: Digest) -> str:
    """The digest's HTML alternative, from the web's template."""
    link = digest.links.followup
    context = {
        "digest": digest,
        "overdue": [(f, link(f)) for f in digest.overdue],
        "due_today": [(f, link(f)) for f in digest.today],
    }
    with seeker_time(digest.user):
        return render_to_string("parting/digest/email.html", context)
