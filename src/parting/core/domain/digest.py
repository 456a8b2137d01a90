"""The daily digest: today's due and overdue follow-ups as one email to the seeker.

Its links and its HTML come from the door that sends it (the domain builds no URLs)."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Q

from parting.core.domain import followups, mail
from parting.core.domain.errors import Invalid
from parting.core.domain.profiles import get_profile, today_for
from parting.core.domain.types import User
from parting.core.models import FollowUp


@dataclass(frozen=True)
class DigestLinks:
    """Where the digest points: Today, the setting that turns it off, and each follow-up."""

    today: str
    settings: str
    followup: Callable[[FollowUp], str]


@dataclass
class Digest:
    user: User
    day: dt.date
    links: DigestLinks
    overdue: list[FollowUp] = field(default_factory=list)
    today: list[FollowUp] = field(default_factory=list)
    render_html: Callable[[Digest], str] | None = None

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.today)

    @property
    def subject(self) -> str:
        late = f", {len(self.overdue)} overdue" if self.overdue else ""
        plural = "" if self.count == 1 else "s"
        return f"Parting: {self.count} follow-up{plural} for {self.day:%a %d %b}{late}"

    def text(self) -> str:
        """Plain text within 80 columns."""
        lines: list[str] = []
        for heading, items in (("Overdue", self.overdue), ("Due today", self.today)):
            if items:
                lines += [heading, *(_text_item(f, self.day) for f in items), ""]
        if not self.count:
            lines += ["Nothing is due today.", ""]
        lines += [
            "Open Today, where each follow-up has its message drafted:",
            self.links.today,
            "",
            "You get this because the daily digest is on. Turn it off at",
            self.links.settings,
        ]
        return "\n".join(lines) + "\n"

    def email(self, connection: BaseEmailBackend | None = None) -> EmailMultiAlternatives:
        """Plain text, with an HTML alternative when the door gave a renderer; from
        DEFAULT_FROM_EMAIL."""
        message = EmailMultiAlternatives(
            self.subject, self.text(), to=[self.user.email], connection=connection
        )
        if self.render_html is not None:
            message.attach_alternative(self.render_html(self), "text/html")
        return message


def compose(
    user: User,
    links: DigestLinks,
    day: dt.date | None = None,
    render_html: Callable[[Digest], str] | None = None,
) -> Digest:
    """What is due on `day` (default the seeker's today) and what is overdue."""
    day = day or today_for(user)
    items = list(followups.due(user, day).select_related("conversation"))
    return Digest(
        user=user,
        day=day,
        links=links,
        overdue=[f for f in items if f.due_on < day],
        today=[f for f in items if f.due_on == day],
        render_html=render_html,
    )


def send(digest: Digest, connection: BaseEmailBackend | None = None) -> bool:
    """Send through the mail backend, then remember the day. A failure marks nothing sent,
    and so does printing (no PARTING_EMAIL_URL): False then, so the next run sends it."""
    if not digest.user.email:
        raise Invalid(f"{digest.user} has no email address to send the digest to")
    mail.send(digest.email(connection))
    if not mail.delivers():
        return False
    profile = get_profile(digest.user)
    profile.digest_sent_on = digest.day
    profile.save(update_fields=["digest_sent_on"])
    return True


def subscribers() -> Iterator[User]:
    """Active users who keep the digest on and have an email address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    for user in users:
        if get_profile(user).digest_enabled:
            yield user


def subscriber_zones() -> list[tuple[int, str]]:
    """(user id, time zone) of each active account with an email address and the digest on,
    in one query; an account with no profile yet has the defaults (on, UTC)."""
    rows = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(parting_profile__isnull=True) | Q(parting_profile__digest_enabled=True))
        .order_by("pk")
        .values_list("pk", "parting_profile__timezone")
    )
    return [(pk, zone or "UTC") for pk, zone in rows]


def pending(
    user: User,
    links: DigestLinks,
    render_html: Callable[[Digest], str] | None = None,
    day: dt.date | None = None,
) -> Digest | None:
    """The digest to send for `day` (default the seeker's today): something is due and it
    was not sent that day."""
    digest = compose(user, links, day=day, render_html=render_html)
    if not digest.count or get_profile(user).digest_sent_on == digest.day:
        return None
    return digest


def _text_item(followup: FollowUp, day: dt.date) -> str:
    when = f"due {followup.due_on:%a %d %b}; " if followup.due_on < day else ""
    who = f" ({followup.contact.name})" if followup.contact else ""
    wrapped = textwrap.wrap(f"{followup.title}{who} [{when}#{followup.pk}]", 76)
    return "\n".join(["- " + wrapped[0], *("  " + rest for rest in wrapped[1:])])
