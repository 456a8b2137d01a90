"""Each seeker's digest at 07:00 in their own time zone, as periodic work
(parting.queue.scheduler): one task per account, and only where mail is really sent."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from parting.core.domain import digest, mail
from parting.core.domain.types import User
from parting.web import links


def on() -> bool:
    """Only with a mail server (PARTING_EMAIL_URL): without one a digest is only printed."""
    return mail.delivers()


def subscribers() -> list[tuple[int, str]]:
    return digest.subscriber_zones()


def send(user: User, day: dt.date) -> dict[str, Any]:
    """The seeker's digest for `day`, unless nothing is due or it went out already. A mail
    server that refuses fails the task with its one line (see `parting tasks --failed`)."""
    site = links.command_site(os.environ)
    item = digest.pending(user, links.digest_links(site), links.digest_html, day=day)
    if item is None:
        return {"sent": False, "why": "nothing due, or sent already"}
    return {"sent": digest.send(item), "follow_ups": item.count}
