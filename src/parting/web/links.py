"""Absolute links into the web app, for pages, the calendar feed, the digest and the CLI.

The domain builds no URLs: doors pass these builders in (a link per follow-up, the digest's
links and its HTML). `base` is the site's address; by default PARTING_BASE_URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from parting.core.domain import calendar
from parting.core.domain.digest import Digest, DigestLinks
from parting.core.models import FollowUp


def site(base: str | None = None) -> str:
    """The address links start with."""
    return base if base is not None else settings.PARTING_BASE_URL


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
    return render_to_string("parting/digest/email.html", context)
